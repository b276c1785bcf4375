using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>The pullback (<c>FPullback</c>): reverse mode, seeded by the caller, adding into the adjoints it is given.</summary>
internal static class PullbackMember
{
    public static Member Build(Function canonical, PrimalNames primal, List<MissingDerivative> problems, HashSet<string> active, string suffix = DerivativeNames.Pullback)
    {
        var names = new NameAllocator(canonical);
        var adjoints = new Dictionary<string, string>();
        var outputSeeds = new Dictionary<string, string>();
        var parameters = DerivativeShapes.Pullback(canonical, names, adjoints, outputSeeds);
        var seeds = parameters.Skip(canonical.Params.Count + outputSeeds.Count).Take(canonical.Returns.Count).Select(p => (Expr)new Var(p.Name, p.Type)).ToList();
        // An output span that the method assigns (y[i] = …) has its adjoint zeroed as the reverse sweep passes the
        // assignment, and one it reads back has its adjoint added into: it works on a copy of the seed. One only added
        // into (y[i] += …) reads the seed as it is.
        var outputAdjoints = new Dictionary<string, string>();
        var copies = new List<LocalSpan>();
        foreach (var output in outputSeeds)
        {
            if (IrWalker.Any(canonical.Body, s => s is StoreElement store && store.Array == output.Key) || BufferAnalysis.ReadsElements(canonical.Body, output.Key))
            {
                var local = names.Fresh(output.Key + "_bar");
                copies.Add(new LocalSpan(local, output.Value, canonical.Params.First(p => p.Name == output.Key).Type, CopyFrom: true));
                outputAdjoints[output.Key] = local;
            }
            else
            {
                outputAdjoints[output.Key] = output.Value;
            }
        }
        var body = ReverseMode.Apply(canonical, seeds, adjoints, overwriteAdjoints: false, returnValue: false, names, problems, outputAdjoints, active);
        var function = Simplification.Apply(new Function(canonical.Name + suffix, parameters, EquatableArray<IrType>.Empty, body), primal);
        var derived = adjoints.Concat(outputSeeds).ToDictionary(p => p.Key, p => p.Value);
        // Seeds of 0 add nothing: such a call returns at once (a caller whose adjoint is 0 at a point where it passes values that
        // are not finite then gets exactly nothing back). Not where the pullback also writes outputs, or seeds are matrices.
        var zeroSeeds = outputSeeds.Count == 0 && seeds.All(seed => seed.Type.IsFloating()) ? seeds.Select(seed => ((Var)seed).Name).ToList() : new List<string>();
        return new Member("Pullback", function, Documentation(canonical, function)) { SpanChecks = Member.SpanChecksOf(function, derived), LocalSpans = copies, ReturnIfZero = zeroSeeds };
    }

    public static string Documentation(Function f, Function pullback)
    {
        var writes = DerivativeShapes.Outputs(f.Params).Any() ? $" It writes the outputs as {f.Name} does." : "";
        return $"Reverse mode (vector-Jacobian product): <b>adds</b> {MemberDocs.Seeds(f, pullback)} times the derivative of {MemberDocs.Call(f)} with respect to each active parameter into its adjoint ({MemberDocs.Code(MemberDocs.Adjoints(f, pullback))}).{writes}";
    }
}
