using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Symbols;

/// <summary>
/// A value type the generator differentiates memberwise: a user struct (or record struct) whose fields are <c>double</c>,
/// <c>float</c>, <c>int</c>, <c>bool</c> or such structs, or one of <c>System.Numerics</c>' vectors, <c>Quaternion</c> and
/// <c>Complex</c>. The IR never sees it: lowering gives each of its <see cref="Leaves"/> a variable of its own, and the
/// generated members take and give the struct (<see cref="Emit.StructWrappers"/>).
/// </summary>
/// <param name="Type">Its C# type, fully qualified.</param>
/// <param name="Members">Its fields (an auto-property stands for its field), in declaration order.</param>
/// <param name="Construction">How generated code makes one from its members' values.</param>
internal sealed record StructShape(string Type, EquatableArray<StructMember> Members, StructConstruction Construction)
{
    /// <summary>Its scalars, nested structs flattened, in order: each with its path (<c>Position.X</c>) and type.</summary>
    public IEnumerable<StructLeaf> Leaves
    {
        get
        {
            foreach (var member in Members)
            {
                if (member.Nested is { } nested)
                {
                    foreach (var leaf in nested.Leaves) yield return leaf with { Path = member.Name + "." + leaf.Path, NoDerivative = leaf.NoDerivative || member.NoDerivative };
                }
                else
                {
                    yield return new StructLeaf(member.Name, member.Type, member.NoDerivative);
                }
            }
        }
    }

    /// <summary>How many scalars it has.</summary>
    public int Size => Members.Sum(m => m.Nested?.Size ?? 1);

    /// <summary>The first leaf of member <paramref name="index"/>, and how many leaves it has.</summary>
    public (int Start, int Count) Range(int index)
    {
        int start = Members.Take(index).Sum(m => m.Nested?.Size ?? 1);
        return (start, Members[index].Nested?.Size ?? 1);
    }

    /// <summary>The index of the member named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Members.Count; i++)
        {
            if (Members[i].Name == name) return i;
        }
        return -1;
    }
}

/// <summary>A field of a <see cref="StructShape"/>: a scalar of <see cref="Type"/>, or a struct (<see cref="Nested"/>).</summary>
/// <param name="NoDerivative">Marked [NoDerivative], or of a type that carries none (int, bool): data.</param>
internal sealed record StructMember(string Name, IrType Type, StructShape? Nested, bool NoDerivative);

/// <summary>One scalar of a struct value.</summary>
internal sealed record StructLeaf(string Path, IrType Type, bool NoDerivative)
{
    /// <summary>Its part of a variable name: <c>Position_X</c>.</summary>
    public string NamePart => Path.Replace('.', '_');
}

/// <summary>How generated code makes a struct out of its members' values.</summary>
internal enum StructConstruction
{
    /// <summary><c>new T(a, b, …)</c>: a constructor takes the members in order (a record struct's, <c>Vector3(x, y, z)</c>).</summary>
    Constructor,

    /// <summary><c>new T { A = a, B = b }</c>: every member can be set.</summary>
    Initializer,
}

internal static class StructShapes
{
    /// <summary>The shape of a type the generator differentiates memberwise, or null.</summary>
    public static StructShape? Of(ITypeSymbol? type)
    {
        // Lowering asks of nearly every operand: a struct's shape is worked out once per symbol (the symbols of one compilation).
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } named) return null;
        return shapes.GetValue(named, t => new Known(Of(t, 0))).Shape;
    }

    private sealed record Known(StructShape? Shape);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, Known> shapes = new();

    /// <summary>Why a struct type is not differentiated memberwise (for messages), or null if it is (or is no struct).</summary>
    public static string? WhyNot(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } named || Of(type) is not null || !IsCandidate(named)) return null;
        bool compiled = !named.Locations.Any(l => l.IsInSource);
        foreach (var field in Fields(named))
        {
            if (compiled && Readable(field) is null)
            {
                return $"it comes compiled from '{named.ContainingAssembly?.Name}', and its field '{field.Name}' is not public, so generated code cannot read it";
            }
            var fieldType = field.Type;
            if (SymbolNames.ToIrType(fieldType) is IrType.Double or IrType.Float or IrType.Int or IrType.Bool || Of(fieldType) is not null) continue;
            return $"its field '{MemberName(field)}' is a '{fieldType.ToDisplayString()}' (fields may be double, float, int, bool or such structs)";
        }
        if (!Fields(named).Any(f => SymbolNames.ToIrType(f.Type) is IrType.Double or IrType.Float || Of(f.Type) is not null)) return "it has no double or float field";
        return compiled ? "it comes compiled, and no public constructor takes its fields in order, and not every field has a public setter"
            : "no constructor takes its fields in order, and not every field can be set";
    }

    /// <summary>
    /// A span or array of structs whose leaves are all active scalars of one type (<c>ReadOnlySpan&lt;Vector3&gt;</c>,
    /// <c>Particle[]</c> of doubles): the IR sees it as a span of that type, each element's leaves laid end to end (generated
    /// code casts it with <c>MemoryMarshal.Cast</c>); null for other types.
    /// </summary>
    public static (Container Container, IrType Leaf, StructShape Shape)? Elements(ITypeSymbol? type)
    {
        var container = type switch
        {
            IArrayTypeSymbol { Rank: 1 } => Container.Array,
            INamedTypeSymbol { Name: "Span", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } => Container.Span,
            INamedTypeSymbol { Name: "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } => Container.ReadOnlySpan,
            _ => Container.None,
        };
        if (container == Container.None || Of(SymbolNames.ElementType(type)) is not { } shape || !Sequential(SymbolNames.ElementType(type)!)) return null;
        // A compiled struct's layout is not in its symbol (StructLayout is no attribute in metadata): only System.Numerics' is known.
        if (SymbolNames.ElementType(type) is { } element && !element.Locations.Any(l => l.IsInSource) && Numerics((INamedTypeSymbol)element) is null) return null;
        var leaves = shape.Leaves.ToList();
        var leaf = leaves[0].Type;
        return leaves.All(l => l.Type == leaf && l.Type.IsFloating() && !l.NoDerivative) ? (container, leaf, shape) : null;
    }

    /// <summary>
    /// Whether a struct's fields lie in memory in declaration order, one after the other (the default for a struct): what
    /// reading a span of them as a span of their leaves needs. <c>[StructLayout(LayoutKind.Auto)]</c> lets the runtime
    /// reorder them, and <c>Explicit</c> places each where it says.
    /// </summary>
    public static bool Sequential(ITypeSymbol type)
        => !type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.StructLayoutAttribute"
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is int kind && kind != 0);

    private static bool IsCandidate(INamedTypeSymbol type)
        => type.TypeKind == TypeKind.Struct && !type.IsTupleType && type.SpecialType == SpecialType.None && !type.IsRefLikeType
            && !type.IsGenericType && !SymbolNames.IsMatrix(type);

    private static StructShape? Of(ITypeSymbol? type, int depth)
    {
        if (type is not INamedTypeSymbol named || depth > 8 || !IsCandidate(named)) return null;
        if (Numerics(named) is { } known) return known;
        bool compiled = !named.Locations.Any(l => l.IsInSource);
        var members = new List<StructMember>();
        foreach (var field in Fields(named))
        {
            // A compiled struct's fields are read as generated code can: a public field, or an auto-property with a public getter.
            var member = compiled ? Readable(field) : field.AssociatedSymbol ?? field;
            if (member is null) return null;
            bool noDerivative = SymbolNames.HasAttribute(field, SymbolNames.NoDerivativeAttribute)
                || (member is IPropertySymbol property && SymbolNames.HasAttribute(property, SymbolNames.NoDerivativeAttribute));
            var leaf = SymbolNames.ToIrType(field.Type);
            if (leaf is IrType.Double or IrType.Float or IrType.Int or IrType.Bool)
            {
                members.Add(new StructMember(MemberName(field), leaf.Value, null, noDerivative || !leaf.Value.IsFloating()));
            }
            else if (Of(field.Type, depth + 1) is { } nested)
            {
                members.Add(new StructMember(MemberName(field), IrType.Double, nested, noDerivative));
            }
            else
            {
                return null;
            }
        }
        if (!members.Any(m => m.Nested is not null || m.Type.IsFloating())) return null;
        var construction = Constructs(named, members);
        return construction is null ? null : new StructShape(SymbolNames.FullyQualified(named), members.ToEquatableArray(), construction.Value);
    }

    /// <summary>Its instance fields, an auto-property standing for its backing field.</summary>
    private static IEnumerable<IFieldSymbol> Fields(INamedTypeSymbol type)
        => type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    /// <summary>
    /// The name a field is read by: its own, or its auto-property's (<c>&lt;X&gt;k__BackingField</c> of a compiled struct, whose
    /// symbol names no property).
    /// </summary>
    private static string MemberName(IFieldSymbol field) => field.AssociatedSymbol?.Name ?? SymbolNames.BackedProperty(field)?.Name ?? field.Name;

    /// <summary>What a compiled struct's field is read by from another assembly: itself if public, its auto-property if that has a public getter; null otherwise.</summary>
    private static ISymbol? Readable(IFieldSymbol field)
    {
        if (field.DeclaredAccessibility == Accessibility.Public) return field;
        return SymbolNames.BackedProperty(field) is { GetMethod.DeclaredAccessibility: Accessibility.Public } property ? property : null;
    }

    /// <summary>Whether generated code in the user's assembly may call or set a member: public, or, in the user's own source, not private or protected.</summary>
    private static bool Usable(ISymbol member, bool compiled)
        => compiled ? member.DeclaredAccessibility == Accessibility.Public : member.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Protected);

    /// <summary>How to make one from its members: a constructor that takes them in order, or setting each; null if neither.</summary>
    private static StructConstruction? Constructs(INamedTypeSymbol type, List<StructMember> members)
    {
        bool compiled = !type.Locations.Any(l => l.IsInSource);
        foreach (var constructor in type.InstanceConstructors)
        {
            if (Usable(constructor, compiled) && TakesInOrder(constructor, members)) return StructConstruction.Constructor;
        }
        foreach (var member in members)
        {
            var symbol = type.GetMembers(member.Name).FirstOrDefault();
            bool settable = symbol switch
            {
                IFieldSymbol f => !f.IsReadOnly && Usable(f, compiled),
                IPropertySymbol p => p.SetMethod is { } setter && Usable(setter, compiled),
                _ => false,
            };
            if (!settable) return null;
        }
        return StructConstruction.Initializer;
    }

    /// <summary>Whether a constructor takes a struct's members in order, each by its name (in any case) and of its type.</summary>
    public static bool TakesInOrder(IMethodSymbol constructor, IReadOnlyList<StructMember> members)
    {
        if (constructor.Parameters.Length != members.Count) return false;
        for (int i = 0; i < members.Count; i++)
        {
            var p = constructor.Parameters[i];
            bool matches = p.RefKind == RefKind.None && string.Equals(p.Name, members[i].Name, System.StringComparison.OrdinalIgnoreCase)
                && (members[i].Nested is { } nested ? SymbolNames.FullyQualified(p.Type) == nested.Type : SymbolNames.ToIrType(p.Type) == members[i].Type);
            if (!matches) return false;
        }
        return true;
    }

    /// <summary>The shapes of System.Numerics' types, whose fields (or, for Complex, parts) are known.</summary>
    private static StructShape? Numerics(INamedTypeSymbol type)
    {
        if (type.ContainingNamespace is not { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }) return null;
        StructShape Of(IrType leaf, params string[] names)
            => new(SymbolNames.FullyQualified(type), names.Select(n => new StructMember(n, leaf, null, false)).ToEquatableArray(), StructConstruction.Constructor);
        return type.Name switch
        {
            "Vector2" => Of(IrType.Float, "X", "Y"),
            "Vector3" => Of(IrType.Float, "X", "Y", "Z"),
            "Vector4" => Of(IrType.Float, "X", "Y", "Z", "W"),
            "Quaternion" => Of(IrType.Float, "X", "Y", "Z", "W"),
            "Complex" => Of(IrType.Double, "Real", "Imaginary"),
            _ => null,
        };
    }
}
