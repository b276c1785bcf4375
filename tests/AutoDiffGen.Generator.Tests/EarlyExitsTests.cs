namespace AutoDiffGen.Generator.Tests.IrLevel;

// Inside the namespace: the IR's types before the random programs' ones of the same names (Expr, Loop, Assign).
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;
using Xunit;

/// <summary>
/// <see cref="EarlyExits"/> on IR built by hand and on IR lowered from a method (see <see cref="TransformTests"/>):
/// <c>break</c>, <c>continue</c> and <c>return</c> in loops become flags that guard the statements after them, a
/// <c>for</c> loop's steps and the loop's condition; the IR it gives back is printed as C#.
/// </summary>
public sealed class EarlyExitsTests
{
    private static readonly Var X = new("x", IrType.Double), S = new("s", IrType.Double), N = new("n", IrType.Int);

    private static Block Block(params Stmt[] statements) => new(EquatableArray.Of(statements));

    private static Const Number(double value, IrType type = IrType.Double) => new(type, value);

    private static Expr Greater(Expr a, Expr b) => new Binary(BinaryOp.Greater, a, b, IrType.Bool);

    private static Expr Less(Expr a, Expr b) => new Binary(BinaryOp.Less, a, b, IrType.Bool);

    private static Stmt Add(Var target, Expr value) => new Assign(target.Name, new Binary(BinaryOp.Add, target, value, target.Type));

    private static Stmt IfThen(Expr condition, params Stmt[] then) => new If(condition, Block(then), Ir.Block.Empty);

    private static Stmt Return(Expr value) => new Return(EquatableArray.Of(value));

    /// <summary><c>double F(double x, int n) { double s = 0; body; return s; }</c>.</summary>
    private static Function Function(params Stmt[] body)
    {
        var parameters = EquatableArray.Of(new Param("x", IrType.Double, ParamKind.Value, false), new Param("n", IrType.Int, ParamKind.Value, false));
        var statements = new List<Stmt> { new Declare("s", IrType.Double, Number(0)) };
        statements.AddRange(body);
        statements.Add(Return(S));
        return new Function("F", parameters, EquatableArray.Of(IrType.Double), new Block(statements.ToEquatableArray()));
    }

    private static Loop Counted(string counter, params Stmt[] body) => new(counter, Number(0, IrType.Int), N, Block(body));

    [Fact]
    public void A_break_sets_a_flag_that_guards_the_rest_of_the_iteration_and_ends_the_loop()
    {
        var function = Function(Counted("i", IfThen(Greater(S, Number(10)), new Break()), Add(S, X)));
        TransformTests.AssertIr("""
            double s = 0.0;
            bool breaking = false;
            for (int i = 0; i < n && !breaking; i++)
            {
                breaking = false;
                if (s > 10.0)
                {
                    breaking = true;
                }
                if (!breaking)
                {
                    s += x;
                }
            }
            return s;
            """, EarlyExits.Apply(function).Body);
    }

    [Fact]
    public void A_continue_skips_the_rest_of_the_body_but_not_the_steps_which_a_break_skips()
    {
        // for (; s < 100; x *= 2) { if (x > s) continue; if (s > x) break; s += x; }: the statements after a way out test
        // every flag of the loop; the steps, those that end it.
        var loop = new Loop("iteration", Number(0, IrType.Int), null, Block(IfThen(Greater(X, S), new Continue()), IfThen(Greater(S, X), new Break()), Add(S, X)))
        {
            Condition = Less(S, Number(100)),
            Step = Block(new Assign("x", new Binary(BinaryOp.Multiply, X, Number(2), IrType.Double))),
        };
        TransformTests.AssertIr("""
            double s = 0.0;
            bool breaking = false;
            while (!breaking && s < 100.0)
            {
                bool continuing = false;
                breaking = false;
                if (x > s)
                {
                    continuing = true;
                }
                if (!(breaking || continuing))
                {
                    if (s > x)
                    {
                        breaking = true;
                    }
                    if (!(breaking || continuing))
                    {
                        s += x;
                    }
                }
                if (!breaking)
                {
                    x = x * 2.0;
                }
            }
            return s;
            """, EarlyExits.Apply(Function(loop)).Body);
    }

    [Fact]
    public void A_return_in_nested_loops_keeps_its_value_sets_one_flag_for_both_and_returns_after_the_outer_loop()
    {
        var inner = Counted("i", IfThen(Greater(S, X), Return(new Binary(BinaryOp.Multiply, S, X, IrType.Double))), Add(S, Number(1)));
        var function = Function(Counted("k", inner, Add(S, X)));
        TransformTests.AssertIr("""
            double s = 0.0;
            bool returning = false;
            double returned = 0.0;
            for (int k = 0; k < n && !returning; k++)
            {
                returning = false;
                for (int i = 0; i < n && !returning; i++)
                {
                    returning = false;
                    if (s > x)
                    {
                        returned = s * x;
                        returning = true;
                    }
                    if (!returning)
                    {
                        s += 1.0;
                    }
                }
                if (!returning)
                {
                    s += x;
                }
            }
            if (returning)
            {
                return returned;
            }
            return s;
            """, EarlyExits.Apply(function).Body);
    }

    [Fact]
    public void A_loop_that_only_a_return_ends_is_followed_by_the_return_itself()
    {
        var loop = new Loop("iteration", Number(0, IrType.Int), null, Block(Add(S, X), IfThen(Greater(S, Number(10)), Return(S))))
        {
            Condition = Number(1, IrType.Bool),
            Exits = new LoopExits(OnlyByReturn: true, null, null, null, EquatableArray<string>.Empty),
        };
        var function = new Function("F", EquatableArray.Of(new Param("x", IrType.Double, ParamKind.Value, false)), EquatableArray.Of(IrType.Double),
            Block(new Declare("s", IrType.Double, Number(0)), loop));
        TransformTests.AssertIr("""
            double s = 0.0;
            bool returning = false;
            double returned = 0.0;
            while (!returning)
            {
                returning = false;
                s += x;
                if (s > 10.0)
                {
                    returned = s;
                    returning = true;
                }
            }
            return returned;
            """, EarlyExits.Apply(function).Body);
    }

    [Fact]
    public void The_statements_after_a_way_out_are_guarded_in_one_group_for_the_rest_of_each_block_of_the_source()
    {
        // for (…) { { if (s > 10) break; s += x; } s += 1; }
        var nested = new NestedBlock(Block(IfThen(Greater(S, Number(10)), new Break()), Add(S, X)));
        var loop = (Loop)EarlyExits.Apply(Function(Counted("i", nested, Add(S, Number(1))))).Body.Statements[2];
        // breaking = false; if (s > 10) breaking = true; then a group for the rest of the nested block, and one for the rest of the body.
        var guard = new Unary(UnaryOp.Not, new Var("breaking", IrType.Bool), IrType.Bool);
        Assert.Equal(new[] { IfThen(guard, Add(S, X)), IfThen(guard, Add(S, Number(1))) }, loop.Body.Statements.Skip(2));
    }

    [Fact]
    public void A_foreach_element_declared_in_the_head_starts_the_body_before_the_flags_are_lowered()
    {
        var element = new Declare("v", IrType.Double, new Binary(BinaryOp.Multiply, X, new Convert(new Var("v_index", IrType.Int), IrType.Double), IrType.Double));
        var loop = Counted("v_index", IfThen(Greater(new Var("v", IrType.Double), S), new Break())) with { Head = Block(element) };
        TransformTests.AssertIr("""
            double s = 0.0;
            bool breaking = false;
            for (int v_index = 0; v_index < n && !breaking; v_index++)
            {
                double v = x * (double)v_index;
                breaking = false;
                if (v > s)
                {
                    breaking = true;
                }
            }
            return s;
            """, EarlyExits.Apply(Function(loop)).Body);
    }

    [Fact]
    public void The_flags_have_the_names_lowering_set_aside_or_names_no_other_variable_has()
    {
        var named = Counted("i", IfThen(Greater(S, X), new Break())) with { Exits = new LoopExits(false, "breaking_7", null, null, EquatableArray<string>.Empty) };
        Assert.Equal(new Declare("breaking_7", IrType.Bool, Number(0, IrType.Bool)), EarlyExits.Apply(Function(named)).Body.Statements[1]);
        var unnamed = Counted("i", new Declare("breaking", IrType.Double, X), IfThen(Greater(S, X), new Break()));
        Assert.Equal(new Declare("breaking_2", IrType.Bool, Number(0, IrType.Bool)), EarlyExits.Apply(Function(unnamed)).Body.Statements[1]);
    }

    [Fact]
    public void Structured_code_is_left_as_it_is()
    {
        var loop = Counted("i", IfThen(Greater(S, X), Add(S, X))) with { Condition = Less(S, Number(100)) };
        var function = Function(new Comment("a loop"), loop, IfThen(Greater(S, Number(1)), Return(X)));
        Assert.Same(function, EarlyExits.Apply(function));
    }

    [Fact]
    public void Lowering_keeps_the_ways_out_of_a_loop_as_the_source_has_them_and_names_the_flags_before_the_locals_of_the_body()
    {
        var function = TransformTests.Lowered("ReadOnlySpan<double> x, double t", """
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0) continue;
                        double breaking = x[i] * t;
                        if (breaking > 10) return s * breaking;
                        s += breaking;
                        if (s > 10) break;
                    }
                    return s;
            """);
        var loop = function.Body.Statements.OfType<Loop>().Single();
        Assert.Equal(new LoopExits(false, "breaking", "continuing", "returning", EquatableArray.Of("returned")), loop.Exits);
        var statements = IrWalker.All(loop.Body);
        Assert.Single(statements.OfType<Break>());
        Assert.Single(statements.OfType<Continue>());
        Assert.Single(statements.OfType<Return>());
        TransformTests.AssertIr("""
            // double s = 0;
            double s = 0.0;

            // for (int i = 0; i < x.Length; i++)
            bool returning = false;
            double returned = 0.0;
            bool breaking = false;
            for (int i = 0; i < x.Length && (!breaking && !returning); i++)
            {
                bool continuing = false;
                breaking = false;
                returning = false;

                // if (x[i] < 0)
                if (x[i] < 0.0)
                {
                    // continue;
                    continuing = true;
                }
                if (!(breaking || continuing || returning))
                {
                    // double breaking = x[i] * t;
                    double breaking_2 = x[i] * t;

                    // if (breaking > 10)
                    if (breaking_2 > 10.0)
                    {
                        // return s * breaking;
                        returned = s * breaking_2;
                        returning = true;
                    }
                    if (!(breaking || continuing || returning))
                    {
                        // s += breaking;
                        s += breaking_2;

                        // if (s > 10)
                        if (s > 10.0)
                        {
                            // break;
                            breaking = true;
                        }
                    }
                }
            }
            if (returning)
            {
                return returned;
            }

            // return s;
            return s;
            """, EarlyExits.Apply(function).Body);
    }
}
