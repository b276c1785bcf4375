using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The derivative transforms multiply every adjoint and tangent by its local partial derivative with
/// <see cref="BinaryOp.ZeroSafeMultiply"/>, so that a value that does not contribute contributes exactly 0 even where its
/// partial is infinite or NaN (<c>√x</c> at 0, a quotient by 0, an <c>Exp</c> that overflowed in a branch not taken). That
/// check only matters where a factor may not be finite: this pass finds the values of a derivative function that may not
/// be, and writes a plain product where both factors are finite, as a person would.
/// <para>
/// The inputs are taken to be finite (a derivative at an infinite or NaN input means nothing), and so are sums,
/// differences and products of finite values: an overflow to ∞ in ordinary arithmetic is not guarded against. What
/// may produce ∞ or NaN from finite values is a division, <c>Sqrt</c>, <c>Log</c>, <c>Pow</c>, <c>Exp</c>, <c>Tan</c>, …,
/// a call (its body is not seen here), a static field, and whatever is computed from those.
/// </para>
/// </summary>
internal static class Finiteness
{
    /// <param name="function">A derivative function.</param>
    /// <param name="parametersMayBeNonFinite">
    /// Whether its floating-point parameters may be infinite: so for a member that other levels of a recursion call with
    /// their values and a seed that may be 0, which must add exactly nothing (<see cref="Emit.TapedRecursion"/>).
    /// </param>
    public static Function Apply(Function function, bool parametersMayBeNonFinite = false)
    {
        var analysis = new Analysis();
        if (parametersMayBeNonFinite)
        {
            foreach (var p in function.Params) if (p.Type.IsFloating()) analysis.Assume(p.Name);
        }
        analysis.Run(function.Body);
        var body = IrWalker.MapExpressions(function.Body, e => e is Binary { Op: BinaryOp.ZeroSafeMultiply } product
            && !analysis.MayBeNonFinite(product.Left) && !analysis.MayBeNonFinite(product.Right)
            ? IrBuilder.Mul(product.Left, product.Right)
            : e);
        return function with { Body = body };
    }

    /// <summary>The names (scalars, and arrays for their elements) that may hold a value that is not finite: grows to a fixed point.</summary>
    private sealed class Analysis
    {
        private readonly HashSet<string> nonFinite = new();
        private readonly HashSet<IrType> nonFiniteTapes = new();
        private bool changed;

        /// <summary>Takes <paramref name="name"/> as possibly not finite from the start.</summary>
        public void Assume(string name) => nonFinite.Add(name);

        public void Run(Block body)
        {
            // A tape the function pops but never pushes was filled elsewhere (the forward member of a recursion): unknown values.
            var statements = IrWalker.All(body);
            var pushed = new HashSet<IrType>(statements.OfType<TapePush>().Select(push => push.Value.Type));
            foreach (var pop in statements.OfType<TapePop>()) if (!pushed.Contains(pop.Type)) nonFiniteTapes.Add(pop.Type);
            // Loops and tapes carry values backwards through the statements: repeat until nothing is added.
            do
            {
                changed = false;
                Visit(body);
            }
            while (changed);
        }

        private void Mark(string name)
        {
            if (nonFinite.Add(name)) changed = true;
        }

        private void Visit(Block block)
        {
            foreach (var s in block.Statements) Visit(s);
        }

        private void Visit(Stmt s)
        {
            switch (s)
            {
                case Declare { Init: { } init } d when MayBeNonFinite(init):
                    Mark(d.Name);
                    break;
                case Assign a when MayBeNonFinite(a.Value):
                    Mark(a.Name);
                    break;
                case Invoke invoke:
                    // A call's results, and what it writes through ref and out arguments, are not seen from here.
                    foreach (var t in invoke.Targets) Mark(t);
                    foreach (var arg in invoke.Call.Args)
                    {
                        if (arg.Kind != ParamKind.Value && arg.Value is Var v) Mark(v.Name);
                    }
                    break;
                case ElementWrite w when MayBeNonFinite(w.Value):
                    Mark(w.Array);
                    break;
                case CopyElements copy when nonFinite.Contains(copy.Source):
                    Mark(copy.Target);
                    break;
                case TapePush push when MayBeNonFinite(push.Value):
                    if (nonFiniteTapes.Add(push.Value.Type)) changed = true;
                    break;
                case TapePushElements push when nonFinite.Contains(push.Array):
                    if (nonFiniteTapes.Add(push.Type)) changed = true;
                    break;
                case TapePop pop when nonFiniteTapes.Contains(pop.Type):
                    Mark(pop.Target);
                    break;
                case TapePopElements pop when nonFiniteTapes.Contains(pop.Type):
                    Mark(pop.Array);
                    break;
                case If f:
                    Visit(f.Then);
                    Visit(f.Else);
                    break;
                case Loop l:
                    Visit(l.Head);
                    Visit(l.Body);
                    break;
            }
        }

        /// <summary>Whether <paramref name="e"/> may evaluate to ∞ or NaN, given what is known of the names it reads.</summary>
        public bool MayBeNonFinite(Expr e)
        {
            if (!e.Type.IsFloating()) return false; // int, bool; a matrix's elements are not multiplied here
            switch (e)
            {
                case Const c:
                    return double.IsNaN(c.Value) || double.IsInfinity(c.Value);
                case Var v:
                    return nonFinite.Contains(v.Name);
                case ElementRead r:
                    return nonFinite.Contains(r.Array.Name);
                case Unary u:
                    return MayBeNonFinite(u.Operand);
                case Convert c:
                    return MayBeNonFinite(c.Operand);
                case Conditional c:
                    return MayBeNonFinite(c.WhenTrue) || MayBeNonFinite(c.WhenFalse);
                default:
                    // An operator or a Math function that is finite where its arguments are (MathRules' FiniteIf).
                    if (MathRules.For(e) is ({ FiniteIf: { } finiteIf }, var args) && finiteIf(args))
                    {
                        foreach (var a in args)
                        {
                            if (MayBeNonFinite(a)) return true;
                        }
                        return false;
                    }
                    // Exp, Log, Sqrt, Pow, a quotient by a variable, …; a call, a tuple element, a static field.
                    return true;
            }
        }
    }
}
