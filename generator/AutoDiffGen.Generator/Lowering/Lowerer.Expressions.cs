using System;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowering of expressions: constants, variables, element reads, tuple elements, conversions, operators and <c>?:</c>, each
/// into an IR expression (calls are lowered by <see cref="LowerCall(IInvocationOperation)"/>).
/// </summary>
internal sealed partial class Lowerer
{
    private Expr LowerExpression(IOperation op) => Deeper(op, LowerExpressionCore, () => Error);

    /// <summary>
    /// Lowers the expression <paramref name="op"/> one level deeper (a scalar or a struct's leaves): past <see cref="MaxDepth"/>,
    /// or where the stack runs short, it is reported and <paramref name="tooDeep"/> stands for it.
    /// </summary>
    private T Deeper<T>(IOperation op, System.Func<IOperation, T> lower, System.Func<T> tooDeep)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (++depth > MaxDepth || !StackLeft())
        {
            depth--;
            Unsupported(op, "An expression nested this deep", ConstructMessages.ExpressionTooDeep);
            return tooDeep();
        }
        try
        {
            return lower(op);
        }
        finally
        {
            depth--;
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
            case var _ when LowerStructScalar(op) is { } read:
                return read;
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
                return IrBuilder.ConvertTo(ReadElement(access, op), type!.Value);
            case IPropertyReferenceOperation { Property.Name: "Length" } part when ViewOf(part.Instance) is { } partView:
                return partView.LengthExpr;
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
            case IPropertyReferenceOperation { Instance: null } constant when type == IrType.Generic && GenericMath.IsInterface(constant.Property.ContainingType):
                // T.One, T.Pi, …: a constant of the type parameter's.
                return constant.Property.Name switch
                {
                    "Zero" => IrBuilder.Constant(IrType.Generic, 0),
                    "One" => IrBuilder.Constant(IrType.Generic, 1),
                    "NegativeOne" => IrBuilder.Constant(IrType.Generic, -1),
                    var name => new StaticRead(IrTypeExtensions.TypeParameter + "." + name, IrType.Generic),
                };
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
            case IUnaryOperation { OperatorMethod: { } unaryMethod } when !GenericMath.IsBuiltInOperator(unaryMethod):
                return LowerCall(op, unaryMethod, new[] { ((IUnaryOperation)op).Operand }) ?? Error;
            case IBinaryOperation { OperatorMethod: { } binaryMethod } userBinary when !GenericMath.IsBuiltInOperator(binaryMethod):
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
                if (type!.Value.IsFloating() && conditional.Condition is IBinaryOperation comparison && GenericMath.IsBuiltInOperator(comparison.OperatorMethod)
                    && MapBinary(comparison.OperatorKind) is BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual
                    && TypeOf(comparison.LeftOperand) is { } left && left.IsFloating() && TypeOf(comparison.RightOperand) is { } right && right.IsFloating()
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

    /// <summary>Whether <c>c ? a : b</c> picks one of the two values <c>c</c> compares (<c>x &gt; y ? x : y</c>, <c>x &lt; y ? y : x</c>).</summary>
    private static bool SelectsACompared(IBinaryOperation comparison, IConditionalOperation conditional)
    {
        if (comparison.LeftOperand.ConstantValue.HasValue || comparison.RightOperand.ConstantValue.HasValue || conditional.WhenFalse is null) return false;
        string left = SourceText(comparison.LeftOperand), right = SourceText(comparison.RightOperand);
        string whenTrue = SourceText(conditional.WhenTrue), whenFalse = SourceText(conditional.WhenFalse);
        return (whenTrue == left && whenFalse == right) || (whenTrue == right && whenFalse == left);
    }

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
}
