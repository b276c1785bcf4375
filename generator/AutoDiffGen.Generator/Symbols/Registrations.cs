using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Symbols;

/// <summary>Reads [DerivativeOf] registrations: which method a custom derivative belongs to, and whether its shape fits.</summary>
internal static class Registrations
{
    /// <summary>One [DerivativeOf] on <see cref="Derivative"/>: its target (null if not found) and any problem.</summary>
    internal sealed record Entry(IMethodSymbol Derivative, IMethodSymbol? Target, DerivativeKindInfo Kind, DiagnosticInfo? Problem);

    /// <summary>
    /// The registrations that <paramref name="attributes"/> (the [DerivativeOf] attributes on <paramref name="derivative"/>)
    /// make, each with the problems found in it; an unexpected exception becomes ADG0901 at the method.
    /// </summary>
    public static EquatableArray<RegistrationResult> Results(IMethodSymbol derivative, IEnumerable<AttributeData> attributes)
    {
        var results = new List<RegistrationResult>();
        try
        {
            foreach (var attribute in attributes)
            {
                foreach (var entry in Read(derivative, attribute))
                {
                    var registration = entry.Target is null || entry.Problem is not null
                        ? null
                        : new Registration(SymbolNames.Key(entry.Target), entry.Kind, Qualified(derivative), SymbolNames.Key(derivative));
                    var diagnostics = entry.Problem is null ? EquatableArray<DiagnosticInfo>.Empty : EquatableArray.Of(entry.Problem);
                    results.Add(new RegistrationResult(registration, diagnostics));
                }
            }
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            var location = LocationInfo.From(derivative.Locations.FirstOrDefault());
            results.Add(new RegistrationResult(null, EquatableArray.Of(DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, location, derivative.Name, exception.GetType().Name + ": " + exception.Message))));
        }
        return results.ToEquatableArray();
    }

    public static IEnumerable<Entry> Read(IMethodSymbol derivative, AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 3
            || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type
            || attribute.ConstructorArguments[1].Value is not string name
            || attribute.ConstructorArguments[2].Value is not int kindValue)
        {
            yield break;
        }
        var kind = (DerivativeKindInfo)kindValue;
        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax()) ?? LocationInfo.From(derivative.Locations.FirstOrDefault());
        // The derivative begins with what the target takes (an instance member's object first): those are its candidates.
        var candidates = Targets(type, name)
            .Select(m => (Method: m, Prefix: Prefix(m)))
            .Where(c => c.Prefix.Count <= derivative.Parameters.Length
                && c.Prefix.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, derivative.Parameters[i].Type) && p.Kind == derivative.Parameters[i].RefKind).All(x => x))
            .OrderByDescending(c => c.Prefix.Count)
            .Select(c => c.Method)
            .ToList();
        if (candidates.Count == 0)
        {
            yield return new Entry(derivative, null, kind, DiagnosticInfo.Create(DiagnosticDescriptors.CustomDerivativeTargetNotFound, location, type.ToDisplayString(), name, derivative.Name));
            yield break;
        }
        bool pullback = kind == DerivativeKindInfo.Pullback;
        foreach (var target in candidates)
        {
            if (StructForm(target) ? MatchesStructShape(derivative, target, pullback) : ExpectedShape(target, pullback, out var returnText) is { } expected && Matches(derivative, target, expected, returnText))
            {
                yield return new Entry(derivative, target, kind, InlinedInstead(derivative, target, location));
                yield break;
            }
        }
        var best = candidates[0];
        string description;
        if (StructForm(best))
        {
            description = DescribeStructShape(best, pullback);
        }
        else
        {
            var shape = ExpectedShape(best, pullback, out var expectedReturn);
            description = shape is null ? "a target with double or float parameters and result" : DerivativeShapes.Describe(shape, expectedReturn, i => best.Parameters[i].Type.ToDisplayString());
        }
        yield return new Entry(derivative, best, kind, DiagnosticInfo.Create(
            DiagnosticDescriptors.CustomDerivativeShape, LocationInfo.From(derivative.Locations.FirstOrDefault()),
            derivative.Name, pullback ? "pullback" : "pushforward", best.ToDisplayString(), description));
    }

    /// <summary>
    /// The methods <paramref name="name"/> names in <paramref name="type"/>: its static methods and operators (<c>op_Addition</c>);
    /// and, for a struct differentiated memberwise, its constructors (named <c>nameof(T)</c> or <c>.ctor</c>), its property
    /// getters (<c>nameof(T.Length)</c>) and its instance methods.
    /// </summary>
    private static IEnumerable<IMethodSymbol> Targets(INamedTypeSymbol type, string name)
    {
        bool memberwise = StructShapes.Of(type) is not null;
        if (memberwise && (name == type.Name || name == WellKnownMemberNames.InstanceConstructorName))
        {
            return type.InstanceConstructors.Where(c => c.Parameters.Length > 0);
        }
        var members = type.GetMembers(name);
        return members.OfType<IMethodSymbol>()
            .Concat(members.OfType<IPropertySymbol>().Where(p => !p.IsIndexer && p.GetMethod is not null).Select(p => p.GetMethod!))
            .Where(m => m.IsStatic || (memberwise && m.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet));
    }

    /// <summary>The types and ref kinds a derivative of <paramref name="target"/> begins with: what the target takes, its object first.</summary>
    private static List<(ITypeSymbol Type, RefKind Kind)> Prefix(IMethodSymbol target)
    {
        var prefix = new List<(ITypeSymbol, RefKind)>();
        if (MemberSlots.HasObject(target)) prefix.Add((target.ContainingType, RefKind.None));
        prefix.AddRange(target.Parameters.Select(p => (p.Type, p.RefKind)));
        return prefix;
    }

    /// <summary>Whether a target is checked by its struct shape: a member that is no static method, or one that takes or gives structs.</summary>
    private static bool StructForm(IMethodSymbol target)
        => MemberSlots.HasObject(target) || target.MethodKind == MethodKind.Constructor || MemberSlots.TakesOrGivesStructs(target);

    /// <summary>
    /// The parameters (and result) a derivative of a struct member has: its inputs (the object first), then for a pullback a seed
    /// per output and a <c>ref</c> adjoint per active input, for a pushforward a tangent per active input (<c>ref</c> for a
    /// <c>ref</c> one) and an <c>out</c> tangent per output, returning what the target returns. A struct's adjoint, seed and
    /// tangent are the struct. Null if the target takes or gives something else, or may change its object (not readonly).
    /// </summary>
    private static (List<(ITypeSymbol Type, RefKind Kind)> Parameters, ITypeSymbol? Returns)? StructShape(IMethodSymbol target, bool pullback)
    {
        if (MemberSlots.Inputs(target) is not { } inputs || MemberSlots.Outputs(target) is not { } outputs) return null;
        if (MemberSlots.HasObject(target) && !target.IsReadOnly) return null;
        var parameters = inputs.Select(s => (s.Type, s.Kind)).ToList();
        if (pullback)
        {
            parameters.AddRange(outputs.Select(o => (o.Type, RefKind.None)));
            parameters.AddRange(inputs.Where(s => s.Active).Select(s => (s.Type, RefKind.Ref)));
            return (parameters, null);
        }
        parameters.AddRange(inputs.Where(s => s.Active && s.Kind == RefKind.None).Select(s => (s.Type, RefKind.None)));
        parameters.AddRange(inputs.Where(s => s.Active && s.Kind == RefKind.Ref).Select(s => (s.Type, RefKind.Ref)));
        parameters.AddRange(outputs.Select(o => (o.Type, RefKind.Out)));
        return (parameters, target.MethodKind == MethodKind.Constructor ? target.ContainingType : target.ReturnsVoid ? null : target.ReturnType);
    }

    private static bool MatchesStructShape(IMethodSymbol derivative, IMethodSymbol target, bool pullback)
    {
        if (StructShape(target, pullback) is not var (parameters, returns) || !derivative.IsStatic || derivative.Parameters.Length != parameters.Count) return false;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(parameters[i].Type, derivative.Parameters[i].Type) || parameters[i].Kind != derivative.Parameters[i].RefKind) return false;
        }
        return returns is null ? derivative.ReturnsVoid : SymbolEqualityComparer.Default.Equals(returns, derivative.ReturnType);
    }

    /// <summary>The expected signature of a derivative of a struct member, for ADG0202: <c>void (Vec, Vec, Vec, ref Vec, ref Vec)</c>.</summary>
    private static string DescribeStructShape(IMethodSymbol target, bool pullback)
    {
        if (MemberSlots.HasObject(target) && !target.IsReadOnly)
        {
            return $"none: '{target.ToDisplayString()}' is not readonly, so a call may change its object, which a derivative cannot say; make it (or its struct) readonly";
        }
        if (StructShape(target, pullback) is not var (parameters, returns))
        {
            return "a target that takes and gives double, float, int, bool or structs of them";
        }
        var text = string.Join(", ", parameters.Select(p => (p.Kind == RefKind.Ref ? "ref " : p.Kind == RefKind.Out ? "out " : "") + p.Type.ToDisplayString()));
        return (returns?.ToDisplayString() ?? "void") + " (" + text + ")";
    }

    /// <summary>
    /// ADG0206 when the target is a struct member whose body the generator puts in place of its calls (its source is in this
    /// compilation) and the registration is not in the struct itself, where calls look for it; null otherwise.
    /// </summary>
    private static DiagnosticInfo? InlinedInstead(IMethodSymbol derivative, IMethodSymbol target, LocationInfo? location)
    {
        if (!PutInPlace(target) || SymbolEqualityComparer.Default.Equals(derivative.ContainingType, target.ContainingType)) return null;
        return DiagnosticInfo.Create(DiagnosticDescriptors.CustomDerivativeAwayFromStruct, location, derivative.Name, target.ContainingType.Name, target.ToDisplayString());
    }

    /// <summary>
    /// Whether calls of <paramref name="target"/> are put in place by its body (a member of a struct differentiated memberwise,
    /// in this compilation, that is not [Differentiable]) unless the struct carries a registration for it.
    /// </summary>
    public static bool PutInPlace(IMethodSymbol target)
        => StructShapes.Of(target.ContainingType) is not null && target.Locations.Any(l => l.IsInSource)
            && !SymbolNames.HasAttribute(target, SymbolNames.DifferentiableAttribute) && StructForm(target);

    private static List<(IrType Type, ParamKind Kind)>? ExpectedShape(IMethodSymbol target, bool pullback, out string returnText)
    {
        returnText = "void";
        var parameters = new List<Param>();
        foreach (var p in target.Parameters)
        {
            bool noDerivative = SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute);
            // A [NoDerivative] parameter of another type is data, passed as it is (the rule of a [DifferentiateAs] family), and
            // so is an array or a span of integers.
            var type = SymbolNames.ToIrType(p.Type) ?? (p.RefKind == RefKind.None && (noDerivative || SymbolNames.IsIntegerData(p.Type)) ? IrType.Data : null);
            if (type is null) return null;
            parameters.Add(new Param(p.Name, type.Value, SymbolNames.ToParamKind(p.RefKind), noDerivative));
        }
        IrType[] outputs;
        if (target.ReturnsVoid)
        {
            outputs = new IrType[0];
        }
        else
        {
            var returns = SymbolNames.ReturnTypes(target.ReturnType);
            if (returns is null) return null;
            outputs = returns;
        }
        if (!pullback) returnText = DerivativeShapes.ReturnTypeText(outputs);
        return DerivativeShapes.Expected(parameters, outputs, pullback);
    }

    private static bool Matches(IMethodSymbol derivative, IMethodSymbol target, List<(IrType Type, ParamKind Kind)> expected, string returnText)
    {
        if (!derivative.IsStatic || derivative.Parameters.Length != expected.Count) return false;
        for (int i = 0; i < expected.Count; i++)
        {
            var p = derivative.Parameters[i];
            // Data is one of the target's own parameters (they come first), of the same type.
            bool sameType = expected[i].Type == IrType.Data
                ? SymbolEqualityComparer.Default.Equals(p.Type, target.Parameters[i].Type)
                : SymbolNames.ToIrType(p.Type) == expected[i].Type;
            if (!sameType || SymbolNames.ToParamKind(p.RefKind) != expected[i].Kind) return false;
        }
        var actualReturn = derivative.ReturnsVoid ? "void" : SymbolNames.ReturnTypes(derivative.ReturnType) is { } r ? DerivativeShapes.ReturnTypeText(r) : "?";
        return actualReturn == returnText;
    }

    public static IEnumerable<Entry> ReadAll(IMethodSymbol derivative)
        => derivative.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == SymbolNames.DerivativeOfAttribute)
            .SelectMany(a => Read(derivative, a));

    public static string Qualified(IMethodSymbol method) => SymbolNames.FullyQualified(method.ContainingType) + "." + method.Name;

    /// <summary>
    /// A method with [DifferentiateAs(method, argument)]: the static method of its type whose derivatives serve, taking a
    /// value first and then the method's own parameters, and the static field or property passed first; or, if either is
    /// not there, what is missing (<see cref="Via.Problem"/>). Null for a method without the attribute.
    /// </summary>
    public static Via? DifferentiatedAs(IMethodSymbol method)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == SymbolNames.DifferentiateAsAttribute);
        if (attribute is null) return null;
        if (attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not string name || attribute.ConstructorArguments[1].Value is not string argument)
        {
            return new Via(null, "", "no method");
        }
        var type = method.ContainingType;
        var shared = type.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic && m.Parameters.Length == method.Parameters.Length + 1
            && SymbolEqualityComparer.Default.Equals(m.ReturnType, method.ReturnType)
            && method.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, m.Parameters[i + 1].Type) && p.RefKind == m.Parameters[i + 1].RefKind).All(x => x));
        var display = type.Name + "." + name + "(…, " + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString())) + ")";
        if (shared is null) return new Via(null, argument, $"'{display}', which '{type.Name}' does not have");
        var value = type.GetMembers(argument).FirstOrDefault(m => m.IsStatic && m is IFieldSymbol or IPropertySymbol);
        var valueType = (value as IFieldSymbol)?.Type ?? (value as IPropertySymbol)?.Type;
        if (valueType is null || !SymbolEqualityComparer.Default.Equals(valueType, shared.Parameters[0].Type))
        {
            return new Via(null, argument, $"'{type.Name}.{argument}', which is not a static field or property of type '{shared.Parameters[0].Type.ToDisplayString()}'");
        }
        return new Via(shared, argument, null);
    }

    /// <summary>What [DifferentiateAs] names: the shared method (null if not found), the member passed first, and any problem.</summary>
    internal sealed record Via(IMethodSymbol? Method, string Argument, string? Problem);

    /// <summary>
    /// The valid registrations a type declares, read once per type symbol (lowering asks for each call of a member of the
    /// type, a struct's operators and properties among them).
    /// </summary>
    private static List<Entry> Declared(INamedTypeSymbol type)
        => declared.GetValue(type, t => t.GetMembers().OfType<IMethodSymbol>().SelectMany(ReadAll).Where(e => e.Problem is null && e.Target is not null).ToList());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, List<Entry>> declared = new();

    /// <summary>Custom derivatives declared in the callee's own type (how libraries, the runtime among them, ship them).</summary>
    public static (string? Pullback, string? Pushforward, string? PullbackPushforward) FindNextTo(IMethodSymbol callee)
    {
        string? pullback = null, pushforward = null, pullbackPushforward = null;
        IMethodSymbol? pullbackMethod = null;
        var entries = Declared(callee.ContainingType);
        foreach (var entry in entries.Where(e => SymbolEqualityComparer.Default.Equals(e.Target, callee)))
        {
            if (entry.Kind == DerivativeKindInfo.Pullback) { pullback = Qualified(entry.Derivative); pullbackMethod = entry.Derivative; }
            else pushforward = Qualified(entry.Derivative);
        }
        if (pullbackMethod is not null)
        {
            var second = entries.FirstOrDefault(e => e.Kind == DerivativeKindInfo.Pushforward && SymbolEqualityComparer.Default.Equals(e.Target, pullbackMethod));
            if (second is not null) pullbackPushforward = Qualified(second.Derivative);
            else if (SymbolNames.HasAttribute(pullbackMethod, SymbolNames.DifferentiableAttribute)) pullbackPushforward = Qualified(pullbackMethod) + "Pushforward";
        }
        return (pullback, pushforward, pullbackPushforward);
    }
}
