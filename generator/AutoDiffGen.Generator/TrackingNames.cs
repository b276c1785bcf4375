namespace AutoDiffGen.Generator;

/// <summary>Names of the tracked incremental steps, used by the incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>Each [Differentiable] method lowered to IR (with where its parts are, and its own diagnostics).</summary>
    public const string Lowered = nameof(Lowered);

    /// <summary>Each lowered method's model, without positions: unchanged when the method only moved.</summary>
    public const string Modeled = nameof(Modeled);

    /// <summary>Each [DerivativeOf] registration in the compilation.</summary>
    public const string Registrations = nameof(Registrations);

    /// <summary>All registrations, collected.</summary>
    public const string CollectedRegistrations = nameof(CollectedRegistrations);

    /// <summary>The models of every method with IR, collected: the callees a method may inline.</summary>
    public const string Library = nameof(Library);

    /// <summary>Each model with the models of the [Differentiable] methods it calls, directly or not (what it may inline).</summary>
    public const string WithCallees = nameof(WithCallees);

    /// <summary>A lowered method combined with the registrations, transformed and emitted as text.</summary>
    public const string Generated = nameof(Generated);

    /// <summary>The [Differentiable] methods that cannot give their callers every member (no file, or throwing Full members), collected.</summary>
    public const string UnavailableCallees = nameof(UnavailableCallees);

    /// <summary>Each generated file checked against <see cref="UnavailableCallees"/>: the output.</summary>
    public const string CheckedCalls = nameof(CheckedCalls);
}
