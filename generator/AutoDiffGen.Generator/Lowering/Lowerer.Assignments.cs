using System.Collections.Generic;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowering of expression statements: assignments (plain, compound, increments) to locals, parameters, elements and ref
/// locals, deconstructions, and the targets that may not be assigned (fields, properties, data), reported.
/// </summary>
internal sealed partial class Lowerer
{
    private void LowerExpressionStatement(IOperation op, List<Stmt> into)
    {
        switch (op)
        {
            case IAssignmentOperation { Target: var assigned } when Poisoned(assigned):
            case IIncrementOrDecrementOperation { Target: var stepped } when Poisoned(stepped):
                return; // reported once, where the local is declared
            case ISimpleAssignmentOperation assignment when IsStructValue(assignment.Target) && StructTarget(assignment.Target) is { } whole:
                if (LowerStructOnce(assignment.Value, into) is { } structValue) AssignStruct(whole.Names, whole.Shape, structValue, into);
                return;
            case ICompoundAssignmentOperation { OperatorMethod: { } method } compound when IsStructValue(compound.Target) && StructTarget(compound.Target) is { } updatedWhole:
                // v += w on vectors: v = v + w, through the operator.
                if (StructCall(compound, method, null, new[] { compound.Target, compound.Value }) is { } sum) AssignStruct(updatedWhole.Names, updatedWhole.Shape, sum, into);
                return;
            case ISimpleAssignmentOperation assignment when StructElement(assignment.Target) is { } element:
                if (LowerStruct(assignment.Value) is { } elementValue) StoreStruct(element.Array, element.First, elementValue, into);
                return;
            case ICompoundAssignmentOperation { OperatorMethod: { } method } compound when StructElement(compound.Target) is { } updatedElement:
                // y[i] += v on vectors: y[i] = y[i] + v, through the operator.
                if (StructCall(compound, method, null, new[] { compound.Target, compound.Value }) is { } elementSum) StoreStruct(updatedElement.Array, updatedElement.First, elementSum, into);
                return;
            case ISimpleAssignmentOperation assignment when StructElementLeaf(assignment.Target) is { } elementLeaf:
                into.Add(new StoreElement(elementLeaf.Array, elementLeaf.Index, IrBuilder.ConvertTo(LowerExpression(assignment.Value), containers[elementLeaf.Array])));
                return;
            case ICompoundAssignmentOperation { OperatorMethod: null } compound when StructElementLeaf(compound.Target) is { } updatedElementLeaf:
                LowerElementUpdate(op, updatedElementLeaf.Array, updatedElementLeaf.Index, compound.OperatorKind, LowerExpression(compound.Value), into);
                return;
            case ISimpleAssignmentOperation assignment when StructLeaf(assignment.Target) is { } leaf:
                into.Add(new Assign(leaf.Name, IrBuilder.ConvertTo(LowerExpression(assignment.Value), leaf.Type)));
                return;
            case ICompoundAssignmentOperation { OperatorMethod: null } compound when StructLeaf(compound.Target) is { } updatedLeaf:
                if (MapBinary(compound.OperatorKind, updatedLeaf.Type) is not { } leafOp)
                {
                    UnsupportedOperator(op, compound.OperatorKind, updatedLeaf.Type);
                    return;
                }
                into.Add(new Assign(updatedLeaf.Name, new Binary(leafOp, new Var(updatedLeaf.Name, updatedLeaf.Type), IrBuilder.ConvertTo(LowerExpression(compound.Value), updatedLeaf.Type), updatedLeaf.Type)));
                return;
            case IIncrementOrDecrementOperation { OperatorMethod: null } step when StructLeaf(step.Target) is { } steppedLeaf:
                into.Add(new Assign(steppedLeaf.Name, new Binary(step.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract,
                    new Var(steppedLeaf.Name, steppedLeaf.Type), IrBuilder.Constant(steppedLeaf.Type, 1), steppedLeaf.Type)));
                return;
            case ISimpleAssignmentOperation { IsRef: true } rebinding:
                Unsupported(rebinding, $"Binding the 'ref' local '{SourceText(rebinding.Target)}' to another variable", "; declare another 'ref' local for it");
                return;
            case ISimpleAssignmentOperation assignment when ElementAlias(assignment.Target) is { } storedAlias && Writable(storedAlias.Array):
                into.Add(new StoreElement(storedAlias.Array, storedAlias.Index, IrBuilder.ConvertTo(LowerExpression(assignment.Value), containers[storedAlias.Array])));
                return;
            case ICompoundAssignmentOperation compound when GenericMath.IsBuiltInOperator(compound.OperatorMethod) && ElementAlias(compound.Target) is { } updatedAlias && Writable(updatedAlias.Array):
                LowerElementUpdate(op, updatedAlias.Array, updatedAlias.Index, compound.OperatorKind, LowerExpression(compound.Value), into);
                return;
            case IIncrementOrDecrementOperation step when GenericMath.IsBuiltInOperator(step.OperatorMethod) && ElementAlias(step.Target) is { } steppedAlias && Writable(steppedAlias.Array):
                LowerElementUpdate(op, steppedAlias.Array, steppedAlias.Index, step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract,
                    IrBuilder.Constant(containers[steppedAlias.Array], 1), into);
                return;
            case ISimpleAssignmentOperation assignment when ViewOf(assignment.Target) is { } local:
                LowerSpanLocalAssignment(assignment, local, into);
                return;
            case ISimpleAssignmentOperation assignment when ElementAccess(assignment.Target) is { } stored && WritableAccess(stored):
                var storedValue = IrBuilder.ConvertTo(LowerExpression(assignment.Value), containers[stored.Array]);
                WriteElement(stored, into, (array, index, to) => to.Add(new StoreElement(array, index, storedValue)));
                return;
            case ICompoundAssignmentOperation compound when GenericMath.IsBuiltInOperator(compound.OperatorMethod) && ElementAccess(compound.Target) is { } updated && WritableAccess(updated):
                var update = LowerExpression(compound.Value);
                WriteElement(updated, into, (array, index, to) => LowerElementUpdate(op, array, index, compound.OperatorKind, update, to));
                return;
            case IIncrementOrDecrementOperation step when GenericMath.IsBuiltInOperator(step.OperatorMethod) && ElementAccess(step.Target) is { } stepped && WritableAccess(stepped):
                var one = IrBuilder.Constant(containers[stepped.Array], 1);
                WriteElement(stepped, into, (array, index, to) => LowerElementUpdate(op, array, index, step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract, one, to));
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
                    if (targetType is not null && compound.OperatorMethod is { } operatorMethod && !GenericMath.IsBuiltInOperator(operatorMethod))
                    {
                        // m += b on matrices: m = m + b, through the operator's method.
                        if (LowerCall(op, operatorMethod, new[] { compound.Target, compound.Value }) is { } updated) into.Add(new Assign(name, updated));
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
            case IInvocationOperation invocation when Inlinable(invocation.TargetMethod) && SpanArguments(invocation) is not null:
                // A [Differentiable] method that writes spans, called for that: its body goes in place of the call.
                if (LowerCall(invocation) is Call call) into.Add(new Invoke(EquatableArray<string>.Empty, call));
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
        if (DataRoot(target) == DataRead.This)
        {
            Unsupported(target, $"Assigning to '{SourceText(target)}', of this object,", ConstructMessages.ThisAssignmentHint);
            return null;
        }
        if (DataRoot(target) is { } root)
        {
            Unsupported(target, $"Assigning to '{SourceText(target)}', of {DataDescription(root)},", ConstructMessages.DataAssignmentHint);
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
}
