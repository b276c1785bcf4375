using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// A loop with a <see cref="VectorPlan"/> (<see cref="Vectorization"/>): where the hardware has vectors,
/// <c>Vector&lt;T&gt;.Count</c> iterations at a time, each statement computing its lanes with the operators of
/// <see cref="System.Numerics.Vector{T}"/>; then the loop as it is for the iterations left (and all of them elsewhere).
/// </summary>
internal static partial class CSharpEmitter
{
    private const string VectorHelpers = "global::AutoDiffGen.Vectorized";
    private const string NumericsVector = "global::System.Numerics.Vector";
    private const string LanesComment = "in vectors, several iterations at a time; the iterations left, one at a time below";

    private static void VectorizedLoop(IndentedWriter w, Loop l, VectorPlan plan)
    {
        var counter = Identifier(l.Counter);
        var vector = NumericsVector + "<" + plan.Type.ToCSharp() + ">";
        if (plan.Scoped) w.Open();
        w.StartLine().Append("int ").Append(counter).Append(" = ").Expression(l.From).Append(';').EndLine();
        // A stencil moves lanes by up to MaxShift: with 2 lanes (128-bit vectors of double) by 1.
        var wide = plan.MaxShift > 1 ? $" && {vector}.Count > {plan.MaxShift}" : "";
        w.Line($"if ({NumericsVector}.IsHardwareAccelerated{wide}) // {plan.Type.ToCSharp()}s {LanesComment}");
        w.Open();
        foreach (var sum in plan.Sums) w.Line($"var {Identifier(sum.Lanes)} = {vector}.Zero;");
        foreach (var offset in plan.Stencils.SelectMany(s => s.Offsets).Where(o => o.Previous is not null)) w.Line($"var {Identifier(offset.Previous!)} = {vector}.Zero;");
        w.StartLine().Append("for (; ").Append(counter).Append(" <= ").Expression(l.To!, Additive).Append(" - ").Append(vector).Append(".Count; ")
            .Append(counter).Append(" += ").Append(vector).Append(".Count)").EndLine();
        w.Open();
        var statements = l.Body.Statements;
        var added = new HashSet<string>();
        for (int i = 0; i < statements.Count; i++)
        {
            if (statements[i] is Comment c)
            {
                if (i > 0) w.Line();
                w.Line($"// {c.Text}");
                continue;
            }
            VectorStatement(w, statements[i], l.Counter, plan, added);
        }
        foreach (var stencil in plan.Stencils)
        {
            // Each block of the span once: what this block adds at each offset, moved into place.
            w.StartLine().Append(VectorHelpers).Append(".AddTo(").Append(Identifier(stencil.Array)).Append(", ").Expression(stencil.At).Append(", ");
            for (int k = 0; k < stencil.Offsets.Count; k++)
            {
                var o = stencil.Offsets[k];
                if (k > 0) w.Append(" + ");
                if (o.Previous is null) w.Append(Identifier(o.Lanes));
                else w.Append(VectorHelpers).Append(".Shift(").Append(Identifier(o.Lanes)).Append(", ref ").Append(Identifier(o.Previous)).Append(", ").Append((o.Offset - stencil.Base).ToString(CultureInfo.InvariantCulture)).Append(')');
            }
            w.Append(");").EndLine();
        }
        w.Close();
        foreach (var sum in plan.Sums) w.Line($"{Identifier(sum.Name)} += {NumericsVector}.Sum({Identifier(sum.Lanes)});");
        foreach (var stencil in plan.Stencils)
        {
            // What the last block added past its end.
            foreach (var o in stencil.Offsets.Where(o => o.Previous is not null))
            {
                w.StartLine().Append("if (").Append(counter).Append(" > ").Expression(l.From, Relational + 1).Append(") ").Append(VectorHelpers).Append(".AddLast(").Append(Identifier(stencil.Array))
                    .Append(", ").Expression(stencil.At).Append(", ").Append(Identifier(o.Previous!)).Append(", ")
                    .Append((o.Offset - stencil.Base).ToString(CultureInfo.InvariantCulture)).Append(");").EndLine();
            }
        }
        w.Close();
        w.StartLine().Append("for (; ").Append(counter).Append(" < ").Expression(l.To!, Relational + 1).Append("; ").Append(counter).Append("++)").EndLine();
        w.Open();
        Body(w, l.Body);
        w.Close();
        if (plan.Scoped) w.Close();
    }

    /// <param name="w">Where to write.</param>
    /// <param name="s">A statement of the loop's body.</param>
    /// <param name="counter">The loop's counter.</param>
    /// <param name="plan">The loop's plan.</param>
    /// <param name="added">The vectors of stencils (<see cref="VectorOffset.Lanes"/>) declared so far.</param>
    private static void VectorStatement(IndentedWriter w, Stmt s, string counter, VectorPlan plan, HashSet<string> added)
    {
        var lanes = new VectorText(counter, plan);
        switch (s)
        {
            case Declare d when plan.IsVarying(d.Name):
                if (d.Init is null) w.Line($"{NumericsVector}<{plan.Type.ToCSharp()}> {Identifier(d.Name)};");
                else w.StartLine().Append("var ").Append(Identifier(d.Name)).Append(" = ").Vector(d.Init, lanes).Append(';').EndLine();
                break;
            case Assign a when plan.IsVarying(a.Name) || plan.LanesOf(a.Name) is not null:
                var target = Identifier(plan.LanesOf(a.Name) ?? a.Name);
                if (a.Value is Var same && same.Name == a.Name) break;
                if (a.Value is Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Var self } b && self.Name == a.Name)
                {
                    w.StartLine().Append(target).Append(b.Op == BinaryOp.Add ? " += " : " -= ").Vector(b.Right, lanes).Append(';').EndLine();
                }
                else
                {
                    w.StartLine().Append(target).Append(" = ").Vector(a.Value, lanes).Append(';').EndLine();
                }
                break;
            case StoreElement store:
                w.StartLine().Append(VectorHelpers).Append(".Store(").Append(Identifier(store.Array)).Append(", ").Expression(store.Index)
                    .Append(", ").Vector(store.Value, lanes).Append(");").EndLine();
                break;
            case AccumulateElement add when plan.StencilOf(add.Array) is { } stencil:
                int offset = Vectorization.Indexing(add.Index, counter)!.K;
                var into = stencil.Offsets.First(o => o.Offset == offset).Lanes;
                bool first = added.Add(into);
                w.StartLine().Append(first ? "var " : "").Append(Identifier(into)).Append(first ? " = " : " += ").Vector(add.Value, lanes).Append(';').EndLine();
                break;
            case AccumulateElement add when Vectorization.Indexing(add.Index, counter) is not null:
                w.StartLine().Append(VectorHelpers).Append(".AddTo(").Append(Identifier(add.Array)).Append(", ").Expression(add.Index)
                    .Append(", ").Vector(add.Value, lanes).Append(");").EndLine();
                break;
            case AccumulateElement add:
                // Every lane into one element.
                w.StartLine().Append(Identifier(add.Array)).Append('[').Expression(add.Index).Append("] += ").Append(NumericsVector).Append(".Sum(")
                    .Vector(add.Value, lanes).Append(");").EndLine();
                break;
            default:
                // The same in every lane: computed once for them all, as a scalar.
                Statement(w, s, last: false);
                break;
        }
    }

    /// <summary>Which values of a vectorized loop are vectors, and how each is named there.</summary>
    private readonly struct VectorText
    {
        public readonly string Counter;
        public readonly VectorPlan Plan;

        public VectorText(string counter, VectorPlan plan)
        {
            Counter = counter;
            Plan = plan;
        }

        public string VectorType => NumericsVector + "<" + Plan.Type.ToCSharp() + ">";

        /// <summary>Whether <paramref name="e"/> differs from lane to lane (a vector), rather than a scalar the same in each.</summary>
        public bool Varies(Expr e)
        {
            var plan = Plan;
            var counter = Counter;
            bool found = false;
            IrWalker.Visit(e, x => found |= x is Var v && (v.Name == counter || plan.IsVarying(v.Name) || plan.LanesOf(v.Name) is not null));
            return found;
        }
    }

    /// <summary>Writes <paramref name="e"/> as a vector: each lane its iteration's value (a scalar the same in each is put in every lane).</summary>
    private static IndentedWriter Vector(this IndentedWriter w, Expr e, VectorText lanes, int context = 0)
    {
        if (!lanes.Varies(e))
        {
            // A scalar where a vector is needed: in every lane.
            if (e is Const { Value: 0 } zero && !IsNegativeZero(zero.Value)) return w.Append(lanes.VectorType).Append(".Zero");
            if (e is Const { Value: 1 }) return w.Append(lanes.VectorType).Append(".One");
            return w.Append("new ").Append(lanes.VectorType).Append('(').Expression(e).Append(')');
        }
        bool parenthesized = VectorPrecedence(e, lanes) < context;
        if (parenthesized) w.Append('(');
        switch (e)
        {
            case Var v:
                w.Append(Identifier(lanes.Plan.LanesOf(v.Name) ?? v.Name));
                break;
            case ElementRead r:
                w.Append(VectorHelpers).Append(".Load(").Append(Identifier(r.Array.Name)).Append(", ").Expression(r.Index).Append(')');
                break;
            case Unary u:
                w.Append('-').Vector(u.Operand, lanes, Primary);
                break;
            case Binary { Op: BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } zeroSafe:
                w.Append(VectorHelpers).Append(zeroSafe.Op == BinaryOp.ZeroSafeMultiply ? ".ZeroSafeMultiply(" : ".ZeroSafeDivide(")
                    .Vector(zeroSafe.Left, lanes).Append(", ").Vector(zeroSafe.Right, lanes).Append(')');
                break;
            case Binary b:
                var (symbol, level) = Operator(b.Op);
                // A vector times or divided by a scalar, and a scalar times a vector, need no vector of the scalar.
                bool scalarLeft = b.Op == BinaryOp.Multiply && !lanes.Varies(b.Left);
                bool scalarRight = b.Op is BinaryOp.Multiply or BinaryOp.Divide && !lanes.Varies(b.Right);
                if (scalarLeft) w.Expression(b.Left, level);
                else w.Vector(b.Left, lanes, level);
                w.Append(' ').Append(symbol).Append(' ');
                if (scalarRight) w.Expression(b.Right, level + 1);
                else w.Vector(b.Right, lanes, level + 1);
                break;
            case Intrinsic { Name: MathRules.CalleeParameter } parameter:
                w.Vector(parameter.Args[0], lanes, Primary);
                break;
            case Ir.Conditional { Condition: Binary compare } choice:
                // Each lane's choice: a mask of the comparison (!= as == with the values swapped, NaN included).
                var name = compare.Op switch
                {
                    BinaryOp.Less => "LessThan",
                    BinaryOp.LessOrEqual => "LessThanOrEqual",
                    BinaryOp.Greater => "GreaterThan",
                    BinaryOp.GreaterOrEqual => "GreaterThanOrEqual",
                    _ => "Equals",
                };
                var (whenTrue, whenFalse) = compare.Op == BinaryOp.NotEqual ? (choice.WhenFalse, choice.WhenTrue) : (choice.WhenTrue, choice.WhenFalse);
                w.Append(NumericsVector).Append(".ConditionalSelect(").Append(NumericsVector).Append('.').Append(name).Append('(').Vector(compare.Left, lanes).Append(", ")
                    .Vector(compare.Right, lanes).Append("), ").Vector(whenTrue, lanes).Append(", ").Vector(whenFalse, lanes).Append(')');
                break;
            case Intrinsic i:
                w.Append(NumericsVector).Append(i.Name == "Sqrt" ? ".SquareRoot(" : "." + i.Name + "(").Vector(i.Args[0], lanes).Append(')');
                break;
        }
        if (parenthesized) w.Append(')');
        return w;
    }

    /// <summary>How tightly <paramref name="e"/>, as <see cref="Vector"/> writes it, binds.</summary>
    private static int VectorPrecedence(Expr e, VectorText lanes) => e switch
    {
        _ when !lanes.Varies(e) => Primary, // a vector of it: .Zero, .One or new
        Unary => UnaryLevel,
        Binary { Op: BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } => Primary,
        Binary b => Operator(b.Op).Level,
        Intrinsic { Name: MathRules.CalleeParameter } parameter => VectorPrecedence(parameter.Args[0], lanes),
        _ => Primary,
    };
}
