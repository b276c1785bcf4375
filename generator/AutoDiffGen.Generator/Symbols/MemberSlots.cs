using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Symbols;

/// <summary>
/// One value a member of a struct takes or gives, as its registered derivatives see it: a scalar, a struct differentiated
/// memberwise (<see cref="Shape"/>), or data. The object of an instance member comes first, named <c>self</c>.
/// </summary>
/// <param name="Name">The parameter's name (<c>self</c> for the object, <c>result</c> for what the member gives).</param>
/// <param name="Type">Its C# type.</param>
/// <param name="Kind">How it is passed (a registered pullback's adjoints are <c>ref</c>).</param>
/// <param name="Shape">Its shape, for a struct.</param>
/// <param name="Scalar">Its IR type, for a double, float, int or bool.</param>
/// <param name="Data">Whether it carries no derivative: an integer, a bool, or marked [NoDerivative].</param>
internal sealed record Slot(string Name, ITypeSymbol Type, RefKind Kind, StructShape? Shape, IrType? Scalar, bool Data)
{
    /// <summary>Whether it carries a derivative: a floating scalar or a struct with a floating leaf, not data.</summary>
    public bool Active => !Data && (Scalar is { } scalar ? scalar.IsFloating() : Shape!.Leaves.Any(l => !l.NoDerivative && l.Type.IsFloating()));
}

/// <summary>
/// The values a member of a struct (an operator, a constructor, a property getter, an instance or static method) takes and
/// gives, for <c>[DerivativeOf]</c> registrations that name one (<see cref="Registrations"/>) and for the calls of it that use
/// them (<see cref="Lowering.Lowerer"/>).
/// </summary>
internal static class MemberSlots
{
    /// <summary>Whether a member takes an object: an instance method or property getter (a constructor makes one).</summary>
    public static bool HasObject(IMethodSymbol method) => !method.IsStatic && method.MethodKind != MethodKind.Constructor;

    /// <summary>What it takes, its object first; null if a parameter is of another type (a span, a class, a ref struct).</summary>
    public static List<Slot>? Inputs(IMethodSymbol method)
    {
        var slots = new List<Slot>();
        if (HasObject(method))
        {
            if (Of("self", method.ContainingType, RefKind.None, noDerivative: false) is not { } self) return null;
            slots.Add(self);
        }
        foreach (var p in method.Parameters)
        {
            if (p.RefKind is not (RefKind.None or RefKind.Ref)) return null;
            if (Of(p.Name, p.Type, p.RefKind, SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)) is not { } slot) return null;
            slots.Add(slot);
        }
        return slots;
    }

    /// <summary>
    /// What it gives: its result (a constructor's struct), or each element of a tuple; none for void; null if unsupported. An
    /// int or bool result (data: a test of a struct, <c>Inside(p)</c>) only where <paramref name="data"/> allows it.
    /// </summary>
    public static List<Slot>? Outputs(IMethodSymbol method, bool data = false)
    {
        var type = method.MethodKind == MethodKind.Constructor ? method.ContainingType : method.ReturnType;
        if (method.MethodKind != MethodKind.Constructor && method.ReturnsVoid) return new List<Slot>();
        var types = type is INamedTypeSymbol { IsTupleType: true } tuple ? tuple.TupleElements.Select(e => e.Type).ToList() : new List<ITypeSymbol> { type };
        var slots = new List<Slot>();
        foreach (var t in types)
        {
            if (Of("result", t, RefKind.None, noDerivative: false) is not { } slot || (slot.Data && !(data && types.Count == 1))) return null;
            slots.Add(slot);
        }
        return slots;
    }

    /// <summary>Whether any value a member takes or gives is a struct differentiated memberwise.</summary>
    public static bool TakesOrGivesStructs(IMethodSymbol method)
        => (Inputs(method)?.Any(s => s.Shape is not null) ?? false) || (Outputs(method)?.Any(s => s.Shape is not null) ?? false);

    private static Slot? Of(string name, ITypeSymbol type, RefKind kind, bool noDerivative)
    {
        if (StructShapes.Of(type) is { } shape) return new Slot(name, type, kind, shape, null, noDerivative);
        if (SymbolNames.ToIrType(type) is IrType.Double or IrType.Float or IrType.Int or IrType.Bool)
        {
            var scalar = SymbolNames.ToIrType(type)!.Value;
            return new Slot(name, type, kind, null, scalar, noDerivative || !scalar.IsFloating());
        }
        return null;
    }
}
