using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// System.Numerics' <c>Vector2</c>, <c>Vector3</c>, <c>Vector4</c>, <c>Quaternion</c> (float) and <c>Complex</c> (double),
/// as the generator differentiates them: each operation is written out on the leaves of its operands (<c>a + b</c> on
/// vectors is a sum per component, <c>Complex.Exp(z)</c> is <c>eᵃ(cos b, sin b)</c>), so that every mode and the second
/// order follow from the scalar rules, with nothing called. A <c>Complex</c> is the pair (Real, Imaginary): its adjoint is
/// the pair of the adjoints of its parts (the real-pair convention), not a complex conjugate derivative.
/// </summary>
internal static class NumericsRules
{
    public const string Hint = "; of System.Numerics, AutoDiffGen differentiates the operators, constructors, Dot, Cross, Length, LengthSquared, Normalize, Distance, DistanceSquared, Lerp, Transform, Conjugate, Inverse and Concatenate of the vectors and Quaternion, and Complex's operators, Exp, Log, Sqrt, Pow, Abs, Magnitude, Phase, Conjugate, Reciprocal, Sin, Cos and FromPolarCoordinates; write anything else from the fields";

    private static bool IsNumerics(INamedTypeSymbol? type)
        => type is { ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
            && type.Name is "Vector2" or "Vector3" or "Vector4" or "Quaternion" or "Complex";

    /// <summary>Whether <paramref name="method"/> is a member of one of the types above (rules may still not know it: <see cref="Apply"/> gives null).</summary>
    public static bool Handles(IMethodSymbol method) => IsNumerics(method.ContainingType) && !method.Locations.Any(l => l.IsInSource);

    /// <summary>A static property (or field) of the types above: <c>Vector3.Zero</c>, <c>UnitX</c>, <c>Quaternion.Identity</c>, <c>Complex.ImaginaryOne</c>; null for others.</summary>
    public static Expr[]? StaticValue(ISymbol property)
    {
        if (!IsNumerics(property.ContainingType) || StructShapes.Of(property.ContainingType) is not { } shape) return null;
        int n = shape.Size;
        var t = shape.Leaves.First().Type;
        Expr[] Unit(int axis) => Enumerable.Range(0, n).Select(i => (Expr)Constant(t, i == axis ? 1 : 0)).ToArray();
        return (property.ContainingType.Name, property.Name) switch
        {
            ("Complex", "Zero") => Unit(-1),
            ("Complex", "One") => Unit(0),
            ("Complex", "ImaginaryOne") => Unit(1),
            ("Quaternion", "Identity") => Unit(3),
            ("Quaternion", "Zero") => Unit(-1),
            (_, "Zero") => Unit(-1),
            (_, "One") => Enumerable.Range(0, n).Select(_ => (Expr)Constant(t, 1)).ToArray(),
            (_, "UnitX") => Unit(0),
            (_, "UnitY") => Unit(1),
            (_, "UnitZ") => Unit(2),
            (_, "UnitW") => Unit(3),
            _ => null,
        };
    }

    /// <summary>
    /// The leaves of the result of <paramref name="method"/> (one value for a scalar result) given its arguments' leaves (the
    /// instance's first, for an instance member); null when no rule knows it.
    /// </summary>
    public static Expr[]? Apply(IMethodSymbol method, IReadOnlyList<Expr[]> args)
    {
        var type = method.ContainingType;
        var name = method.MethodKind switch
        {
            MethodKind.PropertyGet => ((IPropertySymbol)method.AssociatedSymbol!).Name,
            MethodKind.Constructor => ".ctor",
            _ => method.Name,
        };
        // Which arguments are of the type itself (the others are scalars).
        var parameters = (method.IsStatic || method.MethodKind == MethodKind.Constructor ? Enumerable.Empty<ITypeSymbol>() : new[] { type }).Concat(method.Parameters.Select(p => p.Type)).ToList();
        if (parameters.Count != args.Count) return null;
        bool[] vector = parameters.Select(p => SymbolEqualityComparer.Default.Equals(p, type)).ToArray();
        var shape = StructShapes.Of(type)!;
        var t = shape.Leaves.First().Type;
        var a = args.Select(arg => arg.Select(e => ConvertTo(e, t)).ToArray()).ToList();
        return type.Name == "Complex" ? ComplexRule(name, a, vector, t) : VectorRule(type.Name, name, a, vector, shape.Size, t);
    }

    private static Expr[]? VectorRule(string typeName, string name, List<Expr[]> a, bool[] vector, int n, IrType t)
    {
        bool quaternion = typeName == "Quaternion";
        Expr[] Map(System.Func<int, Expr> f) => Enumerable.Range(0, n).Select(f).ToArray();
        Expr Dot(Expr[] x, Expr[] y) => Sum(t, x.Select((e, i) => Mul(e, y[i])));
        Expr[] Scale(Expr[] x, Expr s) => x.Select(e => Mul(e, s)).ToArray();
        Expr[] Difference(Expr[] x, Expr[] y) => x.Select((e, i) => Sub(e, y[i])).ToArray();
        Expr Length(Expr[] x) => Call("Sqrt", t, Dot(x, x));
        switch (name, a.Count)
        {
            case (".ctor", _):
                var leaves = a.SelectMany(x => x).ToArray();
                if (leaves.Length == n) return leaves;
                return a.Count == 1 && leaves.Length == 1 ? Map(_ => leaves[0]) : null;
            case ("op_UnaryPlus", 1):
                return a[0];
            case ("op_UnaryNegation" or "Negate", 1):
                return a[0].Select(Neg).ToArray();
            case ("op_Addition" or "Add", 2):
                return Map(i => Add(a[0][i], a[1][i]));
            case ("op_Subtraction" or "Subtract", 2):
                return Difference(a[0], a[1]);
            case ("op_Multiply" or "Multiply", 2) when quaternion && vector[0] && vector[1]:
                return Hamilton(a[0], a[1]);
            case ("op_Multiply" or "Multiply", 2):
                return vector[0] && vector[1] ? Map(i => Mul(a[0][i], a[1][i])) : vector[0] ? Scale(a[0], a[1][0]) : Scale(a[1], a[0][0]);
            case ("op_Division" or "Divide", 2) when !quaternion:
                return vector[1] ? Map(i => Div(a[0][i], a[1][i])) : Map(i => Div(a[0][i], a[1][0]));
            case ("Dot", 2):
                return new[] { Dot(a[0], a[1]) };
            case ("Length", 1):
                return new[] { Length(a[0]) };
            case ("LengthSquared", 1):
                return new[] { Dot(a[0], a[0]) };
            case ("Normalize", 1):
                var length = Length(a[0]);
                return Map(i => Div(a[0][i], length));
            case ("Distance", 2) when !quaternion:
                return new[] { Length(Difference(a[0], a[1])) };
            case ("DistanceSquared", 2) when !quaternion:
                var d = Difference(a[0], a[1]);
                return new[] { Dot(d, d) };
            case ("Lerp", 3) when !quaternion && !vector[2]:
                return Map(i => Add(a[0][i], Mul(Sub(a[1][i], a[0][i]), a[2][0])));
            case ("Cross", 2) when n == 3:
                var (x, y) = (a[0], a[1]);
                return new[] { Sub(Mul(x[1], y[2]), Mul(x[2], y[1])), Sub(Mul(x[2], y[0]), Mul(x[0], y[2])), Sub(Mul(x[0], y[1]), Mul(x[1], y[0])) };
            case ("Conjugate", 1) when quaternion:
                return new[] { Neg(a[0][0]), Neg(a[0][1]), Neg(a[0][2]), a[0][3] };
            case ("Inverse", 1) when quaternion:
                var norm = Dot(a[0], a[0]);
                return new[] { Neg(Div(a[0][0], norm)), Neg(Div(a[0][1], norm)), Neg(Div(a[0][2], norm)), Div(a[0][3], norm) };
            case ("Concatenate", 2) when quaternion:
                return Hamilton(a[1], a[0]);
            case ("CreateFromAxisAngle", 2) when quaternion:
                var half = Mul(a[1][0], Constant(t, 0.5));
                var sin = Call("Sin", t, half);
                return new[] { Mul(a[0][0], sin), Mul(a[0][1], sin), Mul(a[0][2], sin), Call("Cos", t, half) };
            case ("Transform", 2) when n == 3 && a[1].Length == 4:
                return Rotate(a[0], a[1]);
            default:
                return null;
        }

        // q · r (Hamilton product), as Quaternion's operator * computes it.
        Expr[] Hamilton(Expr[] q, Expr[] r)
        {
            var (q1, q2, q3, q4) = (q[0], q[1], q[2], q[3]);
            var (r1, r2, r3, r4) = (r[0], r[1], r[2], r[3]);
            return new[]
            {
                Add(Add(Mul(q1, r4), Mul(r1, q4)), Sub(Mul(q2, r3), Mul(q3, r2))),
                Add(Add(Mul(q2, r4), Mul(r2, q4)), Sub(Mul(q3, r1), Mul(q1, r3))),
                Add(Add(Mul(q3, r4), Mul(r3, q4)), Sub(Mul(q1, r2), Mul(q2, r1))),
                Sub(Mul(q4, r4), Sum(t, new[] { Mul(q1, r1), Mul(q2, r2), Mul(q3, r3) })),
            };
        }

        // v rotated by the unit quaternion q: v + 2w(u × v) + 2u × (u × v), u = (x, y, z).
        Expr[] Rotate(Expr[] v, Expr[] q)
        {
            var u = new[] { q[0], q[1], q[2] };
            Expr[] Cross(Expr[] p, Expr[] r) => new[] { Sub(Mul(p[1], r[2]), Mul(p[2], r[1])), Sub(Mul(p[2], r[0]), Mul(p[0], r[2])), Sub(Mul(p[0], r[1]), Mul(p[1], r[0])) };
            var c = Cross(u, v);
            var cc = Cross(u, c);
            var two = Constant(t, 2);
            return Enumerable.Range(0, 3).Select(i => Add(v[i], Mul(two, Add(Mul(q[3], c[i]), cc[i])))).ToArray();
        }
    }

    private static Expr[]? ComplexRule(string name, List<Expr[]> a, bool[] complex, IrType t)
    {
        Expr[] Of(int i) => complex[i] ? a[i] : new[] { a[i][0], Constant(t, 0) };
        Expr[] Times(Expr[] x, Expr[] y) => new[] { Sub(Mul(x[0], y[0]), Mul(x[1], y[1])), Add(Mul(x[0], y[1]), Mul(x[1], y[0])) };
        Expr Magnitude(Expr[] z) => Call("Sqrt", t, Add(Mul(z[0], z[0]), Mul(z[1], z[1])));
        Expr[] Exp(Expr[] z)
        {
            var e = Call("Exp", t, z[0]);
            return new[] { Mul(e, Call("Cos", t, z[1])), Mul(e, Call("Sin", t, z[1])) };
        }
        Expr[] Log(Expr[] z) => new[] { Call("Log", t, Magnitude(z)), Call("Atan2", t, z[1], z[0]) };
        switch (name, a.Count)
        {
            case (".ctor", 2):
                return new[] { a[0][0], a[1][0] };
            case ("op_Implicit" or "op_Explicit", 1) when !complex[0]:
                return Of(0);
            case ("op_UnaryPlus", 1):
                return a[0];
            case ("op_UnaryNegation" or "Negate", 1):
                return new[] { Neg(a[0][0]), Neg(a[0][1]) };
            case ("op_Addition" or "Add", 2):
                return new[] { Add(Of(0)[0], Of(1)[0]), Add(Of(0)[1], Of(1)[1]) };
            case ("op_Subtraction" or "Subtract", 2):
                return new[] { Sub(Of(0)[0], Of(1)[0]), Sub(Of(0)[1], Of(1)[1]) };
            case ("op_Multiply" or "Multiply", 2):
                return !complex[1] ? new[] { Mul(a[0][0], a[1][0]), Mul(a[0][1], a[1][0]) }
                    : !complex[0] ? new[] { Mul(a[0][0], a[1][0]), Mul(a[0][0], a[1][1]) }
                    : Times(a[0], a[1]);
            case ("op_Division" or "Divide", 2) when !complex[1]:
                return new[] { Div(a[0][0], a[1][0]), Div(a[0][1], a[1][0]) };
            case ("op_Division" or "Divide", 2):
                var (x, y) = (Of(0), a[1]);
                var denominator = Add(Mul(y[0], y[0]), Mul(y[1], y[1]));
                return new[] { Div(Add(Mul(x[0], y[0]), Mul(x[1], y[1])), denominator), Div(Sub(Mul(x[1], y[0]), Mul(x[0], y[1])), denominator) };
            case ("Reciprocal", 1):
                var squared = Add(Mul(a[0][0], a[0][0]), Mul(a[0][1], a[0][1]));
                return new[] { Div(a[0][0], squared), Neg(Div(a[0][1], squared)) };
            case ("Conjugate", 1):
                return new[] { a[0][0], Neg(a[0][1]) };
            case ("Abs" or "Magnitude", 1):
                return new[] { Magnitude(a[0]) };
            case ("Phase", 1):
                return new[] { Call("Atan2", t, a[0][1], a[0][0]) };
            case ("Exp", 1):
                return Exp(a[0]);
            case ("Log", 1):
                return Log(a[0]);
            case ("Sqrt", 1):
                // The principal root from the larger of its parts: t = √((|z| + |a|)/2), then the other part is b / 2t.
                var (re, im) = (a[0][0], a[0][1]);
                var root = Call("Sqrt", t, Mul(Add(Magnitude(a[0]), Call("Abs", t, re)), Constant(t, 0.5)));
                var other = Div(im, Mul(Constant(t, 2), root));
                var nonNegative = Compare(BinaryOp.GreaterOrEqual, re, Constant(t, 0));
                var negativeIm = Compare(BinaryOp.Less, im, Constant(t, 0));
                return new[]
                {
                    Select(nonNegative, root, Select(negativeIm, Neg(other), other)),
                    Select(nonNegative, other, Select(negativeIm, Neg(root), root)),
                };
            case ("Pow", 2):
                return Exp(Times(Of(1), Log(a[0])));
            case ("FromPolarCoordinates", 2):
                return new[] { Mul(a[0][0], Call("Cos", t, a[1][0])), Mul(a[0][0], Call("Sin", t, a[1][0])) };
            case ("Sin", 1):
                return new[] { Mul(Call("Sin", t, a[0][0]), Call("Cosh", t, a[0][1])), Mul(Call("Cos", t, a[0][0]), Call("Sinh", t, a[0][1])) };
            case ("Cos", 1):
                return new[] { Mul(Call("Cos", t, a[0][0]), Call("Cosh", t, a[0][1])), Neg(Mul(Call("Sin", t, a[0][0]), Call("Sinh", t, a[0][1]))) };
            default:
                return null;
        }
    }
}
