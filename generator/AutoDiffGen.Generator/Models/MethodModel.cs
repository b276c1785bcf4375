using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Models;

/// <summary>A type that contains the method: <c>partial {Keyword} {Name}{TypeParameters}</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name, string TypeParameters);

/// <summary>
/// A [Differentiable] method after lowering, as generation sees it: where to generate (namespace, containing types), how
/// (accessibility, documentation names), what (the IR, or null when lowering failed) and whether lowering found an error.
/// It holds no source positions (those are in the <see cref="SourceMap"/> beside it), so it compares equal when the method
/// only moved.
/// </summary>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Accessibility,
    string Signature,
    string HintName,
    Function? Ir,
    bool HasLoweringErrors,
    string Key)
{
    /// <summary>The method's parameters as signatures compare them (<see cref="Symbols.GeneratedMembers.ParameterKey"/>): the generated members begin with them.</summary>
    public EquatableArray<string> ParameterKeys { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The keys of the [Differentiable] methods its body calls, in the order it first calls them: what its generation may
    /// inline (<see cref="Transforms.Inlining"/>), so what it depends on (editing one generates this again), known without
    /// walking the IR again on every edit of the compilation.
    /// </summary>
    public EquatableArray<string> CalleeKeys { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the body names a private or protected member (or one of such a type): only its own type may take its IR in (inlining).</summary>
    public bool UsesHiddenMembers { get; init; }

    /// <summary>
    /// Whether the method is an instance method: its generated members are instance members too (it reads its object's
    /// fields and properties, through <see cref="DataRead.This"/>).
    /// </summary>
    public bool IsInstance { get; init; }

    /// <summary>
    /// For a generic method, the constraints of its floating type parameter as its generated members declare them
    /// (<c>where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>): they are generic in it too. Null otherwise.
    /// </summary>
    public string? GenericConstraints { get; init; }

    /// <summary>What follows a generated member's name: <c>&lt;T&gt;</c> for a generic method, nothing otherwise.</summary>
    public string TypeParameters => GenericConstraints is null ? "" : "<" + IrTypeExtensions.TypeParameter + ">";

    /// <summary>What follows a generated member's parameter list: its <see cref="GenericConstraints"/>, or nothing.</summary>
    public string ConstraintClause => GenericConstraints is null ? "" : " " + GenericConstraints;

    /// <summary>The modifiers every generated member starts with: the method's accessibility, and <c>static</c> unless it is an instance method.</summary>
    public string Modifiers => IsInstance ? Accessibility : Accessibility + " static";

    /// <summary>The struct parameters and results of the method, which its IR holds as scalars; null when it has none.</summary>
    public StructBoundary? Structs { get; init; }

    /// <summary>The user's members named like a generated member (ADG0007 where one clashes with it).</summary>
    public EquatableArray<NamedLikeGenerated> NamedLikeGenerated { get; init; } = EquatableArray<NamedLikeGenerated>.Empty;
}

/// <summary>
/// A member of the user's (in the method's type or a base type) with the <see cref="Name"/> of a member AutoDiffGen generates for
/// the method: how diagnostics name it and its parameters as signatures compare them (null when it is not a method). Where it
/// is, is in the method's <see cref="SourceMap"/>.
/// </summary>
internal sealed record NamedLikeGenerated(string Name, string Display, EquatableArray<string>? Parameters);

/// <summary>
/// A [DerivativeOf] registration: the method <see cref="Derivative"/> (fully qualified) is the
/// <see cref="Kind"/> of the method with key <see cref="TargetKey"/>.
/// </summary>
internal sealed record Registration(string TargetKey, DerivativeKindInfo Kind, string Derivative, string DerivativeKey);

internal enum DerivativeKindInfo
{
    Pullback = 0,
    Pushforward = 1,
}

/// <summary>A registration together with the diagnostics found while reading it.</summary>
internal sealed record RegistrationResult(Registration? Registration, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// What the generator outputs for one method: a file (or none) and the diagnostics generation found (referring to the
/// method's parts by <see cref="DiagnosticInfo.At"/>, located by its <see cref="SourceMap"/>); and, for the check of calls between
/// [Differentiable] methods (<see cref="Emit.Callees"/>), what it offers its callers and the members of other such methods
/// its file calls.
/// </summary>
internal sealed record GeneratedFile(string HintName, string? Text, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>What the method's callers cannot have of it; null when they can have everything they may call.</summary>
    public CalleeStatus? Status { get; init; }

    /// <summary>The calls to other [Differentiable] methods of this compilation whose generated members the file calls.</summary>
    public EquatableArray<CallSite> Calls { get; init; } = EquatableArray<CallSite>.Empty;
}

/// <summary>
/// A [Differentiable] method that cannot give its callers all they may call: no derivatives at all (an error in its
/// declaration or body, code that does not compile yet), or none with respect to its [NoDerivative] parameters
/// (<see cref="FullReason"/>).
/// </summary>
/// <param name="Key">The method (see <c>SymbolNames.Key</c>).</param>
/// <param name="Name">Its name, for messages.</param>
/// <param name="NoDerivatives">Whether it has no generated members at all.</param>
/// <param name="FullReason">Why its members with respect to every parameter throw, or null.</param>
internal sealed record CalleeStatus(string Key, string Name, bool NoDerivatives, string? FullReason);

/// <summary>
/// A call from a generated file to another [Differentiable] method's members: its <c>Full</c> ones when the call passes a
/// value with a derivative for its [NoDerivative] parameters <see cref="DataParameters"/>.
/// </summary>
internal sealed record CallSite(string CalleeKey, EquatableArray<string> DataParameters, int Site);
