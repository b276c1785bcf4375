using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// A member the generated file declares for the method: its name's suffix, its function (parameters and body) and
/// documentation, and what emission adds around the body (argument checks, workspaces, pooled local spans, the early
/// return for zero seeds).
/// </summary>
internal sealed record Member(string Suffix, Function Function, string Documentation, bool Hidden = false)
{
    /// <summary>Pairs (gradient, matrix parameter): the caller's gradient matrix must have the parameter's shape; it is zeroed on entry.</summary>
    public IReadOnlyList<(string Gradient, string Primal)> MatrixGradients { get; init; } = Array.Empty<(string, string)>();

    /// <summary>The adapters of the struct members (with registered derivatives) its body calls, written at its end (<see cref="StructAdapters"/>).</summary>
    public IReadOnlyList<StructAdapters.Adapter> Adapters { get; init; } = Array.Empty<StructAdapters.Adapter>();

    /// <summary>Whether the matrices the body creates come from a workspace entered for the call (and go back to it at the end).</summary>
    public bool Workspace { get; init; }

    /// <summary>Pairs (derivative span, primal span) whose lengths must agree, checked on entry.</summary>
    public IReadOnlyList<(string Derivative, string Primal)> SpanChecks { get; init; } = Array.Empty<(string, string)>();

    /// <summary>Spans the body uses as locals, pooled: a consumed copy of a seed, the gradient inside an HVP.</summary>
    public IReadOnlyList<LocalSpan> LocalSpans { get; init; } = Array.Empty<LocalSpan>();

    /// <summary>Tapes the member rents for the members it calls (besides those its own body pushes on and pops from).</summary>
    public IReadOnlyList<IrType> Tapes { get; init; } = Array.Empty<IrType>();

    /// <summary>Whether the member's tapes are parameters, which its caller rented (<see cref="TapedRecursion"/>).</summary>
    public bool TapesArePassed { get; init; }

    /// <summary>Whether the member is private: called only by another generated member (<see cref="PullbackRowsMember"/>), which checks its arguments.</summary>
    public bool Private { get; init; }

    /// <summary>Scalar seeds (and their tangents) for which, all 0, the member has nothing to add and returns on entry.</summary>
    public IReadOnlyList<string> ReturnIfZero { get; init; } = Array.Empty<string>();

    /// <summary>Each span parameter a derivative adds, with the primal span whose length it must have.</summary>
    public static IReadOnlyList<(string, string)> SpanChecksOf(Function derivative, IEnumerable<KeyValuePair<string, string>> derivedFrom)
    {
        var primalOf = derivedFrom.ToDictionary(p => p.Value, p => p.Key);
        return derivative.Params.Where(p => p.IsContainer && primalOf.ContainsKey(p.Name)).Select(p => (p.Name, primalOf[p.Name])).ToList();
    }
}

/// <summary>A local span as long as the span <see cref="LengthOf"/>, zeroed, or a copy of it when <see cref="CopyFrom"/>.</summary>
internal sealed record LocalSpan(string Name, string LengthOf, IrType Type, bool CopyFrom);
