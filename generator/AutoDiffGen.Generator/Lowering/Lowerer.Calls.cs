using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowering of calls: a function of <c>Math</c> with a derivative rule becomes an <see cref="Intrinsic"/>, another static
/// method, a [Differentiable] instance method of the same object or a user-defined operator a <see cref="Call"/> with its
/// target and what is known of its derivatives; what cannot be called (other instance methods, generic methods, spans and
/// arrays passed where they cannot be, ref arguments) is reported.
/// </summary>
internal sealed partial class Lowerer
{
    private Expr? LowerCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.MethodKind == MethodKind.LocalFunction) return Error; // reported where it is declared
        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            return Unsupported(invocation, $"Calling the delegate '{(invocation.Instance is { } instance ? SourceText(instance) : method.ContainingType.Name)}'", ConstructMessages.DelegateCallHint);
        }
        // An instance method of this object's is called on it; only a static one is put in place of a call that passes spans.
        bool onThis = OnThisObject(invocation);
        if (onThis && SpanArguments(invocation)?.Any(a => PassedData(a.Value) is null && !(a.Parameter is { } dp && SymbolNames.IsData(dp))) == true)
        {
            return Unsupported(invocation, $"Passing spans or arrays to the instance method '{method.Name}'", ConstructMessages.InstanceSpanCallHint(method.Name));
        }
        // A data parameter passed whole (indices, an int[] converted to a ReadOnlySpan<int>) is passed on as it is, and spans of
        // double or float go to a method that Inlining puts in place of the call. (Anything else given for a data parameter of
        // the callee is reported by the other LowerCall.)
        if (!Inlinable(method) && SpanArguments(invocation)?.Where(a => PassedData(a.Value) is null && !(a.Parameter is { } p && SymbolNames.IsData(p))).ToList() is { Count: > 0 } passed)
        {
            return UnsupportedSpanArguments(invocation, passed);
        }
        if (!method.IsStatic && !onThis)
        {
            return Unsupported(invocation, $"A call to the instance method '{method.Name}'",
                SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute) ? ConstructMessages.DifferentiableInstanceCallHint(method.Name) : ConstructMessages.InstanceCallHint);
        }
        if (GenericMathConversion(invocation) is { } conversion) return conversion;
        if (method.IsGenericMethod && !CallableGeneric(method)) return Unsupported(invocation, $"A call to the generic method '{method.Name}'", ConstructMessages.GenericCallHint);
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
        var args = new List<Expr>();
        for (int i = 0; i < operands.Count; i++)
        {
            // A data parameter of the callee takes data as it is: a data parameter of this method, or an enum constant.
            if (i < method.Parameters.Length && SymbolNames.IsData(method.Parameters[i]) && PassedData(operands[i]) is null && !PassedThis(operands[i]) && !IsEnumConstant(operands[i]))
            {
                return Unsupported(operands[i], $"Passing '{SourceText(operands[i])}' for the data parameter '{method.Parameters[i].Name}' of '{method.Name}'", ConstructMessages.DataArgumentHint);
            }
            if (IsStructValue(operands[i]) && i < method.Parameters.Length && StructShapes.Of(method.Parameters[i].Type) is not null)
            {
                // A struct passed to a [Differentiable] method: its leaves, one per parameter of the callee's IR (Inlining binds them).
                if (LowerStruct(operands[i]) is not { } leaves) return Error;
                args.AddRange(leaves);
                continue;
            }
            args.Add(LowerArgument(operands[i]));
        }
        var returnType = SymbolNames.ToIrType(method.ReturnType);
        var site = Site(invocation.Syntax);

        bool generic = GenericMath.IsInterface(method.ContainingType) && args.Any(a => a.Type == IrType.Generic);
        if ((SymbolNames.IsMath(method.ContainingType) || generic) && MathRules.Find(method.Name, args.Count) is { } rule && returnType is not null)
        {
            var intrinsic = new Intrinsic(method.Name, args.ToEquatableArray(), returnType.Value);
            var display = (generic ? typeParameter!.Name : SymbolNames.MathTypeName(method.ContainingType)) + "." + method.Name;
            if (generic && GenericMath.Missing(method.Name, args.Count, genericInterfaces) is { Count: > 0 } missing)
            {
                // Its derivatives would call a function the constraints do not give: say which, and what gives it.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMathConstraint, LocationInfo.From(invocation.Syntax), display,
                    string.Join(" and ", missing.Select(m => $"'{typeParameter!.Name}.{m.Function}' ({m.Interface}<{typeParameter.Name}>)")) + " for its derivative",
                    typeParameter!.Name, string.Join(", ", missing.Select(m => m.Interface + "<" + typeParameter.Name + ">").Distinct())));
                return Error;
            }
            if (!args.Any(a => a.Type.IsFloating())) return intrinsic;
            // Reported once activity is known: Math.Floor or Math.Abs of data is no loss (Generation.CheckActivity).
            var source = new SourceCall(display, site);
            if (rule.PiecewiseConstant) return intrinsic with { PiecewiseConstant = source };
            return rule.Kink is { } kink ? intrinsic with { Kink = new SourceKink(source, kink.Where, kink.Used) } : intrinsic;
        }

        // A [Differentiable] method of the compilation that writes only spans returns nothing: its body is put in place of the call.
        var returns = method.ReturnsVoid && Inlinable(method) ? new IrType[0] : SymbolNames.ReturnTypes(method.ReturnType);
        // A [Differentiable] helper that returns a struct (or a tuple with structs): its leaves are results, and its body goes in place of the call.
        var structResults = returns is null && Inlinable(method) ? MethodAnalysis.StructResultTypes(method.ReturnType) : null;
        bool returnsStruct = structResults is not null;
        returns ??= structResults;
        var parameters = new List<Param>();
        foreach (var p in method.Parameters)
        {
            if (Inlinable(method) && MethodAnalysis.StructParameters(p, method) is { } leaves)
            {
                // The callee's IR takes the struct's leaves (Inlining binds them to the arguments', by name).
                parameters.AddRange(leaves);
                continue;
            }
            var pType = SymbolNames.ToIrType(p.Type);
            if (pType is null && SymbolNames.IsData(p))
            {
                // Data, passed on as it is: a data parameter of this method, or an enum constant (checked above).
                parameters.Add(new Param(p.Name, IrType.Data, ParamKind.Value, NoDerivative: true) { DataType = SymbolNames.FullyQualifiedAsDeclared(p.Type) });
                continue;
            }
            if (pType is null && Inlinable(method) && SymbolNames.ToContainer(p.Type) is { } container)
            {
                parameters.Add(new Param(p.Name, container.Element, ParamKind.Value, SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute), container.Container));
                continue;
            }
            if (pType is null) return Unsupported(invocation, $"A call to '{method.Name}', which takes a '{p.Type.ToDisplayString()}',",
                StructShapes.Of(p.Type) is not null || StructShapes.Elements(p.Type) is not null ? ConstructMessages.StructCallHint(method.Name) : ConstructMessages.CallParameterHint);
            parameters.Add(new Param(p.Name, pType.Value, SymbolNames.ToParamKind(p.RefKind), SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)));
        }
        if (returns is null)
        {
            // Calls that return int or bool are plain data: no derivative needed. Generated code may run one more than once
            // (a backward loop recomputes its iteration), so such a call must not be able to change the data it is given.
            if (returnType is IrType.Int or IrType.Bool && method.Parameters.FirstOrDefault(p => parameters[p.Ordinal].Type == IrType.Data && !SymbolNames.IsReadOnlyData(p.Type)) is { } mutable)
            {
                return Unsupported(operands[mutable.Ordinal], $"Passing '{SourceText(operands[mutable.Ordinal])}' to '{method.Name}', which has no derivatives and takes a '{mutable.Type.ToDisplayString()}' that it could change,",
                    ConstructMessages.MutableDataArgumentHint(SymbolNames.ElementType(mutable.Type)?.ToDisplayString()));
            }
            if (returnType is IrType.Int or IrType.Bool)
            {
                return new Call(Plain(method, parameters, returnType.Value, site), args.Select(a => new Arg(a, ParamKind.Value)).ToEquatableArray(), returnType.Value);
            }
            return Unsupported(invocation, $"A call to '{method.Name}', which returns '{method.ReturnType.ToDisplayString()}',", ConstructMessages.CallReturnHint);
        }

        // A [Differentiable] instance method of this object (OnThisObject) is called on it, and so are its generated members.
        var containing = method.IsStatic ? SymbolNames.FullyQualified(method.ContainingType) : "this";
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
                TypeArgument = method.IsGenericMethod ? SymbolNames.ToIrType(method.TypeArguments[0]) : null,
                ReturnsStruct = returnsStruct,
            };
        }
        else if (Registrations.DifferentiatedAs(method) is { } via)
        {
            // [DifferentiateAs]: the derivatives of a shared method, called with the callee's rule first.
            if (via.Method is null) return Unsupported(invocation, $"A call to '{method.Name}', whose [DifferentiateAs] names {via.Problem},", ConstructMessages.DifferentiateAsHint);
            var found = Registrations.FindNextTo(via.Method);
            target = new CallTarget(SymbolNames.Key(method), containing, method.Name, CallKind.Custom, parameters.ToEquatableArray(), returns.ToEquatableArray(),
                found.Pullback, found.Pushforward, found.PullbackPushforward, site)
            {
                DerivativeArgument = containing + "." + via.Argument,
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
        return new Call(target, args.Select(a => new Arg(a, ParamKind.Value)).ToEquatableArray(), returns.Length == 0 ? IrType.Double : returns[0]);
    }

    /// <summary>
    /// Whether a generic method may be called: a [Differentiable] one with one type parameter, called at <c>double</c>,
    /// <c>float</c> or this method's own type parameter, whose generated members are called at the same type.
    /// </summary>
    private static bool CallableGeneric(IMethodSymbol method)
        => method.TypeArguments.Length == 1 && SymbolNames.ToIrType(method.TypeArguments[0]) is { } argument && argument.IsFloating()
            && SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute);

    /// <summary>
    /// A generic-math conversion (<c>T.CreateChecked(0.5)</c>, <c>T.CreateChecked(n)</c>, <c>double.CreateChecked(x)</c>, and their
    /// <c>CreateSaturating</c>, <c>CreateTruncating</c>) between the floating types and from <c>int</c>: a <see cref="Ir.Convert"/>,
    /// which the three compute alike there. And <c>int.CreateTruncating(x)</c> of a <c>T</c>: a truncation, as <c>(int)x</c> of a
    /// double is (piecewise constant). Null for another call.
    /// </summary>
    private Expr? GenericMathConversion(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method is not { IsStatic: true, Name: "CreateChecked" or "CreateSaturating" or "CreateTruncating", Parameters.Length: 1 } || invocation.Arguments.Length != 1) return null;
        if (!GenericMath.IsInterface(method.ContainingType) && !SymbolNames.IsMath(method.ContainingType) && method.ContainingType.SpecialType != SpecialType.System_Int32) return null;
        var operand = invocation.Arguments[0].Value;
        while (operand is IConversionOperation { IsImplicit: true, Conversion.IsIdentity: true } identity) operand = identity.Operand;
        if (method is { Name: "CreateTruncating", ReturnType.SpecialType: SpecialType.System_Int32 } && TypeOf(operand) == IrType.Generic)
        {
            return new Ir.Convert(LowerExpression(operand), IrType.Int) { PiecewiseConstant = new SourceCall(SourceText(invocation), Site(invocation.Syntax)) };
        }
        if (SymbolNames.ToIrType(method.ReturnType) is not { } to || !to.IsFloating() || TypeOf(operand) is not (IrType.Int or IrType.Double or IrType.Float or IrType.Generic)) return null;
        return IrBuilder.ConvertTo(LowerExpression(operand), to);
    }

    /// <summary>
    /// An argument: a value, a data parameter (or an instance method's object) passed on as it is (also one C# converts implicitly, <c>int[]</c> to
    /// <c>ReadOnlySpan&lt;int&gt;</c>: generated code passes it the same way), or a span or array of double or float (a whole
    /// one or a slice).
    /// </summary>
    private Expr LowerArgument(IOperation operand)
        => PassedData(operand) is { } p ? new Var(names[p], IrType.Data)
            : PassedThis(operand) ? DataRead.Object
            : SymbolNames.ToContainer(operand.Type) is not null || StructShapes.Elements(operand.Type) is not null ? LowerSpanArgument(operand)
            : LowerExpression(operand);

    /// <summary>
    /// Whether a call, in an instance method, is to a [Differentiable] instance method of the same type on the same object
    /// (<c>Predict(x)</c>, <c>this.Predict(x)</c>): the derivatives call its generated members on <c>this</c> too.
    /// </summary>
    private bool OnThisObject(IInvocationOperation invocation)
        => invocation.TargetMethod is { IsStatic: false, MethodKind: MethodKind.Ordinary } method && IsThis(invocation.Instance)
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, thisType)
            && SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute);

    /// <summary>
    /// Whether a call to <paramref name="method"/> may pass spans and arrays: a static [Differentiable] method whose body is in
    /// this compilation (a generic one called at a floating type), which <see cref="Transforms.Inlining"/> puts in place of the call.
    /// </summary>
    internal static bool Inlinable(IMethodSymbol method)
        => method is { IsStatic: true, MethodKind: MethodKind.Ordinary } && (!method.IsGenericMethod || CallableGeneric(method))
            && method.Locations.Any(l => l.IsInSource)
            && SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute);

    /// <summary>
    /// A span or array passed to a call: a span or array parameter or a local array, whole (a <see cref="Var"/>), or a slice of
    /// one (<c>x.Slice(i, n)</c>, <c>x[a..b]</c>, <c>x.AsSpan(i, n)</c>, slices of slices: a <see cref="Slice"/>).
    /// </summary>
    private Expr LowerSpanArgument(IOperation operand)
    {
        if (SpanView(operand) is not { } view)
        {
            return ViewOf(operand) is { Otherwise: not null }
                ? Unsupported(operand, $"Passing the local span '{SourceText(operand)}', chosen at run time, to a call", "; call it in each branch with the span that branch names")
                : Unsupported(operand, $"Passing '{SourceText(operand)}' to a call", ConstructMessages.SpanArgumentFormHint);
        }
        var array = new Var(view.Array, containers[view.Array]);
        if (view.Start is not null && structSpans.ContainsKey(view.Array))
        {
            return Unsupported(operand, $"Passing a part of '{view.Array}', a span of structs, to a call", "; pass the whole span and the range to work on as ints");
        }
        return view.Start is null ? array : new Slice(array, view.Start, view.Length ?? new Binary(BinaryOp.Subtract, new Length(array), view.Start, IrType.Int));
    }

    /// <summary>The elements a span expression names: a container, from <c>Start</c> (null: 0), <c>Length</c> of them (null: to its end); null if it names something else.</summary>
    /// <param name="op">The span expression.</param>
    /// <param name="lower">
    /// False to ask only whether it names elements: its bounds are then not lowered (which would report what is wrong in
    /// them a second time when they are), and stand as 0.
    /// </param>
    private (string Array, Expr? Start, Expr? Length)? SpanView(IOperation op, bool lower = true)
    {
        Expr Lower(IOperation bound) => lower ? LowerExpression(bound) : new Const(IrType.Int, 0);
        while (op is IConversionOperation { IsImplicit: true } conversion) op = conversion.Operand;
        if (ContainerName(op) is { } name) return (name, null, null);
        if (ViewOf(op) is { } local) return local.Otherwise is null ? (local.Array, local.Start, local.Length) : null;
        IOperation? of = null, start = null, length = null;
        switch (op)
        {
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice when slice.Arguments.All(a => a.Value.Type?.SpecialType == SpecialType.System_Int32):
                (of, start, length) = (instance, slice.Arguments.ElementAtOrDefault(0)?.Value, slice.Arguments.ElementAtOrDefault(1)?.Value);
                break;
            case IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true }, Arguments.Length: >= 1 } asSpan when asSpan.Arguments.Skip(1).All(a => a.Value.Type?.SpecialType == SpecialType.System_Int32):
                (of, start, length) = (asSpan.Arguments[0].Value, asSpan.Arguments.ElementAtOrDefault(1)?.Value, asSpan.Arguments.ElementAtOrDefault(2)?.Value);
                break;
            // A range of an array is a new array, a copy (of a span, a slice of it): see RangeCopiesArray.
            case var _ when RangeOf(op) is { } range && !RangeCopiesArray(op):
                of = Indexing(op)!.Value.Instance;
                if (SpanView(of, lower) is not { } ranged) return null;
                var whole = ViewLength(ranged);
                Expr Bound(IOperation bound) => FromEnd(bound) is { } fromEnd ? new Binary(BinaryOp.Subtract, whole, Lower(fromEnd), IrType.Int)
                    : Lower(bound is IConversionOperation { IsImplicit: true } toIndex ? toIndex.Operand : bound);
                var from = range.LeftOperand is null ? new Const(IrType.Int, 0) : Bound(range.LeftOperand);
                var to = range.RightOperand is null ? whole : Bound(range.RightOperand);
                return Offset(ranged, from, new Binary(BinaryOp.Subtract, to, from, IrType.Int));
            default:
                return null;
        }
        if (SpanView(of, lower) is not { } inner) return null;
        if (start is null) return inner;
        var first = Lower(start);
        return Offset(inner, first, length is null ? new Binary(BinaryOp.Subtract, ViewLength(inner), first, IrType.Int) : Lower(length));
    }

    /// <summary>
    /// Whether <paramref name="op"/> is a range of an array (<c>u[1..]</c>), which C# makes a new array of, a copy: not a
    /// part of the array that what is written into the array shows through, as a slice of a span is.
    /// </summary>
    private static bool RangeCopiesArray(IOperation op)
    {
        if (Indexing(op) is not { } element) return false;
        var instance = element.Instance;
        while (instance is IConversionOperation { IsImplicit: true } conversion) instance = conversion.Operand;
        return instance.Type is IArrayTypeSymbol;
    }

    private Expr ViewLength((string Array, Expr? Start, Expr? Length) view)
    {
        var whole = new Length(new Var(view.Array, containers[view.Array]));
        return view.Length ?? (view.Start is null ? whole : new Binary(BinaryOp.Subtract, whole, view.Start, IrType.Int));
    }

    private static (string Array, Expr? Start, Expr? Length) Offset((string Array, Expr? Start, Expr? Length) view, Expr start, Expr length)
        => (view.Array, view.Start is null ? start : new Binary(BinaryOp.Add, view.Start, start, IrType.Int), length);

    /// <summary>Whether an argument is an enum constant (<c>Mode.Exact</c>), which lowers to data.</summary>
    private static bool IsEnumConstant(IOperation operand)
    {
        while (operand is IConversionOperation { IsImplicit: true } conversion) operand = conversion.Operand;
        return operand.ConstantValue.HasValue && operand.Type is { TypeKind: TypeKind.Enum };
    }

    /// <summary>
    /// A call without derivatives (of int or bool): a generic-math static of the type parameter (<c>T.IsNaN(x)</c>) is called on
    /// it, as C# requires of a static abstract member.
    /// </summary>
    private static CallTarget Plain(IMethodSymbol method, List<Param> parameters, IrType returnType, int site)
        => new(SymbolNames.Key(method), GenericMath.IsInterface(method.ContainingType) ? IrTypeExtensions.TypeParameter : SymbolNames.FullyQualified(method.ContainingType), method.Name, CallKind.Custom,
            parameters.Select(p => p with { NoDerivative = true }).ToEquatableArray(), EquatableArray.Of(returnType), null, null, null, site);

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
}
