using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Symbols;

/// <summary>
/// What the generator knows of .NET's generic math (<c>System.Numerics</c>'s <c>INumber&lt;T&gt;</c>,
/// <c>IRootFunctions&lt;T&gt;</c>, …) for a generic [Differentiable] method: whether its type parameter is a floating type, which
/// interfaces its constraints give it, which interface each function of <see cref="MathRules"/> is a static of, and how its
/// constraints are written in the generated members (<see cref="IrType.Generic"/>).
/// </summary>
internal static class GenericMath
{
    /// <summary>The interface whose static each function of <see cref="MathRules"/> is, called on a type parameter (<c>T.Sqrt</c>).</summary>
    private static readonly Dictionary<string, string> interfaceOf = new()
    {
        ["Sin"] = "ITrigonometricFunctions", ["Cos"] = "ITrigonometricFunctions", ["Tan"] = "ITrigonometricFunctions",
        ["Asin"] = "ITrigonometricFunctions", ["Acos"] = "ITrigonometricFunctions", ["Atan"] = "ITrigonometricFunctions",
        ["Atan2"] = "IFloatingPointIeee754", ["FusedMultiplyAdd"] = "IFloatingPointIeee754",
        ["Sinh"] = "IHyperbolicFunctions", ["Cosh"] = "IHyperbolicFunctions", ["Tanh"] = "IHyperbolicFunctions",
        ["Exp"] = "IExponentialFunctions",
        ["Log"] = "ILogarithmicFunctions", ["Log2"] = "ILogarithmicFunctions", ["Log10"] = "ILogarithmicFunctions",
        ["Sqrt"] = "IRootFunctions", ["Cbrt"] = "IRootFunctions",
        ["Pow"] = "IPowerFunctions",
        ["Abs"] = "INumberBase",
        ["Max"] = "INumber", ["Min"] = "INumber", ["Clamp"] = "INumber", ["Sign"] = "INumber",
        ["Floor"] = "IFloatingPoint", ["Ceiling"] = "IFloatingPoint", ["Round"] = "IFloatingPoint", ["Truncate"] = "IFloatingPoint",
    };

    /// <summary>
    /// Interfaces any of which says the type is a floating-point type: <c>INumber&lt;T&gt;</c> alone allows <c>int</c>, whose
    /// arithmetic would make every derivative wrong (<c>1 / x</c> truncated, <c>T.CreateChecked(0.5)</c> zero).
    /// <c>IFloatingPointConstants&lt;T&gt;</c> is the base of every function interface (<c>IRootFunctions&lt;T&gt;</c>, …).
    /// </summary>
    private static readonly string[] floatingMarkers = { "IFloatingPoint", "IFloatingPointConstants" };

    /// <summary>Whether <paramref name="type"/> is a generic-math interface of <c>System.Numerics</c> (<c>INumberBase&lt;T&gt;</c>, <c>IAdditionOperators&lt;T, T, T&gt;</c>, …).</summary>
    public static bool IsInterface(ITypeSymbol? type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Interface, IsGenericType: true, ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>Whether an operator is C#'s own, or a generic-math interface's operator applied to a type parameter (<c>x * y</c> of <c>T</c>s): lowered the same way.</summary>
    public static bool IsBuiltInOperator(IMethodSymbol? method) => method is null || IsInterface(method.ContainingType);

    /// <summary>The names of the generic-math interfaces the constraints of <paramref name="parameter"/> give it (<c>INumber</c>, <c>IRootFunctions</c>, …).</summary>
    public static HashSet<string> Interfaces(ITypeParameterSymbol parameter)
    {
        var names = new HashSet<string>();
        foreach (var constraint in parameter.ConstraintTypes.OfType<INamedTypeSymbol>())
        {
            foreach (var type in constraint.AllInterfaces.Prepend(constraint))
            {
                if (IsInterface(type) && type.TypeArguments.Length > 0 && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], parameter)) names.Add(type.Name);
            }
        }
        return names;
    }

    /// <summary>
    /// What is wrong with the type parameters of a generic method for differentiation (what, then what to write instead), or
    /// null: it has one, constrained to a floating-point type with its arithmetic and comparisons.
    /// </summary>
    public static (string What, string Fix)? Problem(IMethodSymbol method)
    {
        const string Constrain = "declare it 'static T F<T>(…) where T : IFloatingPointIeee754<T>', or with INumber<T> and the function interfaces it calls (IRootFunctions<T>, IExponentialFunctions<T>, …)";
        if (method.TypeParameters.Length > 1)
        {
            return ($"has {method.TypeParameters.Length} type parameters ({string.Join(", ", method.TypeParameters.Select(t => t.Name))})",
                "give it one, the floating-point type it computes with, and pass other values as [NoDerivative] parameters of a fixed type");
        }
        if (method.ContainingType.TypeParameters.Length > 0 || method.ContainingType.ContainingType is { IsGenericType: true })
        {
            return ($"is declared in the generic type '{method.ContainingType.ToDisplayString()}'", "declare it in a non-generic type (a static partial class of its own)");
        }
        var parameter = method.TypeParameters[0];
        var interfaces = Interfaces(parameter);
        if (!interfaces.Contains("INumber"))
        {
            return ($"has the type parameter '{parameter.Name}', which is not constrained to INumber<{parameter.Name}> (its arithmetic and comparisons)", Constrain);
        }
        if (!floatingMarkers.Any(interfaces.Contains))
        {
            return ($"has the type parameter '{parameter.Name}', which INumber<{parameter.Name}> alone allows to be an integer type (its derivatives would be truncated)",
                $"add IFloatingPoint<{parameter.Name}> or a function interface such as IRootFunctions<{parameter.Name}> to its constraints, or " + Constrain);
        }
        return null;
    }

    /// <summary>
    /// The functions a generic method's derivatives call for a call of <paramref name="function"/> with <paramref name="arity"/>
    /// arguments that <paramref name="interfaces"/> lack, each with the interface that gives it: its derivative rule's
    /// functions, and theirs, to the second order and beyond (<c>Asin</c>'s derivative needs <c>Sqrt</c>).
    /// </summary>
    public static List<(string Function, string Interface)> Missing(string function, int arity, HashSet<string> interfaces)
    {
        var missing = new List<(string, string)>();
        var seen = new HashSet<(string, int)>();
        var pending = new Stack<(string Name, int Arity)>();
        pending.Push((function, arity));
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next) || MathRules.Find(next.Name, next.Arity) is not { } rule) continue;
            if (interfaceOf.TryGetValue(next.Name, out var needed) && !interfaces.Contains(needed) && next.Name != function) missing.Add((next.Name, needed));
            var args = Enumerable.Range(0, next.Arity).Select(i => (Expr)new Var("a" + i, IrType.Generic)).ToArray();
            foreach (var partial in rule.Partials(args, new Var("r", IrType.Generic), IrType.Generic))
            {
                IrWalker.Visit(partial, e =>
                {
                    if (e is Intrinsic call) pending.Push((call.Name, call.Args.Count));
                });
            }
        }
        return missing;
    }

    /// <summary>
    /// The constraints of a generic method's type parameter as the generated members declare them, under the name
    /// <see cref="IrTypeExtensions.TypeParameter"/>: <c>where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>.
    /// </summary>
    public static string Constraints(ITypeParameterSymbol parameter)
    {
        var parts = new List<string>();
        if (parameter.HasReferenceTypeConstraint) parts.Add("class");
        if (parameter.HasUnmanagedTypeConstraint) parts.Add("unmanaged");
        else if (parameter.HasValueTypeConstraint) parts.Add("struct");
        if (parameter.HasNotNullConstraint) parts.Add("notnull");
        parts.AddRange(parameter.ConstraintTypes.Select(t => Written(t, parameter)));
        if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint) parts.Add("new()");
        return "where " + IrTypeExtensions.TypeParameter + " : " + string.Join(", ", parts);
    }

    /// <summary>A type fully qualified, with <paramref name="parameter"/> written as <see cref="IrTypeExtensions.TypeParameter"/>.</summary>
    public static string Written(ITypeSymbol type, ITypeParameterSymbol parameter) => type switch
    {
        ITypeParameterSymbol t when SymbolEqualityComparer.Default.Equals(t, parameter) => IrTypeExtensions.TypeParameter,
        IArrayTypeSymbol array => Written(array.ElementType, parameter) + "[" + new string(',', array.Rank - 1) + "]",
        INamedTypeSymbol { IsGenericType: true, IsTupleType: false } named
            => named.ConstructedFrom.ToDisplayString(GenericDefinition) + "<" + string.Join(", ", named.TypeArguments.Select(a => Written(a, parameter))) + ">",
        _ => SymbolNames.FullyQualifiedAsDeclared(type),
    };

    private static readonly SymbolDisplayFormat GenericDefinition = SymbolDisplayFormat.FullyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None);
}
