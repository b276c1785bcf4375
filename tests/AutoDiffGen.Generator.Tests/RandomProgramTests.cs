using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Property-based tests: random [Differentiable] programs (<see cref="RandomProgramGen"/>) are compiled in memory through
/// the generator, a few hundred per compilation, loaded, and every generated member is checked at random points and at
/// special ones (0, ±1, the constants the program compares with and clamps to, all inputs equal, large magnitudes)
/// against the oracle: the same program evaluated over <see cref="HyperDual{T}"/> numbers, which gives the gradient,
/// directional derivatives and Hessian-vector products exactly up to rounding, without the generator:
/// <list type="number">
/// <item>each member's value (F, or the y it writes) against F's, and F's against the oracle's;</item>
/// <item>Gradient, Pullback (with a seed, adding into adjoints that are not zero, twice) and Pushforward, or for
/// vector-valued programs Pushforward, Pullback (which leaves its seed as it was) and Jacobian, against the oracle;</item>
/// <item>HessianVectorProduct, Hessian and (scalar parameters) PullbackPushforward against the oracle, and the Hessian
/// symmetric;</item>
/// <item>the dot-product test ⟨Pushforward(v), w⟩ = ⟨v, Pullback(w)⟩ between the generated members (Gradient for w = 1);</item>
/// <item>for double programs at the random points, the gradient (or Jacobian) and Hessian-vector products against central
/// finite differences with Richardson extrapolation, where those of two step sizes agree (else the comparison is skipped:
/// a branch or a loop count switched nearby; a run fails when more than <see cref="MaxSkippedFraction"/> are skipped).</item>
/// </list>
/// A generated derivative may differ from the oracle's by rounding relative to the magnitude of the terms it sums (which
/// the oracle tracks, <see cref="HyperDual{T}.M1"/>): 1e-9 of it in double programs, 1e-3 in float ones (a float partial
/// near 0, cos(55) say, is the more sensitive to the rounding of its argument). Where the oracle's
/// derivative is infinite or NaN (√x at 0, Atan2 at the origin) there is nothing to compare with, and the comparison is
/// counted as undefined instead.
/// </summary>
/// <remarks>
/// <para>
/// Each test checks a fixed number of programs of one <see cref="ProgramKind"/>, from seeds drawn from a fixed master
/// seed, so a run is deterministic. Set <c>AUTODIFFGEN_PROPERTY_ITERATIONS</c> to a number of programs per test for a
/// run of that length from a random master seed.
/// </para>
/// <para>
/// When programs fail, the run lists each with its seed, then CsCheck shrinks the first: starting from its seed it
/// generates more cases, compiles each alone and keeps the smallest one that still fails. The failure message gives
/// that case's seed, its C# source and its points, and then the same program taken apart by <see cref="ProgramShrinker"/>
/// at the one point where it fails; setting the environment variable <c>CsCheck_Seed</c> to a seed reruns exactly that
/// case (in the test of its kind), and shrinks it if it fails.
/// </para>
/// <para>
/// A failure in the generator itself (an exception, an error diagnostic, code that does not compile or generated code
/// that warns) fails the same way, with the program printed.
/// </para>
/// <para>
/// Constructs that show an open bug of <see cref="KnownGeneratorBugs"/> are left out of the programs (see
/// <see cref="Constructs.Current"/>), and derivatives are not compared at the points where the oracle meets what shows
/// the open bugs about infinite and NaN partials, so that the tests stay green until the bug is fixed and keep checking
/// the rest; the run reports how many points that was.
/// </para>
/// <para>
/// <c>AUTODIFFGEN_SHRINK_ITERATIONS=0</c> reports the first failure at once, without shrinking it.
/// </para>
/// </remarks>
public sealed class RandomProgramTests
{
    /// <summary>Cases CsCheck draws while shrinking a failure; only those smaller than the smallest failure so far are compiled.</summary>
    private const int DefaultShrinkIterations = 2000;

    private const string IterationsVariable = "AUTODIFFGEN_PROPERTY_ITERATIONS";

    /// <summary>Set to 0 to see a failure at once, without shrinking it (which compiles hundreds of programs).</summary>
    private const string ShrinkVariable = "AUTODIFFGEN_SHRINK_ITERATIONS";

    /// <summary>How long <see cref="ProgramShrinker"/> may take a failing program apart after CsCheck has shrunk it.</summary>
    private static readonly TimeSpan ShrinkTime = TimeSpan.FromMinutes(3);

    /// <summary>The master seed of the default run (any fixed numbers do).</summary>
    private const uint MasterStream = 17;
    private const ulong MasterSeed = 20_240_611;

    /// <summary>Programs per compilation: enough that the compilation's fixed cost does not count, few enough to keep two in memory.</summary>
    private const int BatchSize = 250;

    private const int RandomPoints = 3;
    private const int SpecialPoints = 4;
    private const int MaxArrayLength = 4;
    private const int MaxOutputLength = 4;

    /// <summary>A derivative member's value (F, or y) against F itself, in double and in float programs.</summary>
    private const double ValueTolerance = 1e-12, FloatValueTolerance = 1e-5;

    /// <summary>
    /// A generated derivative against the oracle's, or against another generated one, relative to the magnitude of the
    /// terms it sums (see <see cref="HyperDual{T}.M1"/>): the same sum, rounded in another order.
    /// </summary>
    private const double OracleTolerance = 1e-9, FloatOracleTolerance = 1e-3;

    /// <summary>A derivative against Richardson-extrapolated central differences, and those of two step sizes against each other.</summary>
    private const double FiniteDifferenceTolerance = 1e-6;

    private const double FiniteDifferenceStep = 1e-3;

    /// <summary>The largest share of finite-difference comparisons skipped because the two step sizes disagree (a branch or loop count switched).</summary>
    private const double MaxSkippedFraction = 0.05;

    private readonly ITestOutputHelper output;

    public RandomProgramTests(ITestOutputHelper output) => this.output = output;

    // The default number of programs of each test: over 10,000 in all (see the README for the time they take).

    /// <summary><c>double F(double[] x, double a, int n)</c> (or a span x).</summary>
    [Fact]
    public void RandomProgramsOfAnArrayAndAScalar() => Run(ProgramKind.ArrayToScalar, defaultPrograms: 3400);

    /// <summary><c>double F(double a, …, int n)</c>.</summary>
    [Fact]
    public void RandomProgramsOfScalars() => Run(ProgramKind.ScalarToScalar, defaultPrograms: 3300);

    /// <summary><c>void F(double[] x, double a, int n, double[] y)</c> (or spans).</summary>
    [Fact]
    public void RandomVectorValuedPrograms() => Run(ProgramKind.ArrayToVector, defaultPrograms: 3300);

    // ============================================================================================ running

    /// <summary>
    /// Checks programs of <paramref name="kind"/>: each from its own seed, in batches compiled in parallel; on a failure,
    /// the first failing seed (in seed order, so the outcome does not depend on scheduling) is shrunk by CsCheck, which
    /// throws with the smallest failing case.
    /// </summary>
    private void Run(ProgramKind kind, int defaultPrograms)
    {
        var stopwatch = Stopwatch.StartNew();
        var constructs = Constructs.Current;
        var gen = Cases(kind);
        var tally = new Tally();
        string Print(RandomCase c) => Describe(c, constructs);

        if (Environment.GetEnvironmentVariable("CsCheck_Seed") is { Length: > 0 } seed)
        {
            // Reproducing one case: CsCheck reads the seed from the environment; a failure is shrunk as in a whole run.
            output.WriteLine($"Checking the case of CsCheck_Seed={seed}.");
            try
            {
                gen.Sample(c => CheckAlone(c, constructs, tally), iter: 1, threads: 1, print: Print);
                return;
            }
            catch (Exception e) when (ShrinkIterations() > 0)
            {
                output.WriteLine($"It fails; shrinking it:\n{e.Message}");
            }

            Shrink(gen, null, constructs);
        }

        int? requested = RequestedPrograms();
        int programs = requested ?? defaultPrograms;
        var master = requested is null ? new PCG(MasterStream, MasterSeed + (ulong)kind) : new PCG(MasterStream);
        output.WriteLine($"{kind}: {programs} programs from master seed {master}; constructs: {constructs}.");
        var seeds = Enumerable.Range(0, programs).Select(_ => new PCG(MasterStream, master.Next64()).ToString()).ToArray();

        var failures = new string?[programs];
        var batches = Enumerable.Range(0, (programs + BatchSize - 1) / BatchSize).ToArray();
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
        {
            int first = b * BatchSize, count = Math.Min(BatchSize, programs - first);
            var cases = new RandomCase[count];
            for (int i = 0; i < count; i++)
            {
                // With a seed and one iteration, CsCheck hands out exactly the case of that seed.
                int index = i;
                gen.Sample(c => { cases[index] = c; }, seed: seeds[first + i], iter: 1, threads: 1);
            }

            var compileTime = Stopwatch.StartNew();
            using var batch = RandomProgramBatch.Compile(cases.Select((c, i) => ProgramPrinter.BatchSource(c.Program, constructs, RandomProgramBatch.Id(i))).ToArray());
            tally.AddTimes(compileTime.Elapsed, batch.GeneratorTime, batch.EmitTime);
            for (int i = 0; i < count; i++)
            {
                try
                {
                    if (batch.Failures[i] is { } failure) throw new XunitException(failure);
                    Check(batch, i, cases[i], tally);
                    tally.CountSpanCalls(ProgramPrinter.SpanCalls(cases[i].Program, constructs));
                    tally.CountLocalViews(ProgramPrinter.LocalViewsAndBuffers(cases[i].Program, constructs));
                    tally.CountStructs(ProgramPrinter.Structs(cases[i].Program, constructs));
                }
                catch (Exception e)
                {
                    failures[first + i] = e.Message;
                }
            }
        });

        int failed = Array.FindIndex(failures, e => e is not null);
        if (failed >= 0)
        {
            output.WriteLine($"{failures.Count(e => e is not null)} of {programs} programs failed (CsCheck_Seed=<seed> reruns one):");
            for (int i = 0; i < programs; i++)
            {
                if (failures[i] is { } e) output.WriteLine($"  seed {seeds[i]}: {FirstLine(e)}");
            }

            string first = $"seed {seeds[failed]}, which failed with:\n{failures[failed]}\n{Print(gen.Single(_ => true, seeds[failed]))}";
            if (ShrinkIterations() == 0) throw new XunitException("The first failure: " + first);
            output.WriteLine("Shrinking the first: " + first);
            Shrink(gen, seeds[failed], constructs);
        }

        output.WriteLine(
            $"Passed in {stopwatch.Elapsed.TotalSeconds:0.0} s; summed over the batches, {tally.CompileSeconds:0.0} s compiling " +
            $"({tally.GeneratorSeconds:0.0} s in the generator, {tally.EmitSeconds:0.0} s emitting).");
        output.WriteLine(tally.Summary());
        // One program in four is generic: a run of 40 or more without one would not have checked generic methods at all.
        Assert.True(tally.Programs < 40 || tally.GenericPrograms > 0, $"None of the {tally.Programs} programs was generic in T.");
        Assert.True(
            tally.FiniteDifferenceSkipped <= MaxSkippedFraction * tally.FiniteDifferenceCompared,
            $"{tally.FiniteDifferenceSkipped} of {tally.FiniteDifferenceCompared} finite-difference comparisons were skipped (more than {MaxSkippedFraction:P0}): " +
            "the random programs are too rough for the derivative checks to mean much. The roughest:\n" +
            (tally.Roughest is { } roughest ? Print(roughest) : ""));
    }

    /// <summary>
    /// Shrinks the failing case of <paramref name="seed"/> (of <c>CsCheck_Seed</c> when null) and throws with the result:
    /// first CsCheck draws cases from the seed and keeps the smallest that fails (it reports that one's seed), then
    /// <see cref="ProgramShrinker"/> takes its program apart, at the one point where it fails.
    /// </summary>
    private static void Shrink(Gen<RandomCase> gen, string? seed, Constructs constructs)
    {
        RandomCase? smallest = null;
        string Print(RandomCase c)
        {
            smallest = c;
            return Describe(c, constructs);
        }

        try
        {
            // CsCheck checks the seed's case first, then draws cases and checks those smaller than the smallest failure.
            gen.Sample(c => CheckAlone(c, constructs, new Tally()), seed: seed, iter: ShrinkIterations(), print: Print);
        }
        catch (Exception e) when (smallest is { } c)
        {
            throw new XunitException(e.Message + "\n\n" + TakeApart(c, constructs));
        }

        throw new XunitException("The failure did not reproduce while shrinking.");
    }

    /// <summary>The failure of <paramref name="c"/> at the first point where it fails, with its program taken apart by <see cref="ProgramShrinker"/>.</summary>
    private static string TakeApart(RandomCase c, Constructs constructs)
    {
        string? Failure(RandomCase x)
        {
            try
            {
                CheckAlone(x, constructs, new Tally());
                return null;
            }
            catch (Exception e)
            {
                return e.Message;
            }
        }

        if (Failure(c) is not { } failure) return "(It passes when checked again.)";
        foreach (var single in c.Points.Select(z => c with { Points = new[] { z }, SpecialPoints = Array.Empty<double[]>() })
            .Concat(c.SpecialPoints.Select(z => c with { Points = Array.Empty<double[]>(), SpecialPoints = new[] { z } })))
        {
            if (Failure(single) is { } f && ProgramShrinker.Kind(f) == ProgramShrinker.Kind(failure))
            {
                (c, failure) = (single, f);
                break;
            }
        }

        var (program, shrunk, steps) = ProgramShrinker.Shrink(c.Program, failure, p => Failure(c.With(p)), ShrinkTime);
        return $"Taken apart in {steps} steps, at one point, it still fails:\n{FirstLine(shrunk)}\n{Describe(c.With(program), constructs)}";
    }

    /// <summary>Compiles <paramref name="c"/>'s program alone and checks it (reproducing and shrinking a failure).</summary>
    private static void CheckAlone(RandomCase c, Constructs constructs, Tally tally)
    {
        using var batch = RandomProgramBatch.Compile(new[] { ProgramPrinter.BatchSource(c.Program, constructs, RandomProgramBatch.Id(0)) });
        if (batch.Failures[0] is { } failure) throw new XunitException(failure);
        Check(batch, 0, c, tally);
    }

    private static void Check(RandomProgramBatch batch, int index, RandomCase c, Tally tally)
    {
        tally.CountProgram(c);
        if (c.Program.Kind == ProgramKind.ArrayToVector)
        {
            var p = batch.Program<IRandomVectorProgram>(index);
            p.N = c.N;
            CheckVectorFunction(p, c, tally);
        }
        else
        {
            var p = batch.Program<IRandomScalarProgram>(index);
            p.N = c.N;
            CheckScalarFunction(p, c, tally);
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static int ShrinkIterations()
        => int.TryParse(Environment.GetEnvironmentVariable(ShrinkVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0
            ? n
            : DefaultShrinkIterations;

    private static int? RequestedPrograms()
    {
        string? text = Environment.GetEnvironmentVariable(IterationsVariable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new InvalidOperationException($"{IterationsVariable} must be a positive number of programs, not '{text}'.");
    }

    // ============================================================================================ cases

    /// <summary>
    /// A program with the points to check it at and what its members are called with: the length of x and y, F's n, the
    /// direction v of pushforwards and Hessian-vector products, the seed and tangent seed of pullbacks, the adjoints they
    /// add into, and the weights w of a vector pullback.
    /// </summary>
    private sealed record RandomCase(
        RandomProgram Program,
        int ArrayLength,
        int OutputLength,
        int N,
        double[][] Points,
        double[][] SpecialPoints,
        double[] Direction,
        double Seed,
        double TangentSeed,
        double[] Adjoint,
        double[] TangentAdjoint,
        double[] Weights)
    {
        public int InputCount => Program.InputCount(ArrayLength);

        /// <summary>This case with another program (which may have fewer scalar parameters: the inputs are cut to its count).</summary>
        public RandomCase With(RandomProgram program)
        {
            int n = program.InputCount(ArrayLength);
            double[] Cut(double[] values) => values[..Math.Min(n, values.Length)];
            return this with
            {
                Program = program,
                Points = Points.Select(Cut).ToArray(),
                SpecialPoints = SpecialPoints.Select(Cut).ToArray(),
                Direction = Cut(Direction),
                Adjoint = Cut(Adjoint),
                TangentAdjoint = Cut(TangentAdjoint),
            };
        }
    }

    /// <summary>A program, then its shapes and points (so that shrinking simplifies the program first).</summary>
    private static Gen<RandomCase> Cases(ProgramKind kind)
    {
        int maxInputs = kind == ProgramKind.ScalarToScalar ? RandomProgram.ScalarNames.Length : MaxArrayLength + 1;
        var hundredths = Gen.Int[-99, 99];
        var coordinates = hundredths.Array[maxInputs].Select(Coordinates);
        var special = Gen.Select(Gen.Int[0, 99].Array[maxInputs], Gen.Bool, (indices, same) => (indices, same));
        return RandomProgramGen.For(kind).SelectMany(program =>
        {
            var values = SpecialValues(program);
            return Gen.Select(
                Gen.Int[1, MaxArrayLength],
                Gen.Int[1, MaxOutputLength],
                Gen.Int[0, 3],
                coordinates.Array[RandomPoints],
                special.Array[SpecialPoints],
                coordinates,
                hundredths,
                hundredths,
                coordinates,
                coordinates,
                hundredths.Array[MaxOutputLength].Select(Coordinates),
                (length, m, n, points, specials, direction, seed, tangentSeed, adjoint, tangentAdjoint, weights) =>
                {
                    int inputs = program.InputCount(length);
                    // A float program gets numbers that are floats, so that what it computes and what is expected start alike.
                    bool isFloat = program.Precision == Precision.Float;
                    double Round(double value) => isFloat ? (float)value : value;
                    double[] Take(double[] values, int count) => values[..count].Select(Round).ToArray();
                    double[] Special((int[] Indices, bool Same) s)
                        => Enumerable.Range(0, inputs).Select(i => Round(values[s.Indices[s.Same ? 0 : i] % values.Length])).ToArray();
                    return new RandomCase(
                        program, length, m, n, points.Select(p => Take(p, inputs)).ToArray(), specials.Select(Special).ToArray(),
                        Take(direction, inputs), Round(seed / 50.0 + 0.01), Round(tangentSeed / 50.0 - 0.01),
                        Take(adjoint, inputs), Take(tangentAdjoint, inputs), Take(weights, m));
                });
        });
    }

    /// <summary>
    /// Numbers in (-1, 1) from hundredths, each off the grid by a different amount: never exactly on a threshold of
    /// the programs (tenths), nor equal to another coordinate, nor to a sum or difference of two (the offsets are
    /// multiples of √2, √3, √5, √7, √11, between which there is no such relation), where a kink would fool the finite
    /// differences, however far a case shrinks.
    /// </summary>
    private static double[] Coordinates(int[] hundredths)
        => hundredths.Select((h, i) => h / 100.0 + 0.001 * Math.Sqrt(Primes[i])).ToArray();

    private static readonly int[] Primes = { 2, 3, 5, 7, 11 };

    /// <summary>
    /// Where a program's derivatives are special: 0, ±1, its thresholds and Clamp bounds, large magnitudes: ±1000 and ±10⁶,
    /// or for float ±10 (a float has little room for the products of larger ones: at ±100, a² + a² is 2·10⁴, whose last
    /// bit, rounded one way by the generated code and the other by the oracle, moves its sine by 10⁻³).
    /// </summary>
    private static double[] SpecialValues(RandomProgram program)
    {
        var large = program.Precision == Precision.Float ? new[] { 10.0, -10.0 } : new[] { 1e3, -1e3, 1e6, -1e6 };
        return new[] { 0.0, 1.0, -1.0 }.Concat(program.Thresholds()).Concat(large).Distinct().ToArray();
    }

    private static string Describe(RandomCase c, Constructs constructs)
    {
        var p = c.Program;
        string inputs = p.Kind == ProgramKind.ScalarToScalar
            ? string.Join(", ", RandomProgram.ScalarNames.Take(p.ScalarCount))
            : $"x[0..{c.ArrayLength - 1}], a";
        string text =
            $"\n{p.ToSource(constructs)}\n" +
            $"{p.Precision}, n = {c.N}\n" +
            $"Points z = ({inputs}):\n{string.Join("\n", c.Points.Select(z => "  " + Format(z)))}\n" +
            $"Special points:\n{string.Join("\n", c.SpecialPoints.Select(z => "  " + Format(z)))}\n" +
            $"Direction v = {Format(c.Direction)}\n";
        return p.Kind == ProgramKind.ArrayToVector
            ? text + $"y.Length = {c.OutputLength}, weights w = {Format(c.Weights)}, adjoints start at {Format(c.Adjoint)}\n"
            : text + $"Seed {Format(c.Seed)}, tangent seed {Format(c.TangentSeed)}, adjoints start at {Format(c.Adjoint)}, tangent adjoints at {Format(c.TangentAdjoint)}\n";
    }

    // ============================================================================================ checks

    /// <summary>Every member of a scalar-valued program at each point.</summary>
    private static void CheckScalarFunction(IRandomScalarProgram p, RandomCase c, Tally tally)
        => AtEachPoint(c, tally, expect => CheckScalarFunction(p, c, expect.Z, expect));

    private static void CheckScalarFunction(IRandomScalarProgram p, RandomCase c, double[] z, Expectations expect)
    {
        int n = c.InputCount;
        if (!expect.Value(() => p.Value(z), out double f)) return;

        // The oracle along each unit vector and v: the gradient, the derivative along v and H·v; then the Hessian.
        long nonFinite = HyperDual.NonFinitePartials, parts = HyperDual.NonFiniteDerivativeParts, discarded = HyperDual.DiscardedNonFiniteDerivatives, subnormals = HyperDual.Subnormals;
        var along = Enumerable.Range(0, n).Select(j => p.Oracle(z, Unit(n, j), c.Direction)).ToArray();
        var hessian = new Estimate[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++) hessian[i * n + j] = hessian[j * n + i] = Estimate.Mixed(p.Oracle(z, Unit(n, i), Unit(n, j)));
        }

        foreach (var o in along) expect.Close(o.Value, f, ValueTolerance, "the oracle's value vs F");
        if (!expect.Derivatives(HyperDual.NonFinitePartials != nonFinite || HyperDual.NonFiniteDerivativeParts != parts, HyperDual.DiscardedNonFiniteDerivatives != discarded)) return;
        expect.Largest(along.Select(o => Math.Max(o.M1, Math.Max(o.M2, o.M12))).Concat(hessian.Select(h => h.Magnitude)).Max(), HyperDual.NonFinitePartials != nonFinite, HyperDual.Subnormals != subnormals);
        var gradient = along.Select(Estimate.First).ToArray();
        var hv = along.Select(Estimate.Mixed).ToArray();
        var dv = Estimate.Second(along[0]);

        // Gradient overwrites its output; Pullback adds seed·gradient into the adjoints, and again.
        var g = Enumerable.Repeat(double.NaN, n).ToArray();
        expect.Value(p.Gradient(z, g), f, "Gradient's value");
        expect.Oracle(g, gradient, "Gradient");
        var adjoint = (double[])c.Adjoint.Clone();
        p.Pullback(z, c.Seed, adjoint);
        expect.Oracle(adjoint, Add(c.Adjoint, c.Seed, gradient), "Pullback into adjoints that are not zero");
        p.Pullback(z, c.Seed, adjoint);
        expect.Oracle(adjoint, Add(c.Adjoint, 2 * c.Seed, gradient), "a second Pullback");

        // Pushforward along v, and the dot-product test against the reverse sweep.
        expect.Value(p.Pushforward(z, c.Direction, out double tangent), f, "Pushforward's value");
        expect.Oracle(tangent, dv, "Pushforward(v)");
        expect.Dot(tangent, c.Direction, g, dv.Magnitude, "Pushforward(v) vs ⟨v, Gradient⟩");

        // Second order.
        var hvGenerated = Enumerable.Repeat(double.NaN, n).ToArray();
        expect.Value(p.HessianVectorProduct(z, c.Direction, hvGenerated), f, "HessianVectorProduct's value");
        expect.Oracle(hvGenerated, hv, "HessianVectorProduct(v)");
        var hessianGradient = new double[n];
        var hessianGenerated = new double[n * n];
        expect.Value(p.Hessian(z, hessianGradient, hessianGenerated), f, "Hessian's value");
        expect.Oracle(hessianGradient, gradient, "Hessian's gradient");
        expect.Oracle(hessianGenerated, hessian, "Hessian");
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                expect.Same(hessianGenerated[i * n + j], hessianGenerated[j * n + i], hessian[i * n + j].Magnitude, $"H[{i},{j}] vs H[{j},{i}] (symmetry)");
            }
        }

        var ppAdjoint = (double[])c.Adjoint.Clone();
        var ppTangent = (double[])c.TangentAdjoint.Clone();
        if (p.PullbackPushforward(z, c.Seed, ppAdjoint, c.Direction, c.TangentSeed, ppTangent))
        {
            expect.Oracle(ppAdjoint, Add(c.Adjoint, c.Seed, gradient), "PullbackPushforward's adjoints");
            var expected = Enumerable.Range(0, n)
                .Select(j => Estimate.Exact(c.TangentAdjoint[j]) + c.Seed * hv[j] + c.TangentSeed * gradient[j])
                .ToArray();
            expect.Oracle(ppTangent, expected, "PullbackPushforward's tangent adjoints (seed·H·v + tangent seed·gradient)");
        }

        if (expect.UseFiniteDifferences)
        {
            for (int j = 0; j < n; j++)
            {
                int coordinate = j;
                expect.FiniteDifference(g[j], s => new[] { p.Value(Shift(z, coordinate, s)) }, $"Gradient[{j}]");
            }

            expect.FiniteDifferences(hvGenerated, s =>
            {
                var shifted = new double[n];
                p.Gradient(Shift(z, c.Direction, s), shifted);
                return shifted;
            }, "H·v vs finite differences of the gradient along v");
        }
    }

    /// <summary>Every member of a vector-valued program at each point.</summary>
    private static void CheckVectorFunction(IRandomVectorProgram p, RandomCase c, Tally tally)
        => AtEachPoint(c, tally, expect => CheckVectorFunction(p, c, expect.Z, expect));

    private static void CheckVectorFunction(IRandomVectorProgram p, RandomCase c, double[] z, Expectations expect)
    {
        int n = c.InputCount, m = c.OutputLength;
        // The outputs start non-zero, so that y[i] += … and elements the program never writes are seen.
        double[] FreshY() => Enumerable.Range(0, m).Select(r => 0.25 * (r + 1)).ToArray();
        double[] Values(double[] at)
        {
            var y = FreshY();
            p.Value(at, y);
            return y;
        }

        if (!expect.Values(() => Values(z), out var y)) return;

        // The oracle along each unit vector (the columns of the Jacobian) and v.
        long nonFinite = HyperDual.NonFinitePartials, parts = HyperDual.NonFiniteDerivativeParts, discarded = HyperDual.DiscardedNonFiniteDerivatives, subnormals = HyperDual.Subnormals;
        var columns = Enumerable.Range(0, n).Select(j =>
        {
            var result = new HyperDual<double>[m];
            p.Oracle(z, Unit(n, j), c.Direction, FreshY(), result);
            return result;
        }).ToArray();
        foreach (var column in columns) expect.Close(column.Select(o => o.Value).ToArray(), y, ValueTolerance, "the oracle's y vs F's");
        if (!expect.Derivatives(HyperDual.NonFinitePartials != nonFinite || HyperDual.NonFiniteDerivativeParts != parts, HyperDual.DiscardedNonFiniteDerivatives != discarded)) return;
        expect.Largest(columns.SelectMany(column => column).Select(o => Math.Max(o.M1, o.M2)).Max(), HyperDual.NonFinitePartials != nonFinite, HyperDual.Subnormals != subnormals);
        var jacobian = new Estimate[m * n];
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < n; j++) jacobian[r * n + j] = Estimate.First(columns[j][r]);
        }

        var jv = columns[0].Select(Estimate.Second).ToArray();

        var yForward = FreshY();
        var ty = new double[m];
        p.Pushforward(z, c.Direction, yForward, ty);
        expect.Values(yForward, y, "the y Pushforward writes");
        expect.Oracle(ty, jv, "Pushforward(v)");

        var yReverse = FreshY();
        var weights = (double[])c.Weights.Clone();
        var adjoint = (double[])c.Adjoint.Clone();
        p.Pullback(z, yReverse, weights, adjoint);
        expect.Values(yReverse, y, "the y Pullback writes");
        expect.True(weights.SequenceEqual(c.Weights), $"Pullback changed its seed dy: {Format(weights)}, was {Format(c.Weights)}");
        var wj = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, m).Aggregate(Estimate.Exact(0), (sum, r) => sum + c.Weights[r] * jacobian[r * n + j])).ToArray();
        expect.Oracle(adjoint, Add(c.Adjoint, 1, wj), "Pullback(w) into adjoints that are not zero");
        p.Pullback(z, FreshY(), c.Weights, adjoint);
        expect.Oracle(adjoint, Add(c.Adjoint, 2, wj), "a second Pullback(w)");
        var fromZero = new double[n];
        p.Pullback(z, FreshY(), c.Weights, fromZero);
        double scale = Enumerable.Range(0, m).Sum(r => c.Weights[r] == 0 ? 0 : Math.Abs(c.Weights[r]) * jv[r].Magnitude);
        expect.Dot(ty.Zip(c.Weights, (t, w) => t * w).Sum(), c.Direction, fromZero, scale, "⟨Pushforward(v), w⟩ vs ⟨v, Pullback(w)⟩");

        var yJacobian = FreshY();
        var jacobianGenerated = Enumerable.Repeat(double.NaN, m * n).ToArray();
        p.Jacobian(z, yJacobian, jacobianGenerated);
        expect.Values(yJacobian, y, "the y Jacobian writes");
        expect.Oracle(jacobianGenerated, jacobian, "Jacobian");

        if (expect.UseFiniteDifferences)
        {
            for (int j = 0; j < n; j++)
            {
                int coordinate = j;
                expect.FiniteDifferences(Enumerable.Range(0, m).Select(r => jacobianGenerated[r * n + coordinate]).ToArray(), s => Values(Shift(z, coordinate, s)), $"Jacobian column {j}");
            }
        }
    }

    /// <summary>
    /// Checks <paramref name="c"/> at each of its random and special points; a member that throws where F does not fails
    /// with the point.
    /// </summary>
    private static void AtEachPoint(RandomCase c, Tally tally, Action<Expectations> check)
    {
        foreach (var (z, special) in c.Points.Select(z => (z, false)).Concat(c.SpecialPoints.Select(z => (z, true))))
        {
            var expect = new Expectations(c, z, special, tally);
            try
            {
                check(expect);
            }
            catch (Exception e) when (e is not XunitException)
            {
                throw new XunitException($"A member threw {e.GetType().Name} ({e.Message}){expect.At}:\n{e.StackTrace}");
            }
        }
    }

    /// <summary><c>start + k·d</c>, elementwise: what a pullback adds into adjoints that start at <paramref name="start"/>.</summary>
    private static Estimate[] Add(double[] start, double k, Estimate[] d) => start.Select((q, j) => Estimate.Exact(q) + k * d[j]).ToArray();

    /// <summary>
    /// A derivative the oracle gives, with the magnitude of the terms it is the sum of: a generated derivative may differ
    /// from it by rounding relative to that magnitude. Undefined where either is not finite.
    /// </summary>
    private readonly record struct Estimate(double Value, double Magnitude)
    {
        public bool IsDefined => double.IsFinite(Value) && double.IsFinite(Magnitude);

        public static Estimate Exact(double value) => new(value, Math.Abs(value));

        public static Estimate First(HyperDual<double> o) => new(o.D1, o.M1);

        public static Estimate Second(HyperDual<double> o) => new(o.D2, o.M2);

        public static Estimate Mixed(HyperDual<double> o) => new(o.D12, o.M12);

        public static Estimate operator +(Estimate a, Estimate b) => new(a.Value + b.Value, a.Magnitude + b.Magnitude);

        /// <summary>A zero factor (a weight, a seed) takes no part, even in an undefined derivative.</summary>
        public static Estimate operator *(double k, Estimate e) => k == 0 ? new(0, 0) : new(k * e.Value, Math.Abs(k) * e.Magnitude);
    }

    /// <summary>The comparisons at one point of one case, with its tolerances, counted in the tally; each failure throws.</summary>
    private sealed class Expectations
    {
        private readonly RandomCase c;
        private readonly bool special;
        private readonly Tally tally;
        private readonly string at;
        private readonly double valueTolerance, oracleTolerance;

        /// <summary>
        /// The magnitudes of derivatives compared with the oracle: far enough inside the type's range that the intermediate
        /// values of another order of computation (a Hessian's products of three of them) neither overflow nor lose their
        /// precision (float: 1e±12, double: 1e±60).
        /// </summary>
        private readonly double smallest, largest;

        public Expectations(RandomCase c, double[] z, bool special, Tally tally)
        {
            Z = z;
            this.c = c;
            this.special = special;
            this.tally = tally;
            at = $" at {(special ? "the special point" : "z")} = {Format(z)}";
            bool isFloat = c.Program.Precision == Precision.Float;
            valueTolerance = isFloat ? FloatValueTolerance : ValueTolerance;
            oracleTolerance = isFloat ? FloatOracleTolerance : OracleTolerance;
            (smallest, largest) = isFloat ? (1e-12, 1e12) : (1e-60, 1e60);
            tally.CountPoint(special);
        }

        /// <summary>The point.</summary>
        public double[] Z { get; }

        /// <summary>Where the point is, for messages: " at z = (…)".</summary>
        public string At => at;

        /// <summary>Finite differences are a third witness at the random points of double programs.</summary>
        public bool UseFiniteDifferences => !special && c.Program.Precision == Precision.Double;

        /// <summary>
        /// F's value, false (and counted) when F throws there (<c>Math.Sign</c> of NaN) or its value is not finite: nothing
        /// to differentiate.
        /// </summary>
        public bool Value(Func<double> f, out double value)
        {
            bool finite = Values(() => new[] { f() }, out var values);
            value = values[0];
            return finite;
        }

        /// <summary>The y F writes, as <see cref="Value(Func{double}, out double)"/>.</summary>
        public bool Values(Func<double[]> f, out double[] values)
        {
            try
            {
                values = f();
            }
            catch (ArithmeticException)
            {
                values = new[] { double.NaN };
            }

            if (values.All(double.IsFinite)) return true;
            tally.CountSkippedPoint();
            return false;
        }

        /// <summary>
        /// Whether to compare derivatives here: not where the oracle met a partial derivative or a derivative part that is
        /// not finite while a zero adjoint or tangent times one is a known bug, nor where Max, Min, Clamp or Floor-like
        /// functions dropped a derivative that is not finite while that is.
        /// </summary>
        public bool Derivatives(bool nonFinite, bool discardedNonFinite)
        {
            singular = nonFinite;
            if (!(nonFinite && KnownGeneratorBugs.ZeroTimesInfinitePartial.Open)
                && !(discardedNonFinite && KnownGeneratorBugs.NonFiniteDerivativeOfArgumentDropped.Open))
            {
                return true;
            }

            tally.CountKnownBugPoint();
            return false;
        }

        /// <summary>
        /// The largest magnitude of the oracle's derivatives at this point: beyond the type's range, the intermediate values
        /// of another order of computation may overflow (∞·0 = NaN) where the oracle's do not, and no derivative is compared
        /// here (each counts as undefined); but where an infinite one comes from an infinite partial (√x at 0, with
        /// <paramref name="nonFinitePartials"/>), not from overflow, each is left to its own comparison. Nor are they
        /// compared where the oracle computed a subnormal value (<paramref name="subnormal"/>: float's 0.4^101 is 1e-40, with
        /// two or three significant digits), from which another order of computation gets other digits.
        /// </summary>
        public void Largest(double magnitude, bool nonFinitePartials, bool subnormal)
            => outOfRange = subnormal || (magnitude > largest && !(double.IsPositiveInfinity(magnitude) && nonFinitePartials));

        /// <summary>The oracle overflowed here, or computed a subnormal value: nothing is compared.</summary>
        private bool outOfRange;

        /// <summary>
        /// Whether the oracle met a local derivative that is not finite here (√ at 0, Atan2 at the origin, a pole): a singular
        /// point. A generated derivative that is NaN or infinite there is accepted (counted, not compared): reverse mode sums
        /// the paths through that partial after multiplying (√(x − x): ∞ − ∞, where the oracle's tangent of x − x is 0 first),
        /// and a member takes the seeds and tangents another passes in to be finite (README, "A value that does not
        /// contribute"). A finite one must still agree with the oracle.
        /// </summary>
        private bool singular;

        /// <summary>Whether <paramref name="actual"/> is a derivative not compared: not finite, at a singular point.</summary>
        private bool SingularHere(double actual)
        {
            if (!singular || double.IsFinite(actual)) return false;
            tally.CountSingular();
            return true;
        }

        public void True(bool condition, string message)
        {
            if (!condition) throw new XunitException(message + at);
        }

        public void Value(double actual, double f, string what) => Close(actual, f, valueTolerance, what + " vs F");

        public void Values(double[] actual, double[] expected, string what) => Close(actual, expected, valueTolerance, what + " vs F's");

        /// <summary>
        /// A generated derivative against the oracle's, to the tolerance relative to the magnitude of its terms; not
        /// compared (counted as undefined) where the oracle's is not finite, or its magnitude is out of range.
        /// </summary>
        public void Oracle(double actual, Estimate expected, string what)
        {
            if (outOfRange || !expected.IsDefined || !InRange(expected.Magnitude))
            {
                tally.CountUndefined();
                return;
            }
            if (SingularHere(actual)) return;

            tally.CountComparison();
            // Below the range, rounding to 0 or to a tiny number (a float subnormal) are alike.
            double allowed = oracleTolerance * Math.Max(Math.Max(expected.Magnitude, Math.Abs(expected.Value)), smallest);
            if (!(Math.Abs(actual - expected.Value) <= allowed))
            {
                throw new XunitException(
                    $"{what} vs the oracle{at}: {Format(actual)}, expected {Format(expected.Value)} (difference {Format(actual - expected.Value)}, " +
                    $"tolerance {oracleTolerance:0e0} relative to the magnitude of its terms, {Format(expected.Magnitude)})");
            }
        }

        public void Oracle(double[] actual, Estimate[] expected, string what)
        {
            for (int i = 0; i < expected.Length; i++) Oracle(actual[i], expected[i], $"{what}[{i}]");
        }

        /// <summary>Whether a derivative of this magnitude is compared: 0, or far enough inside the type's range.</summary>
        private bool InRange(double magnitude) => magnitude == 0 || (magnitude >= smallest && magnitude <= largest);

        /// <summary>Two generated numbers that should agree, where both are finite, relative to the magnitude of the terms of the oracle's.</summary>
        public void Same(double actual, double expected, double magnitude, string what)
        {
            if (outOfRange || !double.IsFinite(actual) || !double.IsFinite(expected) || !double.IsFinite(magnitude) || !InRange(magnitude)) return;
            if (!(Math.Abs(actual - expected) <= oracleTolerance * Math.Max(Math.Max(magnitude, Math.Abs(expected)), smallest)))
            {
                throw new XunitException($"{what}{at}: {Format(actual)} vs {Format(expected)} (difference {Format(actual - expected)}, tolerance {oracleTolerance:0e0} relative to {Format(magnitude)})");
            }
        }

        /// <summary>|actual − expected| ≤ tolerance · (1 + |expected|); NaN never passes.</summary>
        public void Close(double actual, double expected, double tolerance, string what)
        {
            if (!(Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected))))
            {
                throw new XunitException($"{what}{at}: {Format(actual)}, expected {Format(expected)} (difference {Format(actual - expected)}, tolerance {tolerance:0e0} relative)");
            }
        }

        public void Close(double[] actual, double[] expected, double tolerance, string what)
        {
            for (int i = 0; i < expected.Length; i++) Close(actual[i], expected[i], tolerance, $"{what}, element {i}");
        }

        /// <summary>
        /// The dot-product test between generated members: <paramref name="forward"/> = ⟨v, reverse⟩ relative to the
        /// magnitude of the terms of the oracle's (<paramref name="magnitude"/>) and of the products; where all are finite.
        /// </summary>
        public void Dot(double forward, double[] v, double[] reverse, double magnitude, string what)
        {
            if (outOfRange || !double.IsFinite(forward) || !reverse.All(double.IsFinite) || !double.IsFinite(magnitude) || !InRange(magnitude)) return;
            double dot = v.Zip(reverse, (a, b) => a * b).Sum();
            double scale = Math.Max(magnitude + Math.Abs(forward) + v.Zip(reverse, (a, b) => Math.Abs(a * b)).Sum(), smallest);
            if (!(Math.Abs(forward - dot) <= oracleTolerance * scale))
            {
                throw new XunitException($"{what}{at}: {Format(forward)} vs {Format(dot)} (difference {Format(forward - dot)}, tolerance {oracleTolerance:0e0} relative to {Format(scale)})");
            }
        }

        public void FiniteDifference(double actual, Func<double, double[]> f, string what) => FiniteDifferences(new[] { actual }, f, what);

        /// <summary>Each of <paramref name="actual"/> against the finite differences of the same component of <paramref name="f"/>, where they agree.</summary>
        public void FiniteDifferences(double[] actual, Func<double, double[]> f, string what)
        {
            var (estimate, agreed) = RandomProgramTests.FiniteDifference(f);
            for (int i = 0; i < actual.Length; i++)
            {
                tally.CountFiniteDifference(agreed[i], c);
                if (agreed[i] && !SingularHere(actual[i])) Close(actual[i], estimate[i], FiniteDifferenceTolerance, $"{what}[{i}] vs finite differences");
            }
        }
    }

    // ============================================================================================ numerics

    /// <summary>
    /// The derivative at 0 of each component of <paramref name="f"/>, by central differences with Richardson
    /// extrapolation, with step h and with step 2h. A component is agreed when the two estimates agree, which
    /// fails when a branch or a loop count switches between the sample points; its estimate is then meaningless.
    /// </summary>
    private static (double[] Estimate, bool[] Agreed) FiniteDifference(Func<double, double[]> f)
    {
        const double h = FiniteDifferenceStep;
        double[] Central(double step)
        {
            var plus = f(step);
            var minus = f(-step);
            return plus.Zip(minus, (a, b) => (a - b) / (2 * step)).ToArray();
        }

        var half = Central(h / 2);
        var one = Central(h);
        var two = Central(2 * h);
        var fine = half.Zip(one, (a, b) => (4 * a - b) / 3).ToArray();
        var coarse = one.Zip(two, (a, b) => (4 * a - b) / 3).ToArray();
        // Agreeing to a tenth of the tolerance: estimates whose own error is near the tolerance are not compared.
        var agreed = fine.Zip(coarse, (a, b) => Math.Abs(a - b) <= FiniteDifferenceTolerance / 10 * (1 + Math.Abs(a))).ToArray();
        return (fine, agreed);
    }

    private static double[] Shift(double[] z, int coordinate, double s)
    {
        var shifted = (double[])z.Clone();
        shifted[coordinate] += s;
        return shifted;
    }

    private static double[] Shift(double[] z, double[] direction, double s) => z.Zip(direction, (a, v) => a + s * v).ToArray();

    private static double[] Unit(int n, int i)
    {
        var e = new double[n];
        e[i] = 1;
        return e;
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(double[] v) => "(" + string.Join(", ", v.Select(Format)) + ")";

    /// <summary>What a run checked and skipped, thread-safe; and the case that skipped most finite differences (to show when too many were).</summary>
    private sealed class Tally
    {
        private readonly object gate = new();
        private long viewPrograms, views, repointPrograms, repoints, nestedBufferPrograms, nestedBuffers;
        private long structPrograms, cells, productPrograms, products, inputPrograms;
        private long programs, floatPrograms, genericPrograms, spanCallPrograms, spanCalls, points, specialPoints, skippedPoints, knownBugPoints, comparisons, undefined, singular;
        private long compileTicks, generatorTicks, emitTicks;

        public long FiniteDifferenceCompared { get; private set; }

        public long FiniteDifferenceSkipped { get; private set; }

        public RandomCase? Roughest { get; private set; }

        private readonly Dictionary<RandomCase, int> skippedByCase = new(ReferenceEqualityComparer.Instance);

        public double CompileSeconds => TimeSpan.FromTicks(Interlocked.Read(ref compileTicks)).TotalSeconds;

        public double GeneratorSeconds => TimeSpan.FromTicks(Interlocked.Read(ref generatorTicks)).TotalSeconds;

        public double EmitSeconds => TimeSpan.FromTicks(Interlocked.Read(ref emitTicks)).TotalSeconds;

        public void AddTimes(TimeSpan compile, TimeSpan generator, TimeSpan emit)
        {
            Interlocked.Add(ref compileTicks, compile.Ticks);
            Interlocked.Add(ref generatorTicks, generator.Ticks);
            Interlocked.Add(ref emitTicks, emit.Ticks);
        }

        public void CountProgram(RandomCase c)
        {
            Interlocked.Increment(ref programs);
            if (c.Program.Precision == Precision.Float) Interlocked.Increment(ref floatPrograms);
            if (c.Program.Generic) Interlocked.Increment(ref genericPrograms);
        }

        /// <summary>How many of the programs checked were written generic in T.</summary>
        public long GenericPrograms => Interlocked.Read(ref genericPrograms);

        /// <summary>How many programs were checked.</summary>
        public long Programs => Interlocked.Read(ref programs);

        /// <summary>Counts a program that passed with <paramref name="calls"/> calls of span helpers.</summary>
        public void CountSpanCalls(int calls)
        {
            if (calls == 0) return;
            Interlocked.Increment(ref spanCallPrograms);
            Interlocked.Add(ref spanCalls, calls);
        }

        /// <summary>Counts a program that passed with local spans, re-pointings of them, and buffers declared in loops or branches.</summary>
        public void CountLocalViews((int Views, int Repoints, int NestedBuffers) counts)
        {
            void Count(int n, ref long withAny, ref long total)
            {
                if (n == 0) return;
                Interlocked.Increment(ref withAny);
                Interlocked.Add(ref total, n);
            }

            Count(counts.Views, ref viewPrograms, ref views);
            Count(counts.Repoints, ref repointPrograms, ref repoints);
            Count(counts.NestedBuffers, ref nestedBufferPrograms, ref nestedBuffers);
        }

        /// <summary>
        /// Counts a program that passed with struct locals built and assigned (<c>new Cell { … }</c>), multiplied through Cell's
        /// registered derivatives, or a struct of F's scalars.
        /// </summary>
        public void CountStructs((int Cells, int Products, bool Inputs) counts)
        {
            if (counts.Cells > 0)
            {
                Interlocked.Increment(ref structPrograms);
                Interlocked.Add(ref cells, counts.Cells);
            }
            if (counts.Products > 0)
            {
                Interlocked.Increment(ref productPrograms);
                Interlocked.Add(ref products, counts.Products);
            }
            if (counts.Inputs) Interlocked.Increment(ref inputPrograms);
        }

        public void CountPoint(bool special) => Interlocked.Increment(ref special ? ref specialPoints : ref points);

        public void CountSkippedPoint() => Interlocked.Increment(ref skippedPoints);

        public void CountKnownBugPoint() => Interlocked.Increment(ref knownBugPoints);

        public void CountComparison() => Interlocked.Increment(ref comparisons);

        public void CountUndefined() => Interlocked.Increment(ref undefined);

        public void CountSingular() => Interlocked.Increment(ref singular);

        public void CountFiniteDifference(bool agreed, RandomCase c)
        {
            lock (gate)
            {
                FiniteDifferenceCompared++;
                if (agreed) return;
                FiniteDifferenceSkipped++;
                int skipped = skippedByCase.TryGetValue(c, out int s) ? s + 1 : 1;
                skippedByCase[c] = skipped;
                if (Roughest is null || skipped > skippedByCase[Roughest]) Roughest = c;
            }
        }

        public string Summary() =>
            $"{programs} programs ({floatPrograms} float, {genericPrograms} generic in T; {spanCallPrograms} passing spans to helpers, {spanCalls} such calls; " +
            $"{viewPrograms} declaring local spans, {views} of them, {repointPrograms} re-pointing them, {repoints} times; " +
            $"{nestedBufferPrograms} declaring buffers in loops or branches, {nestedBuffers} of them; {structPrograms} building struct locals, {cells} times; " +
            $"{productPrograms} multiplying them through registered derivatives, {products} times; " +
            $"{inputPrograms} taking a struct of their scalars), {points} random and {specialPoints} special points " +
            $"({skippedPoints} skipped: F not finite there; {knownBugPoints} not compared: the oracle met a derivative that is not finite where a known bug makes NaN of it); " +
            $"{comparisons} comparisons with the oracle, {undefined} more where its derivative is not finite (or too large or small for the type), " +
            $"{singular} generated derivatives not finite at a point where the oracle met a local derivative that is not finite; " +
            $"finite differences: {FiniteDifferenceCompared} comparisons, {FiniteDifferenceSkipped} skipped because two step sizes disagreed.";
    }
}
