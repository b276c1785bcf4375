using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.PackageTests;

/// <summary>
/// A generator assembly that no compiler can use: it references Microsoft.CodeAnalysis 99.0.0.0. A compiler that cannot
/// create the generators of an assembly which references a Microsoft.CodeAnalysis newer than its own reports warning
/// CS9057 and compiles without them — what happens to AutoDiffGen's generator under a compiler older than the one it
/// was built against. Microsoft.CodeAnalysis 99 is a stand-in compiled here with the two names the compiler looks for
/// (<c>[Generator]</c>, C# by default, and <c>IIncrementalGenerator</c>); it is never deployed beside the generator.
/// </summary>
internal static class TooNewGenerator
{
    public const string AssemblyName = "TooNewGenerator";

    /// <summary>Writes TooNewGenerator.dll into <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var coreLibrary = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);

        var compiler = Compile("Microsoft.CodeAnalysis", """
            [assembly: System.Reflection.AssemblyVersion("99.0.0.0")]
            namespace Microsoft.CodeAnalysis
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class GeneratorAttribute : System.Attribute
                {
                    public GeneratorAttribute() { }
                }

                public interface IIncrementalGenerator { }
            }
            """, coreLibrary);

        var generator = Compile(AssemblyName, """
            [Microsoft.CodeAnalysis.Generator]
            public sealed class TooNew : Microsoft.CodeAnalysis.IIncrementalGenerator { }
            """, coreLibrary, MetadataReference.CreateFromImage(compiler));

        string path = Path.Combine(folder, AssemblyName + ".dll");
        File.WriteAllBytes(path, generator);
        return path;
    }

    private static byte[] Compile(string assemblyName, string source, params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(
                $"{assemblyName} did not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return image.ToArray();
    }
}
