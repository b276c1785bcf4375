// The consumer project's whole program: [Differentiable] code compiled by the generator from the package.
// Prints "name value" lines, inputs first, which the test checks against closed forms.
using System;
using System.Globalization;
using AutoDiffGen;

double x = 0.7, y = -1.3;
Print("x", x);
Print("y", y);
Print("f", Functions.FGradient(x, y, out double dx, out double dy));
Print("df/dx", dx);
Print("df/dy", dy);
Span<double> gradient = stackalloc double[2];
Span<double> hessian = stackalloc double[4];
Functions.FHessian(x, y, gradient, hessian);
for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) Print($"H[{i},{j}]", hessian[2 * i + j]);

var w = Matrix.FromRows([0.5, -0.25, 1.5], [-1.0, 0.75, 0.125]);
var v = Matrix.FromRows([0.3], [-0.6], [0.9]);
var dw = new Matrix(2, 3);
double g = Functions.GGradient(w, v, dw);
for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++) Print($"w[{i},{j}]", w[i, j]);
for (int j = 0; j < 3; j++) Print($"v[{j}]", v[j, 0]);
Print("g", g);
for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++) Print($"dg/dw[{i},{j}]", dw[i, j]);

static void Print(string name, double value) => Console.WriteLine(name + " " + value.ToString("R", CultureInfo.InvariantCulture));

public static partial class Functions
{
    [Differentiable]
    public static double F(double x, double y) => x * y + Math.Sin(x);

    [Differentiable]
    public static double G(Matrix w, [NoDerivative] Matrix v) => Matrix.Sum(Matrix.Tanh(w * v));
}
