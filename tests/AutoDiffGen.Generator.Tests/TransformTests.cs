namespace AutoDiffGen.Generator.Tests.IrLevel;

// Inside the namespace: the IR's types before the random programs' ones of the same names (Expr, Loop, Assign).
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Transforms;
using Xunit;

/// <summary>
/// Each transform on its own, at the level of the IR: a small method lowered, one pass run on it, and the IR it gives
/// back printed as C# (the emitter's statements, without a member around them) against the expected text. A change to
/// one pass shows here, in the pass's own test, before it shows in a snapshot of a whole generated file.
/// </summary>
public sealed class TransformTests
{
    /// <summary>The IR of <c>F</c>, a [Differentiable] method with the parameters and body given.</summary>
    internal static Function Lowered(string parameters, string body)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass($$"""
                [Differentiable]
                public static double F({{parameters}})
                {
            {{body}}
                }
            """));
        var lowered = (LoweredMethod)Assert.Single(Assert.Single(run.Result.TrackedSteps[TrackingNames.Lowered]).Outputs).Value;
        return Assert.IsType<Function>(lowered.Model.Ir);
    }

    private static string Print(Block block)
    {
        var w = new IndentedWriter(256);
        CSharpEmitter.Body(w, block);
        return w.ToString().Replace("\r\n", "\n").TrimEnd();
    }

    /// <summary>The IR, printed, is <paramref name="expected"/>; the message shows all of it when not.</summary>
    internal static void AssertIr(string expected, Block actual)
    {
        var text = Print(actual);
        Assert.True(expected.Replace("\r\n", "\n").Trim() == text, "The IR is:\n" + text);
    }

    [Fact]
    public void Canonicalization_gives_each_value_one_assignment_and_each_operation_atoms()
    {
        var f = Lowered("double x, double y", """
                    double s = x * y;
                    s = s + Math.Sin(x * s);
                    return s * s;
            """);
        AssertIr("""
            // double s = x * y;
            double s = x * y;

            // s = s + Math.Sin(x * s);
            double t0 = x * s;
            double t1 = global::System.Math.Sin(t0);
            double s_2 = s + t1;

            // return s * s;
            double t2 = s_2 * s_2;
            return t2;
            """, Canonicalization.Apply(f).Body);
    }

    [Fact]
    public void ReturnNormalization_moves_the_statements_after_an_early_return_into_the_branch_that_falls_through()
    {
        var f = Lowered("double x, double y", """
                    if (x > y) return x;
                    double s = x * y;
                    return s;
            """);
        AssertIr("""
            double result;

            // if (x > y)
            if (x > y)
            {
                // return x;
                result = x;
            }
            else
            {
                // double s = x * y;
                double s = x * y;

                // return s;
                result = s;
            }
            return result;
            """, ReturnNormalization.Apply(f).Body);
    }

    [Fact]
    public void DeadCode_removes_what_no_result_reads()
    {
        var f = Lowered("double x, double y", """
                    double unused = Math.Exp(y);
                    double s = x * y;
                    return s;
            """);
        Assert.Contains("double unused", Print(f.Body));
        AssertIr("""
            // double s = x * y;
            double s = x * y;

            // return s;
            return s;
            """, DeadCode.Eliminate(f.Body, f));
    }

    [Fact]
    public void InductionLoops_close_a_loop_that_only_counts()
    {
        var counting = new Loop("i", new Const(IrType.Int, 0), new Var("n", IrType.Int), new Block(EquatableArray.Of<Stmt>(
            new Declare("l_2", IrType.Int, new Binary(BinaryOp.Add, new Var("l", IrType.Int), new Const(IrType.Int, 2), IrType.Int)),
            new Assign("l", new Var("l_2", IrType.Int)))));
        AssertIr("""
            l += n > 0 ? (n - 0) * 2 : 0;
            """, InductionLoops.Apply(new Block(EquatableArray.Of<Stmt>(counting))));
    }

    [Fact]
    public void Finiteness_writes_a_plain_product_where_both_factors_are_finite()
    {
        // The inputs are finite, and so are a sine and a sum of them; a quotient by a variable, and what it is part of, may not be.
        var f = Lowered("double x, double y", "        return x;");
        var (x, y) = (new Var("x", IrType.Double), new Var("y", IrType.Double));
        var (a, b) = (new Var("a", IrType.Double), new Var("b", IrType.Double));
        var body = new Block(EquatableArray.Of<Stmt>(
            new Declare("a", IrType.Double, IrBuilder.Add(x, IrBuilder.Call("Sin", IrType.Double, y))),
            new Declare("b", IrType.Double, IrBuilder.Div(x, y)),
            new Declare("c", IrType.Double, IrBuilder.ZeroSafeMul(a, x)),
            new Declare("d", IrType.Double, IrBuilder.ZeroSafeMul(a, b)),
            new Return(EquatableArray.Of<Expr>(x))));
        AssertIr("""
            double a = x + global::System.Math.Sin(y);
            double b = x / y;
            double c = a * x;
            double d = global::AutoDiffGen.Scalar.ZeroSafeMultiply(a, b);
            return x;
            """, Finiteness.Apply(f with { Body = body }).Body);
    }

    [Fact]
    public void ReverseMode_adds_each_partial_times_the_seed_into_the_adjoints_last_statement_first()
    {
        var f = Canonicalization.Apply(Lowered("double x, double y", """
                    double s = x * y;
                    return s + Math.Sin(x) / y;
            """));
        var names = new NameAllocator(f);
        var body = ReverseMode.Apply(f, new Expr[] { new Var("seed", IrType.Double) }, new Dictionary<string, string> { ["x"] = "dx", ["y"] = "dy" },
            overwriteAdjoints: false, returnValue: false, names, new List<MissingDerivative>());
        AssertIr("""
            // double s = x * y;
            double s = x * y;

            // return s + Math.Sin(x) / y;
            double t0 = global::System.Math.Sin(x);
            double t1 = t0 / y;
            double t2 = s + t1;

            // Reverse sweep: adjoints flow from the result back to the inputs.

            // adjoint of: return s + Math.Sin(x) / y;
            double t2_bar = seed;
            double t1_bar = t2_bar;
            double t1_bar_over_y = global::AutoDiffGen.Scalar.ZeroSafeDivide(t1_bar, y);
            double t0_bar = t1_bar_over_y;

            // adjoint of: double s = x * y;
            double s_bar = t2_bar;
            dx += global::AutoDiffGen.Scalar.ZeroSafeMultiply(t0_bar, global::System.Math.Cos(x)) + global::AutoDiffGen.Scalar.ZeroSafeMultiply(s_bar, y);
            dy += global::AutoDiffGen.Scalar.ZeroSafeMultiply(s_bar, x) - global::AutoDiffGen.Scalar.ZeroSafeMultiply(t1_bar_over_y, t1);
            """, body);
    }

    [Fact]
    public void ForwardMode_computes_each_tangent_beside_its_value()
    {
        var f = Canonicalization.Apply(Lowered("double x, double y", """
                    double s = x * y;
                    return s + Math.Sin(x) / y;
            """));
        var names = new NameAllocator(f);
        var body = ForwardMode.Apply(f, new Dictionary<string, string> { ["x"] = "tx", ["y"] = "ty" }, System.Array.Empty<string>(), names, new List<MissingDerivative>());
        AssertIr("""
            // double s = x * y;
            double s = x * y;
            double s_dot = global::AutoDiffGen.Scalar.ZeroSafeMultiply(tx, y) + global::AutoDiffGen.Scalar.ZeroSafeMultiply(ty, x);

            // return s + Math.Sin(x) / y;
            double t0 = global::System.Math.Sin(x);
            double t0_dot = global::AutoDiffGen.Scalar.ZeroSafeMultiply(tx, global::System.Math.Cos(x));
            double t1 = t0 / y;
            double t1_dot = global::AutoDiffGen.Scalar.ZeroSafeDivide(t0_dot - global::AutoDiffGen.Scalar.ZeroSafeMultiply(ty, t1), y);
            double t2 = s + t1;
            double t2_dot = s_dot + t1_dot;
            return t2;
            """, body);
    }

    [Fact]
    public void CopyPropagation_puts_constants_and_copies_where_they_are_read()
    {
        var f = Lowered("double x, double y", "        return x;");
        var body = new Block(EquatableArray.Of<Stmt>(
            new Declare("k", IrType.Double, new Const(IrType.Double, 2)),
            new Declare("c", IrType.Double, new Var("x", IrType.Double)),
            new Declare("p", IrType.Double, IrBuilder.Mul(new Var("k", IrType.Double), new Var("c", IrType.Double))),
            new Return(EquatableArray.Of<Expr>(new Var("p", IrType.Double)))));
        AssertIr("""
            double p = 2.0 * x;
            return p;
            """, CopyPropagation.Apply(f with { Body = body }, primal: null));
    }

    [Fact]
    public void RegisterSums_keep_a_sum_into_one_element_in_a_local_until_the_loop_ends()
    {
        var f = Lowered("ReadOnlySpan<double> x, int i, int n", "        return x[i];");
        var loop = new Loop("j", new Const(IrType.Int, 0), new Var("n", IrType.Int), new Block(EquatableArray.Of<Stmt>(
            new AccumulateElement("dx", new Var("i", IrType.Int), IrBuilder.Call("Sin", IrType.Double, new ElementRead(new Var("x", IrType.Double), new Var("j", IrType.Int), IrType.Double))))));
        var names = new System.Lazy<NameAllocator>(() => new NameAllocator(f));
        AssertIr("""
            double dx_sum = 0.0;
            for (int j = 0; j < n; j++)
            {
                dx_sum += global::System.Math.Sin(x[j]);
            }
            dx[i] += dx_sum;
            """, RegisterSums.Apply(new Block(EquatableArray.Of<Stmt>(loop)), names));
    }

    [Fact]
    public void Canonicalization_refuses_lowered_exits_that_EarlyExits_has_not_rewritten()
    {
        var f = Lowered("ReadOnlySpan<double> x", """
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0) break;
                        s += x[i];
                    }
                    return s;
            """);
        var thrown = Assert.Throws<System.InvalidOperationException>(() => Canonicalization.Apply(f));
        Assert.Contains("EarlyExits must run first", thrown.Message, System.StringComparison.Ordinal);
        Assert.Contains("breaking", Print(Canonicalization.Apply(EarlyExits.Apply(f)).Body), System.StringComparison.Ordinal);
    }
}
