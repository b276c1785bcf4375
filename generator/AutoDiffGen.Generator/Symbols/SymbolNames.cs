using System.Linq;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Symbols;

/// <summary>How the generator names symbols: fully qualified C#, registry keys, IR types.</summary>
internal static class SymbolNames
{
    public const string DifferentiableAttribute = "AutoDiffGen.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "AutoDiffGen.NoDerivativeAttribute";
    public const string DerivativeOfAttribute = "AutoDiffGen.DerivativeOfAttribute";
    public const string DifferentiateAsAttribute = "AutoDiffGen.DifferentiateAsAttribute";

    public static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static readonly SymbolDisplayFormat FullyQualifiedNullable =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>A type fully qualified, with its nullable annotations (<c>string?</c>): how a parameter passed through is declared.</summary>
    public static string FullyQualifiedAsDeclared(ITypeSymbol type) => type.ToDisplayString(FullyQualifiedNullable);

    /// <summary>The registry key of a method: <c>global::Ns.Type.Name(double,ref double)</c>.</summary>
    public static string Key(IMethodSymbol method)
    {
        // A generic method is one method whatever it is called at (F<double> and F<float> are F<T>).
        if (method.IsGenericMethod) method = method.ConstructedFrom;
        var parameters = method.Parameters.Select(p => RefPrefix(p.RefKind) + FullyQualified(p.Type));
        return FullyQualified(method.ContainingType) + "." + method.Name + "(" + string.Join(",", parameters) + ")";
    }

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => "",
    };

    public static ParamKind ToParamKind(RefKind kind) => kind switch
    {
        RefKind.Ref => ParamKind.Ref,
        RefKind.Out => ParamKind.Out,
        _ => ParamKind.Value,
    };

    public const string MatrixType = "AutoDiffGen.Matrix";

    public static IrType? ToIrType(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => IrType.Double,
        SpecialType.System_Single => IrType.Float,
        SpecialType.System_Int32 => IrType.Int,
        SpecialType.System_Boolean => IrType.Bool,
        _ when IsMatrix(type) => IrType.Matrix,
        // A generic method's type parameter: its floating type (MethodAnalysis checks that it is one, and the only one).
        _ when type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } => IrType.Generic,
        _ => null,
    };

    /// <summary>The runtime's matrix type (matched by name: the generator never references the runtime).</summary>
    public static bool IsMatrix(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Matrix", Arity: 0, ContainingNamespace: { Name: "AutoDiffGen", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>A span or array of double or float: its container kind and element type; null otherwise.</summary>
    public static (Container Container, IrType Element)? ToContainer(ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array && ToIrType(array.ElementType) is IrType.Double or IrType.Float or IrType.Generic)
        {
            return (Container.Array, ToIrType(array.ElementType)!.Value);
        }
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
            && named.Name is "Span" or "ReadOnlySpan"
            && ToIrType(named.TypeArguments[0]) is IrType.Double or IrType.Float or IrType.Generic)
        {
            return (named.Name == "Span" ? Container.Span : Container.ReadOnlySpan, ToIrType(named.TypeArguments[0])!.Value);
        }
        return null;
    }

    /// <summary>The element type of an array (of rank 1) or a <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c>; null for another type.</summary>
    public static ITypeSymbol? ElementType(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
        INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } span => span.TypeArguments[0],
        _ => null,
    };

    /// <summary>
    /// Whether a type is integer data: an array, <c>Span&lt;T&gt;</c> or <c>ReadOnlySpan&lt;T&gt;</c> of integers or bools
    /// (indices, an edge list, a mask). Nothing derives from integers, so such a parameter is data without [NoDerivative].
    /// </summary>
    public static bool IsIntegerData(ITypeSymbol? type) => ElementType(type)?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Boolean;

    /// <summary>
    /// Whether a parameter is data (<see cref="IrType.Data"/>): passed by value, of a type the IR does not compute with, and
    /// either marked [NoDerivative] (any type) or integer data (<see cref="IsIntegerData"/>).
    /// </summary>
    public static bool IsData(IParameterSymbol p)
        => p.RefKind == RefKind.None && ToIrType(p.Type) is null && ToContainer(p.Type) is null
            && (IsIntegerData(p.Type) || HasAttribute(p, NoDerivativeAttribute));

    /// <summary>
    /// Whether a data value of this type cannot be changed by a method it is passed to: a <c>ReadOnlySpan&lt;T&gt;</c>, a
    /// string or an enum. (Generated code may run a call more than once: a call that changed its argument would see other data.)
    /// </summary>
    public static bool IsReadOnlyData(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Enum
            || type is INamedTypeSymbol { Name: "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// The IR type of an element of integer data as generated code reads it: <c>int</c> and <c>bool</c> as they are, and the
    /// integers that C# widens to <c>int</c> wherever they are used (<c>short</c>, <c>ushort</c>, <c>byte</c>, <c>sbyte</c>) as
    /// <c>int</c>; null for the others (<c>long</c>, <c>uint</c>, <c>ulong</c>), which an <c>int</c> does not hold.
    /// </summary>
    public static IrType? DataValueType(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte => IrType.Int,
        _ => ToIrType(type),
    };

    /// <summary>Whether a type is an array or a <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c> of any element type.</summary>
    public static bool IsSpanOrArray(ITypeSymbol? type)
        => type is IArrayTypeSymbol
            || type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>The IR types of a return type: one scalar, or the elements of a tuple of scalars; null if unsupported.</summary>
    public static IrType[]? ReturnTypes(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var elements = tuple.TupleElements.Select(e => ToIrType(e.Type)).ToArray();
            return elements.All(e => e is { } t && t.IsDifferentiable()) ? elements.Select(e => e!.Value).ToArray() : null;
        }
        var single = ToIrType(type);
        return single is { } s && s.IsDifferentiable() ? new[] { s } : null;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    /// <summary>
    /// A type whose static functions of <see cref="Ir.MathRules"/>'s table are those of <c>System.Math</c>: <c>Math</c>,
    /// <c>MathF</c>, and <c>double</c> and <c>float</c>, whose generic-math statics (<c>double.Exp</c>, <c>float.Sqrt</c>, …)
    /// are the same functions under another name.
    /// </summary>
    public static bool IsMath(INamedTypeSymbol? type)
        => type is { SpecialType: SpecialType.System_Double or SpecialType.System_Single }
            || type is { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>A math type as the source names it: <c>Math</c>, <c>MathF</c>, <c>double</c>, <c>float</c>.</summary>
    public static string MathTypeName(INamedTypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Double => "double",
        SpecialType.System_Single => "float",
        _ => type.Name,
    };

    /// <summary>The auto-property whose backing field <paramref name="field"/> is (<c>&lt;X&gt;k__BackingField</c> is X's), or null.</summary>
    public static IPropertySymbol? BackedProperty(IFieldSymbol field)
    {
        const string suffix = ">k__BackingField";
        if (field.AssociatedSymbol is IPropertySymbol associated) return associated;
        if (!field.Name.StartsWith("<", System.StringComparison.Ordinal) || !field.Name.EndsWith(suffix, System.StringComparison.Ordinal)) return null;
        var name = field.Name.Substring(1, field.Name.Length - 1 - suffix.Length);
        return field.ContainingType.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault(p => !p.IsStatic && SymbolEqualityComparer.Default.Equals(p.Type, field.Type));
    }

    /// <summary>Whether a property is an auto-property: a field of its type backs it (in source, or by its compiled name).</summary>
    public static bool IsAutoProperty(IPropertySymbol property)
        => property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(BackedProperty(f), property));
}
