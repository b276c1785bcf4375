using System;

// Block-scoped, several levels deep: the generated code must reopen every namespace and containing type.
namespace AutoDiffGen.IntegrationTests.Deeply.Nested.Space
{
    public static partial class Outer
    {
        public static partial class Inner
        {
            [Differentiable]
            public static double Product(double x, double y) => x * y * y;
        }

        public partial struct InStruct
        {
            [Differentiable]
            public static double Cube(double x) => x * x * x;
        }

        public partial record InRecord
        {
            [Differentiable]
            public static double Quartic(double x) => x * x * x * x;
        }
    }

    /// <summary>Generated members have the accessibility of the method they differentiate.</summary>
    internal sealed partial class Accessibility
    {
        [Differentiable]
        public static double PublicSquare(double x) => x * x;

        [Differentiable]
        internal static double InternalSquare(double x) => x * x;

        [Differentiable]
        private static double PrivateSquare(double x) => x * x;

        /// <summary>Proves the private members exist, callable from inside the type.</summary>
        public static double PrivateSquareDerivative(double x)
        {
            PrivateSquareGradient(x, out double dx);
            return dx;
        }

        /// <summary>Keeps <see cref="PrivateSquare"/> referenced.</summary>
        public static double CallPrivateSquare(double x) => PrivateSquare(x);
    }
}
