using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary><see cref="SimdWidth"/>'s choice, in this process and, through <see cref="EveryWidthTests"/>, under each switch.</summary>
[EveryWidth]
public sealed class SimdWidthTests
{
    [Fact]
    public void Double_and_float_take_the_widest_vectors_the_hardware_accelerates()
    {
        int bytes = Vector512.IsHardwareAccelerated ? 64
            : Vector256.IsHardwareAccelerated ? 32
            : Vector128.IsHardwareAccelerated ? 16
            : 0;
        Assert.Equal(Math.Max(1, bytes / sizeof(double)), SimdWidth.Count<double>());
        Assert.Equal(Math.Max(1, bytes / sizeof(float)), SimdWidth.Count<float>());
    }

    [Fact]
    public void Types_vectors_do_not_hold_take_one_element_at_a_time()
    {
        Assert.Equal(1, SimdWidth.Count<Half>());
        Assert.Equal(1, SimdWidth.Count<NFloat>());
    }
}
