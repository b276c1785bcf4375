using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Ir = AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// <see cref="EarlyExits"/> on IR built by hand, and on IR lowered from a method: <c>break</c>, <c>continue</c> and
/// <c>return</c> in loops become flags that guard the statements after them, a <c>for</c> loop's steps and the loop's
/// condition; the result is printed as the emitter writes it.
/// </summary>
public sealed class EarlyExitsTests
{
    private const Ir.IrType Double = Ir.IrType.Double, Int = Ir.IrType.Int, Bool = Ir.IrType.Bool;
    private static readonly Ir.Var X = new("x", Double), S = new("s", Double), N = new("n", Int);

    private static Ir.Block Block(params Ir.Stmt[] statements) => new(EquatableArray.Of(statements));

    private static Ir.Const Number(double value, Ir.IrType type = Double) => new(type, value);

    private static Ir.Expr Greater(Ir.Expr a, Ir.Expr b) => new Ir.Binary(Ir.BinaryOp.Greater, a, b, Bool);

    private static Ir.Expr Less(Ir.Expr a, Ir.Expr b) => new Ir.Binary(Ir.BinaryOp.Less, a, b, Bool);

    private static Ir.Stmt Add(Ir.Var target, Ir.Expr value) => new Ir.Assign(target.Name, new Ir.Binary(Ir.BinaryOp.Add, target, value, target.Type));

    private static Ir.Stmt IfThen(Ir.Expr condition, params Ir.Stmt[] then) => new Ir.If(condition, Block(then), Ir.Block.Empty);

    private static Ir.Stmt Return(Ir.Expr value) => new Ir.Return(EquatableArray.Of(value));

    /// <summary><c>double F(double x, int n) { double s = 0; body; return s; }</c>.</summary>
    private static Ir.Function Function(params Ir.Stmt[] body)
    {
        var parameters = EquatableArray.Of(new Ir.Param("x", Double, Ir.ParamKind.Value, false), new Ir.Param("n", Int, Ir.ParamKind.Value, false));
        var statements = new System.Collections.Generic.List<Ir.Stmt> { new Ir.Declare("s", Double, Number(0)) };
        statements.AddRange(body);
        statements.Add(Return(S));
        return new Ir.Function("F", parameters, EquatableArray.Of(Double), new Ir.Block(statements.ToEquatableArray()));
    }

    private static string Rewritten(Ir.Function function)
    {
        var writer = new IndentedWriter(capacity: 1024);
        CSharpEmitter.Body(writer, EarlyExits.Apply(function).Body);
        return writer.ToString();
    }

    [Fact]
    public void A_break_sets_a_flag_that_guards_the_rest_of_the_iteration_and_ends_the_loop()
    {
        var function = Function(new Ir.Loop("i", Number(0, Int), N, Block(IfThen(Greater(S, Number(10)), new Ir.Break()), Add(S, X))));
        Assert.Equal("""
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

            """, Rewritten(function));
    }

    [Fact]
    public void A_continue_skips_the_rest_of_the_body_but_not_the_steps_which_a_break_skips()
    {
        // The statements after a way out test every flag of the loop; the steps, those that end it.
        // for (; s < 100; x *= 2) { if (x > s) continue; if (s > x) break; s += x; }
        var loop = new Ir.Loop("iteration", Number(0, Int), null, Block(IfThen(Greater(X, S), new Ir.Continue()), IfThen(Greater(S, X), new Ir.Break()), Add(S, X)))
        {
            Condition = Less(S, Number(100)),
            Step = Block(new Ir.Assign("x", new Ir.Binary(Ir.BinaryOp.Multiply, X, Number(2), Double))),
        };
        Assert.Equal("""
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

            """, Rewritten(function: Function(loop)));
    }

    [Fact]
    public void A_return_in_nested_loops_keeps_its_value_sets_one_flag_for_both_and_returns_after_the_outer_loop()
    {
        var inner = new Ir.Loop("i", Number(0, Int), N, Block(IfThen(Greater(S, X), Return(new Ir.Binary(Ir.BinaryOp.Multiply, S, X, Double))), Add(S, Number(1))));
        var function = Function(new Ir.Loop("k", Number(0, Int), N, Block(inner, Add(S, X))));
        Assert.Equal("""
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

            """, Rewritten(function));
    }

    [Fact]
    public void A_loop_that_only_a_return_ends_is_followed_by_the_return_itself()
    {
        var loop = new Ir.Loop("iteration", Number(0, Int), null, Block(Add(S, X), IfThen(Greater(S, Number(10)), Return(S))))
        {
            Condition = Number(1, Bool),
            Exits = new Ir.LoopExits(OnlyByReturn: true, null, null, null, EquatableArray<string>.Empty),
        };
        var function = new Ir.Function("F", EquatableArray.Of(new Ir.Param("x", Double, Ir.ParamKind.Value, false)), EquatableArray.Of(Double),
            Block(new Ir.Declare("s", Double, Number(0)), loop));
        Assert.Equal("""
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

            """, Rewritten(function));
    }

    [Fact]
    public void The_statements_after_a_way_out_are_guarded_in_one_group_for_the_rest_of_each_block_of_the_source()
    {
        // for (…) { { if (s > 10) break; s += x; } s += 1; }
        var nested = new Ir.NestedBlock(Block(IfThen(Greater(S, Number(10)), new Ir.Break()), Add(S, X)));
        var function = Function(new Ir.Loop("i", Number(0, Int), N, Block(nested, Add(S, Number(1)))));
        var loop = (Ir.Loop)EarlyExits.Apply(function).Body.Statements[2];
        // breaking = false; if (s > 10) breaking = true; then a group for the rest of the nested block, and one for the rest of the body.
        var guard = new Ir.Unary(Ir.UnaryOp.Not, new Ir.Var("breaking", Bool), Bool);
        Assert.Equal(new[] { IfThen(guard, Add(S, X)), IfThen(guard, Add(S, Number(1))) }, loop.Body.Statements.Skip(2));
    }

    [Fact]
    public void A_foreach_element_declared_in_the_head_starts_the_body_before_the_flags_are_lowered()
    {
        var element = new Ir.Declare("v", Double, new Ir.Binary(Ir.BinaryOp.Multiply, X, new Ir.Convert(new Ir.Var("v_index", Int), Double), Double));
        var loop = new Ir.Loop("v_index", Number(0, Int), N, Block(IfThen(Greater(new Ir.Var("v", Double), S), new Ir.Break())))
        {
            Head = Block(element),
        };
        Assert.Equal("""
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

            """, Rewritten(Function(loop)));
    }

    [Fact]
    public void The_flags_have_the_names_lowering_set_aside_or_names_no_other_variable_has()
    {
        var named = new Ir.Loop("i", Number(0, Int), N, Block(IfThen(Greater(S, X), new Ir.Break())))
        {
            Exits = new Ir.LoopExits(false, "breaking_7", null, null, EquatableArray<string>.Empty),
        };
        Assert.Contains("bool breaking_7 = false;", Rewritten(Function(named)));
        var unnamed = new Ir.Loop("i", Number(0, Int), N, Block(new Ir.Declare("breaking", Double, X), IfThen(Greater(S, X), new Ir.Break())));
        Assert.Contains("bool breaking_2 = false;", Rewritten(Function(unnamed)));
    }

    [Fact]
    public void Structured_code_is_left_as_it_is()
    {
        var loop = new Ir.Loop("i", Number(0, Int), N, Block(IfThen(Greater(S, X), Add(S, X)))) { Condition = Less(S, Number(100)) };
        var function = Function(new Ir.Comment("a loop"), loop, IfThen(Greater(S, Number(1)), Return(X)));
        Assert.Equal(function, EarlyExits.Apply(function));
    }

    /// <summary>The IR lowered from the one method of <paramref name="members"/> (in <c>class C</c>), which lowers without a diagnostic.</summary>
    private static Ir.Function Lowered(string members)
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.InClass(members));
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var syntax = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        var lowered = MethodAnalysis.Analyze(syntax, model.GetDeclaredSymbol(syntax)!, model, CancellationToken.None);
        Assert.Empty(lowered.Diagnostics);
        return lowered.Model.Ir!;
    }

    [Fact]
    public void Lowering_keeps_the_ways_out_of_a_loop_as_the_source_has_them_and_names_the_flags_before_the_locals_of_the_body()
    {
        var function = Lowered("""
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, double t)
            {
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
            }
            """);
        var loop = function.Body.Statements.OfType<Ir.Loop>().Single();
        Assert.Equal(new Ir.LoopExits(false, "breaking", "continuing", "returning", EquatableArray.Of("returned")), loop.Exits);
        var statements = Ir.IrWalker.All(loop.Body);
        Assert.Single(statements.OfType<Ir.Break>());
        Assert.Single(statements.OfType<Ir.Continue>());
        Assert.Single(statements.OfType<Ir.Return>());
        Assert.Equal("""
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

            """, Rewritten(function));
    }
}
