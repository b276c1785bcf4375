using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Cleans up generated IR the way a person would, by running its passes in order: an adjoint handed on to itself stays
/// put (<see cref="AdjointRelays"/>); statements whose results nobody reads are removed (<see cref="DeadCode"/>);
/// constants and copies that are assigned once are substituted where they are used (<see cref="CopyPropagation"/>:
/// <c>double y_bar = 1; x_bar += y_bar * 2</c> becomes <c>x_bar = 2</c>); a Math call a local already holds is read from it
/// (<see cref="CallReuse"/>); a value computed only to be copied is computed where it goes (<see cref="JoinCopies"/>);
/// loops that only count become the count (<see cref="InductionLoops"/>), an int a loop advances
/// by a computable step is rewound by its backward loop instead of taped (<see cref="RewoundCounters"/>), and sums into one
/// element stay in a register (<see cref="RegisterSums"/>); a product of finite factors needs no zero check
/// (<see cref="Finiteness"/>).
/// </summary>
internal static class Simplification
{
    /// <param name="function">A derivative of a method.</param>
    /// <param name="primal">The names of the method's own values: constants folded into them leave them exactly as the method computes them.</param>
    /// <param name="parametersMayBeNonFinite">See <see cref="Finiteness.Apply"/>.</param>
    public static Function Apply(Function function, PrimalNames? primal, bool parametersMayBeNonFinite = false)
    {
        // Dead stores first (an adjoint zeroed after its last use would otherwise count as a second assignment
        // and keep copies from being propagated), then copies, then what the copies left dead.
        var live = DeadCode.Eliminate(AdjointRelays.Apply(function.Body), function);
        var propagated = CopyPropagation.Apply(function with { Body = live }, primal);
        // Then calls that a local already holds are read from it (after the copies: propagation would put them back).
        var body = CallReuse.Apply(propagated);
        // Dead code elimination leaves nothing for a second pass to remove unless copies were propagated or calls reused.
        if (!ReferenceEquals(body, live)) body = DeadCode.Eliminate(body, function);
        // A value computed only to be copied (the versions an if joins, a flag's chain) is computed where it goes.
        body = JoinCopies.Apply(function with { Body = body });
        if (HasLoop(body))
        {
            var counted = RewoundCounters.Apply(InductionLoops.Apply(body));
            var names = new Lazy<NameAllocator>(() => new NameAllocator(function with { Body = counted }), LazyThreadSafetyMode.None);
            body = RegisterSums.Apply(counted, names);
        }
        // Last, with every value where it ends up: the products whose factors are all finite need no zero check.
        return Finiteness.Apply(function with { Body = body }, parametersMayBeNonFinite);
    }

    /// <summary>Whether a block, or one nested in it, has a loop: the last two passes only rewrite loops.</summary>
    private static bool HasLoop(Block block)
    {
        foreach (var s in block.Statements)
        {
            if (s is Loop || (s is If f && (HasLoop(f.Then) || HasLoop(f.Else)))) return true;
        }
        return false;
    }
}
