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

    /// <summary>The file, or none when it calls what a callee cannot offer (<see cref="Problems"/>).</summary>
    public static GeneratedFile Check(GeneratedFile file, EquatableArray<CalleeStatus> unavailable)
    {
        if (file.Text is null || file.Calls.Count == 0 || unavailable.Count == 0) return file;
        return Problems(file, call => unavailable.FirstOrDefault(s => s.Key == call.CalleeKey)).Count == 0 ? file : file with { Text = null };
    }

    /// <summary>
    /// One error at each call of <paramref name="file"/> to a method that cannot offer what it calls: none of its members
    /// (ADG0205), or none with respect to the [NoDerivative] parameters the call passes a derivative (ADG0204).
    /// <paramref name="statusOf"/> gives the status of a call's callee (null: it offers everything).
    /// </summary>
    public static List<DiagnosticInfo> Problems(GeneratedFile file, System.Func<CallSite, CalleeStatus?> statusOf)
    {
        var reported = new List<DiagnosticInfo>();
        if (file.Text is null) return reported;
        foreach (var call in file.Calls)
        {
            if (statusOf(call) is not { } callee) continue;
            DiagnosticInfo? diagnostic = null;
            if (callee.NoDerivatives)
            {
                var why = callee.FirstError is null ? "it does not compile yet" : "see " + callee.FirstError;
                diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.CalleeWithoutDerivatives, call.Location, callee.Name, why);
            }
            else if (call.DataParameters.Count > 0 && callee.FullReason is { } reason)
            {
                // As ADG0204 for a registered derivative: the callee cannot be differentiated with respect to that parameter.
                diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.ActiveArgumentForDataParameter, call.Location, call.DataParameters[0], callee.Name,
                    $"'{callee.Name}' cannot be differentiated with respect to it ({reason})", "pass a value that carries none (a constant, a [NoDerivative] parameter), or make the derivative it needs known");
            }
            if (diagnostic is not null && !reported.Contains(diagnostic)) reported.Add(diagnostic);
        }
        return reported;
    }
}
