using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// One <see cref="Matrix"/> operation under test, with inputs drawn at random: its method, its pullback and pushforward
/// and the pullback's own pushforward (second order) found through their <see cref="DerivativeOfAttribute"/> (as the
/// generator finds them), and the calls the tests make on them. Inputs, tangents and adjoints are objects: a <see cref="Matrix"/> or a double, a null matrix being zero.
/// </summary>
internal sealed class MatrixOperation
{
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private readonly Random _random;
    private readonly string _description;

    // For an operation with [DifferentiateAs] (the elementwise functions): its rule, which its derivatives take first.
    private readonly object? _rule;

    private MatrixOperation(MethodInfo target, object[] inputs, Random random, string description)
    {
        Target = target;
        Inputs = inputs;
        _random = random;
        _description = description;
        (var derivativeTarget, _rule) = DerivativeTarget(target);
        var registered = Registrations().Where(r => r.Target == derivativeTarget).ToList();
        PullbackMethod = registered.Single(r => r.Attribute.Kind == DerivativeKind.Pullback).Derivative;
        PushforwardMethod = registered.Single(r => r.Attribute.Kind == DerivativeKind.Pushforward).Derivative;
        PullbackPushforwardMethod = Registrations().Single(r => r.Target == PullbackMethod && r.Attribute.Kind == DerivativeKind.Pushforward).Derivative;
        Tangents = RandomTangents();
    }

    public MethodInfo Target { get; }

    public MethodInfo PullbackMethod { get; }

    public MethodInfo PushforwardMethod { get; }

    /// <summary>The pushforward of <see cref="PullbackMethod"/>.</summary>
    public MethodInfo PullbackPushforwardMethod { get; }

    public object[] Inputs { get; }

    /// <summary>A tangent for each input, drawn with the operation.</summary>
    public object[] Tangents { get; }

    public bool ReturnsMatrix => Target.ReturnType == typeof(Matrix);

    /// <summary>
    /// The operation <paramref name="name"/> on inputs described by <paramref name="inputs"/> (see
    /// <see cref="MatrixDerivativeTests.Operations"/>): <c>s</c> a double, <c>AxB</c> a matrix whose letter sizes are
    /// drawn from 1 to 5, <c>p</c> first for positive entries, <c>l</c> for label columns that are probabilities.
    /// </summary>
    public static MatrixOperation Draw(string name, string inputs, Random random)
    {
        var sizes = new Dictionary<char, int>();
        int Size(char c) => char.IsDigit(c) ? c - '0' : sizes.TryGetValue(c, out int size) ? size : sizes[c] = random.Next(1, 6);
        var values = new List<object>();
        foreach (string token in inputs.Split(' '))
        {
            if (token == "s")
            {
                values.Add(0.5 + random.NextDouble());
                continue;
            }

            char kind = char.IsLetter(token[0]) && token[1] != 'x' ? token[0] : ' ';
            string shape = kind == ' ' ? token : token[1..];
            int rows = Size(shape[0]), columns = Size(shape[2]);
            values.Add(kind switch
            {
                'p' => Uniform(rows, columns, random, 0.5, 2),
                'l' => Labels(rows, columns, random),
                _ => Uniform(rows, columns, random, -1, 1),
            });
        }

        var types = values.Select(v => v.GetType()).ToArray();
        var target = typeof(Matrix).GetMethod(name, PublicStatic, types) ?? throw new ArgumentException($"Matrix has no {name}({string.Join(", ", types.Select(t => t.Name))}).");
        string description = $"{name}({string.Join(", ", values.Select(v => v is Matrix m ? m.Shape : "double"))})";
        return new MatrixOperation(target, values.ToArray(), random, description);
    }

    public override string ToString() => _description;

    /// <summary>
    /// The method whose registered derivatives are <paramref name="operation"/>'s, as the generator finds it: the shared
    /// method its [DifferentiateAs] names, with the rule passed first (the value of the static field it names), or the
    /// operation itself and no rule.
    /// </summary>
    public static (MethodInfo Method, object? Rule) DerivativeTarget(MethodInfo operation)
    {
        if (operation.GetCustomAttribute<DifferentiateAsAttribute>() is not { } via) return (operation, null);
        var rule = operation.DeclaringType!.GetField(via.ArgumentName, PublicStatic)?.GetValue(null)
            ?? throw new ArgumentException($"{operation.Name}: no static field {via.ArgumentName}.");
        Type[] parameters = [rule.GetType(), .. operation.GetParameters().Select(p => p.ParameterType)];
        var shared = operation.DeclaringType.GetMethod(via.MethodName, PublicStatic, parameters)
            ?? throw new ArgumentException($"{operation.Name}: no {via.MethodName}({string.Join(", ", parameters.Select(t => t.Name))}).");
        return (shared, rule);
    }

    /// <summary>Calls a derivative with its arguments (the rule first, if it has one), writing back what it sets.</summary>
    private object? Call(MethodInfo derivative, object?[] arguments)
    {
        if (_rule is null) return derivative.Invoke(null, arguments);
        object?[] all = [_rule, .. arguments];
        var result = derivative.Invoke(null, all);
        Array.Copy(all, 1, arguments, 0, arguments.Length);
        return result;
    }

    /// <summary>A derivative as a delegate of the operation's shape (closed over the rule, if it has one).</summary>
    private T AsDelegate<T>(MethodInfo derivative) where T : Delegate => _rule is null ? derivative.CreateDelegate<T>() : derivative.CreateDelegate<T>(_rule);

    public object Forward(object[] x) => Target.Invoke(null, x)!;

    /// <summary>The central difference (F(x + h·t) − F(x − h·t)) / 2h.</summary>
    public object Directional(object[] t)
    {
        const double h = 1e-6;
        var plus = Forward(Along(t, h));
        var minus = Forward(Along(t, -h));
        return Scale(Plus(plus, minus, -1), 1 / (2 * h));
    }

    /// <summary>
    /// The central difference of the pullback into zero adjoints, the inputs moving along <paramref name="t"/> and the
    /// seed along <paramref name="tseed"/>: what its pushforward adds into the adjoints' tangents.
    /// </summary>
    public object[] PullbackDirectional(object seed, object[] t, object tseed)
    {
        const double h = 1e-6;
        var plus = Pullback(Along(t, h), Plus(seed, tseed, h), Zeros(nullMatrices: true));
        var minus = Pullback(Along(t, -h), Plus(seed, tseed, -h), Zeros(nullMatrices: true));
        return plus.Select((p, i) => Scale(Plus(p, minus[i], -1), 1 / (2 * h))).ToArray();
    }

    /// <summary>
    /// Calls the pullback's pushforward with the adjoints <paramref name="adjoints"/> and their tangents
    /// <paramref name="tangentAdjoints"/>; returns both as it leaves them.
    /// </summary>
    public (object?[] Adjoints, object?[] Tangents) PullbackPushforward(object[] x, object seed, object?[] adjoints, object?[] t, object? tseed, object?[] tangentAdjoints)
    {
        object?[] arguments = [.. x, seed, .. adjoints, .. t, tseed, .. tangentAdjoints];
        Call(PullbackPushforwardMethod, arguments);
        int n = x.Length;
        return (arguments[(n + 1)..(2 * n + 1)], arguments[^n..]);
    }

    /// <summary>Calls the pushforward with tangents <paramref name="t"/>: the value, and the result's tangent.</summary>
    public object Pushforward(object[] x, object?[] t, out object? tangent)
    {
        object?[] arguments = [.. x, .. t, null];
        var value = Call(PushforwardMethod, arguments)!;
        tangent = arguments[^1];
        return value;
    }

    /// <summary>Calls the pullback with the adjoints <paramref name="adjoints"/>; returns them as it leaves them.</summary>
    public object?[] Pullback(object[] x, object seed, object?[] adjoints)
    {
        object?[] arguments = [.. x, seed, .. adjoints];
        Call(PullbackMethod, arguments);
        return arguments[^adjoints.Length..];
    }

    /// <summary>The pullback with the adjoint of input <paramref name="skip"/> (a matrix) a null ref and the others null.</summary>
    public object?[] PullbackSkipping(object seed, int skip)
    {
        Matrix? d0 = null, d1 = null;
        double ds = 0;
        switch (Inputs, seed)
        {
            case ([Matrix a, Matrix b], Matrix s):
                AsDelegate<MatricesPullback>(PullbackMethod)(a, b, s, ref Slot(skip == 0, ref d0), ref Slot(skip == 1, ref d1));
                return [d0, d1];
            case ([Matrix a, Matrix b], double s):
                AsDelegate<LossPullback>(PullbackMethod)(a, b, s, ref Slot(skip == 0, ref d0), ref Slot(skip == 1, ref d1));
                return [d0, d1];
            case ([Matrix a], Matrix s):
                AsDelegate<MatrixPullback>(PullbackMethod)(a, s, ref Slot(skip == 0, ref d0));
                return [d0];
            case ([Matrix a], double s):
                AsDelegate<ReductionPullback>(PullbackMethod)(a, s, ref Slot(skip == 0, ref d0));
                return [d0];
            case ([double scalar, Matrix a], Matrix s):
                AsDelegate<ScalarMatrixPullback>(PullbackMethod)(scalar, a, s, ref ds, ref Slot(skip == 1, ref d1));
                return [ds, d1];
            case ([Matrix a, double scalar], Matrix s):
                AsDelegate<MatrixScalarPullback>(PullbackMethod)(a, scalar, s, ref Slot(skip == 0, ref d0), ref ds);
                return [d0, ds];
            default:
                throw new NotSupportedException(_description);
        }
    }

    /// <summary>
    /// The pullback's pushforward into null adjoints and tangents, but for the adjoint <paramref name="skipAdjoint"/> and
    /// the tangent <paramref name="skipTangent"/> (of matrices; -1 for none), passed as null refs: the adjoints, then the tangents.
    /// </summary>
    public object?[] PullbackPushforwardSkipping(object seed, object?[] t, object tseed, int skipAdjoint, int skipTangent)
    {
        Matrix? d0 = null, d1 = null, t0 = null, t1 = null;
        double ds = 0, tds = 0;
        var method = PullbackPushforwardMethod;
        switch (Inputs, seed)
        {
            case ([Matrix a, Matrix b], Matrix s):
                AsDelegate<MatricesPullbackPushforward>(method)(a, b, s, ref Slot(skipAdjoint == 0, ref d0), ref Slot(skipAdjoint == 1, ref d1),
                    (Matrix?)t[0], (Matrix?)t[1], (Matrix?)tseed, ref Slot(skipTangent == 0, ref t0), ref Slot(skipTangent == 1, ref t1));
                return [d0, d1, t0, t1];
            case ([Matrix a, Matrix b], double s):
                AsDelegate<LossPullbackPushforward>(method)(a, b, s, ref Slot(skipAdjoint == 0, ref d0), ref Slot(skipAdjoint == 1, ref d1),
                    (Matrix?)t[0], (Matrix?)t[1], (double)tseed, ref Slot(skipTangent == 0, ref t0), ref Slot(skipTangent == 1, ref t1));
                return [d0, d1, t0, t1];
            case ([Matrix a], Matrix s):
                AsDelegate<MatrixPullbackPushforward>(method)(a, s, ref Slot(skipAdjoint == 0, ref d0), (Matrix?)t[0], (Matrix?)tseed, ref Slot(skipTangent == 0, ref t0));
                return [d0, t0];
            case ([Matrix a], double s):
                AsDelegate<ReductionPullbackPushforward>(method)(a, s, ref Slot(skipAdjoint == 0, ref d0), (Matrix?)t[0], (double)tseed, ref Slot(skipTangent == 0, ref t0));
                return [d0, t0];
            case ([double scalar, Matrix a], Matrix s):
                AsDelegate<ScalarMatrixPullbackPushforward>(method)(scalar, a, s, ref ds, ref Slot(skipAdjoint == 1, ref d1),
                    (double)t[0]!, (Matrix?)t[1], (Matrix?)tseed, ref tds, ref Slot(skipTangent == 1, ref t1));
                return [ds, d1, tds, t1];
            case ([Matrix a, double scalar], Matrix s):
                AsDelegate<MatrixScalarPullbackPushforward>(method)(a, scalar, s, ref Slot(skipAdjoint == 0, ref d0), ref ds,
                    (Matrix?)t[0], (double)t[1]!, (Matrix?)tseed, ref Slot(skipTangent == 0, ref t0), ref tds);
                return [d0, ds, t0, tds];
            default:
                throw new NotSupportedException(_description);
        }
    }

    /// <summary>Zero adjoints or tangents: null (or zero) matrices and 0.</summary>
    public object?[] Zeros(bool nullMatrices) =>
        Inputs.Select(x => x is Matrix m ? (nullMatrices ? null : new Matrix(m.Rows, m.Columns)) : (object)0.0).ToArray();

    public object[] RandomTangents() => Inputs.Select(RandomLike).ToArray();

    /// <summary>The inputs moved by <paramref name="h"/> along <paramref name="t"/>.</summary>
    private object[] Along(object[] t, double h) => Inputs.Select((x, i) => Plus(x, t[i], h)).ToArray();

    public object RandomLike(object value) =>
        value is Matrix m ? Uniform(m.Rows, m.Columns, _random, -1, 1) : _random.NextDouble() * 2 - 1;

    // ------------------------------------------------------------------ values

    public static Matrix Uniform(int rows, int columns, Random random, double low, double high)
    {
        var m = new Matrix(rows, columns);
        var span = m.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = low + random.NextDouble() * (high - low);
        return m;
    }

    /// <summary>Columns of probabilities (each sums to 1), as labels or soft labels.</summary>
    public static Matrix Labels(int rows, int columns, Random random)
    {
        var m = Uniform(rows, columns, random, 0.1, 1);
        for (int j = 0; j < columns; j++)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++) sum += m[i, j];
            for (int i = 0; i < rows; i++) m[i, j] /= sum;
        }

        return m;
    }

    public static object? Clone(object? value) => value is Matrix m ? new Matrix(m.Rows, m.Columns, m.AsSpan()) : value;

    /// <summary>a + scale·b, a null matrix being zero.</summary>
    public static object Plus(object? a, object? b, double scale = 1) => (a, b) switch
    {
        (Matrix x, Matrix y) => x + scale * y,
        (null, Matrix y) => scale * y,
        (Matrix x, null) => Clone(x)!,
        (double x, double y) => x + scale * y,
        _ => throw new ArgumentException($"{a} + {b}"),
    };

    public static object Scale(object value, double s) => value is Matrix m ? s * m : (double)value * s;

    /// <summary>The inner product of two adjoints, tangents or values of the same kind; a null matrix is zero.</summary>
    public static double Inner(object? a, object? b) => (a, b) switch
    {
        (Matrix x, Matrix y) => SpanMath.Dot<double>(x.AsSpan(), y.AsSpan()),
        (double x, double y) => x * y,
        (null, _) or (_, null) => 0,
        _ => throw new ArgumentException($"⟨{a}, {b}⟩"),
    };

    /// <summary>Each element within <paramref name="tolerance"/>·(1 + |expected|).</summary>
    public static void AssertClose(object? expected, object? actual, double tolerance, string context)
    {
        double[] e = Elements(expected), a = Elements(actual);
        Assert.True(e.Length == a.Length, $"{context}: {e.Length} elements expected, {a.Length} found");
        if (expected is Matrix m && actual is Matrix n) Assert.True(m.Shape == n.Shape, $"{context}: {m.Shape} expected, {n.Shape} found");
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i])), $"{context}: element {i} is {a[i]}, expected {e[i]}");
        }
    }

    private static double[] Elements(object? value) => value switch
    {
        Matrix m => m.AsSpan().ToArray(),
        double d => [d],
        _ => throw new ArgumentException($"{value ?? "null"} is not a value."),
    };

    // ------------------------------------------------------------------ registrations

    /// <summary>Matrix's operations: its public static methods of matrices and doubles that are not derivatives.</summary>
    public static IEnumerable<MethodInfo> All() =>
        typeof(Matrix).GetMethods(PublicStatic).Where(m =>
            !m.IsDefined(typeof(DerivativeOfAttribute))
            && IsValue(m.ReturnType)
            && m.GetParameters().Length > 0
            && m.GetParameters().All(p => IsValue(p.ParameterType)));

    /// <summary>
    /// Every [DerivativeOf] on Matrix, with the method it names (null if none has its leading parameter types): an
    /// operation, or a pullback for the pushforward of a pullback.
    /// </summary>
    public static IEnumerable<(MethodInfo Derivative, DerivativeOfAttribute Attribute, MethodInfo? Target)> Registrations()
    {
        foreach (var derivative in typeof(Matrix).GetMethods(PublicStatic))
        {
            foreach (var attribute in derivative.GetCustomAttributes<DerivativeOfAttribute>())
            {
                var leading = derivative.GetParameters().Select(p => p.ParameterType).ToArray();
                var targets = attribute.Type.GetMethods(PublicStatic).Where(m =>
                    m.Name == attribute.MethodName
                    && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(leading.Take(m.GetParameters().Length))).ToList();
                yield return (derivative, attribute, targets.Count == 1 ? targets[0] : null);
            }
        }
    }

    /// <summary>
    /// How <paramref name="derivative"/> departs from the shape of a <paramref name="kind"/> of <paramref name="target"/>
    /// (empty if it does not): the target's parameters as they are; for a pullback, the seed and a <c>ref Matrix?</c> or
    /// <c>ref double</c> adjoint per Matrix or double parameter; for a pushforward, a <c>Matrix?</c> or double tangent per
    /// such by-value parameter, then a <c>ref</c> tangent per <c>ref</c> one (a pullback's adjoints), then an <c>out</c>
    /// tangent of the result unless it is void.
    /// </summary>
    public static List<string> ShapeProblems(MethodInfo derivative, DerivativeKind kind, MethodInfo target)
    {
        var nullability = new NullabilityInfoContext();
        var parameters = target.GetParameters();
        var byValue = parameters.Where(p => IsValue(p.ParameterType)).Select(p => p.ParameterType).ToList();
        var byRef = parameters.Where(p => p.ParameterType.IsByRef && IsValue(p.ParameterType.GetElementType()!)).Select(p => p.ParameterType).ToList();
        var expected = parameters.Select(p => (p.ParameterType, Nullable: nullability.Create(p).ReadState == NullabilityState.Nullable, Out: p.IsOut)).ToList();
        Type returnType;
        if (kind == DerivativeKind.Pullback)
        {
            returnType = typeof(void);
            expected.Add((target.ReturnType, false, false));
            expected.AddRange(byValue.Select(t => (t.MakeByRefType(), t == typeof(Matrix), false)));
        }
        else
        {
            returnType = target.ReturnType;
            expected.AddRange(byValue.Select(t => (t, t == typeof(Matrix), false)));
            expected.AddRange(byRef.Select(t => (t, t.GetElementType() == typeof(Matrix), false)));
            if (target.ReturnType != typeof(void)) expected.Add((target.ReturnType.MakeByRefType(), target.ReturnType == typeof(Matrix), true));
        }

        var problems = new List<string>();
        string where = $"{derivative.Name} ({kind} of {target.Name})";
        if (derivative.ReturnType != returnType) problems.Add($"{where} returns {derivative.ReturnType.Name}, not {returnType.Name}");
        var actual = derivative.GetParameters();
        if (actual.Length != expected.Count)
        {
            problems.Add($"{where} has {actual.Length} parameters, not {expected.Count}");
            return problems;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            var (type, nullable, isOut) = expected[i];
            if (actual[i].ParameterType != type) problems.Add($"{where}: parameter {i} is {actual[i].ParameterType.Name}, not {type.Name}");
            if (actual[i].IsOut != isOut) problems.Add($"{where}: parameter {i} is {(isOut ? "not " : "")}out");
            bool isNullable = nullability.Create(actual[i]).ReadState == NullabilityState.Nullable;
            if (type.GetElementType() is Type element ? element == typeof(Matrix) : type == typeof(Matrix))
            {
                if (isNullable != nullable) problems.Add($"{where}: parameter {i} is {(isNullable ? "" : "not ")}Matrix?");
            }
        }

        return problems;
    }

    private static bool IsValue(Type type) => type == typeof(Matrix) || type == typeof(double);

    private static ref Matrix? Slot(bool skipped, ref Matrix? adjoint) => ref skipped ? ref Unsafe.NullRef<Matrix?>() : ref adjoint;

    private delegate void MatricesPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db);

    private delegate void LossPullback(Matrix a, Matrix b, double seed, ref Matrix? da, ref Matrix? db);

    private delegate void MatrixPullback(Matrix a, Matrix seed, ref Matrix? da);

    private delegate void ReductionPullback(Matrix a, double seed, ref Matrix? da);

    private delegate void ScalarMatrixPullback(double s, Matrix a, Matrix seed, ref double ds, ref Matrix? da);

    private delegate void MatrixScalarPullback(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds);

    private delegate void MatricesPullbackPushforward(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb);

    private delegate void LossPullbackPushforward(Matrix a, Matrix b, double seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, double tseed, ref Matrix? tda, ref Matrix? tdb);

    private delegate void MatrixPullbackPushforward(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, ref Matrix? tda);

    private delegate void ReductionPullbackPushforward(Matrix a, double seed, ref Matrix? da, Matrix? ta, double tseed, ref Matrix? tda);

    private delegate void ScalarMatrixPullbackPushforward(double s, Matrix a, Matrix seed, ref double ds, ref Matrix? da,
        double ts, Matrix? ta, Matrix? tseed, ref double tds, ref Matrix? tda);

    private delegate void MatrixScalarPullbackPushforward(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, double ts, Matrix? tseed, ref Matrix? tda, ref double tds);
}
