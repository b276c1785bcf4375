using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Whether a [Differentiable] method has compiler errors of its own, without asking the compiler for its diagnostics:
/// <c>SemanticModel.GetDiagnostics</c> binds the body a second time, runs flow analysis and completes every declaration
/// in the file, which cost more than everything else the generator does for a method. The compiler reports these
/// errors itself; the generator only has to stay quiet about such a method (no derivatives, no diagnostics).
/// </summary>
/// <remarks>
/// What the checks cover, each in <c>CompilerErrorTests</c>: syntax errors; anything that did not bind (an invalid
/// operation, an error type, a conversion that does not exist or is not implicit where one is implied); a value-returning
/// block body whose end is reachable (CS0161); a second method with the same signature (CS0111, which would also give two
/// generated files the same name). Errors the operation tree does not show (a local read before it is assigned, CS0165;
/// a local that shadows a parameter, CS0136) pass: the compiler reports them in the user's code, and what the generator
/// makes of such a method is never run.
/// </remarks>
internal static class CompilerErrors
{
    public static bool Any(MethodDeclarationSyntax syntax, IMethodSymbol method, IMethodBodyOperation body, SemanticModel model, CancellationToken cancellationToken)
    {
        if (syntax.ContainsDiagnostics) return true;
        if (HasDuplicate(method)) return true;
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IInvalidOperation:
                    return true;
                case IConversionOperation conversion when !conversion.GetConversion().Exists || (conversion.IsImplicit && !conversion.GetConversion().IsImplicit):
                    return true;
            }
            if (operation.Type is { TypeKind: TypeKind.Error }) return true;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return !method.ReturnsVoid && syntax.Body is { } block && EndIsReachable(block, model);
    }

    /// <summary>Whether control can flow off the end of the block (a value-returning method that misses a return).</summary>
    private static bool EndIsReachable(BlockSyntax block, SemanticModel model)
    {
        if (block.Statements.Count == 0) return true;
        // The common case needs no flow analysis: a body that ends in a return or a throw cannot run off its end.
        if (block.Statements[block.Statements.Count - 1] is ReturnStatementSyntax or ThrowStatementSyntax) return false;
        var flow = model.AnalyzeControlFlow(block.Statements[0], block.Statements[block.Statements.Count - 1]);
        return flow is { Succeeded: true, EndPointIsReachable: true };
    }

    /// <summary>Another member of the type with this method's name and parameter types (CS0111); the other part of a partial method is not one.</summary>
    private static bool HasDuplicate(IMethodSymbol method)
        => method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other => !SymbolEqualityComparer.Default.Equals(other, method)
            && !SymbolEqualityComparer.Default.Equals(other, method.PartialDefinitionPart) && !SymbolEqualityComparer.Default.Equals(other, method.PartialImplementationPart)
            && other.Parameters.Length == method.Parameters.Length
            && other.Parameters.Zip(method.Parameters, (a, b) => a.RefKind == b.RefKind && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same));
}
