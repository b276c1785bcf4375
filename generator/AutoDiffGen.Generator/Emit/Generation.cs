using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The second pipeline step, as a pipeline only: resolves calls against the registry of custom derivatives, canonicalizes,
/// asks activity once (and <see cref="GenerationDiagnostics"/> what it says is worth reporting), decides which members the
/// method gets and has each built by its own kind (<c>Members/</c>: pullback, gradient, pushforward, second order, with
/// respect to every parameter), and hands them to <see cref="FileEmitter"/> to print one file.
/// </summary>
internal static class Generation
{
    public const string ToolVersion = "0.1.0";

    /// <param name="model">The method.</param>
    /// <param name="callees">The [Differentiable] methods of the compilation it calls, directly or not (<see cref="Callees"/>).</param>
    /// <param name="registry">The custom derivatives registered in the compilation.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static GeneratedFile Generate(MethodModel model, EquatableArray<MethodModel> callees, EquatableArray<Registration> registry, CancellationToken cancellationToken)
    {
        // Lowering's own diagnostics are reported beside these (LoweredMethod.Diagnostics); only its errors matter here.
        var diagnostics = new List<DiagnosticInfo>();
        if (model.Ir is null) return Failed(model, diagnostics);
        try
        {
            var outcome = new Outcome();
            var inlined = Inline(model, callees, registry, diagnostics, cancellationToken);
            if (inlined is null) return Failed(model, diagnostics);
            var text = GenerateCore(model, Resolve(EarlyExits.Apply(inlined), registry), diagnostics, outcome, cancellationToken);
            if (text is null) return Failed(model, diagnostics);
            return new GeneratedFile(model.HintName, text, diagnostics.ToEquatableArray())
            {
                Status = outcome.FullReason is null ? null : new CalleeStatus(model.Key, model.Name, NoDerivatives: false, outcome.FullReason),
                Calls = outcome.Calls.ToEquatableArray(),
            };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (InsufficientExecutionStackException)
        {
            // A transform recursed deeper than the thread's stack allows (the method is too deeply nested).
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, SourceRef.Method, "A method nested this deep", ConstructMessages.StatementsTooDeep));
            return Failed(model, diagnostics);
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, SourceRef.Method, model.Name, exception.GetType().Name + ": " + exception.Message));
            return Failed(model, diagnostics);
        }
    }

    /// <summary>No file: the method's callers are told it has no derivatives (and, by the analyzer, where its first error is).</summary>
    private static GeneratedFile Failed(MethodModel model, List<DiagnosticInfo> diagnostics)
        => new(model.HintName, null, diagnostics.ToEquatableArray())
        {
            Status = new CalleeStatus(model.Key, model.Name, NoDerivatives: true, FullReason: null),
        };

    /// <summary>What generating a file found out besides its text: what it calls of other methods, and what it cannot offer.</summary>
    private sealed class Outcome
    {
        public List<CallSite> Calls { get; } = new();

        public string? FullReason { get; set; }
    }

    /// <summary>
    /// The method's IR with the bodies of the callees it may inline in place of their calls (<see cref="Inlining"/>); null,
    /// with the errors, when a call that passes spans cannot be inlined or the method then has no output.
    /// </summary>
    private static Function? Inline(MethodModel model, EquatableArray<MethodModel> callees, EquatableArray<Registration> registry, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var ir = model.Ir!;
        if (callees.Count == 0 && model.CalleeKeys.Count == 0) return ir;
        var problems = new List<Inlining.Problem>();
        var excluded = new Dictionary<string, (string Why, string Hint)>();
        var calledOnly = new HashSet<string>();
        var inlinable = InlinableCallees(model, callees, registry, excluded, calledOnly, cancellationToken);
        var inlined = Inlining.Apply(ir, inlinable, excluded, calledOnly, problems, out var written);
        foreach (var problem in problems)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, SourceRef.Site(problem.Site), problem.What, problem.Hint));
        }
        // A span parameter the method reads and hands to a callee that writes it: an output whose values on entry are data.
        foreach (var entry in written)
        {
            var (array, site) = (entry.Key, entry.Value);
            var read = IrWalker.All(ir.Body).Any(s => Reads(s, array));
            if (read)
            {
                var type = ir.Params.First(p => p.Name == array).Type;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputReadBeforeWritten, SourceRef.Site(site), array, array, model.Name, type.ToCSharp()));
            }
        }
        if (problems.Count > 0) return null;
        if (inlined.Returns.Count == 0 && !inlined.Params.Any(p => p.IsContainer && p.Kind == ParamKind.Out))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, SourceRef.Method, model.Name, "void"));
            return null;
        }
        return inlined;

        static bool Reads(Stmt s, string array) => IrWalker.Evaluates(s, e => e is ElementRead r && r.Array.Name == array);
    }

    /// <summary>
    /// The lowered IR of the callees that <paramref name="model"/> may inline, by key: those whose own derivatives are
    /// generated and that do not call it back (a cycle of calls stays calls).
    /// </summary>
    /// <param name="excluded">Receives the callees that may not be inlined, with why and what to write instead.</param>
    /// <param name="calledOnly">
    /// Receives the inlinable callees that cannot be differentiated with respect to their [NoDerivative] parameters: calls of
    /// scalars to them stay calls, whose members say so where a caller passes a derivative for one (ADG0204).
    /// </param>
    private static Dictionary<string, Function> InlinableCallees(MethodModel model, EquatableArray<MethodModel> callees, EquatableArray<Registration> registry,
        Dictionary<string, (string Why, string Hint)> excluded, HashSet<string> calledOnly, CancellationToken cancellationToken)
    {
        var inlinable = new Dictionary<string, Function>();
        var library = new Dictionary<string, MethodModel>();
        foreach (var m in callees) if (m.Ir is not null && !library.ContainsKey(m.Key)) library[m.Key] = m;
        foreach (var callee in callees)
        {
            if (callee.Ir is null || callee.HasLoweringErrors || callee.Key == model.Key || inlinable.ContainsKey(callee.Key) || excluded.ContainsKey(callee.Key)) continue;
            var calleeCallees = Callees(callee, library);
            // The callee, or a method it calls, calls this one (the closure holds no model of this method: it is asked by key).
            if (new[] { callee }.Concat(calleeCallees).Any(m => m.CalleeKeys.Contains(model.Key)))
            {
                excluded[callee.Key] = ("which calls this method back (recursion)", "; write the recursion as a loop");
            }
            else if (callee.UsesHiddenMembers && (callee.Namespace != model.Namespace || !callee.ContainingTypes.Equals(model.ContainingTypes)))
            {
                excluded[callee.Key] = ("which uses private or protected members of its type", "; make them internal, or call it from its own type");
            }
            else if (GenerationCache.Generate(callee, calleeCallees, registry, cancellationToken) is var file && file.Text is null)
            {
                excluded[callee.Key] = ("which has errors", "; fix them first");
            }
            else
            {
                inlinable[callee.Key] = callee.Ir;
                if (file.Status?.FullReason is not null) calledOnly.Add(callee.Key);
            }
        }
        return inlinable;
    }

    /// <summary>
    /// The [Differentiable] methods of <paramref name="library"/> (models with IR) that <paramref name="model"/> passes spans
    /// to, directly or through others (<see cref="MethodModel.CalleeKeys"/>), in the order a breadth-first walk of those calls
    /// meets them: what its generation depends on besides itself.
    /// </summary>
    public static EquatableArray<MethodModel> Callees(MethodModel model, EquatableArray<MethodModel> library)
    {
        if (model.Ir is null || model.CalleeKeys.Count == 0) return EquatableArray<MethodModel>.Empty;
        var byKey = new Dictionary<string, MethodModel>();
        foreach (var m in library) if (m.Ir is not null && !byKey.ContainsKey(m.Key)) byKey[m.Key] = m;
        return Callees(model, byKey);
    }

    /// <inheritdoc cref="Callees(MethodModel, EquatableArray{MethodModel})"/>
    public static EquatableArray<MethodModel> Callees(MethodModel model, IReadOnlyDictionary<string, MethodModel> library)
    {
        if (model.Ir is null) return EquatableArray<MethodModel>.Empty;
        var found = new List<MethodModel>();
        var seen = new HashSet<string> { model.Key };
        var queue = new Queue<MethodModel>();
        queue.Enqueue(model);
        while (queue.Count > 0)
        {
            foreach (var key in queue.Dequeue().CalleeKeys)
            {
                if (!seen.Add(key) || !library.TryGetValue(key, out var callee)) continue;
                found.Add(callee);
                queue.Enqueue(callee);
            }
        }
        return found.ToEquatableArray();
    }

    /// <summary>Fills in custom derivatives registered anywhere in the compilation.</summary>
    private static Function Resolve(Function function, EquatableArray<Registration> registry)
    {
        if (registry.Count == 0) return function;
        var body = IrWalker.MapExpressions(function.Body, e =>
        {
            if (e is not Call { Target.Kind: CallKind.Custom } call) return e;
            var target = call.Target;
            var pullback = registry.FirstOrDefault(r => r.TargetKey == target.Key && r.Kind == DerivativeKindInfo.Pullback);
            var pushforward = registry.FirstOrDefault(r => r.TargetKey == target.Key && r.Kind == DerivativeKindInfo.Pushforward);
            var second = pullback is null ? null : registry.FirstOrDefault(r => r.TargetKey == pullback.DerivativeKey && r.Kind == DerivativeKindInfo.Pushforward);
            return call with
            {
                Target = target with
                {
                    Pullback = target.Pullback ?? pullback?.Derivative,
                    Pushforward = target.Pushforward ?? pushforward?.Derivative,
                    PullbackPushforward = target.PullbackPushforward ?? second?.Derivative,
                },
            };
        });
        return function with { Body = body };
    }

    private static string? GenerateCore(MethodModel model, Function function, List<DiagnosticInfo> diagnostics, Outcome outcome, CancellationToken cancellationToken)
    {
        var canonical = Canonicalization.Apply(function);
        cancellationToken.ThrowIfCancellationRequested();
        var primal = new PrimalNames(canonical);
        var active = ActiveOf(canonical);
        GenerationDiagnostics.CheckActivity(model, canonical, active, diagnostics);
        // A value with a derivative passed for a callee's [NoDerivative] parameter: the callee's members with respect to every parameter.
        var lost = new List<DataParameters.Lost>();
        var throughEveryParameter = new List<DataParameters.Lost>();
        var rewritten = DataParameters.Apply(canonical.Body, active, lost, throughEveryParameter);
        if (!ReferenceEquals(rewritten, canonical.Body))
        {
            // Calls now go to members with respect to every parameter: what is active is asked again, of the body the sweeps differentiate.
            canonical = canonical with { Body = rewritten };
            active = ActiveOf(canonical);
        }
        foreach (var call in lost) diagnostics.Add(GenerationDiagnostics.LostDerivative(call));
        if (model.HasLoweringErrors || diagnostics.Any(d => DiagnosticDescriptors.ById(d.DescriptorId).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            return null;
        }
        CollectCalls(canonical.Body, throughEveryParameter, outcome.Calls);

        var members = new List<Member>();
        var problems = new List<MissingDerivative>();
        var vectorOutputs = DerivativeShapes.Outputs(function.Params).ToList();
        // A gradient is of one scalar: a matrix result, like a span output, has a pullback (seeded with its shape) and no gradient.
        bool scalar = function.Returns.Count == 1 && function.Returns[0].IsFloating() && vectorOutputs.Count == 0;
        var activeParams = function.Params.Where(p => p.IsActive).ToList();
        bool matrices = UsesMatrices(canonical);

        // Reverse mode.
        // The pullback, the gradient and the pushforward ask activity the same question (from the active parameters to the
        // results and output spans): it was answered once, above.
        members.Add(PullbackMember.Build(canonical, primal, problems, active));
        var pullback = members[0].Function;
        Function? gradient = null;
        if (scalar)
        {
            members.Add(GradientMember.Build(function, canonical, primal, problems, active, matrices));
            gradient = members[members.Count - 1].Function;
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Forward mode.
        members.Add(PushforwardMember.Build(function, canonical, primal, problems, active));
        var pushforward = members[members.Count - 1].Function;
        if (problems.Count > 0)
        {
            foreach (var problem in problems.Distinct())
            {
                diagnostics.Add(GenerationDiagnostics.NoDerivative(problem.Target, problem.Kind == "pushforward" && problem.Target.Pullback is not null));
            }
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Second order: forward over reverse.
        if (vectorOutputs.Count > 0)
        {
            // A vector-valued function: its Jacobian, from whichever of the two sweeps needs fewer runs; its rows from one forward
            // sweep where the reverse sweep can run again.
            bool jacobian = Jacobian.Supported(function, pullback, pushforward);
            if (jacobian && PullbackRowsMember.Build(canonical, primal, active) is { } rows) members.Add(rows);
            return Emit(model, function, members, hessian: false, jacobian, diagnostics);
        }
        bool spans = function.Params.Any(p => p.IsContainer);
        var secondProblems = new List<MissingDerivative>();
        // A method with span parameters cannot be called from another [Differentiable] method: it needs no
        // pushforward of its pullback.
        var pullbackPushforwardMember = spans ? null : PullbackPushforwardMember.Build(DerivativeNames.PullbackPushforward, members[0], primal, secondProblems, f => PullbackPushforwardMember.Documentation(function, pullback, f));
        var pullbackPushforward = pullbackPushforwardMember?.Function;
        Member? hvp = null;
        if (gradient is not null) hvp = HessianVectorProductMember.Build(function, gradient, primal, secondProblems) with { Workspace = matrices };
        if (secondProblems.Count == 0)
        {
            if (pullbackPushforwardMember is not null) members.Add(pullbackPushforwardMember);
            if (hvp is not null) members.Add(hvp);
        }
        else
        {
            var why = string.Join("; ", secondProblems.Select(p => p.ToString()).Distinct());
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoSecondOrder, SourceRef.Method, model.Name, why));
            // The Hessian-vector products of methods that call this one call this member: it says why there is none.
            if (pullbackPushforward is not null)
            {
                var message = $"{model.Name} has no second-order derivatives ({why}), so neither has a method that calls it.";
                var throwing = pullbackPushforward with { Body = new Block(EquatableArray.Of<Stmt>(new Throw(message))) };
                members.Add(new Member("PullbackPushforward", throwing, PullbackPushforwardMember.Documentation(function, pullback, pullbackPushforward) + " It throws NotSupportedException: this method has no second order (diagnostic ADG0304).", Hidden: true));
            }
        }
        if (pullbackPushforward is not null)
        {
            members.AddRange(FullMembers.Build(model, function, canonical, primal, out var fullReason));
            outcome.FullReason = fullReason;
        }
        // A method that calls itself: its gradient and pullback run each level's forward sweep once (the second order was built above, from the pullback as it was).
        if (TapedRecursion.Build(model.Key, canonical, primal, active, members[0], gradient is null ? null : members[1]) is { } taped)
        {
            members[0] = taped.Pullback;
            if (taped.Gradient is not null) members[1] = taped.Gradient;
            members.Add(taped.Forward);
            members.Add(taped.Reverse);
        }
        // A full Hessian over matrices' elements is not generated (the Hessian-vector product is); a [NoDerivative] matrix is data.
        bool matrixParams = activeParams.Any(p => p.Type == IrType.Matrix);
        return Emit(model, function, members, hessian: !matrixParams && secondProblems.Count == 0 && hvp is not null && gradient is not null && activeParams.Count > 0, jacobian: false, diagnostics);
    }

    /// <summary>The file, unless a member of the user's has the name of a member it declares (ADG0007): then none.</summary>
    private static string? Emit(MethodModel model, Function function, List<Member> members, bool hessian, bool jacobian, List<DiagnosticInfo> diagnostics)
    {
        var clashes = NameClashes.Find(model, function, members, hessian, jacobian);
        if (clashes.Count == 0) return FileEmitter.Emit(model, function, StructAdapters.Apply(function, members), hessian, jacobian);
        diagnostics.AddRange(clashes);
        return null;
    }

    /// <summary>The calls to other [Differentiable] methods whose members the derivatives call (checked against what those offer: <see cref="Callees"/>).</summary>
    private static void CollectCalls(Block body, List<DataParameters.Lost> throughEveryParameter, List<CallSite> calls)
    {
        foreach (var s in IrWalker.All(body))
        {
            if (s is Invoke { Call.Target: { Kind: CallKind.Differentiable } target })
            {
                var data = throughEveryParameter.Where(t => t.Target.Key == target.Key && t.Target.Site == target.Site).Select(t => t.Parameter.Name).Distinct();
                var site = new CallSite(target.Key, data.ToEquatableArray(), target.Site);
                if (!calls.Contains(site)) calls.Add(site);
            }
        }
    }

    /// <summary>The active variables of a canonical function: those that depend on an active parameter and that its outputs depend on.</summary>
    internal static HashSet<string> ActiveOf(Function canonical)
    {
        var inputs = canonical.Params.Where(p => p.IsActive).Select(p => p.Name).ToList();
        if (inputs.Count == 0) return new HashSet<string>();
        var ret = (Return)canonical.Body.Statements[canonical.Body.Statements.Count - 1];
        var outputs = ret.Values.OfType<Var>().Select(v => v.Name).Concat(DerivativeShapes.Outputs(canonical.Params).Select(p => p.Name));
        return Activity.Analyze(canonical.Body, inputs, outputs, Activity.Types(canonical));
    }

    /// <summary>Whether the method computes with matrices: in its parameters, results or locals.</summary>
    private static bool UsesMatrices(Function f)
        => f.Params.Any(p => p.Type == IrType.Matrix) || f.Returns.Contains(IrType.Matrix) || Activity.Types(f).Values.Contains(IrType.Matrix);
}
