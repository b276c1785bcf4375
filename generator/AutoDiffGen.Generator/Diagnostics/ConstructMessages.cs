using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// The arguments of ADG0101 ("{what} is not supported in a [Differentiable] method{hint}") and ADG0103 for the
/// constructs lowering rejects: what the construct is, and what to write instead. A hint starts with "; ".
/// </summary>
internal static class ConstructMessages
{
    /// <summary>What to write instead of a struct member that cannot be put in place of its call.</summary>
    public const string StructMemberHint = "; a struct's members are put in place of their calls when they are local declarations followed by a return (or, for a constructor, assignments of its fields): write it so, or compute it in the [Differentiable] method";

    public const string LambdaHint = "; write the computation inline, or move it into a [Differentiable] method and call that";
    public const string ThrowHint = "; check the input in the caller, or return double.NaN";
    public const string PointerHint = "; unsafe code is not differentiated, use locals, local arrays or spans instead";
    public const string ForEachHint = "; walk a span or array parameter or a local array instead";
    public const string LocalFunctionHint = "; make it a [Differentiable] method of the type and call that";
    public const string DiscardedCallHint = "; use its result in the computation, or remove the call";
    public const string ArrayLengthHint = "; give the length as an int";
    public const string ConversionHint = "; convert the value in the caller and pass the result as a parameter";
    public const string InstanceCallHint = "; call a static method instead";
    public const string GenericCallHint = "; call a non-generic method written for double or float, or a generic [Differentiable] method with one type parameter, called at double, float or the caller's own type parameter";
    public const string RefArgumentHint = "; pass values in, and return several results as a tuple instead of through 'ref' or 'out'";
    public const string ParamsArgumentHint = "; give the method one parameter per value instead of 'params'";
    public const string CallParameterHint = "; call methods whose parameters are double, float, int, bool or AutoDiffGen.Matrix";

    /// <summary>What to write instead of a call that passes a struct to a method that is not [Differentiable] and not the struct's own.</summary>
    public static string StructCallHint(string method) => $"; mark '{method}' [Differentiable] (a static [Differentiable] method that takes structs is put in place of the call), or compute it from the struct's fields here";
    public const string CallReturnHint = "; call methods that return double, float, int, bool, AutoDiffGen.Matrix, or a tuple of double, float or AutoDiffGen.Matrix";
    public const string AssignmentHint = "; assign only locals, local arrays and the elements of span or array parameters";
    public const string DataHint = "; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: its fields, properties, elements and Length of type double, float, int, bool or AutoDiffGen.Matrix (short, ushort, byte and sbyte are read as int), or passed on whole to a call";
    public const string DataArgumentHint = "; pass a data parameter of this method as it is (create the data in the caller), or an enum constant";
    public const string WideIntegerHint = "; long, uint and ulong values do not fit the int the method computes with: pass the indices as an int[] or a ReadOnlySpan<int>";
    public const string DelegateCallHint = "; its derivative is unknown: call a [Differentiable] method (or one with a registered derivative) instead, or compute the delegate's value in the caller and pass it as a parameter";
    public const string IntegerLocalArrayHint = "; compute the indices in the caller and pass them as a ReadOnlySpan<int> parameter (data: the method reads its elements and Length, loops over it and passes it on)";
    public const string DifferentiateAsHint = "; [DifferentiateAs(method, argument)] names a static method of the callee's type that takes a [NoDerivative] value first and then the callee's parameters, and a static field or property of that type to pass first";
    /// <summary>For a call to a [Differentiable] instance method on another object than this one, or of another type.</summary>
    public static string DifferentiableInstanceCallHint(string method) => $"; an instance method may call '{method}' on its own object ('{method}(…)' or 'this.{method}(…)') when both are of the same type; otherwise make '{method}' static and pass what it reads from its object as parameters";

    /// <summary>For a call passing spans to a [Differentiable] instance method of this object: only a static one is put in place of the call.</summary>
    public static string InstanceSpanCallHint(string method) => $"; make '{method}' static, passing what it reads from the object as parameters (a static [Differentiable] method that takes spans is put in place of the call), or pass it scalars only";

    /// <summary>For a primary constructor's parameter read by an instance method: generated members, in another declaration, cannot see it.</summary>
    public static string PrimaryConstructorParameterHint(string parameter, string type) => $"; store it in a field or an auto-property ('private readonly {type} {parameter} = {parameter};') and read that";

    public const string ThisHint = "; an instance method reads its object's fields and auto-properties of type double, float, int, bool or AutoDiffGen.Matrix, the fields and properties of those of other types, and their elements and Length, as data";
    public const string ThisAssignmentHint = "; a [Differentiable] method only reads its object's fields and properties (its generated members may run the body more than once): keep the value in a local, or change the field in the caller";

    /// <summary>For a property of the method's object whose getter computes its value.</summary>
    public static string ComputedPropertyHint(string property) => $"; an instance method reads its object's fields and auto-properties only (generated code may read one several times): make '{property}' an auto-property or read a field, or pass its value as a parameter";

    public const string DataAssignmentHint = "; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: copy a value the method changes into a local, or compute the data in the caller";

    /// <summary>
    /// What to do about data passed to a call that has no derivatives and takes it as a type it could change; <paramref name="element"/>
    /// is the element type of an array or span parameter, null for another.
    /// </summary>
    public static string MutableDataArgumentHint(string? element)
        => element is not null
            ? $"; declare that parameter of the called method 'ReadOnlySpan<{element}>', which it cannot change, or make the method [Differentiable]"
            : "; pass it to a [Differentiable] method, or read the values the call needs in this method";
    public const string StatementsTooDeep = "; split the method into smaller [Differentiable] methods";
    public const string ExpressionTooDeep = "; split it into locals";
    private const string TupleHint = "; deconstruct it instead: 'var (a, b) = …'";
    private const string ControlFlowHint = "; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead";

    /// <summary>What to do instead of passing spans or arrays to <paramref name="method"/>.</summary>
    public static string SpanArgumentHint(string method)
        => $"; spans and arrays can be passed only to static [Differentiable] methods of this compilation: mark '{method}' [Differentiable], or write its loop in this method, so that it reads and writes the elements itself";

    public const string SpanArgumentFormHint = "; pass a span or array parameter, a local array, or a slice of one ('x.Slice(i, n)', 'x[a..b]', 'x.AsSpan(i, n)')";

    /// <summary>What to do about a local of an unsupported type.</summary>
    public static string LocalHint(ITypeSymbol type)
        => type.IsTupleType ? TupleHint : "; declare it as double, float, int, bool or AutoDiffGen.Matrix, or as an array or span of double or float";

    /// <summary>What to do about a value of an unsupported type.</summary>
    public static string ValueHint(ITypeSymbol? type)
        => type is { IsTupleType: true } ? TupleHint : "; compute with double, float, int, bool or AutoDiffGen.Matrix values";

    /// <summary>What to do about a call whose result is used as a value of an unsupported type.</summary>
    public static string CallResultHint(ITypeSymbol? type)
        => type is { IsTupleType: true } ? "; deconstruct tuple results with 'var (a, b) = F(…)'" : CallReturnHint;

    /// <summary>A local that lowering did not declare (one declared in a pattern or an 'out' argument).</summary>
    public static (string What, string Hint) UndeclaredLocal(ILocalSymbol local)
        => ($"The local '{local.Name}'", $"; declare it in a statement of its own ('{local.Type.ToDisplayString()} {local.Name} = …;')");

    /// <summary>The operator as written (<c>%</c>, <c>%=</c>, <c>~</c>), or the operator kind when there is no token.</summary>
    public static string OperatorText(IOperation op, object kind) => op.Syntax switch
    {
        BinaryExpressionSyntax binary => binary.OperatorToken.Text,
        AssignmentExpressionSyntax assignment => assignment.OperatorToken.Text,
        PrefixUnaryExpressionSyntax unary => unary.OperatorToken.Text,
        _ => kind.ToString(),
    };

    /// <summary>The third argument of ADG0103: what to write instead of the operator.</summary>
    public static string OperatorHint(string operatorText, IrType type) => (operatorText, type) switch
    {
        ("%" or "%=", IrType.Double or IrType.Float) => "write 'a - b * Math.Truncate(a / b)' instead",
        ("^" or "^=", IrType.Bool) => "write 'a != b' instead",
        (_, IrType.Int) => "on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter",
        _ => "use +, -, *, / on double and float, comparisons, and !, && and || on bool",
    };

    /// <summary>A name for a construct in messages ("A lambda expression", "A 'switch' statement", …) and what to write instead.</summary>
    public static (string What, string Hint) Describe(IOperation op) => op switch
    {
        IAnonymousFunctionOperation or IDelegateCreationOperation => ("A lambda expression", LambdaHint),
        ISwitchOperation => ("A 'switch' statement", "; use 'if' and 'else' instead"),
        ISwitchExpressionOperation => ("A 'switch' expression", "; use '?:' instead"),
        ITryOperation => ("A 'try' statement", "; handle errors in the caller"),
        IBranchOperation branch => ("'" + branch.BranchKind.ToString().ToLowerInvariant() + "'", ControlFlowHint),
        ILabeledOperation => ("A labeled statement", ControlFlowHint),
        IUsingOperation => ("A 'using' statement", "; create and dispose of the resource in the caller"),
        ILockOperation => ("A 'lock' statement", "; take the lock in the caller"),
        IObjectCreationOperation => ("Creating an object ('new')", "; create it in the caller and pass it, or the numbers it holds, as parameters"),
        IArrayCreationOperation => ("Creating an array", "; declare a local array at the top of the method ('double[] t = new double[n];')"),
        IArrayElementReferenceOperation => ("Array element access", "; index only span or array parameters and local arrays (pass the array in as a parameter)"),
        IIsPatternOperation or IIsTypeOperation => ("An 'is' test", "; compare with <, <=, >, >=, == or != instead"),
        IIncrementOrDecrementOperation => ("An increment or decrement used as a value", "; write it as a statement of its own ('x++;')"),
        IInterpolatedStringOperation => ("A string", ""),
        IFieldReferenceOperation field => ($"The instance field '{field.Field.Name}'", "; read it in the caller and pass its value as a parameter"),
        IPropertyReferenceOperation property => ($"The property '{property.Property.Name}'", "; read it in the caller and pass its value as a parameter"),
        IInvalidOperation => ("Code with errors", ""),
        _ => ("'" + Texts.OneLine(op.Syntax.ToString()).Truncate(60) + "'", ""),
    };
}
