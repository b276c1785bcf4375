using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowering of loops: counted <c>for</c> loops, <c>for</c> loops of other forms, <c>while</c> and <c>do</c>, <c>foreach</c>
/// over spans, arrays and data parameters, each into a <see cref="Loop"/> with its head, body, steps and condition; and the
/// names set aside for the flags of its early exits (see <see cref="LoopExits"/>).
/// </summary>
internal sealed partial class Lowerer
{
    // The loops being lowered, the innermost last.
    private readonly List<ILoopOperation> loops = new();

    // Whether a loop being lowered has set aside the names of the return flag and the values returned (see ExitNames).
    private bool returnNamed;

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

    private static bool Same(ISymbol? a, ISymbol? b) => a is not null && SymbolEqualityComparer.Default.Equals(a, b);

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

    /// <summary>
    /// The data that <c>foreach (var v in indices)</c> walks: a data parameter (an array or span of int, say), or an array field
    /// or auto-property of an instance method's object (<c>foreach (double y in ys)</c>), with the members that lead to it and
    /// its element type; null for another foreach.
    /// </summary>
    private (Var Data, EquatableArray<string> Members, IrType Element)? ForEachOverData(IForEachLoopOperation loop)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
        Var source;
        var members = new List<string>();
        if (collection is IParameterReferenceOperation { Parameter: var parameter } && data.Contains(parameter))
        {
            source = new Var(names[parameter], IrType.Data);
        }
        else if (ObjectMembers(collection, members))
        {
            source = DataRead.Object;
        }
        else
        {
            return null;
        }
        var element = SymbolNames.DataValueType(SymbolNames.ElementType(collection.Type));
        if (element is null || element == IrType.Matrix) return null;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var variable } || SymbolNames.ToIrType(variable.Type) is null) return null;
        return (source, members.ToEquatableArray(), element.Value);
    }

    /// <summary>
    /// Whether <paramref name="op"/> is a field or auto-property of the instance method's object (or a member of one), whose
    /// names, outermost first, it adds to <paramref name="members"/>.
    /// </summary>
    private bool ObjectMembers(IOperation op, List<string> members)
    {
        switch (op)
        {
            case IFieldReferenceOperation { Instance: { } inner } field when IsThis(inner) || ObjectMembers(inner, members):
                members.Add(field.Field.Name);
                return true;
            case IPropertyReferenceOperation { Instance: { } inner, Property.IsIndexer: false } property
                when (IsThis(inner) && SymbolNames.IsAutoProperty(property.Property)) || (!IsThis(inner) && ObjectMembers(inner, members)):
                members.Add(property.Property.Name);
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>foreach (var v in x) body</c> is <c>for (int i = 0; i &lt; x.Length; i++) { var v = x[i]; body }</c>.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="source">The span or array it walks: a parameter, a local array, or a data parameter.</param>
    /// <param name="element">The type of its elements.</param>
    /// <param name="into">Where the lowered statements go.</param>
    /// <param name="members">For data, the fields and properties that lead from it to the elements (<c>ys</c> of the object).</param>
    private void LowerForEach(IForEachLoopOperation loop, Var source, IrType element, List<Stmt> into, EquatableArray<string>? members = null)
    {
        var syntax = (ForEachStatementSyntax)loop.Syntax;
        into.Add(new Comment($"foreach ({syntax.Type} {syntax.Identifier} in {syntax.Expression})"));
        var variable = ((IVariableDeclaratorOperation)loop.LoopControlVariable).Symbol;
        var counter = allocator.Fresh(variable.Name + "_index");
        var index = new Var(counter, IrType.Int);
        bool isData = source.Type == IrType.Data;
        var path = members ?? EquatableArray<string>.Empty;
        var length = isData ? new DataRead(source, path.Concat(new[] { "Length" }).ToEquatableArray(), null, IrType.Int) : (Expr)new Length(source);
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
            var value = isData ? new DataRead(source, path, index, element) : (Expr)Read(source.Name, index, loop.Collection);
            head.Add(new Declare(name, type, IrBuilder.ConvertTo(value, type)));
        }
        LowerLoop(loop, counter, IrBuilder.Constant(IrType.Int, 0), length, null, false, new Block(head.ToEquatableArray()), into);
    }

    /// <summary>The head of a for loop on one line, for the comment above its code: <c>for (int i = 0; i &lt; n; i++)</c>.</summary>
    private static Comment ForComment(string initializers, ForStatementSyntax syntax)
        => new("for (" + Texts.OneLine(initializers) + "; " + Texts.OneLine(syntax.Condition?.ToString() ?? "") + "; "
            + string.Join(", ", syntax.Incrementors.Select(i => Texts.OneLine(i.ToString()))) + ")");
}
