using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The first pipeline step for a [Differentiable] method: checks its declaration (static, partial
/// containing types, supported signature), then lowers its body. Never throws for bad input: an
/// unexpected exception becomes ADG0901.
/// </summary>
internal static class MethodAnalysis
{
    public static LoweredMethod Analyze(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var location = LocationInfo.From(syntax.Identifier);
        try
        {
            return AnalyzeCore(semanticModel, syntax, method, diagnostics, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, method.Name, exception.GetType().Name + ": " + exception.Message));
            return Model(method, syntax, null, diagnostics);
        }
    }

    private static LoweredMethod AnalyzeCore(SemanticModel declarationModel, MethodDeclarationSyntax syntax, IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var location = LocationInfo.From(syntax.Identifier);
        // A partial method is differentiated once: from the part that carries [Differentiable] (the defining one when both do),
        // with the body and the parameters of its implementing part, which may be in another file.
        if (method.PartialDefinitionPart is { } definition && HasDifferentiableAttribute(definition, declarationModel.Compilation, cancellationToken))
        {
            return Model(method, syntax, null, diagnostics);
        }
        var implementation = method.PartialImplementationPart ?? method;
        var bodySyntax = ReferenceEquals(implementation, method) ? syntax
            : implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as MethodDeclarationSyntax ?? syntax;
        var semanticModel = bodySyntax.SyntaxTree == declarationModel.SyntaxTree ? declarationModel : declarationModel.Compilation.GetSemanticModel(bodySyntax.SyntaxTree);
        method = implementation;
        if (NoInstanceDerivatives(method) is { } why)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, location, method.Name, why));
        }
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && declaration.SyntaxTree == syntax.SyntaxTree && declaration.Span.Contains(syntax.Span)
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(declaration.Identifier), type.Name, method.Name));
                }
            }
        }
        // A generic method is differentiated in its one floating type parameter (IrType.Generic).
        if (method.IsGenericMethod && GenericMath.Problem(method) is { } generic)
        {
            var at = method.TypeParameters.Length == 1 && method.ContainingType.TypeParameters.Length == 0 && method.ContainingType.ContainingType is not { IsGenericType: true }
                ? LocationInfo.From(method.TypeParameters[0].DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken)) : location;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, at, method.Name, generic.What, generic.Fix));
        }

        // A type parameter of the containing type (partial class Box<T> where T : INumber<T>) is not one generated code can name.
        var typeParameterOfType = method.Parameters.Select(p => p.Type).Prepend(method.ReturnType).OfType<ITypeParameterSymbol>().FirstOrDefault(t => t.TypeParameterKind == TypeParameterKind.Type);
        if (typeParameterOfType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, location, method.Name,
                $"computes with '{typeParameterOfType.Name}', a type parameter of its containing type '{typeParameterOfType.ContainingSymbol.ToDisplayString()}'",
                $"make the method generic instead, 'static T {method.Name}<T>(T x) where T : IFloatingPointIeee754<T>', in a non-generic type"));
        }

        var parameters = new List<Param>();
        foreach (var p in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(p.Type, typeParameterOfType)) continue; // reported above
            var type = SymbolNames.ToIrType(p.Type);
            var parameterSyntax = p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            if (type is null && p.RefKind == RefKind.None && SymbolNames.ToContainer(p.Type) is { } container)
            {
                parameters.Add(new Param(p.Name, container.Element, ParamKind.Value, SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute), container.Container));
                continue;
            }
            if (StructParameters(p, method) is { } leaves)
            {
                parameters.AddRange(leaves);
                continue;
            }
            if (SymbolNames.IsData(p))
            {
                // Data of any other type ([NoDerivative], or integers and bools in an array or a span): passed through to every
                // generated member, read in the body (DataRead).
                parameters.Add(new Param(p.Name, IrType.Data, ParamKind.Value, NoDerivative: true)
                {
                    DataType = method.IsGenericMethod ? GenericMath.Written(p.Type, method.TypeParameters[0]) : SymbolNames.FullyQualifiedAsDeclared(p.Type),
                });
                continue;
            }
            if (type is null || p.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, LocationInfo.From(parameterSyntax), p.Name, method.Name,
                    (p.RefKind != RefKind.None ? p.RefKind.ToString().ToLowerInvariant() + " " : "") + p.Type.ToDisplayString(), StructReason(p)));
                continue;
            }
            parameters.Add(new Param(p.Name, type.Value, ParamKind.Value, SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)));
        }
        if (ActiveThis(method) is { } self)
        {
            // An instance method of a struct differentiated memberwise: its object is an active input, a parameter per leaf first.
            parameters.InsertRange(0, self.Leaves.Select((leaf, i) => new Param(StructLeafName(StructOrigin.This, leaf, method), leaf.Type, ParamKind.Value, leaf.NoDerivative)
            {
                Origin = new StructOrigin(StructOrigin.This, i),
            }));
        }
        var returns = method.ReturnsVoid ? Array.Empty<IrType>() : SymbolNames.ReturnTypes(method.ReturnType) ?? StructResultTypes(method.ReturnType);
        if (returns is null && !SymbolEqualityComparer.Default.Equals(method.ReturnType, typeParameterOfType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), method.Name, method.ReturnType.ToDisplayString()));
        }
        if (bodySyntax.Body is null && bodySyntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoBody, location, method.Name));
        }
        if (diagnostics.Any(IsError))
        {
            return Model(method, syntax, null, diagnostics);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (semanticModel.GetOperation(bodySyntax, cancellationToken) is not IMethodBodyOperation body)
        {
            return Model(method, syntax, null, diagnostics);
        }
        // Code that does not compile yet (the user is typing) gets no derivatives and no noise from us.
        if (CompilerErrors.Any(bodySyntax, method, body, semanticModel, cancellationToken))
        {
            return Model(method, syntax, null, diagnostics);
        }
        // A span or array parameter whose elements the method assigns is an output (a vector-valued function).
        var written = WrittenParameters(body);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].IsContainer && written.Contains(parameters[i].Name)) parameters[i] = parameters[i] with { Kind = ParamKind.Out };
        }
        bool outputs = parameters.Any(p => p.IsContainer && p.Kind == ParamKind.Out);
        // A void method that hands its spans to a helper to write (Rotate(p, w, result)) is told about that call, not its return type.
        if (returns!.Length == 0 && !outputs && !body.Descendants().OfType<IInvocationOperation>().Any(i => Lowerer.SpanArguments(i) is not null))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), method.Name, method.ReturnType.ToDisplayString()));
            return Model(method, syntax, null, diagnostics);
        }
        var sites = new List<LocationInfo?>();
        var function = Lowerer.Lower(method, body, parameters, returns, diagnostics, sites, cancellationToken);
        // A method that only hands its spans to [Differentiable] methods to write is checked once their bodies are in place (Inlining).
        if (function is not null && returns.Length == 0 && !outputs && !body.Descendants().OfType<IInvocationOperation>().Any(i => Lowerer.Inlinable(i.TargetMethod) && Lowerer.SpanArguments(i) is not null))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), method.Name, method.ReturnType.ToDisplayString()));
            function = null;
        }
        var lowered = Model(method, syntax, function, diagnostics, sites);
        var callees = function is null ? EquatableArray<string>.Empty : IrWalker.CalleeKeys(function);
        bool hidden = UsesHiddenMembers(body);
        return callees.Count == 0 && !hidden ? lowered : lowered with { Model = lowered.Model with { CalleeKeys = callees, UsesHiddenMembers = hidden } };
    }

    /// <summary>
    /// For an instance method of a readonly struct differentiated memberwise (a value, as <c>Vector3</c> is), the struct's
    /// shape: its object is an active input. Null otherwise: the object of another type's method (a model holding its data and
    /// configuration, also a mutable struct) is data.
    /// </summary>
    internal static StructShape? ActiveThis(IMethodSymbol method)
        => method.IsStatic || method.ContainingType is not { TypeKind: TypeKind.Struct, IsReadOnly: true } ? null : StructShapes.Of(method.ContainingType);

    /// <summary>Why a parameter of a struct type (or a span of structs) is not supported, for ADG0003: <c> (…)</c>, or empty for other types.</summary>
    private static string StructReason(IParameterSymbol p)
    {
        var element = SymbolNames.ElementType(p.Type);
        if (StructShapes.WhyNot(p.Type) is { } why) return " (" + why + ")";
        if (StructShapes.WhyNot(element) is { } elements) return " (its elements are structs, but " + elements + ")";
        if (StructShapes.Of(element) is not null && !StructShapes.Sequential(element!)) return " (a span or array of structs is read field by field in declaration order: remove the struct's [StructLayout] that is not Sequential)";
        if (StructShapes.Of(element) is not null) return " (the fields of the structs in a span or array must be all double or all float, none of them [NoDerivative])";
        if (p.RefKind != RefKind.None && StructShapes.Of(p.Type) is not null) return $" (a struct is taken by value: remove '{p.RefKind.ToString().ToLowerInvariant()}')";
        return "";
    }

    /// <summary>
    /// The IR parameters of a struct parameter, a scalar per leaf (<c>p_X</c>, <c>p_Position_Y</c>), or of a span or array of
    /// structs, a span of their leaves laid end to end; null for a parameter of another type. The generated members' public
    /// overloads take them as the struct (<see cref="Emit.StructWrappers"/>).
    /// </summary>
    internal static IEnumerable<Param>? StructParameters(IParameterSymbol p, IMethodSymbol method)
    {
        if (p.RefKind != RefKind.None) return null;
        bool noDerivative = SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute);
        if (StructShapes.Elements(p.Type) is { } elements)
        {
            var container = elements.Container == Container.ReadOnlySpan ? Container.ReadOnlySpan : Container.Span;
            return new[] { new Param(p.Name, elements.Leaf, ParamKind.Value, noDerivative, container) { Origin = new StructOrigin(p.Name, StructOrigin.Elements) } };
        }
        return StructShapes.Of(p.Type)?.Leaves.Select((leaf, i) => new Param(StructLeafName(p.Name, leaf, method), leaf.Type, ParamKind.Value, noDerivative || leaf.NoDerivative)
        {
            Origin = new StructOrigin(p.Name, i),
        });
    }

    /// <summary>The IR name of a leaf of a struct parameter: <c>p_X</c>, <c>p_Position_Y</c>, unlike the method's other parameters.</summary>
    internal static string StructLeafName(string parameter, StructLeaf leaf, IMethodSymbol method)
    {
        var name = parameter + "_" + leaf.NamePart;
        while (method.Parameters.Any(q => q.Name == name)) name += "_";
        return name;
    }

    /// <summary>The IR results of a result with structs (<see cref="StructResults"/>): each struct's leaves, each scalar itself; null for another type.</summary>
    internal static IrType[]? StructResultTypes(ITypeSymbol type)
        => StructResults(type)?.SelectMany(r => r.Shape?.Leaves.Select(l => l.Type) ?? new[] { r.Scalar }).ToArray();

    /// <summary>
    /// The parts of a result that is a struct, or a tuple with structs among its elements: each element a struct (its
    /// leaves are results in turn) or a floating scalar; null for another type.
    /// </summary>
    internal static List<(StructShape? Shape, IrType Scalar)>? StructResults(ITypeSymbol type)
    {
        var elements = type is INamedTypeSymbol { IsTupleType: true } tuple ? tuple.TupleElements.Select(e => e.Type).ToList() : new List<ITypeSymbol> { type };
        var parts = new List<(StructShape?, IrType)>();
        foreach (var element in elements)
        {
            if (StructShapes.Of(element) is { } shape && shape.Leaves.All(l => l.Type.IsFloating())) parts.Add((shape, IrType.Double));
            else if (SymbolNames.ToIrType(element) is IrType.Double or IrType.Float or IrType.Matrix) parts.Add((null, SymbolNames.ToIrType(element)!.Value));
            else return null;
        }
        return parts.Any(p => p.Item1 is not null) ? parts : null;
    }

    /// <summary>
    /// Why an instance method cannot have instance members as its derivatives (the reason, then what to do), or null: a
    /// static method, or a non-virtual instance method of a class or struct. The generated members of a virtual method would
    /// be those of its own body, which an override replaces; an interface has no body that every implementation shares.
    /// </summary>
    private static string? NoInstanceDerivatives(IMethodSymbol method)
    {
        if (method.IsStatic || method.IsAbstract) return null; // an abstract method has no body (ADG0006)
        if (method.ContainingType.TypeKind == TypeKind.Interface)
        {
            return "it is an instance member of an interface, whose implementations differ; make it static, or declare it in a class or struct";
        }
        if (method.IsVirtual || (method.IsOverride && !method.IsSealed))
        {
            return "it is virtual, and the derivatives generated from its body would not be those of an override; make it non-virtual (or 'sealed override'), or static";
        }
        return null;
    }

    /// <summary>
    /// Whether the body names a member that code in another type may not see (private or protected, or in such a type):
    /// its IR then cannot be put into another type's method (<see cref="Transforms.Inlining"/>).
    /// </summary>
    private static bool UsesHiddenMembers(IOperation body)
    {
        foreach (var op in body.Descendants())
        {
            ISymbol? member = op switch
            {
                IMemberReferenceOperation reference => reference.Member,
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            for (ISymbol? at = member; at is not null and not INamespaceSymbol; at = at.ContainingSymbol)
            {
                if (at.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Private or Microsoft.CodeAnalysis.Accessibility.Protected or Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal) return true;
            }
        }
        return false;
    }

    /// <summary>Whether a part of a partial method carries [Differentiable] itself (the symbols of both parts have the attributes of both).</summary>
    private static bool HasDifferentiableAttribute(IMethodSymbol part, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in part.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration || declaration.AttributeLists.Count == 0) continue;
            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
            foreach (var attribute in declaration.AttributeLists.SelectMany(list => list.Attributes))
            {
                if (model.GetTypeInfo(attribute, cancellationToken).Type?.ToDisplayString() == SymbolNames.DifferentiableAttribute) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The syntax tree of the implementing part of a partial method declared by <paramref name="syntax"/> without a body, or
    /// null: the lowered method depends on that tree too (see <see cref="LoweringCache"/>).
    /// </summary>
    public static SyntaxTree? ImplementingTree(MethodDeclarationSyntax syntax, Compilation compilation)
    {
        if (syntax.Body is not null || syntax.ExpressionBody is not null || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
        var symbol = compilation.GetSemanticModel(syntax.SyntaxTree).GetDeclaredSymbol(syntax);
        return symbol?.PartialImplementationPart?.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree;
    }

    /// <summary>
    /// The span and array parameters whose elements the body assigns (<c>y[i] = …</c>, <c>y[i] += …</c>, <c>y[i]++</c>), also
    /// through a <c>ref</c> local (<c>ref double r = ref y[i]; r = …;</c>, <c>foreach (ref var v in y) v = …;</c>).
    /// </summary>
    private static HashSet<string> WrittenParameters(IOperation body)
    {
        var written = new HashSet<string>();
        // The ref locals that stand for an element of a parameter, in the order they are declared (an alias of an alias follows its target).
        var elementOf = new Dictionary<ILocalSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var op in body.Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } declarator when declarator.Initializer?.Value is { } bound:
                    if (ElementOf(bound) is { } parameter) elementOf[declarator.Symbol] = parameter;
                    else if (bound is ILocalReferenceOperation other && elementOf.TryGetValue(other.Local, out var aliased)) elementOf[declarator.Symbol] = aliased;
                    break;
                // A local span naming part of a parameter (Span<double> row = y.Slice(k, n)): what is written through it is written into the parameter.
                case IVariableDeclaratorOperation { Symbol: { RefKind: RefKind.None, Type: INamedTypeSymbol { Name: "Span" } } } declarator when declarator.Initializer?.Value is { } viewed && RootParameter(viewed) is { } root:
                    elementOf[declarator.Symbol] = root;
                    break;
                case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } variable } loop:
                    var collection = loop.Collection;
                    while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
                    if (collection is IParameterReferenceOperation p) elementOf[variable.Symbol] = p.Parameter.Name;
                    break;
            }
        }
        foreach (var op in body.Descendants())
        {
            var target = op switch
            {
                ISimpleAssignmentOperation a => a.Target,
                ICompoundAssignmentOperation c => c.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            // q[i].X = …: a field of an element of a span of structs is written into the span.
            while (target is IFieldReferenceOperation { Instance: { Type.IsValueType: true } field } || target is IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { Type.IsValueType: true } })
            {
                target = target is IFieldReferenceOperation f ? f.Instance : ((IPropertyReferenceOperation)target).Instance;
            }
            if (ElementOf(target) is { } name) written.Add(name);
            else if (target is ILocalReferenceOperation local && elementOf.TryGetValue(local.Local, out var aliased)) written.Add(aliased);
            else if (ElementOfLocal(target) is { } view && elementOf.TryGetValue(view, out var viewed)) written.Add(viewed);
        }
        return written;
    }

    /// <summary>The local of <c>v[i]</c> (a span indexer, also <c>v[^k]</c>), or null.</summary>
    private static ILocalSymbol? ElementOfLocal(IOperation? target) => target switch
    {
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation l } => l.Local,
        IImplicitIndexerReferenceOperation { Instance: ILocalReferenceOperation l } => l.Local,
        _ => null,
    };

    /// <summary>The parameter a span expression names part of (<c>y</c>, <c>y.Slice(k, n)</c>, <c>y[a..b]</c>, <c>y.AsSpan(k)</c>), or null.</summary>
    private static string? RootParameter(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IConversionOperation { IsImplicit: true } conversion: op = conversion.Operand; continue;
                case IParameterReferenceOperation p: return p.Parameter.Name;
                case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance }: op = instance; continue;
                case IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true }, Arguments.Length: >= 1 } asSpan: op = asSpan.Arguments[0].Value; continue;
                case IImplicitIndexerReferenceOperation range: op = range.Instance; continue;
                default: return null;
            }
        }
    }

    /// <summary>The parameter of <c>p[i]</c> (a span indexer or an array element, also <c>p[^k]</c>), or null.</summary>
    public static string? ElementOf(IOperation? target) => target switch
    {
        IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation p } => p.Parameter.Name,
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation p } => p.Parameter.Name,
        IImplicitIndexerReferenceOperation { Instance: IParameterReferenceOperation p } => p.Parameter.Name,
        _ => null,
    };

    private static bool IsError(DiagnosticInfo d) => DiagnosticDescriptors.ById(d.DescriptorId).DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>The lowered method: its model, where its parts are (<paramref name="sites"/>: the IR's), and lowering's diagnostics.</summary>
    private static LoweredMethod Model(IMethodSymbol method, MethodDeclarationSyntax syntax, Function? function, List<DiagnosticInfo> diagnostics, List<LocationInfo?>? sites = null)
    {
        var containing = new List<ContainingType>();
        var typePath = new List<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            containing.Insert(0, new ContainingType(Keyword(type), type.Name, type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">"));
            typePath.Insert(0, type.MetadataName); // Box`1 and Box`2 are different types
        }
        var ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        // Overloads get distinct files: Double, Single, ReadOnlySpanDouble, DoubleArray, ….
        var parameterTypes = string.Join("_", method.Parameters.Select(p => p.Type switch
        {
            IArrayTypeSymbol array => array.ElementType.Name + "Array",
            INamedTypeSymbol { IsGenericType: true } generic => generic.Name + string.Concat(generic.TypeArguments.Select(t => t.Name)),
            _ => p.Type.Name,
        }));
        // Names keep their letters in every script (σ and τ are different methods); anything else becomes '_'.
        var hint = Regex.Replace((ns is null ? "" : ns + ".") + string.Join(".", typePath) + "." + method.Name + (parameterTypes.Length > 0 ? "_" + parameterTypes : ""), @"[^\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}.`]", "_") + ".g.cs";
        var namedLike = GeneratedMembers.NamedLike(method);
        var model = new MethodModel(
            ns,
            containing.ToEquatableArray(),
            method.Name,
            Accessibility(method.DeclaredAccessibility),
            method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            hint,
            function,
            diagnostics.Any(IsError),
            SymbolNames.Key(method))
        {
            ParameterKeys = GeneratedMembers.ParameterKeys(method),
            Structs = StructBoundary.Of(method),
            NamedLikeGenerated = namedLike.Select(n => n.Member).ToEquatableArray(),
            IsInstance = !method.IsStatic,
            GenericConstraints = method.IsGenericMethod ? GenericMath.Constraints(method.TypeParameters[0]) : null,
        };
        var sources = new SourceMap(
            LocationInfo.From(syntax.Identifier),
            method.Parameters.Select(p => LocationInfo.From(p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax())).ToEquatableArray(),
            (sites ?? new List<LocationInfo?>()).ToEquatableArray(),
            namedLike.Select(n => n.Location).ToEquatableArray());
        return new LoweredMethod(model, sources, diagnostics.ToEquatableArray());
    }

    private static string Keyword(INamedTypeSymbol type)
    {
        var prefix = type.IsStatic ? "static " : "";
        if (type.IsRecord) return prefix + (type.IsValueType ? "record struct" : "record");
        return prefix + (type.TypeKind switch
        {
            TypeKind.Struct => "struct",
            TypeKind.Interface => "interface",
            _ => "class",
        });
    }

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
