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
/// Lowering of calls of a struct's own members (constructors, operators, methods, properties with bodies): each is put in
/// place of its call, its parameters and <c>this</c> standing for the values passed (<see cref="bound"/>, <see cref="members"/>);
/// System.Numerics' members by <see cref="NumericsRules"/>.
/// </summary>
internal sealed partial class Lowerer
{
    // The parameters and locals of the struct members being put in place of their calls: the values they stand for (one per
    // leaf of a struct, else one).
    private readonly Dictionary<ISymbol, Expr[]> bound = new(SymbolEqualityComparer.Default);

    // The struct members being put in place of their calls, innermost last, and the values 'this' stands for in each.
    private readonly List<(IMethodSymbol Member, Expr[]? This)> members = new();

    private Expr[]? InlinedThis => members.Count == 0 ? activeThis : members[members.Count - 1].This;

    // For an instance method of a struct differentiated memberwise, the leaves of its object (parameters of the IR).
    private Expr[]? activeThis;

    /// <summary>How deep struct members may be put in place of each other's calls.</summary>
    private const int MaxInlinedMembers = 16;

    /// <summary>
    /// A call of a struct's member (a method, an operator, a constructor, a property getter) put in place: System.Numerics' by
    /// its rule, one whose source is in this compilation by its body, its parameters (and <c>this</c>) standing for the values
    /// passed. Gives the leaves of its result (one value for a scalar), or null after a diagnostic.
    /// </summary>
    private Expr[]? StructCall(IOperation at, IMethodSymbol method, IOperation? instance, IReadOnlyList<IOperation> operands)
    {
        var arguments = new List<Expr[]>();
        if (instance is not null)
        {
            var self = LowerStruct(instance);
            if (self is null) return null;
            arguments.Add(self);
        }
        foreach (var operand in operands)
        {
            var value = LowerValue(operand);
            if (value is null) return null;
            arguments.Add(value);
        }
        // Derivatives registered in the struct come first; then System.Numerics' rules and the member's body; a member with
        // neither is a call whose derivatives are registered elsewhere in the compilation, or ADG0201 says to register them.
        if (NumericsRules.Handles(method))
        {
            return NumericsRules.Apply(method, arguments) ?? RegisteredCall(at, method, arguments, default, NumericsRules.Hint);
        }
        // Only a struct's own members are put in place by their bodies (another type's static method needs [Differentiable]).
        var body = StructShapes.Of(method.ContainingType) is null ? null : MemberBody(method);
        var found = Registrations.FindNextTo(method);
        if (body is null || found is { Pullback: not null } or { Pushforward: not null }) return RegisteredCall(at, method, arguments, found, null);
        if (members.Count >= MaxInlinedMembers || members.Any(m => SymbolEqualityComparer.Default.Equals(m.Member, method)))
        {
            return Reported(Unsupported(at, $"A call to '{DisplayName(method)}', which calls itself,", "; write the recursion as a loop in a [Differentiable] method"));
        }
        var self2 = instance is null ? null : arguments[0];
        var parameters = instance is null ? arguments : arguments.Skip(1).ToList();
        var saved = new List<(ISymbol, Expr[]?)>();
        for (int i = 0; i < method.Parameters.Length && i < parameters.Count; i++) Bind(method.Parameters[i], parameters[i], saved);
        // A constructor starts from a zeroed struct and sets its members.
        var constructed = method.MethodKind == MethodKind.Constructor ? Zeros(StructShapes.Of(method.ContainingType)!) : null;
        members.Add((method, constructed ?? self2));
        try
        {
            return LowerMemberBody(at, method, body, saved, constructed);
        }
        finally
        {
            members.RemoveAt(members.Count - 1);
            foreach (var (symbol, previous) in saved)
            {
                if (previous is null) bound.Remove(symbol);
                else bound[symbol] = previous;
            }
        }
    }

    /// <summary>
    /// A call of a struct member whose derivatives are registered with [DerivativeOf] (in the struct, found here, or anywhere in
    /// the compilation, found by <see cref="Emit.Generation"/>): a <see cref="Call"/> of its scalars, each struct it takes or
    /// gives as its leaves (<see cref="StructCallShape"/>), whose results are the leaves of what it gives. Null after a
    /// diagnostic when the member takes or gives something else.
    /// </summary>
    /// <param name="found">The derivatives registered next to the member (<see cref="Registrations.FindNextTo"/>).</param>
    /// <param name="hint">What else to say when no derivative is registered (System.Numerics' members with rules), or null.</param>
    private Expr[]? RegisteredCall(IOperation at, IMethodSymbol method, List<Expr[]> arguments, (string? Pullback, string? Pushforward, string? PullbackPushforward) found, string? hint)
    {
        var display = method.ContainingType.Name + "." + (method.MethodKind == MethodKind.Constructor
            ? method.ContainingType.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString())) + ")"
            : DisplayName(method));
        var inputs = MemberSlots.Inputs(method);
        // An int or bool result is data: the call needs no derivative (its struct arguments are values it cannot change).
        var outputs = MemberSlots.Outputs(method, data: true);
        if (inputs is null || outputs is not { Count: 1 } || inputs.Any(s => s.Kind != RefKind.None) || inputs.Count != arguments.Count
            || inputs.Select((s, i) => arguments[i].Length == (s.Shape?.Size ?? 1)).Contains(false))
        {
            var source = method.Locations.Any(l => l.IsInSource) ? "," : ", whose source is not in this compilation and";
            return Reported(Unsupported(at, $"A call to '{display}'{source} which takes or gives something other than double, float, int, bool and structs of them,",
                hint ?? "; compute it from the struct's fields in this method"));
        }
        if (MemberSlots.HasObject(method) && !method.IsReadOnly)
        {
            return Reported(Unsupported(at, $"A call to '{display}', which is not readonly (a call could change its struct),", "; mark it (or its struct) readonly, or compute it from the struct's fields in this method"));
        }
        var names = new NameAllocator();
        var parameters = new List<Param>();
        var args = new List<Expr>();
        var parts = new List<StructPart>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var slot = inputs[i];
            if (slot.Shape is { } shape)
            {
                foreach (var (leaf, k) in shape.Leaves.Select((l, k) => (l, k)))
                {
                    parameters.Add(new Param(names.Fresh(slot.Name + "_" + leaf.NamePart), leaf.Type, ParamKind.Value, slot.Data || leaf.NoDerivative || !leaf.Type.IsFloating()));
                    args.Add(IrBuilder.ConvertTo(arguments[i][k], leaf.Type));
                }
            }
            else
            {
                parameters.Add(new Param(names.Fresh(slot.Name), slot.Scalar!.Value, ParamKind.Value, slot.Data));
                args.Add(IrBuilder.ConvertTo(arguments[i][0], slot.Scalar.Value));
            }
            parts.Add(new StructPart(slot.Name, SymbolNames.FullyQualified(slot.Type), slot.Shape, slot.Active));
        }
        var output = outputs[0];
        var returns = output.Shape?.Leaves.Select(l => l.Type).ToArray() ?? new[] { output.Scalar!.Value };
        var type = SymbolNames.FullyQualified(method.ContainingType);
        var (form, name) = method.MethodKind switch
        {
            MethodKind.Constructor => (MemberForm.Constructor, type),
            MethodKind.PropertyGet => (MemberForm.Getter, method.AssociatedSymbol?.Name ?? method.Name),
            MethodKind.UserDefinedOperator => (MemberForm.Operator, Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetText(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetOperatorKind(method.Name))),
            MethodKind.Conversion => (MemberForm.Conversion, SymbolNames.FullyQualified(method.ReturnType)),
            _ => (method.IsStatic ? MemberForm.Static : MemberForm.Instance, method.Name),
        };
        var shortType = method.ContainingType.Name;
        var registration = method.MethodKind switch
        {
            MethodKind.Constructor => $"nameof({shortType})",
            MethodKind.PropertyGet => $"nameof({shortType}.{name})",
            MethodKind.Ordinary => $"nameof({shortType}.{method.Name})",
            _ => $"\"{method.Name}\"",
        };
        var structs = new StructCallShape(parts.ToEquatableArray(), EquatableArray.Of(new StructPart("result", SymbolNames.FullyQualified(output.Type), output.Shape, output.Active)),
            form, type, name, display, registration, hint);
        var target = new CallTarget(SymbolNames.Key(method), type, method.Name, CallKind.Custom, parameters.ToEquatableArray(), returns.ToEquatableArray(),
            found.Pullback, found.Pushforward, found.PullbackPushforward, Site(at.Syntax))
        {
            Structs = structs,
        };
        var call = new Call(target, args.Select(a => new Arg(a, ParamKind.Value)).ToEquatableArray(), returns[0]);
        return output.Shape is null ? new Expr[] { call } : returns.Select((r, k) => (Expr)new Element(call, k, r)).ToArray();
    }

    private void Bind(ISymbol symbol, Expr[] value, List<(ISymbol, Expr[]?)> saved)
    {
        saved.Add((symbol, bound.TryGetValue(symbol, out var previous) ? previous : null));
        bound[symbol] = value;
    }

    private static string DisplayName(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.UserDefinedOperator or MethodKind.BuiltinOperator or MethodKind.Conversion
            => "operator " + Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetText(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetOperatorKind(method.Name)),
        MethodKind.PropertyGet => method.AssociatedSymbol?.Name ?? method.Name,
        MethodKind.Constructor => method.ContainingType.Name + " constructor",
        _ => method.Name,
    };

    /// <summary>The body of a member with source in this compilation (an expression body or a block), or null.</summary>
    private IOperation? MemberBody(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            SyntaxNode? body = syntax switch
            {
                BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null } => syntax,
                AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null } => syntax,
                ArrowExpressionClauseSyntax arrow => arrow,
                _ => null,
            };
            if (body is null) continue;
            var model = compilation?.GetSemanticModel(body.SyntaxTree);
            var operation = model?.GetOperation(body, cancellationToken);
            if (operation is not null) return operation;
        }
        return null;
    }

    /// <summary>
    /// The body of a struct member, put in place: local declarations (each a value, never assigned again) and then a return,
    /// or, for a constructor, assignments to the struct's members. Anything else is reported: such a member belongs in a
    /// [Differentiable] method.
    /// </summary>
    private Expr[]? LowerMemberBody(IOperation at, IMethodSymbol method, IOperation body, List<(ISymbol, Expr[]?)> saved, Expr[]? constructed)
    {
        var statements = body switch
        {
            IBlockOperation block => block.Operations.ToList(),
            IMethodBodyOperation { BlockBody: { } block } => block.Operations.ToList(),
            IMethodBodyOperation { ExpressionBody: { } block } => block.Operations.ToList(),
            IConstructorBodyOperation { BlockBody: { } block } => block.Operations.ToList(),
            IConstructorBodyOperation { ExpressionBody: { } block } => block.Operations.ToList(),
            _ => new List<IOperation> { body },
        };
        if (body is IConstructorBodyOperation { Initializer: not null })
        {
            return Reported(Unsupported(at, $"The constructor of '{method.ContainingType.Name}', which calls another ('this(…)'),", "; set each field in the constructor this call uses"));
        }
        var shape = constructed is null ? null : StructShapes.Of(method.ContainingType)!;
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                    {
                        var initializer = declarator.Initializer?.Value;
                        if (initializer is null || body.Descendants().Any(d => d is IAssignmentOperation { Target: ILocalReferenceOperation l } && SymbolEqualityComparer.Default.Equals(l.Local, declarator.Symbol)))
                        {
                            return Reported(Unsupported(declarator, $"The local '{declarator.Symbol.Name}' of '{DisplayName(method)}', assigned again,", ConstructMessages.StructMemberHint));
                        }
                        var value = LowerValue(initializer);
                        if (value is null) return null;
                        Bind(declarator.Symbol, value, saved);
                    }
                    continue;
                case IReturnOperation { ReturnedValue: { } returned } when constructed is null && ReferenceEquals(statement, statements[statements.Count - 1]):
                    return LowerValue(returned);
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: var target, Value: var assigned } } when shape is not null && ThisMember(target, shape) is { } member:
                    var setTo = LowerValue(assigned);
                    if (setTo is null) return null;
                    var (start, count) = shape.Range(member);
                    for (int i = 0; i < count; i++) constructed![start + i] = IrBuilder.ConvertTo(setTo[i], LeafType(shape, start + i));
                    continue;
                case IReturnOperation { ReturnedValue: null } when constructed is not null:
                    continue;
                default:
                    return Reported(Unsupported(statement, $"This statement in '{DisplayName(method)}'", ConstructMessages.StructMemberHint));
            }
        }
        if (constructed is not null) return constructed;
        return Reported(Unsupported(at, $"'{DisplayName(method)}', which does not end in a return", ConstructMessages.StructMemberHint));
    }

    /// <summary>The index of the member of the struct being constructed that <paramref name="target"/> assigns (<c>X = x</c>, <c>this.X = x</c>), or null.</summary>
    private static int? ThisMember(IOperation target, StructShape shape)
    {
        string? name = target switch
        {
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation, Field: var f } => f.AssociatedSymbol?.Name ?? f.Name,
            IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property: var p } => p.Name,
            _ => null,
        };
        int index = name is null ? -1 : shape.IndexOf(name);
        return index < 0 ? null : index;
    }
}
