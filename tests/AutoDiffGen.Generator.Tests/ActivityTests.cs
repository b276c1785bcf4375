using System.Collections.Generic;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Transforms;
using Xunit;
using Ir = AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Activity analysis keeps its last answer for the same body (the derivatives of one method ask it several times):
/// another question about that body, or the same question about another body, must get its own answer.
/// </summary>
public sealed class ActivityTests
{
    // a = x * 2; b = y * 3; return (a, b)
    private static readonly Ir.Block Body = new(EquatableArray.Of<Ir.Stmt>(
        new Ir.Declare("a", Ir.IrType.Double, new Ir.Binary(Ir.BinaryOp.Multiply, new Ir.Var("x", Ir.IrType.Double), new Ir.Const(Ir.IrType.Double, 2), Ir.IrType.Double)),
        new Ir.Declare("b", Ir.IrType.Double, new Ir.Binary(Ir.BinaryOp.Multiply, new Ir.Var("y", Ir.IrType.Double), new Ir.Const(Ir.IrType.Double, 3), Ir.IrType.Double)),
        new Ir.Return(EquatableArray.Of<Ir.Expr>(new Ir.Var("a", Ir.IrType.Double), new Ir.Var("b", Ir.IrType.Double)))));

    private static readonly Dictionary<string, Ir.IrType> Types = new()
    {
        ["x"] = Ir.IrType.Double, ["y"] = Ir.IrType.Double, ["a"] = Ir.IrType.Double, ["b"] = Ir.IrType.Double,
    };

    [Fact]
    public void The_same_question_twice_gets_the_same_answer_and_a_copy_the_caller_may_change()
    {
        var first = Activity.Analyze(Body, new[] { "x" }, new[] { "a", "b" }, Types);
        first.Add("changed by the caller");
        var second = Activity.Analyze(Body, new[] { "x" }, new[] { "b", "a" }, new Dictionary<string, Ir.IrType>(Types));
        Assert.Equal(new[] { "a", "x" }, Sorted(second));
    }

    [Fact]
    public void Other_inputs_other_outputs_or_another_body_get_their_own_answer()
    {
        Assert.Equal(new[] { "a", "x" }, Sorted(Activity.Analyze(Body, new[] { "x" }, new[] { "a", "b" }, Types)));
        Assert.Equal(new[] { "b", "y" }, Sorted(Activity.Analyze(Body, new[] { "y" }, new[] { "a", "b" }, Types)));
        Assert.Empty(Activity.Analyze(Body, new[] { "y" }, new[] { "a" }, Types));
        // An equal body that is another object (the memo compares bodies by reference): answered afresh, the same.
        var copy = new Ir.Block(EquatableArray.Of(Body.Statements[1], Body.Statements[0], Body.Statements[2]));
        Assert.Equal(new[] { "b", "y" }, Sorted(Activity.Analyze(copy, new[] { "y" }, new[] { "b" }, Types)));
        // The same question with types that say a is an int: a is not active (x still is: a reads it).
        Assert.Equal(new[] { "a", "x" }, Sorted(Activity.Analyze(Body, new[] { "x" }, new[] { "a" }, Types)));
        var intA = new Dictionary<string, Ir.IrType>(Types) { ["a"] = Ir.IrType.Int };
        Assert.Equal(new[] { "x" }, Sorted(Activity.Analyze(Body, new[] { "x" }, new[] { "a" }, intA)));
    }

    private static string[] Sorted(HashSet<string> names)
    {
        var list = new List<string>(names);
        list.Sort(System.StringComparer.Ordinal);
        return list.ToArray();
    }
}
