using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using AutoDiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowers the body of a [Differentiable] method from Roslyn's IOperation tree (where conversions,
/// overloads and constants are already resolved) to the IR. Every construct it does not support
/// becomes a diagnostic at the offending node's span; lowering never throws for bad input.
/// </summary>
internal sealed class Lowerer
{
    private readonly CancellationToken cancellationToken;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly Dictionary<ISymbol, string> names = new(SymbolEqualityComparer.Default);
    private readonly NameAllocator allocator = new();
    private readonly HashSet<ISymbol> poisoned = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, IrType> containers = new();
    private readonly HashSet<string> outputs = new();
    private readonly HashSet<string> localArrays = new();
    private readonly Dictionary<ILocalSymbol, Alias> aliases = new(SymbolEqualityComparer.Default);
    // The data parameters (IrType.Data): read through DataRead, passed on as they are.
    private readonly HashSet<ISymbol> data = new(SymbolEqualityComparer.Default);
    // The slices (x[1..]) in the body, each reported once where it is (see ReportedSlice).
    private readonly List<IOperation> slices = new();
    private readonly HashSet<IOperation> reportedSlices = new();
    // The reads of output spans, where they are and as written: the source positions of OutputReads' warnings (ADG0306).
    private readonly Dictionary<ElementRead, LocationInfo?> outputReads = new(ReferenceComparer<ElementRead>.Instance);
    private readonly Dictionary<ElementRead, string> outputReadTexts = new(ReferenceComparer<ElementRead>.Instance);
    private int branches;
    private readonly IrType[] returns;
    // The loops being lowered, the innermost last.
    private readonly List<ILoopOperation> loops = new();
    // Whether a loop being lowered has set aside the names of the return flag and the values returned (see ExitNames).
    private bool returnNamed;
    private int depth;

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

    /// <summary>
    /// What a <c>ref</c> local stands for: another variable (<c>ref double r = ref acc;</c>), or one element of a span or
    /// an array whose index was fixed where the reference was taken (<c>ref double r = ref a[i];</c>, kept in a local of its
    /// own when it is not a constant). Reads and writes of the local are reads and writes of that.
    /// </summary>
    private sealed record Alias(string? Variable, string? Array, Expr? Index);

    /// <summary>Maximum nesting of statements and expressions lowered (deeper input is reported, not overflowed).</summary>
    private const int MaxDepth = 400;

    /// <summary>Lowers <paramref name="method"/>; returns null (with diagnostics) when it cannot be differentiated.</summary>
    /// <param name="sites">Receives the positions of the IR's sites, by number.</param>
    public static Function? Lower(IMethodSymbol method, IMethodBodyOperation body, List<Param> parameters, IrType[] returns, List<DiagnosticInfo> diagnostics, List<LocationInfo?> sites, CancellationToken cancellationToken)
    {
        var lowerer = new Lowerer(returns, diagnostics, sites, cancellationToken);
        foreach (var p in method.Parameters)
        {
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
        lowerer.slices.AddRange(block.Descendants().Where(d => RangeOf(d) is not null));
        lowerer.LowerBlock(block, statements);
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

    // ------------------------------------------------------------------ statements

    /// <summary>The statements of a block in order; a block among them is a <see cref="NestedBlock"/>, as in the source.</summary>
    private void LowerBlock(IBlockOperation block, List<Stmt> into)
    {
        foreach (var operation in block.Operations)
        {
            if (operation is not IBlockOperation)
            {
                LowerStatement(operation, into);
                continue;
            }
            var nested = new List<Stmt>();
            LowerStatement(operation, nested);
            into.Add(new NestedBlock(new Block(nested.ToEquatableArray())));
        }
    }

    private static bool Same(ISymbol? a, ISymbol? b) => a is not null && SymbolEqualityComparer.Default.Equals(a, b);

    private void LowerStatement(IOperation op, List<Stmt> into)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (++depth > MaxDepth || !StackLeft())
        {
            depth--;
            Unsupported(op, "Nesting statements this deep", ConstructMessages.StatementsTooDeep);
            return;
        }
        try
        {
            LowerStatementCore(op, into);
        }
        finally
        {
            depth--;
        }
    }

    private void LowerStatementCore(IOperation op, List<Stmt> into)
    {
        switch (op)
        {
            case IBlockOperation block:
                LowerBlock(block, into);
                return;
            case IEmptyOperation:
                return;
            case IVariableDeclarationGroupOperation group:
                into.Add(new Comment(SourceText(op)));
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (declarator.Symbol.RefKind != RefKind.None)
                        {
                            LowerRefLocal(declarator, (declarator.Initializer ?? declaration.Initializer)?.Value, into);
                            continue;
                        }
                        if (SymbolNames.ToContainer(declarator.Symbol.Type) is { } array)
                        {
                            LowerLocalArray(declarator, (declarator.Initializer ?? declaration.Initializer)?.Value, array.Element, into);
                            continue;
                        }
                        var type = SymbolNames.ToIrType(declarator.Symbol.Type);
                        if (type is null)
                        {
                            // Report the cause once (a lambda, say), not every later use of the local.
                            poisoned.Add(declarator.Symbol);
                            var value = (declarator.Initializer ?? declaration.Initializer)?.Value;
                            if (value is not null && IsLambda(value)) Unsupported(value, "A lambda expression", ConstructMessages.LambdaHint);
                            else if (declarator.Symbol.Type is IPointerTypeSymbol) Unsupported(declarator, $"A pointer ('{declarator.Symbol.Type.ToDisplayString()}')", ConstructMessages.PointerHint);
                            else Unsupported(declarator, $"A local of type '{declarator.Symbol.Type.ToDisplayString()}'", ConstructMessages.LocalHint(declarator.Symbol.Type));
                            continue;
                        }
                        if (MatrixInLoop(declarator, type.Value))
                        {
                            poisoned.Add(declarator.Symbol); // its uses are not reported again
                            continue;
                        }
                        var name = Declare(declarator.Symbol);
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        into.Add(new Declare(name, type.Value, initializer is null ? null : LowerExpression(initializer.Value)));
                    }
                }
                return;
            case IExpressionStatementOperation statement:
                into.Add(new Comment(SourceText(op)));
                LowerExpressionStatement(statement.Operation, into);
                return;
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch when loops.Count > 0
                && (Same(branch.Target, loops[loops.Count - 1].ExitLabel) || Same(branch.Target, loops[loops.Count - 1].ContinueLabel)):
                into.Add(new Comment(SourceText(op)));
                into.Add(branch.BranchKind == BranchKind.Break ? new Break() : new Continue());
                return;
            case IReturnOperation ret:
                into.Add(new Comment(ret.Syntax is ReturnStatementSyntax ? SourceText(op) : "return " + SourceText(op) + ";"));
                if (ret.ReturnedValue is not null && Unwrap(ret.ReturnedValue) is ITupleOperation tuple)
                {
                    into.Add(new Return(tuple.Elements.Select(LowerExpression).ToEquatableArray()));
                }
                else if (ret.ReturnedValue is not null)
                {
                    into.Add(new Return(EquatableArray.Of(LowerExpression(ret.ReturnedValue))));
                }
                else if (returns.Length == 0 || loops.Count > 0)
                {
                    // return; from a method that writes its results into spans (and in a loop, as lowering always took it).
                    into.Add(new Return(EquatableArray<Expr>.Empty));
                }
                else
                {
                    Unsupported(op, "'return' without a value");
                }
                return;
            case IConditionalOperation conditional:
                into.Add(new Comment("if (" + SourceText(conditional.Condition) + ")"));
                var condition = LowerExpression(conditional.Condition);
                var whenTrue = new List<Stmt>();
                var whenFalse = new List<Stmt>();
                branches++;
                LowerStatement(conditional.WhenTrue, whenTrue);
                if (conditional.WhenFalse is not null) LowerStatement(conditional.WhenFalse, whenFalse);
                branches--;
                into.Add(new If(condition, new Block(whenTrue.ToEquatableArray()), new Block(whenFalse.ToEquatableArray())));
                return;
            case IForLoopOperation forLoop when CountedLoop(forLoop) is { } counted:
                LowerCountedLoop(forLoop, counted.Counter, counted.From, counted.To, into);
                return;
            case IForEachLoopOperation forEach when ForEachOverContainer(forEach) is { } source:
                LowerForEach(forEach, new Var(source, containers[source]), containers[source], into);
                return;
            case IForEachLoopOperation forEach when ForEachOverData(forEach) is { } walked:
                LowerForEach(forEach, walked.Data, walked.Element, into);
                return;
            case IForLoopOperation forLoop:
                LowerForLoop(forLoop, into);
                return;
            case IWhileLoopOperation whileLoop:
                LowerWhileLoop(whileLoop, into);
                return;
            case IForEachLoopOperation { Collection: var collection } when Poisoned(collection is IConversionOperation { IsImplicit: true } c ? c.Operand : collection) || ReportedSlice(collection):
                return;
            case IForEachLoopOperation:
                Unsupported(op, "A 'foreach' loop over this collection", ConstructMessages.ForEachHint);
                return;
            case IThrowOperation:
                Unsupported(op, "'throw'", ConstructMessages.ThrowHint);
                return;
            case ILocalFunctionOperation:
                Unsupported(op, "A local function", ConstructMessages.LocalFunctionHint);
                return;
            default:
                Unsupported(op);
                return;
        }
    }

    /// <summary>The parts of <c>for (int i = from; i &lt; to; i++)</c> (or <c>i &lt;= last</c>, <c>i += 1</c>), or null for another loop form.</summary>
    private static (ILocalSymbol Counter, IOperation From, IOperation To)? CountedLoop(IForLoopOperation loop)
    {
        if (loop.Before.Length != 1 || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            || group.Declarations[0].Declarators.Length != 1) return null;
        var declarator = group.Declarations[0].Declarators[0];
        var counter = declarator.Symbol;
        if (counter.Type.SpecialType != SpecialType.System_Int32 || declarator.Initializer is null) return null;
        if (loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual, LeftOperand: ILocalReferenceOperation left } condition
            || !SymbolEqualityComparer.Default.Equals(left.Local, counter)) return null;
        if (loop.AtLoopBottom.Length != 1 || loop.AtLoopBottom[0] is not IExpressionStatementOperation { Operation: var step } || !IsIncrementByOne(step, counter)) return null;
        // The counter and whatever the bound reads stay as they are in the body: then the bound can be evaluated
        // once. Otherwise the loop is a general one, its condition tested before every iteration, as C# does.
        var bound = condition.RightOperand.DescendantsAndSelf().Select(VariableOf).Where(d => d is not null).ToList();
        foreach (var descendant in loop.Body.Descendants())
        {
            var target = descendant switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            var symbol = target is null ? null : VariableOf(target);
            if (symbol is not null && (SymbolEqualityComparer.Default.Equals(symbol, counter) || bound.Contains(symbol, SymbolEqualityComparer.Default))) return null;
        }
        IOperation to = condition.OperatorKind == BinaryOperatorKind.LessThan ? condition.RightOperand : condition;
        return (counter, declarator.Initializer.Value, to);
    }

    /// <summary>The local or parameter an operation refers to, or null.</summary>
    private static ISymbol? VariableOf(IOperation op) => op switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    private static bool IsIncrementByOne(IOperation step, ILocalSymbol counter) => step switch
    {
        IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, counter),
        ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation t, Value.ConstantValue: { HasValue: true, Value: 1 } } => SymbolEqualityComparer.Default.Equals(t.Local, counter),
        _ => false,
    };

    private void LowerCountedLoop(IForLoopOperation loop, ILocalSymbol counter, IOperation from, IOperation to, List<Stmt> into)
    {
        var syntax = (ForStatementSyntax)loop.Syntax;
        into.Add(ForComment(syntax.Declaration?.ToString() ?? "", syntax));
        var start = LowerExpression(from);
        // i <= last runs to last + 1.
        var end = to is IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThanOrEqual } inclusive
            ? new Binary(BinaryOp.Add, LowerExpression(inclusive.RightOperand), IrBuilder.Constant(IrType.Int, 1), IrType.Int)
            : LowerExpression(to);
        var name = Declare(counter);
        LowerLoop(loop, name, start, end, null, false, Block.Empty, into);
    }

    /// <summary>
    /// <c>for (init; condition; step) body</c> of another form: the initializers before the loop, then a loop that
    /// counts its iterations, tests the condition first, and runs the steps at the end of each iteration.
    /// </summary>
    private void LowerForLoop(IForLoopOperation loop, List<Stmt> into)
    {
        var syntax = (ForStatementSyntax)loop.Syntax;
        var initializers = syntax.Declaration is not null ? syntax.Declaration.ToString() : string.Join(", ", syntax.Initializers);
        into.Add(ForComment(initializers, syntax));
        foreach (var before in loop.Before) LowerStatement(before, into);
        var condition = loop.Condition is null ? null : LowerExpression(loop.Condition);
        var counter = allocator.Fresh("iteration");
        LowerLoop(loop, counter, IrBuilder.Constant(IrType.Int, 0), null, condition, false, Block.Empty, into, loop.AtLoopBottom);
    }

    /// <summary><c>while (condition) body</c> and <c>do body while (condition);</c>: a loop that counts its iterations.</summary>
    private void LowerWhileLoop(IWhileLoopOperation loop, List<Stmt> into)
    {
        bool atEnd = !loop.ConditionIsTop;
        var condition = loop.Condition is null ? null : LowerExpression(loop.Condition);
        if (loop.ConditionIsUntil && condition is not null) condition = condition is Unary { Op: UnaryOp.Not } not ? not.Operand : new Unary(UnaryOp.Not, condition, IrType.Bool);
        into.Add(new Comment(atEnd ? "do … while (" + SourceText(loop.Condition!) + ")" : "while (" + SourceText(loop.Condition!) + ")"));
        var counter = allocator.Fresh("iteration");
        LowerLoop(loop, counter, IrBuilder.Constant(IrType.Int, 0), null, condition, atEnd, Block.Empty, into);
    }

    /// <summary>
    /// The loop itself: its head (a foreach loop's element), its body (with the <c>break</c>, <c>continue</c> and
    /// <c>return</c> statements it has), the steps of a <c>for</c> loop, and the condition (tested after the first
    /// iteration for a <c>do</c> loop), with the names of the flags for the ways out of it set aside (see
    /// <see cref="LoopExits"/>).
    /// </summary>
    private void LowerLoop(ILoopOperation loop, string counter, Expr from, Expr? to, Expr? condition, bool testAfterBody, Block head, List<Stmt> into,
        System.Collections.Immutable.ImmutableArray<IOperation> steps = default)
    {
        var exits = ExitNames(loop);
        var body = new List<Stmt>();
        loops.Add(loop);
        LowerStatement(loop.Body, body);
        loops.RemoveAt(loops.Count - 1);
        var step = new List<Stmt>();
        foreach (var s in steps.IsDefault ? Enumerable.Empty<IOperation>() : steps) LowerStatement(s, step);
        if (exits?.Returning is not null)
        {
            returnNamed = false;
            // When nothing else can end the loop (while (true) with no break), a return is the only way out of it.
            bool onlyByReturn = loop.SemanticModel is { } model && loop.Syntax is StatementSyntax statement
                && model.AnalyzeControlFlow(statement) is { Succeeded: true, EndPointIsReachable: false };
            exits = exits with { OnlyByReturn = onlyByReturn };
        }

        var test = condition;
        if (testAfterBody && test is not null) test = new Binary(BinaryOp.Or, new Binary(BinaryOp.Equal, new Var(counter, IrType.Int), from, IrType.Bool), test, IrType.Bool);
        if (test is Const { Value: not 0 }) test = null;
        into.Add(new Loop(counter, from, to, new Block(body.ToEquatableArray()))
        {
            Head = head,
            Condition = test ?? (to is null ? IrBuilder.Constant(IrType.Bool, 1) : null),
            Step = new Block(step.ToEquatableArray()),
            Exits = exits,
        });
    }

    /// <summary>
    /// The names of the flags for the ways out of <paramref name="loop"/> that its body takes, set aside before the body is
    /// lowered (see <see cref="LoopExits"/>: the locals of the body are named after them); null when it takes none. The
    /// return flag and the values returned are named by the outermost loop with a return in it, for the loops in it too.
    /// </summary>
    private LoopExits? ExitNames(ILoopOperation loop)
    {
        string? breaking = null, continuing = null;
        bool returnsEarly = false;
        foreach (var d in loop.Body.DescendantsAndSelf())
        {
            if (d is IReturnOperation) returnsEarly = true;
            if (d is IBranchOperation branch && Same(branch.Target, loop.ExitLabel)) breaking ??= allocator.Fresh("breaking");
            if (d is IBranchOperation next && Same(next.Target, loop.ContinueLabel)) continuing ??= allocator.Fresh("continuing");
        }
        if (!returnsEarly || returnNamed)
        {
            return breaking is null && continuing is null ? null : new LoopExits(false, breaking, continuing, null, EquatableArray<string>.Empty);
        }
        returnNamed = true;
        var returning = allocator.Fresh("returning");
        var returned = returns.Select(_ => allocator.Fresh("returned")).ToEquatableArray();
        return new LoopExits(false, breaking, continuing, returning, returned);
    }

    /// <summary>The span or array (a parameter or a local array) that <c>foreach (var v in x)</c> walks, or null for another foreach.</summary>
    private string? ForEachOverContainer(IForEachLoopOperation loop)
    {
        // foreach over an array converts it (implicitly) to an enumerable type first.
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
        if (ContainerName(collection) is not { } name) return null;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var variable } || SymbolNames.ToIrType(variable.Type) is null) return null;
        return name;
    }

    /// <summary>The IR name of a span or array: a parameter's or a local array's; null for anything else.</summary>
    private string? ContainerName(IOperation? reference) => reference switch
    {
        IParameterReferenceOperation p when containers.ContainsKey(p.Parameter.Name) => p.Parameter.Name,
        ILocalReferenceOperation l when names.TryGetValue(l.Local, out var name) && containers.ContainsKey(name) => name,
        _ => null,
    };

    /// <summary>The array and index of <c>a[i]</c> (an array element or a span indexer, also <c>a[^k]</c>), or null for another operation.</summary>
    private (string Array, IOperation Index)? ElementAccess(IOperation? op)
        => op is not null && Indexing(op) is { } element && ContainerName(element.Instance) is { } name ? (name, element.Index) : null;

    /// <summary>A read of <c>array[index]</c>, <paramref name="source"/> in the source; that of an output is kept with where it is (for ADG0306).</summary>
    private ElementRead Read(string array, Expr index, IOperation source)
    {
        var read = new ElementRead(new Var(array, containers[array]), index, containers[array]);
        if (outputs.Contains(array))
        {
            outputReads[read] = LocationInfo.From(source.Syntax);
            outputReadTexts[read] = SourceText(source);
        }
        return read;
    }

    /// <summary>An index into <paramref name="array"/>: <c>i</c>, or <c>^k</c>, which is <c>array.Length - k</c>.</summary>
    private Expr LowerIndex(string array, IOperation index)
        => FromEnd(index) is { } fromEnd
            ? new Binary(BinaryOp.Subtract, new Length(new Var(array, containers[array])), LowerExpression(fromEnd), IrType.Int)
            : LowerExpression(index);

    /// <summary>
    /// <c>ref double r = ref acc;</c> or <c>ref double r = ref a[i];</c>: an alias (see <see cref="Alias"/>), nothing in the IR
    /// by itself. Anything else a reference could be bound to is reported.
    /// </summary>
    private void LowerRefLocal(IVariableDeclaratorOperation declarator, IOperation? value, List<Stmt> into)
    {
        var symbol = declarator.Symbol;
        if (AliasOf(value) is { } alias)
        {
            aliases[symbol] = alias;
            return;
        }
        if (value is not null && ElementAccess(value) is { } element)
        {
            var index = LowerIndex(element.Array, element.Index);
            if (index is not Const)
            {
                // The element is the one the index named when the reference was taken, whatever the index does later.
                var fixedIndex = allocator.Fresh(symbol.Name + "_index");
                into.Add(new Declare(fixedIndex, IrType.Int, index));
                index = new Var(fixedIndex, IrType.Int);
            }
            aliases[symbol] = new Alias(null, element.Array, index);
            return;
        }
        poisoned.Add(symbol);
        if (SymbolNames.ToIrType(symbol.Type) is IrType.Int or IrType.Bool)
        {
            Unsupported(declarator, $"A 'ref' local of type '{symbol.Type.ToDisplayString()}' ('{symbol.Name}')", "; use the variable it refers to");
            return;
        }
        Unsupported(value ?? declarator, $"A 'ref' local bound to this ('{symbol.Name}')",
            "; bind it to a local, a parameter or an element of a span or an array ('ref double r = ref a[i];'), or use a copy");
    }

    /// <summary>The alias a <c>ref</c> local bound to <paramref name="value"/> is, when that is a scalar variable or another such local; else null.</summary>
    private Alias? AliasOf(IOperation? value)
    {
        switch (value)
        {
            case ILocalReferenceOperation local when aliases.TryGetValue(local.Local, out var other):
                return other;
            case ILocalReferenceOperation local when names.TryGetValue(local.Local, out var name) && !containers.ContainsKey(name)
                && SymbolNames.ToIrType(local.Local.Type) is { } type && type.IsDifferentiable():
                return new Alias(name, null, null);
            case IParameterReferenceOperation parameter when names.TryGetValue(parameter.Parameter, out var name) && !containers.ContainsKey(name)
                && SymbolNames.ToIrType(parameter.Parameter.Type) is { } type && type.IsDifferentiable():
                return new Alias(name, null, null);
            default:
                return null;
        }
    }

    /// <summary>The array and fixed index of a <c>ref</c> local that stands for an element, or null.</summary>
    private (string Array, Expr Index)? ElementAlias(IOperation? op)
        => op is ILocalReferenceOperation local && aliases.TryGetValue(local.Local, out var alias) && alias.Array is { } array ? (array, alias.Index!) : null;

    /// <summary>
    /// <c>double[] t = new double[n];</c>, <c>Span&lt;double&gt; t = stackalloc double[n];</c> or <c>new[] { a, b }</c>:
    /// a zeroed local array (the elements of an initializer stored into it). Declared at the top of the method
    /// only, so that one buffer serves the whole call.
    /// </summary>
    private void LowerLocalArray(IVariableDeclaratorOperation declarator, IOperation? value, IrType element, List<Stmt> into)
    {
        var symbol = declarator.Symbol;
        poisoned.Add(symbol);
        if (loops.Count > 0 || branches > 0)
        {
            Unsupported(declarator, $"A local array declared inside a {(loops.Count > 0 ? "loop" : "branch")} ('{symbol.Name}')", "; declare it at the top of the method and reuse it");
            return;
        }
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        if (value is not null && ReportedSlice(value)) return;
        IOperation? size = null;
        IArrayInitializerOperation? initializer = null;
        bool stack = false;
        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } created:
                size = created.DimensionSizes[0];
                initializer = created.Initializer;
                break;
            case { Syntax: StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType, Initializer: null } }
                when arrayType.RankSpecifiers[0].Sizes.Count == 1:
                var sizeSyntax = arrayType.RankSpecifiers[0].Sizes[0];
                size = value.Descendants().FirstOrDefault(d => d.Syntax == sizeSyntax);
                stack = true;
                break;
        }
        if (size is null || (initializer is not null && initializer.ElementValues.Any(e => e is IArrayInitializerOperation)))
        {
            Unsupported(value ?? declarator, $"This initializer of the local array '{symbol.Name}'", "; create it here with 'new double[n]', 'stackalloc double[n]' or 'new double[] { … }'");
            return;
        }
        var length = LowerExpression(size);
        if (length.Type != IrType.Int)
        {
            Unsupported(size, "An array length that is not an int", ConstructMessages.ArrayLengthHint);
            return;
        }
        poisoned.Remove(symbol);
        var name = Declare(symbol);
        containers[name] = element;
        localArrays.Add(name);
        into.Add(new DeclareArray(name, element, length, stack));
        if (initializer is null) return;
        for (int i = 0; i < initializer.ElementValues.Length; i++)
        {
            var item = IrBuilder.ConvertTo(LowerExpression(initializer.ElementValues[i]), element);
            if (item is not Const { Value: 0 }) into.Add(new StoreElement(name, IrBuilder.Constant(IrType.Int, i), item));
        }
    }

    /// <summary>The data parameter (an array or span of int, say) that <c>foreach (var v in indices)</c> walks, with its element type; null for another foreach.</summary>
    private (Var Data, IrType Element)? ForEachOverData(IForEachLoopOperation loop)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
        if (collection is not IParameterReferenceOperation { Parameter: var parameter } || !data.Contains(parameter)) return null;
        var element = parameter.Type switch
        {
            IArrayTypeSymbol { Rank: 1 } array => SymbolNames.ToIrType(array.ElementType),
            INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span => SymbolNames.ToIrType(span.TypeArguments[0]),
            _ => null,
        };
        if (element is null || element == IrType.Matrix) return null;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var variable } || SymbolNames.ToIrType(variable.Type) is null) return null;
        return (new Var(names[parameter], IrType.Data), element.Value);
    }

    /// <summary><c>foreach (var v in x) body</c> is <c>for (int i = 0; i &lt; x.Length; i++) { var v = x[i]; body }</c>.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="source">The span or array it walks: a parameter, a local array, or a data parameter.</param>
    /// <param name="element">The type of its elements.</param>
    /// <param name="into">Where the lowered statements go.</param>
    private void LowerForEach(IForEachLoopOperation loop, Var source, IrType element, List<Stmt> into)
    {
        var syntax = (ForEachStatementSyntax)loop.Syntax;
        into.Add(new Comment($"foreach ({syntax.Type} {syntax.Identifier} in {syntax.Expression})"));
        var variable = ((IVariableDeclaratorOperation)loop.LoopControlVariable).Symbol;
        var counter = allocator.Fresh(variable.Name + "_index");
        var index = new Var(counter, IrType.Int);
        bool isData = source.Type == IrType.Data;
        var length = isData ? new DataRead(source, EquatableArray.Of("Length"), null, IrType.Int) : (Expr)new Length(source);
        // The element, declared at the start of each iteration (none for a foreach by reference: an alias).
        var head = new List<Stmt>();
        if (variable.RefKind != RefKind.None && !isData)
        {
            // foreach (ref var v in y): v is the element itself.
            aliases[variable] = new Alias(null, source.Name, index);
        }
        else
        {
            if (variable.RefKind == RefKind.Ref)
            {
                Unsupported(loop.LoopControlVariable, $"A 'foreach' by reference over the data '{SourceText(loop.Collection)}'", "; read its elements by value");
                return;
            }
            var name = Declare(variable);
            var type = SymbolNames.ToIrType(variable.Type)!.Value;
            var value = isData ? new DataRead(source, EquatableArray<string>.Empty, index, element) : (Expr)Read(source.Name, index, loop.Collection);
            head.Add(new Declare(name, type, IrBuilder.ConvertTo(value, type)));
        }
        LowerLoop(loop, counter, IrBuilder.Constant(IrType.Int, 0), length, null, false, new Block(head.ToEquatableArray()), into);
    }

    private void LowerExpressionStatement(IOperation op, List<Stmt> into)
    {
        switch (op)
        {
            case IAssignmentOperation { Target: var assigned } when Poisoned(assigned):
            case IIncrementOrDecrementOperation { Target: var stepped } when Poisoned(stepped):
                return; // reported once, where the local is declared
            case ISimpleAssignmentOperation { IsRef: true } rebinding:
                Unsupported(rebinding, $"Binding the 'ref' local '{SourceText(rebinding.Target)}' to another variable", "; declare another 'ref' local for it");
                return;
            case ISimpleAssignmentOperation assignment when ElementAlias(assignment.Target) is { } storedAlias && Writable(storedAlias.Array):
                into.Add(new StoreElement(storedAlias.Array, storedAlias.Index, IrBuilder.ConvertTo(LowerExpression(assignment.Value), containers[storedAlias.Array])));
                return;
            case ICompoundAssignmentOperation { OperatorMethod: null } compound when ElementAlias(compound.Target) is { } updatedAlias && Writable(updatedAlias.Array):
                LowerElementUpdate(op, updatedAlias.Array, updatedAlias.Index, compound.OperatorKind, LowerExpression(compound.Value), into);
                return;
            case IIncrementOrDecrementOperation { OperatorMethod: null } step when ElementAlias(step.Target) is { } steppedAlias && Writable(steppedAlias.Array):
                LowerElementUpdate(op, steppedAlias.Array, steppedAlias.Index, step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract,
                    IrBuilder.Constant(containers[steppedAlias.Array], 1), into);
                return;
            case ISimpleAssignmentOperation assignment when ElementAccess(assignment.Target) is { } stored && Writable(stored.Array):
                into.Add(new StoreElement(stored.Array, LowerIndex(stored.Array, stored.Index), IrBuilder.ConvertTo(LowerExpression(assignment.Value), containers[stored.Array])));
                return;
            case ICompoundAssignmentOperation { OperatorMethod: null } compound when ElementAccess(compound.Target) is { } updated && Writable(updated.Array):
                LowerElementUpdate(op, updated.Array, LowerIndex(updated.Array, updated.Index), compound.OperatorKind, LowerExpression(compound.Value), into);
                return;
            case IIncrementOrDecrementOperation { OperatorMethod: null } step when ElementAccess(step.Target) is { } stepped && Writable(stepped.Array):
                var one = IrBuilder.Constant(containers[stepped.Array], 1);
                LowerElementUpdate(op, stepped.Array, LowerIndex(stepped.Array, stepped.Index), step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract, one, into);
                return;
            case ISimpleAssignmentOperation assignment:
                if (AssignedName(assignment.Target) is { } target && !MatrixInLoop(op, TypeOf(assignment.Target)))
                {
                    into.Add(new Assign(target, LowerExpression(assignment.Value)));
                }
                return;
            case ICompoundAssignmentOperation compound:
                if (AssignedName(compound.Target) is { } name)
                {
                    var targetType = TypeOf(compound.Target);
                    if (MatrixInLoop(op, targetType)) return;
                    if (targetType is not null && compound.OperatorMethod is not null)
                    {
                        // m += b on matrices: m = m + b, through the operator's method.
                        if (LowerCall(op, compound.OperatorMethod, new[] { compound.Target, compound.Value }) is { } updated) into.Add(new Assign(name, updated));
                        return;
                    }
                    if (targetType is null)
                    {
                        Unsupported(op, "This compound assignment");
                        return;
                    }
                    var op2 = MapBinary(compound.OperatorKind, targetType.Value);
                    if (op2 is null)
                    {
                        UnsupportedOperator(op, compound.OperatorKind, targetType.Value);
                        return;
                    }
                    var value = IrBuilder.ConvertTo(LowerExpression(compound.Value), targetType.Value);
                    into.Add(new Assign(name, new Binary(op2.Value, new Var(name, targetType.Value), value, targetType.Value)));
                }
                return;
            case IIncrementOrDecrementOperation increment:
                if (AssignedName(increment.Target) is { } incremented && TypeOf(increment.Target) is { } incrementType)
                {
                    var kind = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                    into.Add(new Assign(incremented, new Binary(kind, new Var(incremented, incrementType), IrBuilder.Constant(incrementType, 1), incrementType)));
                }
                return;
            case IDeconstructionAssignmentOperation deconstruction:
                LowerDeconstruction(deconstruction, into);
                return;
            case IThrowOperation:
                Unsupported(op, "'throw'", ConstructMessages.ThrowHint);
                return;
            case IInvocationOperation when ReportedSlice(op):
                return;
            case IInvocationOperation invocation when SpanArguments(invocation) is { } passed:
                UnsupportedSpanArguments(invocation, passed);
                return;
            case IInvocationOperation invocation:
                Unsupported(op, $"A call whose result is discarded ('{invocation.TargetMethod.Name}')", ConstructMessages.DiscardedCallHint);
                return;
            default:
                Unsupported(op);
                return;
        }
    }

    /// <summary>
    /// A matrix computed in a loop is reported: the reverse sweep would need each iteration's matrix, and matrices are not
    /// kept on the tape yet.
    /// </summary>
    private bool MatrixInLoop(IOperation op, IrType? type)
    {
        if (type != IrType.Matrix || loops.Count == 0) return false;
        Unsupported(op, "A matrix computed in a loop", "; compute matrices outside loops (loops over scalars and spans are supported)");
        return true;
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

    /// <summary>Whether the method may write the elements of this array: an output parameter or a local array.</summary>
    private bool Writable(string array) => outputs.Contains(array) || localArrays.Contains(array);

    /// <summary><c>a[i] += v</c> adds into the element; <c>a[i] *= v</c> (and <c>/=</c>) reads it and stores the product.</summary>
    private void LowerElementUpdate(IOperation op, string array, Expr index, BinaryOperatorKind kind, Expr value, List<Stmt> into)
    {
        var type = containers[array];
        value = IrBuilder.ConvertTo(value, type);
        switch (kind)
        {
            case BinaryOperatorKind.Add:
                into.Add(new AccumulateElement(array, index, value));
                return;
            case BinaryOperatorKind.Subtract:
                into.Add(new AccumulateElement(array, index, IrBuilder.Neg(value)));
                return;
            case BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide:
                var op2 = kind == BinaryOperatorKind.Multiply ? BinaryOp.Multiply : BinaryOp.Divide;
                into.Add(new StoreElement(array, index, new Binary(op2, Read(array, index, op is ICompoundAssignmentOperation compound ? compound.Target : op), value, type)));
                return;
            default:
                UnsupportedOperator(op, kind, type);
                return;
        }
    }

    private void LowerDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Stmt> into)
    {
        var targetOp = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        if (targetOp is not ITupleOperation targets)
        {
            Unsupported(deconstruction, "This deconstruction");
            return;
        }
        var targetNames = new List<string>();
        foreach (var element in targets.Elements)
        {
            if (element is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared })
            {
                var type = SymbolNames.ToIrType(declared.Local.Type);
                if (type is null) { Unsupported(element, $"A local of type '{declared.Local.Type.ToDisplayString()}'", ConstructMessages.LocalHint(declared.Local.Type)); return; }
                var name = Declare(declared.Local);
                into.Add(new Declare(name, type.Value, null));
                targetNames.Add(name);
            }
            else if (element is ILocalReferenceOperation { IsDeclaration: true } declaredLocal)
            {
                var type = SymbolNames.ToIrType(declaredLocal.Local.Type);
                if (type is null) { Unsupported(element, $"A local of type '{declaredLocal.Local.Type.ToDisplayString()}'", ConstructMessages.LocalHint(declaredLocal.Local.Type)); return; }
                var name = Declare(declaredLocal.Local);
                into.Add(new Declare(name, type.Value, null));
                targetNames.Add(name);
            }
            else if (AssignedName(element) is { } existing)
            {
                targetNames.Add(existing);
            }
            else
            {
                return;
            }
        }

        var value = Unwrap(deconstruction.Value);
        if (value is ITupleOperation tuple && tuple.Elements.Length == targetNames.Count)
        {
            // (a, b) = (e1, e2): evaluate every element before assigning any (swaps).
            var temps = new List<Var>();
            foreach (var element in tuple.Elements)
            {
                var lowered = LowerExpression(element);
                var temp = new Var(allocator.Fresh("tuple"), lowered.Type);
                into.Add(new Declare(temp.Name, temp.Type, lowered));
                temps.Add(temp);
            }
            for (int i = 0; i < temps.Count; i++)
            {
                into.Add(new Assign(targetNames[i], temps[i]));
            }
            return;
        }
        if (value is IInvocationOperation invocation)
        {
            var lowered = LowerCall(invocation);
            if (lowered is Call call) into.Add(new Invoke(targetNames.ToEquatableArray(), call));
            if (lowered is Call || ReferenceEquals(lowered, ErrorValue)) return; // an unsupported call is reported once
        }
        Unsupported(deconstruction.Value, "Deconstructing this value", "; deconstruct a call to a [Differentiable] method or a tuple literal");
    }

    private string? AssignedName(IOperation target)
    {
        if (DataRoot(target) is { } root)
        {
            Unsupported(target, $"Assigning to '{SourceText(target)}', of the [NoDerivative] parameter '{root}',", ConstructMessages.DataAssignmentHint);
            return null;
        }
        switch (target)
        {
            case ILocalReferenceOperation local when aliases.TryGetValue(local.Local, out var alias) && alias.Variable is { } aliased:
                return aliased;
            case ILocalReferenceOperation local when names.TryGetValue(local.Local, out var name):
                return name;
            case IParameterReferenceOperation parameter when names.TryGetValue(parameter.Parameter, out var pname):
                return pname;
            case IFieldReferenceOperation field:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutsideStateMutation, LocationInfo.From(target.Syntax), field.Field.Name));
                return null;
            case IPropertyReferenceOperation property:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutsideStateMutation, LocationInfo.From(target.Syntax), property.Property.Name));
                return null;
            case IArrayElementReferenceOperation { ArrayReference: IFieldReferenceOperation or IPropertyReferenceOperation }:
                // An element of an array that lives outside the method (a static field, say).
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutsideStateMutation, LocationInfo.From(target.Syntax), SourceText(target)));
                return null;
            default:
                Unsupported(target, $"Assigning to '{SourceText(target)}'", ConstructMessages.AssignmentHint);
                return null;
        }
    }

    // ------------------------------------------------------------------ expressions

    private Expr LowerExpression(IOperation op)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (++depth > MaxDepth || !StackLeft())
        {
            depth--;
            Unsupported(op, "An expression nested this deep", ConstructMessages.ExpressionTooDeep);
            return Error;
        }
        try
        {
            return LowerExpressionCore(op);
        }
        finally
        {
            depth--;
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

    private static bool IsLambda(IOperation op)
        => op is IAnonymousFunctionOperation or IDelegateCreationOperation or IConversionOperation { Operand: IAnonymousFunctionOperation or IDelegateCreationOperation };

    private Expr LowerExpressionCore(IOperation op)
    {
        switch (op)
        {
            case IThrowOperation:
                return Unsupported(op, "'throw'", ConstructMessages.ThrowHint);
            case var _ when IsLambda(op):
                return Unsupported(op, "A lambda expression", ConstructMessages.LambdaHint);
            case var _ when Poisoned(op):
                return Error; // reported once, where the local is declared
            case var _ when op.Kind == OperationKind.None && op.Descendants().Any(d => d is ILocalReferenceOperation l && poisoned.Contains(l.Local)):
                return Error; // *p for a pointer p: reported once, where p is declared
            case var _ when ReportedSlice(op):
                return Error;
            case var _ when DataRoot(op) is { } root:
                return LowerDataRead(op, root);
        }
        if (op.ConstantValue.HasValue && op.Type is { TypeKind: TypeKind.Enum } enumType)
        {
            // An enum constant (MidpointRounding.ToEven): data, passed to a function as it is.
            return new StaticRead(op is IFieldReferenceOperation { Field: var member } ? SymbolNames.FullyQualified(enumType) + "." + member.Name
                : "(" + SymbolNames.FullyQualified(enumType) + ")(" + System.Convert.ToString(op.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture) + ")", IrType.Data);
        }

        var type = SymbolNames.ToIrType(op.Type);
        if (op.ConstantValue.HasValue && type is not null)
        {
            return op.ConstantValue.Value switch
            {
                bool b => IrBuilder.Constant(IrType.Bool, b ? 1 : 0),
                double d => IrBuilder.Constant(type.Value, d),
                float f => IrBuilder.Constant(type.Value, f),
                int i => IrBuilder.Constant(type.Value, i),
                IConvertible c => IrBuilder.Constant(type.Value, c.ToDouble(System.Globalization.CultureInfo.InvariantCulture)),
                _ => Unsupported(op, "This constant"),
            };
        }
        if (op is IFieldReferenceOperation { Instance: IInvocationOperation tupleCall, Field.ContainingType.IsTupleType: true } element && type is not null)
        {
            // .y of a (double x, double y) and .Item2 both stand for the second element (the named fields are not ItemN).
            var field = element.Field.CorrespondingTupleField ?? element.Field;
            var elements = element.Field.ContainingType.TupleElements;
            int index = -1;
            for (int i = 0; i < elements.Length && index < 0; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField ?? elements[i], field)) index = i;
            }
            if (index < 0) return Unsupported(op, $"The tuple element '{element.Field.Name}'", "; deconstruct the call instead: 'var (a, b) = F(…)'");
            return LowerCall(tupleCall) is Call call ? new Element(call, index, type.Value) : Error;
        }
        if (type is null && op is not IInvocationOperation)
        {
            return Unsupported(op, $"A value of type '{op.Type?.ToDisplayString() ?? "?"}'", ConstructMessages.ValueHint(op.Type));
        }

        switch (op)
        {
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } or IImplicitIndexerReferenceOperation when ElementAccess(op) is { } access:
                var elementType = containers[access.Array];
                return IrBuilder.ConvertTo(Read(access.Array, LowerIndex(access.Array, access.Index), op), type!.Value);
            case IPropertyReferenceOperation { Property.Name: "Length" } sized when ContainerName(sized.Instance) is { } sizedName:
                return new Length(new Var(sizedName, containers[sizedName]));
            case ILocalReferenceOperation local when aliases.TryGetValue(local.Local, out var alias):
                if (alias.Variable is { } aliased) return new Var(aliased, type!.Value);
                return IrBuilder.ConvertTo(Read(alias.Array!, alias.Index!, op), type!.Value);
            case ILocalReferenceOperation local:
                if (names.TryGetValue(local.Local, out var localName)) return new Var(localName, type!.Value);
                var (undeclared, declareIt) = ConstructMessages.UndeclaredLocal(local.Local);
                return Unsupported(op, undeclared, declareIt);
            case IParameterReferenceOperation parameter:
                return names.TryGetValue(parameter.Parameter, out var parameterName) ? new Var(parameterName, type!.Value) : Unsupported(op, "This parameter");
            case IFieldReferenceOperation { Instance: null } field:
                return new StaticRead(SymbolNames.FullyQualified(field.Field.ContainingType) + "." + field.Field.Name, type!.Value);
            case IPropertyReferenceOperation { Instance: null } property when property.Arguments.IsEmpty:
                return new StaticRead(SymbolNames.FullyQualified(property.Property.ContainingType) + "." + property.Property.Name, type!.Value);
            case IConversionOperation conversion:
                if (conversion.OperatorMethod is not null) return Unsupported(op, $"A user-defined conversion to '{op.Type?.ToDisplayString()}'", ConstructMessages.ConversionHint);
                var operand = LowerExpression(conversion.Operand);
                var converted = IrBuilder.ConvertTo(operand, type!.Value);
                // (int)x truncates: piecewise constant, like Math.Truncate (warned about when x is active).
                return converted is Ir.Convert { Type: IrType.Int } truncation && !conversion.IsImplicit && operand.Type.IsFloating()
                    ? truncation with { PiecewiseConstant = new SourceCall(SourceText(op), Site(op.Syntax)) }
                    : converted;
            case IUnaryOperation { OperatorMethod: { } unaryMethod }:
                return LowerCall(op, unaryMethod, new[] { ((IUnaryOperation)op).Operand }) ?? Error;
            case IBinaryOperation { OperatorMethod: { } binaryMethod } userBinary:
                return LowerCall(op, binaryMethod, new[] { userBinary.LeftOperand, userBinary.RightOperand }) ?? Error;
            case IUnaryOperation unary:
                return unary.OperatorKind switch
                {
                    UnaryOperatorKind.Plus => LowerExpression(unary.Operand),
                    UnaryOperatorKind.Minus => new Unary(UnaryOp.Negate, LowerExpression(unary.Operand), type!.Value),
                    UnaryOperatorKind.Not => new Unary(UnaryOp.Not, LowerExpression(unary.Operand), IrType.Bool),
                    _ => UnsupportedOperator(op, unary.OperatorKind, type!.Value),
                };
            case IBinaryOperation binary:
                var kind = MapBinary(binary.OperatorKind, type!.Value);
                if (kind is null)
                {
                    return UnsupportedOperator(op, binary.OperatorKind, type!.Value);
                }
                return new Binary(kind.Value, LowerExpression(binary.LeftOperand), LowerExpression(binary.RightOperand), type!.Value);
            case IConditionalOperation conditional:
                var selection = new Conditional(
                    LowerExpression(conditional.Condition),
                    LowerExpression(conditional.WhenTrue!),
                    LowerExpression(conditional.WhenFalse!),
                    type!.Value);
                if (type!.Value.IsFloating() && conditional.Condition is IBinaryOperation { OperatorMethod: null } comparison
                    && MapBinary(comparison.OperatorKind) is BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual
                    && TypeOf(comparison.LeftOperand) is IrType.Double or IrType.Float && TypeOf(comparison.RightOperand) is IrType.Double or IrType.Float
                    && SelectsACompared(comparison, conditional))
                {
                    // x > y ? x : y: a max written by hand (reported once activity is known, as a Math.Max is).
                    return selection with
                    {
                        Kink = new SourceKink(new SourceCall(SourceText(op), Site(op.Syntax)),
                            "where its operands are equal (it selects one of the values it compares)", "that of the branch taken"),
                    };
                }
                return selection;
            case IInvocationOperation invocation:
                if (type is null)
                {
                    return Unsupported(op, $"A call returning '{invocation.Type?.ToDisplayString() ?? "?"}' here", ConstructMessages.CallResultHint(invocation.Type));
                }
                return LowerCall(invocation) ?? Error;
            default:
                return Unsupported(op);
        }
    }

    private Expr? LowerCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.MethodKind == MethodKind.LocalFunction) return Error; // reported where it is declared
        if (SpanArguments(invocation) is { } passed) return UnsupportedSpanArguments(invocation, passed);
        if (!method.IsStatic) return Unsupported(invocation, $"A call to the instance method '{method.Name}'", ConstructMessages.InstanceCallHint);
        if (method.IsGenericMethod) return Unsupported(invocation, $"A call to the generic method '{method.Name}'", ConstructMessages.GenericCallHint);
        var operands = new List<IOperation>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                return Unsupported(argument, $"A 'params' argument list in the call to '{method.Name}'", ConstructMessages.ParamsArgumentHint);
            }
            if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
            {
                return Unsupported(argument, $"A '{argument.Parameter.RefKind.ToString().ToLowerInvariant()}' argument to '{method.Name}'", ConstructMessages.RefArgumentHint);
            }
            operands.Add(argument.Value);
        }
        return LowerCall(invocation, method, operands);
    }

    /// <summary>
    /// A call to a static method, or a user-defined operator (<c>a * b</c> on matrices calls <c>op_Multiply</c>; it is emitted
    /// back as the operator): its derivatives are the callee's, generated or registered, like any other call's.
    /// </summary>
    private Expr? LowerCall(IOperation invocation, IMethodSymbol method, IReadOnlyList<IOperation> operands)
    {
        var args = operands.Select(LowerArgument).ToList();
        var returnType = SymbolNames.ToIrType(method.ReturnType);
        var site = Site(invocation.Syntax);

        if (SymbolNames.IsMath(method.ContainingType) && MathRules.Find(method.Name, args.Count) is { } rule && returnType is not null)
        {
            var intrinsic = new Intrinsic(method.Name, args.ToEquatableArray(), returnType.Value);
            if (!args.Any(a => a.Type.IsFloating())) return intrinsic;
            // Reported once activity is known: Math.Floor or Math.Abs of data is no loss (Generation.CheckActivity).
            var source = new SourceCall(SymbolNames.MathTypeName(method.ContainingType) + "." + method.Name, site);
            if (rule.PiecewiseConstant) return intrinsic with { PiecewiseConstant = source };
            return Kink(method.Name) is var (where, used) ? intrinsic with { Kink = new SourceKink(source, where, used) } : intrinsic;
        }

        var returns = SymbolNames.ReturnTypes(method.ReturnType);
        var parameters = new List<Param>();
        foreach (var p in method.Parameters)
        {
            var pType = SymbolNames.ToIrType(p.Type);
            if (pType is null) return Unsupported(invocation, $"A call to '{method.Name}', which takes a '{p.Type.ToDisplayString()}',", ConstructMessages.CallParameterHint);
            parameters.Add(new Param(p.Name, pType.Value, SymbolNames.ToParamKind(p.RefKind), SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)));
        }
        if (returns is null)
        {
            // Calls that return int or bool are plain data: no derivative needed.
            if (returnType is IrType.Int or IrType.Bool)
            {
                return new Call(Plain(method, parameters, returnType.Value, site), args.Select(a => new Arg(a, ParamKind.Value)).ToEquatableArray(), returnType.Value);
            }
            return Unsupported(invocation, $"A call to '{method.Name}', which returns '{method.ReturnType.ToDisplayString()}',", ConstructMessages.CallReturnHint);
        }

        var containing = SymbolNames.FullyQualified(method.ContainingType);
        CallTarget target;
        if (SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute))
        {
            var qualified = containing + "." + method.Name;
            // Its members with respect to every parameter exist when it has [NoDerivative] parameters that could carry a
            // derivative: generated with its others (in this compilation), or found (a library built with them).
            bool full = parameters.Any(p => p.NoDerivative && p.Type.IsDifferentiable() && p.Kind == ParamKind.Value)
                && (method.Locations.Any(l => l.IsInSource) || !method.ContainingType.GetMembers(method.Name + DerivativeNames.FullPullback).IsEmpty);
            target = new CallTarget(SymbolNames.Key(method), containing, method.Name, CallKind.Differentiable, parameters.ToEquatableArray(), returns.ToEquatableArray(),
                qualified + DerivativeNames.Pullback, qualified + DerivativeNames.Pushforward, qualified + DerivativeNames.PullbackPushforward, site)
            {
                HasFullDerivatives = full,
            };
        }
        else
        {
            // Custom derivatives declared next to the callee (e.g. in a referenced library) are found here;
            // those declared anywhere in this compilation are added when the registry is combined in.
            var found = Registrations.FindNextTo(method);
            target = new CallTarget(SymbolNames.Key(method), containing, method.Name, CallKind.Custom, parameters.ToEquatableArray(), returns.ToEquatableArray(),
                found.Pullback, found.Pushforward, found.PullbackPushforward, site);
        }
        return new Call(target, args.Select(a => new Arg(a, ParamKind.Value)).ToEquatableArray(), returns[0]);
    }

    /// <summary>Whether <c>c ? a : b</c> picks one of the two values <c>c</c> compares (<c>x &gt; y ? x : y</c>, <c>x &lt; y ? y : x</c>).</summary>
    private static bool SelectsACompared(IBinaryOperation comparison, IConditionalOperation conditional)
    {
        if (comparison.LeftOperand.ConstantValue.HasValue || comparison.RightOperand.ConstantValue.HasValue || conditional.WhenFalse is null) return false;
        string left = SourceText(comparison.LeftOperand), right = SourceText(comparison.RightOperand);
        string whenTrue = SourceText(conditional.WhenTrue), whenFalse = SourceText(conditional.WhenFalse);
        return (whenTrue == left && whenFalse == right) || (whenTrue == right && whenFalse == left);
    }

    /// <summary>Where a Math function with a kink is not differentiable, and which derivative is used there.</summary>
    private static (string Where, string Used)? Kink(string name) => name switch
    {
        "Abs" => ("at 0", "0"),
        "Max" or "Min" => ("where its arguments are equal", "that of the first argument"),
        "Clamp" => ("where the value equals a bound", "that of the value"),
        _ => null,
    };

    private static CallTarget Plain(IMethodSymbol method, List<Param> parameters, IrType returnType, int site)
        => new(SymbolNames.Key(method), SymbolNames.FullyQualified(method.ContainingType), method.Name, CallKind.Custom,
            parameters.Select(p => p with { NoDerivative = true }).ToEquatableArray(), EquatableArray.Of(returnType), null, null, null, site);

    private static IOperation Unwrap(IOperation op) => op is IConversionOperation { Conversion.IsIdentity: true } or IConversionOperation { Operand: ITupleOperation } ? Unwrap(((IConversionOperation)op).Operand) : op;

    private static IrType? TypeOf(IOperation op) => SymbolNames.ToIrType(op.Type);

    /// <summary>The IR operator for <paramref name="kind"/> on values of <paramref name="type"/>, or null where it is not supported (<c>%</c> on floating point, bitwise operators on int).</summary>
    private static BinaryOp? MapBinary(BinaryOperatorKind kind, IrType type) => MapBinary(kind) switch
    {
        BinaryOp.Remainder when type.IsFloating() => null,
        BinaryOp.And or BinaryOp.Or when type != IrType.Bool => null,
        var op => op,
    };

    private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        BinaryOperatorKind.Remainder => BinaryOp.Remainder,
        BinaryOperatorKind.LessThan => BinaryOp.Less,
        BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOp.Greater,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
        BinaryOperatorKind.Equals => BinaryOp.Equal,
        BinaryOperatorKind.NotEquals => BinaryOp.NotEqual,
        BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And => BinaryOp.And,
        BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or => BinaryOp.Or,
        _ => null,
    };

    /// <summary>The arguments of a call that are spans or arrays (a buffer the callee would read or write), or null if none is.</summary>
    internal static List<IArgumentOperation>? SpanArguments(IInvocationOperation invocation)
    {
        List<IArgumentOperation>? passed = null;
        foreach (var argument in invocation.Arguments)
        {
            // A 'params' array is built by the call, and reported as such.
            if (argument.ArgumentKind != ArgumentKind.ParamArray && SymbolNames.IsSpanOrArray(argument.Value.Type)) (passed ??= new List<IArgumentOperation>()).Add(argument);
        }
        return passed;
    }

    /// <summary>ADG0101 for a call that takes spans or arrays: not supported yet, and the helper's loop belongs in the method.</summary>
    private Expr UnsupportedSpanArguments(IInvocationOperation invocation, List<IArgumentOperation> passed)
    {
        var names = string.Join(", ", passed.Select(a => "'" + SourceText(a.Value) + "'"));
        var what = passed.Count == 1 ? $"Passing a span or array ({names}) to a call ('{invocation.TargetMethod.Name}')" : $"Passing spans or arrays ({names}) to a call ('{invocation.TargetMethod.Name}')";
        return Unsupported(invocation, what, ConstructMessages.SpanArgumentHint(invocation.TargetMethod.Name));
    }

    // ------------------------------------------------------------------ indices from the end, ranges

    /// <summary>
    /// The parts of an element access <c>a[i]</c> with one index (an array element, an indexer, or an index from the end or a
    /// range on a span): what is indexed, the index, and the member that has the length (for <c>a[^k]</c>); null for another operation.
    /// </summary>
    private static (IOperation Instance, IOperation Index, string Length)? Indexing(IOperation op) => op switch
    {
        IArrayElementReferenceOperation { Indices.Length: 1 } a => (a.ArrayReference, a.Indices[0], "Length"),
        IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } p => (instance, p.Arguments[0].Value, "Length"),
        IImplicitIndexerReferenceOperation x => (x.Instance, x.Argument, x.LengthSymbol.Name),
        _ => null,
    };

    /// <summary>The <c>k</c> of an index from the end, <c>^k</c>, or null for another index.</summary>
    private static IOperation? FromEnd(IOperation index)
    {
        while (index is IConversionOperation { IsImplicit: true } conversion) index = conversion.Operand;
        return index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat ? hat.Operand : null;
    }

    /// <summary>The range of a slice <c>x[a..b]</c>, or null for another operation.</summary>
    private static IRangeOperation? RangeOf(IOperation op)
    {
        if (Indexing(op) is not { } element) return null;
        var index = element.Index;
        while (index is IConversionOperation { IsImplicit: true } conversion) index = conversion.Operand;
        return index as IRangeOperation;
    }

    /// <summary>
    /// Whether <paramref name="op"/> holds a slice <c>x[a..b]</c> (not supported): then the slice is reported, once, with the
    /// loop to write instead over the same elements, and nothing else about <paramref name="op"/> is.
    /// </summary>
    private bool ReportedSlice(IOperation op)
    {
        if (slices.Count == 0) return false;
        var slice = slices.FirstOrDefault(s => s.Syntax.SyntaxTree == op.Syntax.SyntaxTree && op.Syntax.Span.Contains(s.Syntax.Span));
        if (slice is null) return false;
        if (!reportedSlices.Add(slice)) return true;
        var range = RangeOf(slice)!;
        var array = SourceText(Indexing(slice)!.Value.Instance);
        string Bound(IOperation? bound, string whenAbsent) => bound is null ? whenAbsent
            : FromEnd(bound) is { } fromEnd ? array + ".Length - " + SourceText(fromEnd)
            : SourceText(bound is IConversionOperation { IsImplicit: true } c ? c.Operand : bound);
        Unsupported(slice, $"A range ('{SourceText(slice)}')",
            $"; index its elements in a loop instead: 'for (int i = {Bound(range.LeftOperand, "0")}; i < {Bound(range.RightOperand, array + ".Length")}; i++) … {array}[i] …' (passing a slice to a call is not supported yet)");
        return true;
    }

    // ------------------------------------------------------------------ data parameters

    /// <summary>An argument: a value, or a data parameter passed on as it is.</summary>
    private Expr LowerArgument(IOperation operand)
        => operand is IParameterReferenceOperation { Parameter: var p } && data.Contains(p) ? new Var(names[p], IrType.Data) : LowerExpression(operand);

    /// <summary>The data parameter an operation reads: the parameter itself, or through its fields, properties and elements; null for anything else.</summary>
    private string? DataRoot(IOperation? op) => op switch
    {
        IParameterReferenceOperation { Parameter: var p } when data.Contains(p) => names[p],
        IFieldReferenceOperation { Instance: { } instance } => DataRoot(instance),
        IPropertyReferenceOperation { Instance: { } instance } => DataRoot(instance),
        IArrayElementReferenceOperation element => DataRoot(element.ArrayReference),
        IImplicitIndexerReferenceOperation element => DataRoot(element.Instance),
        _ => null,
    };

    /// <summary>
    /// A value read out of the data parameter <paramref name="root"/>: its fields and properties, then at most one element
    /// (<c>indices[i]</c>, <c>indices[^1]</c>), of a type the IR computes with. Anything else done with it is reported.
    /// </summary>
    private Expr LowerDataRead(IOperation op, string root)
    {
        var indexing = Indexing(op);
        var (instance, index, length) = indexing is { } element ? (element.Instance, element.Index, element.Length) : (op, null, "");
        var members = new List<string>();
        for (var at = instance; at is not IParameterReferenceOperation;)
        {
            switch (at)
            {
                case IFieldReferenceOperation { Instance: { } inner } field:
                    members.Insert(0, field.Field.Name);
                    at = inner;
                    continue;
                case IPropertyReferenceOperation { Instance: { } inner, Property.IsIndexer: false } property:
                    members.Insert(0, property.Property.Name);
                    at = inner;
                    continue;
                default:
                    return Unsupported(op, $"Reading '{SourceText(op)}' from the [NoDerivative] parameter '{root}'", ConstructMessages.DataHint);
            }
        }
        var type = SymbolNames.ToIrType(op.Type);
        if (op is IParameterReferenceOperation) return Unsupported(op, $"Using the [NoDerivative] parameter '{root}' as a value", ConstructMessages.DataHint);
        if (type is null) return Unsupported(op, $"Reading '{SourceText(op)}', a '{op.Type?.ToDisplayString() ?? "?"}', from the [NoDerivative] parameter '{root}'", ConstructMessages.DataHint);
        var source = new Var(root, IrType.Data);
        if (index is null) return new DataRead(source, members.ToEquatableArray(), null, type.Value);
        Expr position;
        if (FromEnd(index) is { } fromEnd)
        {
            // indices[^k] is indices[indices.Length - k].
            var size = new DataRead(source, members.Concat(new[] { length }).ToEquatableArray(), null, IrType.Int);
            position = new Binary(BinaryOp.Subtract, size, LowerExpression(fromEnd), IrType.Int);
        }
        else if (TypeOf(index) == IrType.Int)
        {
            position = LowerExpression(index);
        }
        else
        {
            return Unsupported(op, $"Reading '{SourceText(op)}' from the [NoDerivative] parameter '{root}'", ConstructMessages.DataHint);
        }
        return new DataRead(source, members.ToEquatableArray(), position, type.Value);
    }

    // ------------------------------------------------------------------ names and diagnostics

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

    /// <summary>The source text of a statement on one line, for the comments in generated code.</summary>
    private static string SourceText(IOperation op) => CollapseWhitespace(op.Syntax.ToString()).Truncate(120);

    /// <summary>The head of a for loop on one line, for the comment above its code: <c>for (int i = 0; i &lt; n; i++)</c>.</summary>
    private static Comment ForComment(string initializers, ForStatementSyntax syntax)
        => new("for (" + CollapseWhitespace(initializers) + "; " + CollapseWhitespace(syntax.Condition?.ToString() ?? "") + "; "
            + string.Join(", ", syntax.Incrementors.Select(i => CollapseWhitespace(i.ToString()))) + ")");

    /// <summary>The text on one line: each run of white space (line breaks included) becomes one space; none at either end.</summary>
    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool pending = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pending = builder.Length > 0;
                continue;
            }
            if (pending) builder.Append(' ');
            pending = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}

internal static class StringExtensions
{
    public static string Truncate(this string text, int length) => text.Length <= length ? text : text.Substring(0, length - 1) + "…";
}
