using System;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Quick checks that the generated members exist with the documented shapes and compute the right
/// numbers, by compiling in memory and calling them by reflection. (Thorough gradient checks live in
/// the integration tests.)
/// </summary>
public sealed class BehaviourTests
{
    private const double Tolerance = 1e-12;

    private const string Source = """
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double y) => x * y + Math.Sin(x);

            // Span parameters cannot be passed by reflection: a wrapper with arrays.
            public static double Hessian(double x, double y, double[] gradient, double[] hessian)
                => FHessian(x, y, gradient, hessian);
        }
        """;

    // F = x*y + sin x;  ∂F/∂x = y + cos x, ∂F/∂y = x;  H = [[-sin x, 1], [1, 0]].
    private const double X = 0.7, Y = -1.3;
    private static readonly double Value = X * Y + Math.Sin(X);
    private static readonly double Dx = Y + Math.Cos(X);
    private const double Dy = X;

    [Fact]
    public void Gradient()
    {
        using var assembly = GeneratorHarness.Run(Source).Load();
        var args = new object?[] { X, Y, 0.0, 0.0 };
        var value = (double)assembly.Invoke("Samples.C", "FGradient", args)!;
        Assert.Equal(Value, value, Tolerance);
        Assert.Equal(Dx, (double)args[2]!, Tolerance);
        Assert.Equal(Dy, (double)args[3]!, Tolerance);
    }

    [Fact]
    public void PullbackAccumulatesSeedTimesGradient()
    {
        using var assembly = GeneratorHarness.Run(Source).Load();
        var method = assembly.GetMethod("Samples.C", "FPullback");
        Assert.Equal(typeof(void), method.ReturnType);
        var args = new object?[] { X, Y, 2.5, 10.0, -4.0 };
        assembly.Invoke("Samples.C", "FPullback", args);
        Assert.Equal(10.0 + 2.5 * Dx, (double)args[3]!, Tolerance);
        Assert.Equal(-4.0 + 2.5 * Dy, (double)args[4]!, Tolerance);
    }

    [Fact]
    public void Pushforward()
    {
        using var assembly = GeneratorHarness.Run(Source).Load();
        var args = new object?[] { X, Y, 0.25, -2.0, 0.0 };
        var value = (double)assembly.Invoke("Samples.C", "FPushforward", args)!;
        Assert.Equal(Value, value, Tolerance);
        Assert.Equal(Dx * 0.25 + Dy * -2.0, (double)args[4]!, Tolerance);
    }

    [Fact]
    public void Hessian()
    {
        using var assembly = GeneratorHarness.Run(Source).Load();
        var gradient = new double[2];
        var hessian = new double[4];
        var value = (double)assembly.Invoke("Samples.C", "Hessian", new object?[] { X, Y, gradient, hessian })!;
        Assert.Equal(Value, value, Tolerance);
        Assert.Equal(Dx, gradient[0], Tolerance);
        Assert.Equal(Dy, gradient[1], Tolerance);
        Assert.Equal(-Math.Sin(X), hessian[0], Tolerance);
        Assert.Equal(1.0, hessian[1], Tolerance);
        Assert.Equal(1.0, hessian[2], Tolerance);
        Assert.Equal(0.0, hessian[3], Tolerance);
    }

    [Fact]
    public void HessianVectorProduct()
    {
        using var assembly = GeneratorHarness.Run(Source).Load();
        const double vx = 0.5, vy = 3.0;
        var args = new object?[] { X, Y, vx, vy, 0.0, 0.0 };
        var value = (double)assembly.Invoke("Samples.C", "FHessianVectorProduct", args)!;
        Assert.Equal(Value, value, Tolerance);
        Assert.Equal(-Math.Sin(X) * vx + vy, (double)args[4]!, Tolerance);
        Assert.Equal(vx, (double)args[5]!, Tolerance);
    }

    [Fact]
    public void FloatVersion()
    {
        using var assembly = GeneratorHarness.Run("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static float F(float x, float y) => x * y + MathF.Sin(x);
            }
            """).Load();
        var args = new object?[] { 0.7f, -1.3f, 0f, 0f };
        var value = (float)assembly.Invoke("Samples.C", "FGradient", args)!;
        Assert.Equal(0.7f * -1.3f + MathF.Sin(0.7f), value, 1e-6f);
        Assert.Equal(-1.3f + MathF.Cos(0.7f), (float)args[2]!, 1e-6f);
        Assert.Equal(0.7f, (float)args[3]!, 1e-6f);
    }

    [Fact]
    public void BranchesAndEarlyReturn()
    {
        using var assembly = GeneratorHarness.Run("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = x * y;
                    if (x > 0)
                    {
                        return a * x;
                    }
                    a = a - y;
                    return a * a;
                }
            }
            """).Load();
        // x > 0: F = x²y → (2xy, x²)
        var args = new object?[] { 2.0, 3.0, 0.0, 0.0 };
        Assert.Equal(12.0, (double)assembly.Invoke("Samples.C", "FGradient", args)!, Tolerance);
        Assert.Equal(12.0, (double)args[2]!, Tolerance);
        Assert.Equal(4.0, (double)args[3]!, Tolerance);
        // x ≤ 0: F = (xy − y)² → (2(xy−y)·y, 2(xy−y)·(x−1))
        args = new object?[] { -2.0, 3.0, 0.0, 0.0 };
        Assert.Equal(81.0, (double)assembly.Invoke("Samples.C", "FGradient", args)!, Tolerance);
        Assert.Equal(2 * -9.0 * 3.0, (double)args[2]!, Tolerance);
        Assert.Equal(2 * -9.0 * -3.0, (double)args[3]!, Tolerance);
    }

    [Fact]
    public void TuplePullbackTakesOneSeedPerOutput()
    {
        using var assembly = GeneratorHarness.Run("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static (double, double) F(double x, double y) => (x * y, Math.Sin(x) + y);
            }
            """).Load();
        // J = [[y, x], [cos x, 1]]; Jᵀ·(s1, s2) = (y s1 + cos x s2, x s1 + s2)
        var args = new object?[] { X, Y, 2.0, -1.0, 0.0, 0.0 };
        assembly.Invoke("Samples.C", "FPullback", args);
        Assert.Equal(Y * 2.0 + Math.Cos(X) * -1.0, (double)args[4]!, Tolerance);
        Assert.Equal(X * 2.0 - 1.0, (double)args[5]!, Tolerance);
    }

    [Fact]
    public void CallsBetweenDifferentiableMethodsCompose()
    {
        using var assembly = GeneratorHarness.Run("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double F(double x, double y) => Square(x) * y;
            }
            """).Load();
        var args = new object?[] { 3.0, 2.0, 0.0, 0.0 };
        Assert.Equal(18.0, (double)assembly.Invoke("Samples.C", "FGradient", args)!, Tolerance);
        Assert.Equal(12.0, (double)args[2]!, Tolerance);
        Assert.Equal(9.0, (double)args[3]!, Tolerance);
    }
}
