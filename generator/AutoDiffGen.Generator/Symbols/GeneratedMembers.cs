using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Symbols;

/// <summary>
/// The names of the members generated for a [Differentiable] method <c>F</c> (<c>F</c> followed by a suffix), and the
/// members of the user's that have one of them (<see cref="NamedLikeGenerated"/>).
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>Every suffix of a generated member, whether a given method gets that member or not: the one list (<see cref="DerivativeNames"/>).</summary>
    public static IReadOnlyList<string> Suffixes => DerivativeNames.All;

    /// <summary>
    /// A parameter as signatures compare it: its type, fully qualified, and whether it is passed by reference (<c>ref</c>,
    /// <c>out</c> and <c>in</c> count as one: C# members may not differ only there).
    /// </summary>
    public static string ParameterKey(bool byReference, string type) => (byReference ? "ref " : "") + type;

    /// <summary>The signature keys of a method's parameters (see <see cref="ParameterKey"/>).</summary>
    public static EquatableArray<string> ParameterKeys(IMethodSymbol method)
        => method.Parameters.Select(p => ParameterKey(p.RefKind != RefKind.None, SymbolNames.FullyQualified(p.Type))).ToEquatableArray();

    /// <summary>
    /// Whether <paramref name="tree"/> is a file this generator added (Roslyn puts them in a directory named after the
    /// generator). The analyzer sees the generator's input plus these files: lowering leaves them out, so that a method
    /// lowers to the same model with and without them (its members are not the user's, and lowering binds nothing else
    /// they declare), and the cache finds the generator's models.
    /// </summary>
    public static bool InGeneratedFile(SyntaxTree tree)
    {
        var path = tree.FilePath;
        int file = path.LastIndexOfAny(Separators);
        if (file <= 0) return false;
        int directory = path.LastIndexOfAny(Separators, file - 1) + 1;
        return file - directory == GeneratorDirectory.Length && string.CompareOrdinal(path, directory, GeneratorDirectory, 0, GeneratorDirectory.Length) == 0;
    }

    private static readonly char[] Separators = { '/', '\\' };

    /// <summary>The directory Roslyn puts a generator's files in: the generator's full type name.</summary>
    private static readonly string GeneratorDirectory = typeof(DifferentiableGenerator).FullName!;

    /// <summary>
    /// The members named like a member generated for <paramref name="method"/> that a generated one could clash with: those of
    /// its type (in every partial declaration), and those it inherits and a generated member would hide (accessible from it).
    /// Generic methods are left out: a generated member has no type parameters, so never their signature.
    /// </summary>
    public static List<(NamedLikeGenerated Member, LocationInfo? Location)> NamedLike(IMethodSymbol method)
    {
        var type = method.ContainingType;
        var found = new List<(NamedLikeGenerated, LocationInfo?)>();
        foreach (var suffix in Suffixes)
        {
            var name = method.Name + suffix;
            for (var owner = type; owner is not null; owner = owner.BaseType)
            {
                foreach (var member in owner.GetMembers(name))
                {
                    if (member.IsImplicitlyDeclared || member is IMethodSymbol { Arity: > 0 }) continue;
                    // The generated members themselves, once the generator's files are in the compilation (the analyzer's).
                    if (member.Locations.Length > 0 && member.Locations.All(l => l.SourceTree is { } tree && InGeneratedFile(tree))) continue;
                    if (!SymbolEqualityComparer.Default.Equals(owner, type) && !Inherited(member, type)) continue;
                    found.Add((new NamedLikeGenerated(
                        name,
                        member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                        member is IMethodSymbol m ? ParameterKeys(m) : null),
                        LocationInfo.From(member.Locations.FirstOrDefault(l => l.IsInSource))));
                }
            }
        }
        return found;
    }

    /// <summary>Whether <paramref name="type"/> sees a member of its base type (a generated member of the same name would hide it).</summary>
    private static bool Inherited(ISymbol member, INamedTypeSymbol type) => member.DeclaredAccessibility switch
    {
        Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal => true,
        Accessibility.Internal or Accessibility.ProtectedAndInternal => SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, type.ContainingAssembly),
        _ => false,
    };
}
