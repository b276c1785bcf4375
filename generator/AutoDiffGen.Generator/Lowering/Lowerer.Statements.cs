using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowering of statements: blocks (a block among statements stays one, a <see cref="NestedBlock"/>), declarations of
/// locals, <c>if</c>, <c>return</c>, <c>break</c> and <c>continue</c> as the source has them, and the statements other
/// parts lower (loops, assignments, calls).
/// </summary>
internal sealed partial class Lowerer
{
    // How many if statements around the statement being lowered.
    private int branches;

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
                        if (StructShapes.Of(declarator.Symbol.Type) is { } structShape)
                        {
                            var structInit = (declarator.Initializer ?? declaration.Initializer)?.Value;
                            var values = structInit is null ? null : LowerStructOnce(structInit, into);
                            if (structInit is not null && values is null) poisoned.Add(declarator.Symbol); // reported where it is declared
                            else DeclareStruct(declarator.Symbol, structShape, values, into);
                            continue;
                        }
                        if (SymbolNames.ToContainer(declarator.Symbol.Type) is not null && IsSpanView((declarator.Initializer ?? declaration.Initializer)?.Value))
                        {
                            LowerSpanLocal(declarator, (declarator.Initializer ?? declaration.Initializer)!.Value, into);
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
                            else if (SymbolNames.IsIntegerData(declarator.Symbol.Type)) Unsupported(declarator, $"A local array of '{SymbolNames.ElementType(declarator.Symbol.Type)!.ToDisplayString()}' ('{declarator.Symbol.Name}')", ConstructMessages.IntegerLocalArrayHint);
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
                // What follows a return in the source runs only when it was not taken (see LowerLocalArray).
                returned = true;
                into.Add(new Comment(ret.Syntax is ReturnStatementSyntax ? SourceText(op) : "return " + SourceText(op) + ";"));
                if (ret.ReturnedValue is not null && Unwrap(ret.ReturnedValue) is ITupleOperation tuple)
                {
                    var values = tuple.Elements.Select(LowerValue).ToList();
                    if (values.All(v => v is not null)) into.Add(new Return(values.SelectMany(v => v!).ToEquatableArray()));
                }
                else if (ret.ReturnedValue is not null && IsStructValue(ret.ReturnedValue))
                {
                    if (LowerStructOnce(ret.ReturnedValue, into) is { } values) into.Add(new Return(values.ToEquatableArray()));
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
            case IForEachLoopOperation forEach when ForEachOverStructs(forEach) is { } structSource:
                LowerForEachOverStructs(forEach, structSource, into);
                return;
            case IForEachLoopOperation forEach when ForEachOverContainer(forEach) is { } source:
                LowerForEach(forEach, new Var(source, containers[source]), containers[source], into);
                return;
            case IForEachLoopOperation forEach when ForEachOverData(forEach) is { } walked:
                LowerForEach(forEach, walked.Data, walked.Element, into, walked.Members);
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
}
