using System;
using System.Collections.Generic;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// A generator bug the random programs found (or were told about) that is not fixed on this branch yet, with the smallest
/// program that shows it: <see cref="Program"/> defines <c>[Differentiable] static double F(double x)</c> in a class
/// <c>C</c>, whose first and second derivatives at <see cref="At"/> are <see cref="Derivative"/> and <see cref="SecondDerivative"/>.
/// </summary>
/// <param name="Open">Whether the bug is still there: the random programs then avoid what shows it (see <see cref="KnownGeneratorBugs.Restrict"/>).</param>
/// <param name="Description">One line: what goes wrong.</param>
internal sealed record KnownBug(bool Open, string Description, string Program, double At, double Derivative, double SecondDerivative);

/// <summary>
/// The generator bugs <see cref="RandomProgramTests"/> know about. While one is <see cref="KnownBug.Open"/>, the random
/// programs leave out the construct that shows it (or, for <see cref="ZeroTimesInfinitePartial"/> and
/// <see cref="NonFiniteDerivativeOfArgumentDropped"/>, do not compare derivatives at the points where the oracle met what
/// shows it), and the run says how many points that concerned.
/// <see cref="KnownGeneratorBugTests"/> fails as soon as an open bug's program comes out right (then set
/// <see cref="KnownBug.Open"/> to false: one line each) or a fixed one's comes out wrong.
/// </summary>
internal static class KnownGeneratorBugs
{
    public static readonly KnownBug ActiveArgumentOfNoDerivativeParameter = new(
        Open: false,
        "An active value passed to a [NoDerivative] parameter of another [Differentiable] method loses its derivative.",
        """
        [Differentiable] public static double G(double p, [NoDerivative] double q) => p * q;
        [Differentiable] public static double F(double x) => G(x, x);
        """,
        At: 1.5, Derivative: 3, SecondDerivative: 2);

    public static readonly KnownBug NamedTupleElements = new(
        Open: false,
        "An element of a named tuple returned by a call (.w, .Item2) is NaN and its derivative 0.",
        """
        [Differentiable] public static (double u, double w) G(double p) => (p * p, 3 * p);
        [Differentiable] public static double F(double x) => G(x).w;
        """,
        At: 1.5, Derivative: 3, SecondDerivative: 0);

    public static readonly KnownBug RefLocals = new(
        Open: false,
        "A ref local is differentiated as a copy: writes through it do not reach the derivative of its target.",
        "[Differentiable] public static double F(double x) { double t = x; ref double r = ref t; r *= x; return t; }",
        At: 1.5, Derivative: 3, SecondDerivative: 2);

    public static readonly KnownBug VariableIntegerExponent = new(
        Open: false,
        "Math.Pow(x, n) with an int variable n that is 0 has derivative NaN at x = 0 (0·0^-1).",
        "[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 2; i++) s += Math.Pow(x, i); return s; }",
        At: 0, Derivative: 1, SecondDerivative: 0);

    public static readonly KnownBug ZeroTimesInfinitePartial = new(
        Open: false,
        "A zero adjoint or tangent times an infinite or NaN partial (a branch not taken) gives NaN instead of 0.",
        "[Differentiable] public static double F(double x) => Math.Sqrt(Math.Max(x, 0));",
        At: -1, Derivative: 0, SecondDerivative: 0);

    public static readonly KnownBug GenericMathNames = new(
        Open: false,
        "double.Sin, double.Exp, float.Sqrt, … (the generic-math spellings of Math functions) are rejected with ADG0201.",
        "[Differentiable] public static double F(double x) => double.Sin(x);",
        At: 0.5, Derivative: 0.87758256189037276, SecondDerivative: -0.47942553860420301);

    public static readonly KnownBug FromEndIndices = new(
        Open: false,
        "An index from the end (u[^1]) is rejected with ADG0101.",
        "[Differentiable] public static double F(double x) { var u = new[] { x, x * x }; return u[^1]; }",
        At: 1.5, Derivative: 3, SecondDerivative: 2);

    public static readonly KnownBug RepeatedArguments = new(
        Open: false,
        "One variable passed to two parameters of a call: PullbackPushforward keeps one parameter's adjoint, so second derivatives through the call are wrong.",
        """
        [Differentiable] public static double G(double p, double q) => p * q;
        [Differentiable] public static double F(double x) => G(x, x);
        """,
        At: 1.5, Derivative: 3, SecondDerivative: 2);

    public static readonly KnownBug SignedZeros = new(
        Open: false,
        "Simplification drops the sign of a zero (x * 0.0, 0.0 * x, 0.0 - x, x + 0.0): the generated members' Math.Atan2(x * 0.0, -1) is π where F's is -π (x < 0).",
        "[Differentiable] public static double F(double x) => Math.Atan2(x * 0.0, -1.0) + x;",
        At: -1, Derivative: 1, SecondDerivative: 0);

    public static readonly KnownBug NonFiniteDerivativeOfArgumentDropped = new(
        Open: false,
        "Max, Min and Clamp multiply the derivative of an argument they do not return by 0, and Floor, Round, … their argument's: an infinite or NaN one (√ at 0, an overflow) makes the result NaN.",
        "[Differentiable] public static double F(double x) => Math.Max(x, Math.Sqrt(1 - x));",
        At: 1, Derivative: 1, SecondDerivative: 0);

    public static readonly KnownBug LoopTapeMarks = new(
        Open: false,
        "A loop whose backward loop the reverse sweep leaves out (its buffer writes are dead, or carry no adjoint) still pushes undo-log marks on the tape, and an earlier loop's backward sweep pops them as its own: the pullback restores the wrong buffer contents (a wrong derivative) or indexes out of range.",
        """
        [Differentiable] public static double F(double x)
        {
            var y = new[] { 0.5 };
            var u = new[] { 0.5 };
            foreach (var v in u) y[0] *= x;
            for (int i = 0; i < 2; i++) u[0] *= x;
            return y[0];
        }
        """,
        At: 1.5, Derivative: 0.5, SecondDerivative: 0);

    public static readonly KnownBug ArrayAfterEarlyReturn = new(
        Open: false,
        "A local array declared after an early return (new double[k] or stackalloc, at the top level or in a block): its adjoint buffer is never declared, so the reverse-mode members do not compile (CS0103: 'v_bar' does not exist), or the generator throws (ADG0901: an item with the same key has already been added) when an array in the branch that returns comes before it.",
        """
        [Differentiable] public static double F(double x)
        {
            if (x > 1) return x;
            double[] v = new double[1];
            v[0] = x * x;
            return v[0];
        }
        """,
        At: 0.5, Derivative: 1, SecondDerivative: 2);

    public static IReadOnlyList<(string Name, KnownBug Bug)> All { get; } = new[]
    {
        (nameof(ActiveArgumentOfNoDerivativeParameter), ActiveArgumentOfNoDerivativeParameter),
        (nameof(NamedTupleElements), NamedTupleElements),
        (nameof(RefLocals), RefLocals),
        (nameof(VariableIntegerExponent), VariableIntegerExponent),
        (nameof(ZeroTimesInfinitePartial), ZeroTimesInfinitePartial),
        (nameof(GenericMathNames), GenericMathNames),
        (nameof(FromEndIndices), FromEndIndices),
        (nameof(RepeatedArguments), RepeatedArguments),
        (nameof(SignedZeros), SignedZeros),
        (nameof(NonFiniteDerivativeOfArgumentDropped), NonFiniteDerivativeOfArgumentDropped),
        (nameof(LoopTapeMarks), LoopTapeMarks),
        (nameof(ArrayAfterEarlyReturn), ArrayAfterEarlyReturn),
    };

    /// <summary><paramref name="constructs"/> without those of the open bugs.</summary>
    public static Constructs Restrict(Constructs constructs) => constructs with
    {
        ActiveNoDerivativeArguments = constructs.ActiveNoDerivativeArguments && !ActiveArgumentOfNoDerivativeParameter.Open,
        NamedTupleElements = constructs.NamedTupleElements && !NamedTupleElements.Open,
        RefLocals = constructs.RefLocals && !RefLocals.Open,
        VariableIntegerExponents = constructs.VariableIntegerExponents && !VariableIntegerExponent.Open,
        GenericMathNames = constructs.GenericMathNames && !GenericMathNames.Open,
        FromEndIndices = constructs.FromEndIndices && !FromEndIndices.Open,
        RepeatedArguments = constructs.RepeatedArguments && !RepeatedArguments.Open,
        SignedZeros = constructs.SignedZeros && !SignedZeros.Open,
        LoopsWithoutBackwardSweep = constructs.LoopsWithoutBackwardSweep && !LoopTapeMarks.Open,
        ArraysAfterReturns = constructs.ArraysAfterReturns && !ArrayAfterEarlyReturn.Open,
    };
}
