using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowers the body of a [Differentiable] method from Roslyn's IOperation tree (where conversions, overloads and constants
/// are already resolved) to the IR, saying what the source says (a <c>break</c> is a <see cref="Break"/>: the transforms
/// make flags of it). Every construct it does not support becomes a diagnostic at the offending node's span; lowering
/// never throws for bad input. This part: the entry point, and what every part uses: the names of locals, the sites,
/// how deep lowering is, and the reports of what cannot be lowered.
/// </summary>
internal sealed partial class Lowerer
{
    private readonly CancellationToken cancellationToken;
    // The compilation, whose other files hold the bodies of struct members put in place of their calls.
    private Compilation? compilation;
    private readonly List<DiagnosticInfo> diagnostics;
    // The method's results, as lowering's Return statements give them.
    private readonly IrType[] returns;
    // The IR names of the parameters and locals; a local's is fresh, unlike any other in the method.
    private readonly Dictionary<ISymbol, string> names = new(SymbolEqualityComparer.Default);
    private readonly NameAllocator allocator = new();
    // The locals reported where they are declared: their uses are not reported again (see Poisoned).
    private readonly HashSet<ISymbol> poisoned = new(SymbolEqualityComparer.Default);
    // How deep the statement or expression being lowered is nested (see MaxDepth).
    private int depth;

    // For a generic method, its floating type parameter (IrType.Generic) and the generic-math interfaces its constraints give it.
    private ITypeParameterSymbol? typeParameter;
    private HashSet<string> genericInterfaces = new();

    // The sites of the IR (calls and constructs reported later), numbered: their positions, kept out of the IR (see SourceMap).
    private readonly List<LocationInfo?> sites;
    private readonly Dictionary<LocationInfo, int> siteNumbers = new();

    private Lowerer(IrType[] returns, List<DiagnosticInfo> diagnostics, List<LocationInfo?> sites, CancellationToken cancellationToken)
    {
        this.returns = returns;
        this.diagnostics = diagnostics;
        this.sites = sites;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The number of the site at <paramref name="syntax"/>: the same for the same place, however often it is lowered.</summary>
    private int Site(SyntaxNode syntax)
    {
        if (LocationInfo.From(syntax) is not { } location) return SourceMap.NoSite;
        if (!siteNumbers.TryGetValue(location, out int site))
        {
            site = sites.Count;
            sites.Add(location);
            siteNumbers.Add(location, site);
        }
        return site;
    }

    /// <summary>Lowers <paramref name="method"/>; returns null (with diagnostics) when it cannot be differentiated.</summary>
    /// <param name="sites">Receives the positions of the IR's sites, by number.</param>
    public static Function? Lower(IMethodSymbol method, IMethodBodyOperation body, List<Param> parameters, IrType[] returns, List<DiagnosticInfo> diagnostics, List<LocationInfo?> sites, CancellationToken cancellationToken)
    {
        var self = MethodAnalysis.ActiveThis(method);
        var lowerer = new Lowerer(returns, diagnostics, sites, cancellationToken)
        {
            thisType = method.IsStatic || self is not null ? null : method.ContainingType,
            typeParameter = method.IsGenericMethod ? method.TypeParameters[0] : null,
            compilation = body.SemanticModel?.Compilation,
        };
        if (lowerer.typeParameter is not null) lowerer.genericInterfaces = GenericMath.Interfaces(lowerer.typeParameter);
        if (self is not null)
        {
            // The object of an instance method of a struct: its leaves are the first parameters.
            lowerer.activeThis = parameters.Where(q => q.Origin?.Group == StructOrigin.This).Select(q => (Expr)new Var(q.Name, q.Type)).ToArray();
        }
        foreach (var p in parameters.Where(p => p.Origin is not null)) lowerer.allocator.Reserve(p.Name);
        foreach (var p in method.Parameters)
        {
            if (StructShapes.Elements(p.Type) is { } elements && parameters.Any(q => q.Origin?.Group == p.Name))
            {
                lowerer.containers[p.Name] = elements.Leaf;
                lowerer.structSpans[p.Name] = elements.Shape;
            }
            if (parameters.Any(q => q.Origin?.Group == p.Name) && StructShapes.Of(p.Type) is { } shape)
            {
                lowerer.structs[p] = new StructVariable(shape, parameters.Where(q => q.Origin?.Group == p.Name).Select(q => q.Name).ToArray());
            }
            lowerer.names[p] = p.Name;
            lowerer.allocator.Reserve(p.Name);
            if (SymbolNames.ToContainer(p.Type) is { } container) lowerer.containers[p.Name] = container.Element;
        }
        foreach (var p in parameters.Where(p => p.IsContainer && p.Kind == ParamKind.Out)) lowerer.outputs.Add(p.Name);
        foreach (var p in method.Parameters.Where(p => parameters.Any(d => d.Name == p.Name && d.Type == IrType.Data))) lowerer.data.Add(p);
        int before = diagnostics.Count(d => DiagnosticDescriptors.ById(d.DescriptorId).DefaultSeverity == DiagnosticSeverity.Error);
        var statements = new List<Stmt>();
        var block = body.BlockBody ?? body.ExpressionBody;
        if (block is null) return null;
        // A primary constructor's parameter is in scope only in the declaration that has it, not in the generated one.
        var captured = block.Descendants().OfType<IParameterReferenceOperation>().Where(r => r.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor }).ToList();
        foreach (var reference in captured)
        {
            lowerer.Unsupported(reference, $"The primary constructor parameter '{reference.Parameter.Name}'", ConstructMessages.PrimaryConstructorParameterHint(reference.Parameter.Name, reference.Parameter.Type.ToDisplayString()));
        }
        if (captured.Count > 0) return null;
        lowerer.slices.AddRange(block.Descendants().Where(d => RangeOf(d) is not null && !PassedToInlinable(d)));
        foreach (var op in block.Descendants())
        {
            var assigned = op switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            if (assigned is IParameterReferenceOperation p) lowerer.assignedParameters.Add(p.Parameter);
        }
        lowerer.LowerBlock(block, statements);
        statements.InsertRange(0, lowerer.hoistedArrays);
        // A vector-valued method returns nothing: its body still ends in the one return every transform expects.
        if (returns.Length == 0) statements.Add(new Return(EquatableArray<Expr>.Empty));
        int after = diagnostics.Count(d => DiagnosticDescriptors.ById(d.DescriptorId).DefaultSeverity == DiagnosticSeverity.Error);
        if (after > before) return null;
        if (lowerer.producedError)
        {
            // A construct lowered to the placeholder without saying why: never differentiate the NaN it stands for.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(method.Locations.FirstOrDefault()), method.Name,
                "a construct in the body was not lowered and no diagnostic says why"));
            return null;
        }
        var function = new Function(method.Name, parameters.ToEquatableArray(), returns.ToEquatableArray(), new Block(statements.ToEquatableArray()));
        OutputReads.Check(function, lowerer.outputReads, lowerer.outputReadTexts, diagnostics);
        return function;
    }

    /// <summary>Maximum nesting of statements and expressions lowered (deeper input is reported, not overflowed).</summary>
    private const int MaxDepth = 400;

    /// <summary>
    /// Whether the thread has stack left for another level of recursion: the compiler may run the generator on a thread
    /// with a small stack, and an overflow would end the compiler's process.
    /// </summary>
    private static bool StackLeft()
    {
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return true;
        }
        catch (InsufficientExecutionStackException)
        {
            return false;
        }
    }

    private static readonly Const ErrorValue = new(IrType.Double, double.NaN);

    /// <summary>
    /// What an expression lowers to when it cannot be: a placeholder that only ever reaches the IR together with an error
    /// diagnostic (the function is then dropped). Reading it records that it was used, so that <see cref="Lower"/> can
    /// catch a path that forgot the diagnostic instead of differentiating a NaN.
    /// </summary>
    private Const Error
    {
        get
        {
            producedError = true;
            return ErrorValue;
        }
    }

    private bool producedError;

    /// <summary>Names a local: its own name if no other variable of the method has it, else a fresh one (<c>x_2</c>).</summary>
    private string Declare(ILocalSymbol local)
    {
        var name = allocator.Fresh(local.Name);
        names[local] = name;
        return name;
    }

    private Expr Unsupported(IOperation op, string what, string hint = "")
    {
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, LocationInfo.From(op.Syntax), what, hint));
        return Error;
    }

    /// <summary>ADG0101 for a construct named by <see cref="ConstructMessages.Describe"/>.</summary>
    private Expr Unsupported(IOperation op)
    {
        var (what, hint) = ConstructMessages.Describe(op);
        return Unsupported(op, what, hint);
    }

    private Expr UnsupportedOperator(IOperation op, object kind, IrType type)
    {
        var text = ConstructMessages.OperatorText(op, kind);
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedOperator, LocationInfo.From(op.Syntax), text, type.ToCSharp(), ConstructMessages.OperatorHint(text, type)));
        return Error;
    }

    /// <summary>A local reported where it was declared, or an element or member of one: not reported again.</summary>
    private bool Poisoned(IOperation? op) => op switch
    {
        ILocalReferenceOperation l => poisoned.Contains(l.Local),
        IArrayElementReferenceOperation a => Poisoned(a.ArrayReference),
        IPropertyReferenceOperation { Instance: { } instance } => Poisoned(instance),
        IFieldReferenceOperation { Instance: { } instance } => Poisoned(instance),
        IInvocationOperation { Instance: { } instance } => Poisoned(instance),
        _ => false,
    };

    /// <summary>The source text of a statement on one line, for the comments in generated code.</summary>
    private static string SourceText(IOperation op) => Texts.OneLine(op.Syntax.ToString()).Truncate(120);
}
