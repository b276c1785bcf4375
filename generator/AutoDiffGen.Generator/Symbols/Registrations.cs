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
        var candidates = type.GetMembers(name).OfType<IMethodSymbol>()
            .Where(m => m.IsStatic && m.Parameters.Length <= derivative.Parameters.Length
                && m.Parameters.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, derivative.Parameters[i].Type) && p.RefKind == derivative.Parameters[i].RefKind).All(x => x))
            .OrderByDescending(m => m.Parameters.Length)
            .ToList();
        if (candidates.Count == 0)
        {
            yield return new Entry(derivative, null, kind, DiagnosticInfo.Create(DiagnosticDescriptors.CustomDerivativeTargetNotFound, location, type.ToDisplayString(), name, derivative.Name));
            yield break;
        }
        foreach (var target in candidates)
        {
            var expected = ExpectedShape(target, kind == DerivativeKindInfo.Pullback, out var returnText);
            if (expected is not null && Matches(derivative, target, expected, returnText))
            {
                yield return new Entry(derivative, target, kind, null);
                yield break;
            }
        }
        var best = candidates[0];
        var shape = ExpectedShape(best, kind == DerivativeKindInfo.Pullback, out var expectedReturn);
        var description = shape is null ? "a target with double or float parameters and result" : DerivativeShapes.Describe(shape, expectedReturn, i => best.Parameters[i].Type.ToDisplayString());
        yield return new Entry(derivative, best, kind, DiagnosticInfo.Create(
            DiagnosticDescriptors.CustomDerivativeShape, LocationInfo.From(derivative.Locations.FirstOrDefault()),
            derivative.Name, kind == DerivativeKindInfo.Pullback ? "pullback" : "pushforward", best.ToDisplayString(), description));
    }

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

    /// <summary>Custom derivatives declared in the callee's own type (how libraries, the runtime among them, ship them).</summary>
    public static (string? Pullback, string? Pushforward, string? PullbackPushforward) FindNextTo(IMethodSymbol callee)
    {
        string? pullback = null, pushforward = null, pullbackPushforward = null;
        IMethodSymbol? pullbackMethod = null;
        var entries = callee.ContainingType.GetMembers().OfType<IMethodSymbol>().SelectMany(ReadAll).Where(e => e.Problem is null && e.Target is not null).ToList();
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
