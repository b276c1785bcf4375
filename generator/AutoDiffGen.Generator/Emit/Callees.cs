using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Models;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The last pipeline step: a generated file that calls the members of another [Differentiable] method of the compilation
/// that has none (an error in its declaration or body, code that does not compile yet), or none with respect to its
/// [NoDerivative] parameters, is dropped, and the analyzer gives its method one error at the call saying why, instead of
/// errors inside the generated file (or an exception at run time). Cheap: it only compares what each file calls with the short list of
/// methods that cannot offer everything.
/// </summary>
internal static class Callees
{
    /// <summary>The methods that cannot give their callers everything, in a stable order (so that an unchanged list is cached).</summary>
    public static EquatableArray<CalleeStatus> Unavailable(IEnumerable<GeneratedFile> files)
        => files.Select(f => f.Status).Where(s => s is not null).Select(s => s!).OrderBy(s => s.Key, System.StringComparer.Ordinal).ToEquatableArray();

    /// <summary>The file, or none when it calls what a callee cannot offer (<see cref="CannotOffer"/>).</summary>
    public static GeneratedFile Check(GeneratedFile file, EquatableArray<CalleeStatus> unavailable)
    {
        if (file.Text is null || file.Calls.Count == 0 || unavailable.Count == 0) return file;
        foreach (var call in file.Calls)
        {
            if (unavailable.FirstOrDefault(s => s.Key == call.CalleeKey) is { } callee && CannotOffer(call, callee)) return file with { Text = null };
        }
        return file;
    }

    /// <summary>
    /// One error at each call of <paramref name="file"/> to a method that cannot offer what it calls: none of its members
    /// (ADG0205), or none with respect to the [NoDerivative] parameters the call passes a derivative (ADG0204), at the call's
    /// site (<see cref="DiagnosticInfo.At"/>). <paramref name="statusOf"/> gives the status of a call's callee (null: it offers
    /// everything) and where the callee's first error is reported, and which (<c>ADG0101 at File.cs(12,9)</c>), if it has one.
    /// </summary>
    public static List<DiagnosticInfo> Problems(GeneratedFile file, System.Func<CallSite, (CalleeStatus Status, string? FirstError)?> statusOf)
    {
        var reported = new List<DiagnosticInfo>();
        if (file.Text is null) return reported;
        foreach (var call in file.Calls)
        {
            if (statusOf(call) is not var (callee, firstError) || !CannotOffer(call, callee)) continue;
            var diagnostic = callee.NoDerivatives
                ? DiagnosticInfo.Create(DiagnosticDescriptors.CalleeWithoutDerivatives, SourceRef.Site(call.Site), callee.Name,
                    firstError is null ? "it does not compile yet" : "see " + firstError)
                // As ADG0204 for a registered derivative: the callee cannot be differentiated with respect to that parameter.
                : DiagnosticInfo.Create(DiagnosticDescriptors.ActiveArgumentForDataParameter, SourceRef.Site(call.Site), call.DataParameters[0], callee.Name,
                    $"'{callee.Name}' cannot be differentiated with respect to it ({callee.FullReason})", "pass a value that carries none (a constant, a [NoDerivative] parameter), or make the derivative it needs known");
            if (!reported.Contains(diagnostic)) reported.Add(diagnostic);
        }
        return reported;
    }

    /// <summary>Whether <paramref name="callee"/> lacks what <paramref name="call"/> calls of it.</summary>
    private static bool CannotOffer(CallSite call, CalleeStatus callee) => callee.NoDerivatives || (call.DataParameters.Count > 0 && callee.FullReason is not null);
}
