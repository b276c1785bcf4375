using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// A generated member whose name a member of the user's already has (ADG0007): a field, property or nested type of that
/// name, or a method with the same parameters, in the method's type (CS0102, CS0111 in the generated file) or inherited
/// from a base type (hidden, CS0108). Compared with the members the file would declare, so only real clashes are reported.
/// </summary>
internal static class NameClashes
{
    /// <param name="model">The method, with the user's members named like a generated one.</param>
    /// <param name="primal">The method's IR: every generated member begins with its parameters.</param>
    /// <param name="members">The generated members.</param>
    /// <param name="hessian">Whether a full Hessian is asked for (see <see cref="FileEmitter.HasHessian"/>).</param>
    /// <param name="jacobian">Whether the file has a Jacobian.</param>
    public static List<DiagnosticInfo> Find(MethodModel model, Function primal, IEnumerable<Member> members, bool hessian, bool jacobian)
    {
        var clashes = new List<DiagnosticInfo>();
        if (model.NamedLikeGenerated.Count == 0) return clashes;
        var generated = new List<(string Name, List<string> Parameters)>();
        void Add(string suffix, IEnumerable<Param> added)
            => generated.Add((model.Name + suffix, model.ParameterKeys.Concat(added.Select(Key)).ToList()));
        foreach (var member in members)
        {
            Add(member.Suffix, member.Function.Params.Skip(primal.Params.Count));
            // With a Jacobian, the pullback's and pushforward's bodies are members of their own too (FileEmitter.Member).
            if (jacobian && member.Suffix is DerivativeNames.Pullback or DerivativeNames.Pushforward) Add(member.Suffix + FileEmitter.UncheckedSuffix, member.Function.Params.Skip(primal.Params.Count));
        }
        if (FileEmitter.HasHessian(primal, hessian)) Add("Hessian", new[] { Span(primal.Returns[0]), Span(primal.Returns[0]) });
        if (jacobian) Add("Jacobian", new[] { Span(DerivativeShapes.Outputs(primal.Params).First().Type) });
        for (int i = 0; i < model.NamedLikeGenerated.Count; i++)
        {
            var user = model.NamedLikeGenerated[i];
            var clash = generated.FirstOrDefault(g => g.Name == user.Name && (user.Parameters is not { } parameters || parameters.SequenceEqual(g.Parameters)));
            if (clash.Name is null) continue;
            clashes.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameTaken, SourceRef.NamedLikeGenerated(i),
                user.Display, user.Parameters is null ? "" : " and parameters", clash.Name, model.Name));
        }
        return clashes;
    }

    private static Param Span(IrType type) => new("span", type, ParamKind.Value, false, Container.Span);

    /// <summary>A generated parameter as signatures compare it: spans are passed by value, scalars may be <c>ref</c> or <c>out</c>.</summary>
    private static string Key(Param p) => GeneratedMembers.ParameterKey(!p.IsContainer && p.Kind != ParamKind.Value, CSharpEmitter.TypeText(p));
}
