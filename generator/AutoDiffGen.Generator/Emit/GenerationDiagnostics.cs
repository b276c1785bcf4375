using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The diagnostics generation finds once activity is known (each at a part of the method, <see cref="SourceRef"/>): a
/// derivative always zero, an active parameter that reaches no result, piecewise-constant functions and kinks an active
/// value reaches, calls that need a derivative nobody registered, and values with a derivative passed where none is taken.
/// </summary>
internal static class GenerationDiagnostics
{
    public static void CheckActivity(MethodModel model, Function canonical, HashSet<string> active, List<DiagnosticInfo> diagnostics)
    {
        var activeParams = canonical.Params.Where(p => p.IsActive).Select(p => p.Name).ToList();
        if (activeParams.Count == 0) return;
        var reaching = activeParams.Where(active.Contains).ToList();
        if (reaching.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeAlwaysZero, SourceRef.Method, model.Name));
        }
        else
        {
            // The canonical parameters are the method's, in its order, a struct's as one per leaf: a struct is reported when none
            // of its leaves reaches the result.
            int parameter = -1;
            for (int i = 0; i < canonical.Params.Count; i++)
            {
                var p = canonical.Params[i];
                if (p.Origin is { Group: StructOrigin.This }) continue; // the object of a struct's method: not a parameter of the source
                if (p.Origin is { Leaf: >= 0 } origin)
                {
                    if (origin.Leaf != 0) continue;
                    parameter++;
                    var leaves = canonical.Params.Where(q => q.Origin?.Group == origin.Group && q.IsActive).ToList();
                    if (leaves.Count > 0 && !leaves.Any(q => active.Contains(q.Name)))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedActiveParameter, SourceRef.Parameter(parameter), origin.Group, model.Name));
                    }
                    continue;
                }
                parameter++;
                if (p.IsActive && !active.Contains(p.Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedActiveParameter, SourceRef.Parameter(parameter), p.Name, model.Name));
                }
            }
        }
        // The constructs lowering marked are reported where a derivative reaches them, once per place in the source (return
        // normalization copies the statements after an if into both of its branches).
        var reported = new HashSet<DiagnosticInfo>();
        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceCall construct, params string[] more)
        {
            var diagnostic = DiagnosticInfo.Create(descriptor, SourceRef.Site(construct.Site), new[] { construct.Display }.Concat(more).ToArray());
            if (reported.Add(diagnostic)) diagnostics.Add(diagnostic);
        }
        // Piecewise-constant functions (Math.Floor, …, a cast to int) that an active value reaches: no gradient flows through them.
        IrWalker.MapExpressions(canonical.Body, e =>
        {
            (SourceCall? Call, IEnumerable<Expr> Operands) found = e switch
            {
                Intrinsic { PiecewiseConstant: { } c } intrinsic => (c, intrinsic.Args),
                Ir.Convert { PiecewiseConstant: { } c } truncation => (c, new[] { truncation.Operand }),
                _ => (null, Array.Empty<Expr>()),
            };
            if (found.Call is { } call && found.Operands.Any(a => IrWalker.ReadsAny(a, active))) Report(DiagnosticDescriptors.NonDifferentiablePoint, call);
            return e;
        });
        // Kinks (Math.Abs, Max, …, x > y ? x : y) whose result is active: an active value reaches them and their derivative
        // is taken. In canonical form a kink's call is the value of its own local, and a ?: is an if that assigns its result.
        foreach (var s in IrWalker.All(canonical.Body))
        {
            var kink = s switch
            {
                Declare { Init: Intrinsic { Kink: { } k } } d when active.Contains(d.Name) => k,
                Assign { Value: Intrinsic { Kink: { } k } } a when active.Contains(a.Name) => k,
                If { Kink: { } k } f when new[] { f.Then, f.Else }.Any(b => IrWalker.Any(b, t => t is Assign a && active.Contains(a.Name))) => k,
                _ => null,
            };
            if (kink is not null) Report(DiagnosticDescriptors.Kink, kink.Construct, kink.Where, kink.Used);
        }
        // Calls that need a derivative nobody registered.
        void Check(Block block)
        {
            foreach (var s in block.Statements)
            {
                if (s is If f) { Check(f.Then); Check(f.Else); }
                if (s is not Invoke invoke) continue;
                var target = invoke.Call.Target;
                bool needed = invoke.Targets.Any(active.Contains);
                if (needed && target.Pullback is null && target.Pushforward is null) diagnostics.Add(NoDerivative(target));
            }
        }
        Check(canonical.Body);
    }

    /// <summary>
    /// ADG0201 for a call a transform needed a derivative of: none is known (or, <paramref name="pushforwardOnly"/>, a
    /// pullback is, but forward mode needs a pushforward, which a pullback stands in for only where the result is one value).
    /// </summary>
    public static DiagnosticInfo NoDerivative(CallTarget target, bool pushforwardOnly = false)
    {
        var (what, kind, also) = pushforwardOnly
            ? ("pushforward", "Pushforward", " (its pullback serves reverse mode; forward mode and second order need a pushforward of a function that gives more than one value)")
            : ("derivative", "Pullback", " (and DerivativeKind.Pushforward)");
        var typeName = target.ContainingType.StartsWith("global::", StringComparison.Ordinal) ? target.ContainingType.Substring(8) : target.ContainingType;
        var shortType = typeName.Substring(typeName.LastIndexOf('.') + 1);
        if (target.Structs is { } s)
        {
            // A struct's member (or a library's method that takes structs): registered by the name C# gives it, '[Differentiable]' only for a static method of source.
            var display = typeName.Substring(0, typeName.Length - shortType.Length) + s.Display;
            return DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivativeForCall, SourceRef.Site(target.Site), what, display,
                s.Form == MemberForm.Static && s.Hint is null && !pushforwardOnly ? "mark it [Differentiable], or " : "", shortType, s.Registration, kind, also, s.Hint ?? "");
        }
        return DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivativeForCall, SourceRef.Site(target.Site), what, typeName + "." + target.Name,
            pushforwardOnly ? "" : "mark it [Differentiable], or ", shortType, $"nameof({shortType}.{target.Name})", kind, also, "");
    }

    public static string Unqualified(string name) => name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring(8) : name;

    /// <summary>ADG0204: a call that cannot take the derivative its argument carries.</summary>
    public static DiagnosticInfo LostDerivative(DataParameters.Lost call)
    {
        var name = Unqualified(call.Target.QualifiedName);
        var (why, instead) = call.Target.Kind == CallKind.Differentiable
            ? ("its derivatives with respect to every parameter are not in the assembly that declares it",
               $"rebuild that assembly with this version of AutoDiffGen, or pass a value that carries none (a constant, a [NoDerivative] parameter)")
            : ($"its registered derivatives take none for it",
               $"register derivatives of '{call.Target.Name}' that take one (without [NoDerivative] on '{call.Parameter.Name}'), or pass a value that carries none (a constant, a [NoDerivative] parameter)");
        return DiagnosticInfo.Create(DiagnosticDescriptors.ActiveArgumentForDataParameter, SourceRef.Site(call.Target.Site), call.Parameter.Name, name, why, instead);
    }
}
