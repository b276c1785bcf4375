using System;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Marks a test class whose results depend on the vector width the runtime computes at: <see cref="EveryWidthTests"/>
/// runs its tests again in child processes, one for each other width the machine has.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class EveryWidthAttribute : Attribute
{
    /// <summary>
    /// The width this process runs the hand-written kernels and GEMM at, as <see cref="SimdWidth"/> chooses it, and
    /// whether the vector multiply-add is fused: <c>Vector256 (FMA)</c>, <c>Vector128 (no FMA)</c>, <c>scalar</c>.
    /// </summary>
    public static string Width()
    {
        string vectors = SimdWidth.Count<double>() switch
        {
            8 => "Vector512",
            4 => "Vector256",
            2 => "Vector128",
            _ => "scalar",
        };
        return vectors == "scalar" ? vectors
            : $"{vectors} ({(Fma.IsSupported || AdvSimd.Arm64.IsSupported ? "FMA" : "no FMA")})";
    }
}
