using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The full generated text for representative methods, compared with the checked-in files in
/// <c>Snapshots/</c>. Set <c>AUTODIFFGEN_UPDATE_SNAPSHOTS=1</c> to rewrite them, then review the diff.
/// Every case also checks that the generated code compiles without errors or warnings.
/// </summary>
public sealed class SnapshotTests
{
    private static void Verify(string name, string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        Snapshot.VerifyGenerated(name, run.GeneratedSources);
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void ScalarDouble()
        => Verify(nameof(ScalarDouble), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * y + Math.Sin(x);
            }
            """);

    [Fact]
    public void StructsAndSpansOfVectors()
        => Verify(nameof(StructsAndSpansOfVectors), """
            using System;
            using System.Numerics;
            using AutoDiffGen;

            namespace Samples;

            public record struct Params(double Rate, double Shift);

            public static partial class C
            {
                [Differentiable]
                public static double Energy(Params p, double x) => p.Rate * x * x + Math.Sin(p.Shift * x);

                [Differentiable]
                public static Params Step(Params p, double h) => p with { Rate = p.Rate + h * p.Shift };

                [Differentiable]
                public static float Chain(ReadOnlySpan<Vector3> positions)
                {
                    float energy = 0;
                    for (int i = 0; i + 1 < positions.Length; i++) energy += Vector3.DistanceSquared(positions[i], positions[i + 1]);
                    return energy;
                }
            }
            """);

    [Fact]
    public void RegisteredStructMembers()
        => Verify(nameof(RegisteredStructMembers), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public readonly record struct Vec(double X, double Y)
            {
                public double Length => Math.Sqrt(X * X + Y * Y);
                public static Vec operator +(Vec a, Vec b) => new(a.X + b.X, a.Y + b.Y);

                [DerivativeOf(typeof(Vec), "op_Addition", DerivativeKind.Pullback)]
                public static void AddPullback(Vec a, Vec b, Vec seed, ref Vec da, ref Vec db) { da = da + seed; db = db + seed; }

                [DerivativeOf(typeof(Vec), "op_Addition", DerivativeKind.Pushforward)]
                public static Vec AddPushforward(Vec a, Vec b, Vec ta, Vec tb, out Vec tangent) { tangent = ta + tb; return a + b; }

                [DerivativeOf(typeof(Vec), nameof(Length), DerivativeKind.Pullback)]
                public static void LengthPullback(Vec self, double seed, ref Vec dself) => dself = dself + new Vec(seed * self.X / self.Length, seed * self.Y / self.Length);

                [DerivativeOf(typeof(Vec), nameof(Length), DerivativeKind.Pushforward)]
                public static double LengthPushforward(Vec self, Vec tself, out double tangent) { tangent = (self.X * tself.X + self.Y * tself.Y) / self.Length; return self.Length; }
            }

            public static partial class C
            {
                [Differentiable]
                public static double Reach(Vec a, Vec b) => (a + b).Length;
            }
            """);

    [Fact]
    public void GenericMethod()
        => Verify(nameof(GenericMethod), """
            using System;
            using System.Numerics;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static T F<T>(T x, T y) where T : IFloatingPointIeee754<T> => x * T.Sin(y) + T.CreateChecked(0.5) * x * x;

                [Differentiable]
                public static float AtFloat(float x) => F(x, 2f);
            }
            """);

    [Fact]
    public void LoopOverSpan()
        => Verify(nameof(LoopOverSpan), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Rosenbrock(ReadOnlySpan<double> x)
                {
                    double f = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        double a = x[i + 1] - x[i] * x[i];
                        double b = 1 - x[i];
                        f += 100 * a * a + b * b;
                    }
                    return f;
                }
            }
            """);

    [Fact]
    public void LoopCarriedState()
        => Verify(nameof(LoopCarriedState), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Series(double x, int n)
                {
                    double term = 1, sum = 0;
                    for (int k = 1; k <= n; k++)
                    {
                        sum += term;
                        term = term * x / k;
                    }
                    return sum;
                }
            }
            """);

    [Fact]
    public void WhileLoopWithShortCircuitCondition()
        => Verify(nameof(WhileLoopWithShortCircuitCondition), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double LeadingProduct(ReadOnlySpan<double> x)
                {
                    int i = 0;
                    double p = 1;
                    while (i < x.Length && x[i] > 0)
                    {
                        p *= x[i];
                        i++;
                    }
                    return p;
                }
            }
            """);

    [Fact]
    public void BreakContinueAndReturnInALoop()
        => Verify(nameof(BreakContinueAndReturnInALoop), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, double t)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0) continue;
                        if (x[i] > t) return s * x[i];
                        s += x[i] * t;
                        if (s > 10) break;
                    }
                    return s;
                }
            }
            """);

    [Fact]
    public void VectorOutputAndJacobian()
        => Verify(nameof(VectorOutputAndJacobian), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static void Polar(double r, double theta, Span<double> xy)
                {
                    xy[0] = r * Math.Cos(theta);
                    xy[1] = r * Math.Sin(theta);
                }
            }
            """);

    [Fact]
    public void ScratchBufferReadBackInALoop()
        => Verify(nameof(ScratchBufferReadBackInALoop), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Smooth(ReadOnlySpan<double> x, int steps)
                {
                    Span<double> u = stackalloc double[x.Length];
                    for (int i = 0; i < x.Length; i++) u[i] = x[i];
                    for (int s = 0; s < steps; s++)
                    {
                        for (int i = 1; i < u.Length; i++) u[i] *= Math.Cos(u[i - 1]);
                    }
                    double sum = 0;
                    for (int i = 0; i < u.Length; i++) sum += u[i] * u[i];
                    return sum;
                }
            }
            """);

    [Fact]
    public void MatricesOfTheSeed()
        => Verify(nameof(MatricesOfTheSeed), """
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static Matrix Linear(Matrix w, Matrix x, Matrix b) => w * x + b;

                [Differentiable]
                public static double Loss(Matrix w, Matrix x, Matrix b, [NoDerivative] Matrix y)
                {
                    var yPred = Linear(w, x, b);
                    return Matrix.Mean(Matrix.Square(y - yPred));
                }
            }
            """);

    [Fact]
    public void ScalarFloat()
        => Verify(nameof(ScalarFloat), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static float F(float x, float y) => x * y + MathF.Sin(x);
            }
            """);

    [Fact]
    public void BlockBodyWithLocalsReassignmentAndBranches()
        => Verify(nameof(BlockBodyWithLocalsReassignmentAndBranches), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = x * y;
                    double b = Math.Exp(a);
                    a = a + b * x;
                    if (x > 0)
                    {
                        return a * Math.Log(y);
                    }
                    else
                    {
                        a = a - y;
                    }
                    return a * a;
                }
            }
            """);

    [Fact]
    public void TupleReturn()
        => Verify(nameof(TupleReturn), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static (double, double) F(double x, double y) => (x * y, Math.Sin(x) + y);
            }
            """);

    [Fact]
    public void CallToAnotherDifferentiableMethod()
        => Verify(nameof(CallToAnotherDifferentiableMethod), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double F(double x, double y) => Square(x) * y + Square(Math.Cos(y));
            }
            """);

    [Fact]
    public void BlockScopedNamespace()
        => Verify(nameof(BlockScopedNamespace), """
            using System;
            using AutoDiffGen;

            namespace Outer.Inner
            {
                internal partial class C
                {
                    [Differentiable]
                    internal static double F(double x) => Math.Exp(x) / x;
                }
            }
            """);

    [Fact]
    public void NestedPartialTypes()
        => Verify(nameof(NestedPartialTypes), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class Outer
            {
                internal partial struct Middle
                {
                    public partial record Inner
                    {
                        [Differentiable]
                        public static double F(double x, [NoDerivative] double scale) => scale * x * x * x;
                    }
                }
            }
            """);

    [Fact]
    public void GlobalNamespace()
        => Verify(nameof(GlobalNamespace), """
            using System;
            using AutoDiffGen;

            partial class C
            {
                [Differentiable]
                static double F(double x) => Math.Sqrt(x * x + 1.5);
            }
            """);
}
