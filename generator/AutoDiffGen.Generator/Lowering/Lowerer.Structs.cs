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
/// Lowering of struct values (<see cref="StructShape"/>): the IR never holds one, only its leaves. A struct parameter is a
/// parameter per leaf, a struct local a local per leaf; a struct expression lowers to the values of its leaves, in order
/// (<see cref="LowerStruct"/>), and reading a field picks one. The struct's own members (constructors, operators, methods,
/// properties with bodies) are put in place of their calls (Lowerer.StructMembers); spans of structs are Lowerer.StructSpans.
/// This part: struct values, locals and their assignment, and reads of their fields.
/// </summary>
internal sealed partial class Lowerer
{
    // The struct parameters and locals: the IR names of their leaves.
    private readonly Dictionary<ISymbol, StructVariable> structs = new(SymbolEqualityComparer.Default);

    private sealed record StructVariable(StructShape Shape, string[] Names)
    {
        public Expr[] Values => Shape.Leaves.Select((leaf, i) => (Expr)new Var(Names[i], leaf.Type)).ToArray();
    }

    /// <summary>Declares the leaves of a struct local (<c>q_X</c>, …) with <paramref name="values"/>, or zeros.</summary>
    private void DeclareStruct(ILocalSymbol local, StructShape shape, Expr[]? values, List<Stmt> into)
    {
        var leaves = shape.Leaves.ToList();
        var names = new string[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            names[i] = allocator.Fresh(local.Name + "_" + leaves[i].NamePart);
            into.Add(new Declare(names[i], leaves[i].Type, values is null ? IrBuilder.Constant(leaves[i].Type, 0) : IrBuilder.ConvertTo(values[i], leaves[i].Type)));
        }
        structs[local] = new StructVariable(shape, names);
    }

    /// <summary>The leaves of a struct variable (a parameter, a local, a field of one that is a struct), for assignment; null otherwise.</summary>
    private (string[] Names, StructShape Shape)? StructTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation { Local: var local } when structs.TryGetValue(local, out var variable):
                return (variable.Names, variable.Shape);
            case IParameterReferenceOperation { Parameter: var parameter } when structs.TryGetValue(parameter, out var variable):
                return (variable.Names, variable.Shape);
            case IFieldReferenceOperation or IPropertyReferenceOperation when MemberOf(target) is { } member && StructTarget(member.Instance) is { } outer:
                var (start, count) = member.Shape.Range(member.Index);
                return (outer.Names.Skip(start).Take(count).ToArray(), member.Shape.Members[member.Index].Nested ?? member.Shape);
            default:
                return null;
        }
    }

    /// <summary>The IR variable of a scalar field of a struct variable (<c>q.X</c>, <c>q.Position.Y</c>), for assignment; null otherwise.</summary>
    private (string Name, IrType Type)? StructLeaf(IOperation target)
    {
        if (MemberOf(target) is not { } member || member.Shape.Members[member.Index].Nested is not null || StructTarget(member.Instance) is not { } outer) return null;
        return (outer.Names[member.Shape.Range(member.Index).Start], member.Shape.Members[member.Index].Type);
    }

    /// <summary>
    /// Assigns a struct variable's leaves: through temporaries when the values read the variable (<c>q = new(q.Y, q.X)</c>
    /// assigns every leaf from the old values).
    /// </summary>
    private void AssignStruct(string[] names, StructShape shape, Expr[] values, List<Stmt> into)
    {
        var targets = new HashSet<string>(names);
        bool readsTarget = values.Any(v => IrWalker.ReadsAny(v, targets));
        var types = shape.Leaves.Select(l => l.Type).ToArray();
        var sources = new Expr[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var value = IrBuilder.ConvertTo(values[i], types[i]);
            if (readsTarget && !(value is Var v && v.Name == names[i]))
            {
                var temp = allocator.Fresh(names[i] + "_new");
                into.Add(new Declare(temp, types[i], value));
                value = new Var(temp, types[i]);
            }
            sources[i] = value;
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (!(sources[i] is Var same && same.Name == names[i])) into.Add(new Assign(names[i], sources[i]));
        }
    }

    /// <summary>A field (or auto-property) read of a struct: the instance, its shape and the member's index; null for other reads.</summary>
    private static (IOperation Instance, StructShape Shape, int Index)? MemberOf(IOperation op)
    {
        var (instance, name) = op switch
        {
            IFieldReferenceOperation { Instance: { } i, Field: var f } => (i, f.Name),
            IPropertyReferenceOperation { Instance: { } i, Property: { IsIndexer: false } p } when IsStoredProperty(p) => (i, p.Name),
            _ => (null, null),
        };
        if (instance is null || StructShapes.Of(instance.Type) is not { } shape) return null;
        int index = shape.IndexOf(name!);
        return index < 0 ? null : (instance, shape, index);
    }

    /// <summary>Whether reading the property reads a value kept in the struct: an auto-property, or a part System.Numerics knows (<c>Complex.Real</c>).</summary>
    private static bool IsStoredProperty(IPropertySymbol property)
        => SymbolNames.IsAutoProperty(property) || (!property.Locations.Any(l => l.IsInSource) && property.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Numerics");

    /// <summary>Whether <paramref name="op"/> is a value of a struct the generator differentiates (lowered by <see cref="LowerStruct"/>).</summary>
    private static bool IsStructValue(IOperation op) => StructShapes.Of(op.Type) is not null;

    /// <summary>
    /// A scalar read of a struct value (<c>p.X</c>, <c>a.Dot(b)</c>, <c>v.Length()</c>, <c>z.Magnitude</c>) or a scalar
    /// result of one of its members; null when <paramref name="op"/> is none (not reported).
    /// </summary>
    private Expr? LowerStructScalar(IOperation op)
    {
        switch (op)
        {
            case IParameterReferenceOperation { Parameter: var p } when bound.TryGetValue(p, out var value) && value.Length == 1:
                return value[0];
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: var spanOf } when ContainerName(spanOf) is { } name && structSpans.ContainsKey(name):
                return StructCount(name);
            case ILocalReferenceOperation { Local: var l } when bound.TryGetValue(l, out var value) && value.Length == 1:
                return value[0];
            case IFieldReferenceOperation or IPropertyReferenceOperation when MemberOf(op) is { } member && ReadsStructValue(member.Instance):
                var parent = LowerStruct(member.Instance);
                return parent is null ? Error : parent[member.Shape.Range(member.Index).Start];
            case IPropertyReferenceOperation { Instance: { } instance, Property: { IsIndexer: false, GetMethod: { } getter } } when ReadsStructValue(instance):
                return StructCall(op, getter, instance, System.Array.Empty<IOperation>()) is { } got ? Single(op, got) : Error;
            case IInvocationOperation { TargetMethod: var method } invocation when StructMember(method, invocation.Instance):
                return StructCall(op, method, invocation.Instance, Operands(invocation)) is { } result ? Single(op, result) : Error;
            case IBinaryOperation { OperatorMethod: { } method } binary when StructMember(method, null):
                return StructCall(op, method, null, new[] { binary.LeftOperand, binary.RightOperand }) is { } compared ? Single(op, compared) : Error;
            default:
                return null;
        }
    }

    private Expr Single(IOperation op, Expr[] values) => values.Length == 1 ? values[0] : Unsupported(op, $"A '{op.Type?.ToDisplayString()}' value here");

    /// <summary>Whether an instance is a struct value this method computes (not data it only reads).</summary>
    private bool ReadsStructValue(IOperation instance) => IsStructValue(instance) && DataRoot(instance) is null;

    /// <summary>
    /// Whether a call to <paramref name="method"/> is one of a struct's own (an operator, a method, a property getter: its
    /// source is in this compilation, or it is System.Numerics') that takes or gives a struct value; null-safe.
    /// </summary>
    private bool StructMember(IMethodSymbol method, IOperation? instance)
    {
        // A static [Differentiable] method is a call that Inlining puts in place (or a call); an instance one of a struct is put in place here.
        if (method.IsStatic && SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute)) return false;
        if (instance is not null && !ReadsStructValue(instance)) return false;
        bool ownType = StructShapes.Of(method.ContainingType) is not null;
        // A static method of another type that takes or gives structs (a library's, with derivatives registered): a call of its scalars.
        if (!ownType) return method is { IsStatic: true, MethodKind: MethodKind.Ordinary } && MemberSlots.TakesOrGivesStructs(method);
        return method.IsStatic ? method.Parameters.Any(p => StructShapes.Of(p.Type) is not null) || StructShapes.Of(method.ReturnType) is not null : instance is not null;
    }

    private static IReadOnlyList<IOperation> Operands(IInvocationOperation invocation)
        => invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();

    /// <summary>The values of the leaves of a struct expression, in order; null after a diagnostic.</summary>
    private Expr[]? LowerStruct(IOperation op) => Deeper(op, LowerStructCore, () => null);

    private Expr[]? LowerStructCore(IOperation op)
    {
        var shape = StructShapes.Of(op.Type);
        if (shape is null) return Reported(Unsupported(op, $"A value of type '{op.Type?.ToDisplayString() ?? "?"}'", ConstructMessages.ValueHint(op.Type)));
        switch (op)
        {
            case var _ when Poisoned(op):
                return null; // reported once, where the local is declared
            case IConversionOperation { OperatorMethod: null } identity when identity.Operand.Type is null || SymbolEqualityComparer.Default.Equals(identity.Operand.Type, identity.Type):
                return LowerStruct(identity.Operand); // also a target-typed new(…)
            case IConversionOperation { OperatorMethod: { } conversion } converted:
                return StructCall(op, conversion, null, new[] { converted.Operand });
            case IParenthesizedOperation parenthesized:
                return LowerStruct(parenthesized.Operand);
            case IParameterReferenceOperation { Parameter: var p } when bound.TryGetValue(p, out var value):
                return value;
            case ILocalReferenceOperation { Local: var l } when bound.TryGetValue(l, out var value):
                return value;
            case IParameterReferenceOperation { Parameter: var p } when structs.TryGetValue(p, out var variable):
                return variable.Values;
            case ILocalReferenceOperation { Local: var l } when structs.TryGetValue(l, out var variable):
                return variable.Values;
            case ILocalReferenceOperation { Local: var l }:
                var (undeclared, declareIt) = ConstructMessages.UndeclaredLocal(l);
                return Reported(Unsupported(op, undeclared, declareIt));
            case IInstanceReferenceOperation when InlinedThis is { } self:
                return self;
            case var _ when Indexing(op) is { } element && ContainerName(element.Instance) is { } array && structSpans.ContainsKey(array):
                // ps[i]: the leaves of element i, at i·size + k.
                return ReadLeaves(array, FirstLeaf(array, element.Index), op);
            case IFieldReferenceOperation or IPropertyReferenceOperation when MemberOf(op) is { } member && ReadsStructValue(member.Instance):
                var parent = LowerStruct(member.Instance);
                if (parent is null) return null;
                var (start, count) = member.Shape.Range(member.Index);
                return parent.Skip(start).Take(count).ToArray();
            case IDefaultValueOperation:
                return Zeros(shape);
            case IObjectCreationOperation creation:
                return Construct(creation, shape);
            case IWithOperation with:
                var copied = LowerStruct(with.Operand);
                return copied is null ? null : Initialize(copied.ToArray(), shape, with.Initializer);
            case IConditionalOperation { WhenFalse: not null } conditional:
                var condition = LowerExpression(conditional.Condition);
                var whenTrue = LowerStruct(conditional.WhenTrue);
                var whenFalse = LowerStruct(conditional.WhenFalse);
                if (whenTrue is null || whenFalse is null) return null;
                return whenTrue.Select((t, i) => (Expr)new Conditional(condition, t, whenFalse[i], t.Type)).ToArray();
            case IPropertyReferenceOperation { Instance: { } instance, Property: { IsIndexer: false, GetMethod: { } getter } } when ReadsStructValue(instance):
                return StructCall(op, getter, instance, System.Array.Empty<IOperation>());
            case IPropertyReferenceOperation { Instance: null, Property: { Parameters.IsEmpty: true } constant } when NumericsRules.StaticValue(constant) is { } known:
                return known;
            case IFieldReferenceOperation { Instance: null, Field: var constant } when NumericsRules.StaticValue(constant) is { } known:
                return known;
            case IInvocationOperation { TargetMethod: var method } invocation when StructMember(method, invocation.Instance) || NumericsRules.Handles(method):
                return StructCall(op, method, invocation.Instance, Operands(invocation));
            case IBinaryOperation { OperatorMethod: { } method } binary:
                return StructCall(op, method, null, new[] { binary.LeftOperand, binary.RightOperand });
            case IUnaryOperation { OperatorMethod: { } method } unary:
                return StructCall(op, method, null, new[] { unary.Operand });
            case IInvocationOperation { TargetMethod: var method } invocation when Inlinable(method):
                // A static [Differentiable] helper: a call whose results are the struct's leaves, put in place by Inlining.
                return LowerCall(invocation) is Call call ? call.Target.Returns.Select((r, k) => (Expr)new Element(call, k, r)).ToArray() : null;
            case IInvocationOperation { TargetMethod: var method } when SymbolNames.HasAttribute(method, SymbolNames.DifferentiableAttribute):
                return Reported(Unsupported(op, $"A call to '{method.Name}', a [Differentiable] method that returns a '{op.Type!.ToDisplayString()}',",
                    "; make it static (a static one is put in place of the call), or write its body in this method"));
            default:
                return Reported(Unsupported(op, $"This '{op.Type!.ToDisplayString()}' value", "; build structs with 'new', 'with', their operators and methods, or read them from parameters and locals"));
        }
    }

    /// <summary>
    /// The leaves of a struct value that a statement uses (a local's initializer, an assignment, a return): a call of a
    /// [Differentiable] helper that returns a struct is made once, into locals (<c>step_1</c>, <c>step_2</c>), not once per leaf.
    /// </summary>
    private Expr[]? LowerStructOnce(IOperation op, List<Stmt> into)
    {
        var values = LowerStruct(op);
        // Only the leaves of a struct result, each the element of its place (not a tuple element read into a field: new Cell { V = G(x).w }).
        if (values is not { Length: > 0 } || values[0] is not Element { Call: { Target: { ReturnsStruct: true } or { Structs: not null } } call } || values.Length != call.Target.Returns.Count
            || !values.Select((v, k) => v is Element e && ReferenceEquals(e.Call, call) && e.Index == k).All(same => same)) return values;
        string[] targets;
        if (call.Target.Structs is { Outputs: [{ Shape: { } shape }] })
        {
            // A struct member's result, by its leaves: vec_X, vec_Y.
            var type = shape.Type.Substring(shape.Type.LastIndexOf('.') + 1);
            targets = shape.Leaves.Select(l => allocator.Fresh(char.ToLowerInvariant(type[0]) + type.Substring(1) + "_" + l.NamePart)).ToArray();
        }
        else
        {
            var stem = char.ToLowerInvariant(call.Target.Name[0]) + call.Target.Name.Substring(1);
            targets = call.Target.Returns.Select((r, k) => allocator.Fresh(stem + "_" + (k + 1))).ToArray();
        }
        for (int k = 0; k < targets.Length; k++) into.Add(new Declare(targets[k], call.Target.Returns[k], null));
        into.Add(new Invoke(targets.ToEquatableArray(), call));
        return targets.Select((t, k) => (Expr)new Var(t, call.Target.Returns[k])).ToArray();
    }

    /// <summary>Reports nothing more: an expression lowered to an error was reported; its struct is none.</summary>
    private static Expr[]? Reported(Expr _) => null;

    private static Expr[] Zeros(StructShape shape) => shape.Leaves.Select(l => (Expr)IrBuilder.Constant(l.Type, 0)).ToArray();

    /// <summary>
    /// A value of the struct or scalar <paramref name="op"/> as a list of leaves (one for a scalar), for binding a member's
    /// parameter or returning from it.
    /// </summary>
    private Expr[]? LowerValue(IOperation op) => IsStructValue(op) ? LowerStruct(op) : new[] { LowerExpression(op) };

    /// <summary><c>new T(…) { … }</c>: a record struct's or System.Numerics' constructor takes the members in order; another is put in place of the call.</summary>
    private Expr[]? Construct(IObjectCreationOperation creation, StructShape shape)
    {
        Expr[]? values;
        var constructor = creation.Constructor;
        var operands = creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        if (constructor is null || (constructor.IsImplicitlyDeclared && operands.Count == 0))
        {
            values = Zeros(shape);
        }
        else if (NumericsRules.Handles(constructor))
        {
            values = StructCall(creation, constructor, null, operands);
        }
        else if (IsMemberwise(constructor, shape))
        {
            var parts = new List<Expr>();
            for (int i = 0; i < operands.Count; i++)
            {
                var part = LowerValue(operands[i]);
                if (part is null) return null;
                parts.AddRange(part.Select((e, j) => IrBuilder.ConvertTo(e, LeafType(shape, parts.Count + j))));
            }
            values = parts.ToArray();
        }
        else
        {
            values = StructCall(creation, constructor, null, operands);
        }
        return values is null ? null : Initialize(values, shape, creation.Initializer);
    }

    private static IrType LeafType(StructShape shape, int leaf) => shape.Leaves.ElementAt(leaf).Type;

    /// <summary>
    /// Whether a constructor sets each member from its parameter of the same place: a record struct's primary constructor, or,
    /// for a struct compiled elsewhere (whose constructors' bodies are not here), one that takes the members in order by their
    /// names, the convention the struct's shape already relies on to make one (<see cref="StructShapes.TakesInOrder"/>).
    /// </summary>
    private static bool IsMemberwise(IMethodSymbol constructor, StructShape shape)
        => constructor.Locations.Any(l => l.IsInSource)
            ? constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is RecordDeclarationSyntax)
                && constructor.Parameters.Length == shape.Members.Count
                && constructor.Parameters.Select((p, i) => string.Equals(p.Name, shape.Members[i].Name, System.StringComparison.Ordinal)).All(x => x)
            : !NumericsRules.Handles(constructor) && StructShapes.TakesInOrder(constructor, shape.Members);

    /// <summary>The members an object initializer or a <c>with</c> sets: <c>{ X = 1, Position = p }</c>.</summary>
    private Expr[]? Initialize(Expr[] values, StructShape shape, IObjectOrCollectionInitializerOperation? initializer)
    {
        if (initializer is null) return values;
        foreach (var set in initializer.Initializers)
        {
            if (set is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var member } } assignment || shape.IndexOf(member.Name) is var index && index < 0)
            {
                Unsupported(set, $"Setting '{SourceText(set)}' in an initializer", "; set the struct's fields and auto-properties");
                return null;
            }
            var value = LowerValue(assignment.Value);
            if (value is null) return null;
            var (start, count) = shape.Range(index);
            for (int i = 0; i < count; i++) values[start + i] = IrBuilder.ConvertTo(value[i], LeafType(shape, start + i));
        }
        return values;
    }
}
