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
/// The second pipeline step: resolves calls against the registry of custom derivatives, runs the
/// transforms (canonicalization, forward mode, reverse mode, forward over reverse, simplification)
/// and prints one file with every derivative member of the method.
/// </summary>
internal static class Generation
{
    public const string ToolVersion = "0.1.0";

    public static GeneratedFile Generate(MethodModel model, EquatableArray<Registration> registry, CancellationToken cancellationToken)
    {
        // Lowering's own diagnostics are reported beside these (LoweredMethod.Diagnostics); only its errors matter here.
        var diagnostics = new List<DiagnosticInfo>();
        if (model.Ir is null) return Failed(model, diagnostics);
        try
        {
            var outcome = new Outcome();
            var text = GenerateCore(model, Resolve(model.Ir, registry), diagnostics, outcome, cancellationToken);
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
        CheckActivity(model, canonical, active, diagnostics);
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
        foreach (var call in lost) diagnostics.Add(LostDerivative(call));
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
        members.Add(Pullback(canonical, primal, problems, active));
        var pullback = members[0].Function;
        Function? gradient = null;
        if (scalar)
        {
            var adjoints = new Dictionary<string, string>();
            gradient = Gradient(canonical, primal, problems, adjoints, active);
            members.Add(new Member("Gradient", gradient, GradientDoc(function, gradient))
            {
                SpanChecks = SpanChecks(gradient, adjoints),
                MatrixGradients = adjoints.Where(a => function.Params.Any(p => p.Name == a.Key && p.Type == IrType.Matrix)).Select(a => (a.Value, a.Key)).ToList(),
                Workspace = matrices,
            });
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Forward mode.
        var tangents = new Dictionary<string, string>();
        var pushforward = Pushforward(canonical, primal, problems, tangents, active);
        members.Add(new Member("Pushforward", pushforward, PushforwardDoc(function, tangents)) { SpanChecks = SpanChecks(pushforward, tangents) });
        if (problems.Count > 0)
        {
            foreach (var problem in problems.Select(p => p.Target).Distinct())
            {
                diagnostics.Add(NoDerivative(problem));
            }
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Second order: forward over reverse.
        if (vectorOutputs.Count > 0)
        {
            // A vector-valued function: its Jacobian, from whichever of the two sweeps needs fewer runs.
            return Emit(model, function, members, hessian: false, jacobian: Jacobian.Supported(function, pullback, pushforward), diagnostics);
        }
        bool spans = function.Params.Any(p => p.IsContainer);
        var secondProblems = new List<MissingDerivative>();
        // A method with span parameters cannot be called from another [Differentiable] method: it needs no
        // pushforward of its pullback.
        var pullbackPushforwardMember = spans ? null : PullbackPushforwardMember(DerivativeNames.PullbackPushforward, members[0], primal, secondProblems, f => PullbackPushforwardDoc(function, pullback, f));
        var pullbackPushforward = pullbackPushforwardMember?.Function;
        Member? hvp = null;
        if (gradient is not null) hvp = HessianVectorProduct(function, gradient, primal, secondProblems) with { Workspace = matrices };
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
                members.Add(new Member("PullbackPushforward", throwing, PullbackPushforwardDoc(function, pullback, pullbackPushforward) + " It throws NotSupportedException: this method has no second order (diagnostic ADG0304).", Hidden: true));
            }
        }
        if (pullbackPushforward is not null)
        {
            members.AddRange(WithRespectToEveryParameter(model, function, canonical, primal, out var fullReason));
            outcome.FullReason = fullReason;
        }
        // A full Hessian over matrices' elements is not generated (the Hessian-vector product is); a [NoDerivative] matrix is data.
        bool matrixParams = activeParams.Any(p => p.Type == IrType.Matrix);
        return Emit(model, function, members, hessian: !matrixParams && secondProblems.Count == 0 && hvp is not null && gradient is not null && activeParams.Count > 0, jacobian: false, diagnostics);
    }

    /// <summary>The file, unless a member of the user's has the name of a member it declares (ADG0007): then none.</summary>
    private static string? Emit(MethodModel model, Function function, List<Member> members, bool hessian, bool jacobian, List<DiagnosticInfo> diagnostics)
    {
        var clashes = NameClashes.Find(model, function, members, hessian, jacobian);
        if (clashes.Count == 0) return FileEmitter.Emit(model, function, members, hessian, jacobian);
        diagnostics.AddRange(clashes);
        return null;
    }

    /// <summary>
    /// For a method with [NoDerivative] parameters of a type that carries derivatives, its pullback, pushforward and
    /// pullback's pushforward with respect to every parameter (hidden): what a caller calls when it passes a value with a
    /// derivative for one of them (see <see cref="DataParameters"/>). One that cannot be made (it would need a derivative
    /// nobody registered, for a value that depends only on such a parameter) throws, saying why: only callers that pass such
    /// a value call it.
    /// </summary>
    private static List<Member> WithRespectToEveryParameter(MethodModel model, Function function, Function canonical, PrimalNames primal, out string? failure)
    {
        failure = null;
        if (!function.Params.Any(p => p.NoDerivative && p.Type.IsDifferentiable() && p.Kind == ParamKind.Value)) return new List<Member>();
        var every = canonical with { Params = canonical.Params.Select(p => p.Type.IsDifferentiable() && p.Kind == ParamKind.Value ? p with { NoDerivative = false } : p).ToEquatableArray() };
        var lost = new List<DataParameters.Lost>();
        every = every with { Body = DataParameters.Apply(every.Body, ActiveOf(every), lost) };
        var active = ActiveOf(every);
        var problems = new List<MissingDerivative>();
        var why = lost.Select(l => $"'{l.Parameter.Name}' of '{Unqualified(l.Target.QualifiedName)}' takes no derivative").ToList();
        var pullback = Pullback(every, primal, problems, active, DerivativeNames.FullPullback);
        var pushforward = Pushforward(every, primal, problems, new Dictionary<string, string>(), active, DerivativeNames.FullPushforward);
        why.AddRange(problems.Select(p => $"no derivative is known for '{Unqualified(p.Target.QualifiedName)}'"));
        var secondProblems = new List<MissingDerivative>();
        var secondMember = PullbackPushforwardMember(DerivativeNames.FullPullbackPushforward, pullback, primal, secondProblems, _ => "");
        var second = secondMember.Function;
        string Doc(string suffix) => $"Like {model.Name}{suffix.Substring(4)}, with respect to every parameter of {Call(function)}, the [NoDerivative] ones too: what a caller that passes a value with a derivative for one of them calls.";
        Member Throwing(string suffix, Function f, string reason)
        {
            var message = $"{model.Name} has no derivative with respect to its [NoDerivative] parameters ({reason}).";
            var body = new Block(EquatableArray.Of<Stmt>(new Throw(message)));
            return new Member(suffix, f with { Body = body }, Doc(suffix) + " It throws NotSupportedException: " + reason.Replace("'", "") + ".", Hidden: true);
        }
        if (why.Count > 0)
        {
            // Callers in this compilation are told at the call (ADG0204); one in another assembly gets the exception.
            failure = string.Join("; ", why.Distinct());
            return new List<Member>
            {
                Throwing(DerivativeNames.FullPullback, pullback.Function, failure),
                Throwing(DerivativeNames.FullPushforward, pushforward, failure),
                Throwing(DerivativeNames.FullPullbackPushforward, second, failure),
            };
        }
        return new List<Member>
        {
            pullback with { Suffix = DerivativeNames.FullPullback, Documentation = Doc(DerivativeNames.FullPullback), Hidden = true },
            new(DerivativeNames.FullPushforward, pushforward, Doc(DerivativeNames.FullPushforward), Hidden: true),
            secondProblems.Count == 0
                ? secondMember with { Documentation = Doc(DerivativeNames.FullPullbackPushforward) }
                : Throwing(DerivativeNames.FullPullbackPushforward, second, string.Join("; ", secondProblems.Select(p => p.ToString()).Distinct())),
        };
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
    private static HashSet<string> ActiveOf(Function canonical)
    {
        var inputs = canonical.Params.Where(p => p.IsActive).Select(p => p.Name).ToList();
        if (inputs.Count == 0) return new HashSet<string>();
        var ret = (Return)canonical.Body.Statements[canonical.Body.Statements.Count - 1];
        var outputs = ret.Values.OfType<Var>().Select(v => v.Name).Concat(DerivativeShapes.Outputs(canonical.Params).Select(p => p.Name));
        return Activity.Analyze(canonical.Body, inputs, outputs, Activity.Types(canonical));
    }

    private static string Unqualified(string name) => name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring(8) : name;

    /// <summary>ADG0204: a call that cannot take the derivative its argument carries.</summary>
    private static DiagnosticInfo LostDerivative(DataParameters.Lost call)
    {
        var name = Unqualified(call.Target.QualifiedName);
        var (why, instead) = call.Target.Kind == CallKind.Differentiable
            ? ("its derivatives with respect to every parameter are not in the assembly that declares it",
               $"rebuild that assembly with this version of AutoDiffGen, or pass a value that carries none (a constant, a [NoDerivative] parameter)")
            : ($"its registered derivatives take none for it",
               $"register derivatives of '{call.Target.Name}' that take one (without [NoDerivative] on '{call.Parameter.Name}'), or pass a value that carries none (a constant, a [NoDerivative] parameter)");
        return DiagnosticInfo.Create(DiagnosticDescriptors.ActiveArgumentForDataParameter, SourceRef.Site(call.Target.Site), call.Parameter.Name, name, why, instead);
    }

    /// <summary>Whether the method computes with matrices: in its parameters, results or locals.</summary>
    private static bool UsesMatrices(Function f)
        => f.Params.Any(p => p.Type == IrType.Matrix) || f.Returns.Contains(IrType.Matrix) || Activity.Types(f).Values.Contains(IrType.Matrix);

    internal sealed record Member(string Suffix, Function Function, string Documentation, bool Hidden = false)
    {
        /// <summary>Pairs (gradient, matrix parameter): the caller's gradient matrix must have the parameter's shape; it is zeroed on entry.</summary>
        public IReadOnlyList<(string Gradient, string Primal)> MatrixGradients { get; init; } = Array.Empty<(string, string)>();

        /// <summary>Whether the matrices the body creates come from a workspace entered for the call (and go back to it at the end).</summary>
        public bool Workspace { get; init; }

        /// <summary>Pairs (derivative span, primal span) whose lengths must agree, checked on entry.</summary>
        public IReadOnlyList<(string Derivative, string Primal)> SpanChecks { get; init; } = Array.Empty<(string, string)>();

        /// <summary>Spans the body uses as locals, pooled: a consumed copy of a seed, the gradient inside an HVP.</summary>
        public IReadOnlyList<LocalSpan> LocalSpans { get; init; } = Array.Empty<LocalSpan>();

        /// <summary>Scalar seeds (and their tangents) for which, all 0, the member has nothing to add and returns on entry.</summary>
        public IReadOnlyList<string> ReturnIfZero { get; init; } = Array.Empty<string>();
    }

    /// <summary>A local span as long as the span <see cref="LengthOf"/>, zeroed, or a copy of it when <see cref="CopyFrom"/>.</summary>
    internal sealed record LocalSpan(string Name, string LengthOf, IrType Type, bool CopyFrom);

    /// <summary>Each span parameter a derivative adds, with the primal span whose length it must have.</summary>
    private static IReadOnlyList<(string, string)> SpanChecks(Function derivative, IEnumerable<KeyValuePair<string, string>> derivedFrom)
    {
        var primalOf = derivedFrom.ToDictionary(p => p.Value, p => p.Key);
        return derivative.Params.Where(p => p.IsContainer && primalOf.ContainsKey(p.Name)).Select(p => (p.Name, primalOf[p.Name])).ToList();
    }

    private static void CheckActivity(MethodModel model, Function canonical, HashSet<string> active, List<DiagnosticInfo> diagnostics)
    {
        var activeParams = canonical.Params.Where(p => p.IsActive).Select(p => p.Name).ToList();
        if (activeParams.Count == 0) return;
        var reaching = activeParams.Where(active.Contains).ToList();
        if (reaching.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeAlwaysZero, SourceRef.Method, model.Name));
        }
        else
        {
            foreach (var p in activeParams.Where(p => !active.Contains(p)))
            {
                // The lowered parameters are the method's, in its order.
                int index = model.Ir!.Params.Select(q => q.Name).ToList().IndexOf(p);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedActiveParameter, SourceRef.Parameter(index), p, model.Name));
            }
        }
        // The constructs lowering marked are reported where a derivative reaches them, once per place in the source (return
        // normalization copies the statements after an if into both of its branches).
        var reported = new HashSet<DiagnosticInfo>();
        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceCall construct, params string[] more)
        {
            var diagnostic = DiagnosticInfo.Create(descriptor, SourceRef.Site(construct.Site), new[] { construct.Display }.Concat(more).ToArray());
            if (reported.Add(diagnostic)) diagnostics.Add(diagnostic);
        }
        // Piecewise-constant functions (Math.Floor, …, a cast to int) that an active value reaches: no gradient flows through them.
        IrWalker.MapExpressions(canonical.Body, e =>
        {
            (SourceCall? Call, IEnumerable<Expr> Operands) found = e switch
            {
                Intrinsic { PiecewiseConstant: { } c } intrinsic => (c, intrinsic.Args),
                Ir.Convert { PiecewiseConstant: { } c } truncation => (c, new[] { truncation.Operand }),
                _ => (null, Array.Empty<Expr>()),
            };
            if (found.Call is { } call && found.Operands.Any(a => IrWalker.ReadsAny(a, active))) Report(DiagnosticDescriptors.NonDifferentiablePoint, call);
            return e;
        });
        // Kinks (Math.Abs, Max, …, x > y ? x : y) whose result is active: an active value reaches them and their derivative
        // is taken. In canonical form a kink's call is the value of its own local, and a ?: is an if that assigns its result.
        foreach (var s in IrWalker.All(canonical.Body))
        {
            var kink = s switch
            {
                Declare { Init: Intrinsic { Kink: { } k } } d when active.Contains(d.Name) => k,
                Assign { Value: Intrinsic { Kink: { } k } } a when active.Contains(a.Name) => k,
                If { Kink: { } k } f when new[] { f.Then, f.Else }.Any(b => IrWalker.Any(b, t => t is Assign a && active.Contains(a.Name))) => k,
                _ => null,
            };
            if (kink is not null) Report(DiagnosticDescriptors.Kink, kink.Construct, kink.Where, kink.Used);
        }
        // Calls that need a derivative nobody registered.
        void Check(Block block)
        {
            foreach (var s in block.Statements)
            {
                if (s is If f) { Check(f.Then); Check(f.Else); }
                if (s is not Invoke invoke) continue;
                var target = invoke.Call.Target;
                bool needed = invoke.Targets.Any(active.Contains);
                if (needed && target.Pullback is null && target.Pushforward is null) diagnostics.Add(NoDerivative(target));
            }
        }
        Check(canonical.Body);
    }

    private static DiagnosticInfo NoDerivative(CallTarget target)
    {
        var typeName = target.ContainingType.StartsWith("global::", StringComparison.Ordinal) ? target.ContainingType.Substring(8) : target.ContainingType;
        var shortType = typeName.Substring(typeName.LastIndexOf('.') + 1);
        return DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivativeForCall, SourceRef.Site(target.Site), typeName + "." + target.Name, shortType, target.Name);
    }

    // ------------------------------------------------------------------ the derivative functions

    private static Member Pullback(Function canonical, PrimalNames primal, List<MissingDerivative> problems, HashSet<string> active, string suffix = DerivativeNames.Pullback)
    {
        var names = new NameAllocator(canonical);
        var adjoints = new Dictionary<string, string>();
        var outputSeeds = new Dictionary<string, string>();
        var parameters = DerivativeShapes.Pullback(canonical, names, adjoints, outputSeeds);
        var seeds = parameters.Skip(canonical.Params.Count + outputSeeds.Count).Take(canonical.Returns.Count).Select(p => (Expr)new Var(p.Name, p.Type)).ToList();
        // An output span that the method assigns (y[i] = …) has its adjoint zeroed as the reverse sweep passes the
        // assignment, and one it reads back has its adjoint added into: it works on a copy of the seed. One only added
        // into (y[i] += …) reads the seed as it is.
        var outputAdjoints = new Dictionary<string, string>();
        var copies = new List<LocalSpan>();
        foreach (var output in outputSeeds)
        {
            if (IrWalker.Any(canonical.Body, s => s is StoreElement store && store.Array == output.Key) || BufferAnalysis.ReadsElements(canonical.Body, output.Key))
            {
                var local = names.Fresh(output.Key + "_bar");
                copies.Add(new LocalSpan(local, output.Value, canonical.Params.First(p => p.Name == output.Key).Type, CopyFrom: true));
                outputAdjoints[output.Key] = local;
            }
            else
            {
                outputAdjoints[output.Key] = output.Value;
            }
        }
        var body = ReverseMode.Apply(canonical, seeds, adjoints, overwriteAdjoints: false, returnValue: false, names, problems, outputAdjoints, active);
        var function = Simplification.Apply(new Function(canonical.Name + suffix, parameters, EquatableArray<IrType>.Empty, body), primal);
        var derived = adjoints.Concat(outputSeeds).ToDictionary(p => p.Key, p => p.Value);
        // Seeds of 0 add nothing: such a call returns at once (a caller whose adjoint is 0 at a point where it passes values that
        // are not finite then gets exactly nothing back). Not where the pullback also writes outputs, or seeds are matrices.
        var zeroSeeds = outputSeeds.Count == 0 && seeds.All(seed => seed.Type.IsFloating()) ? seeds.Select(seed => ((Var)seed).Name).ToList() : new List<string>();
        return new Member("Pullback", function, PullbackDoc(canonical, function)) { SpanChecks = SpanChecks(function, derived), LocalSpans = copies, ReturnIfZero = zeroSeeds };
    }

    private static Function Gradient(Function canonical, PrimalNames primal, List<MissingDerivative> problems, Dictionary<string, string> adjoints, HashSet<string> active)
    {
        var names = new NameAllocator(canonical);
        var parameters = new List<Param>(canonical.Params);
        foreach (var p in canonical.Params.Where(p => p.IsActive))
        {
            var name = names.Fresh("d" + p.Name);
            adjoints[p.Name] = name;
            // A span's or a matrix's gradient goes into one the caller owns (overwritten).
            parameters.Add(p.IsContainer ? new Param(name, p.Type, ParamKind.Value, false, Container.Span)
                : p.Type == IrType.Matrix ? new Param(name, p.Type, ParamKind.Value, false)
                : new Param(name, p.Type, ParamKind.Out, false));
        }
        var seeds = new List<Expr> { IrBuilder.Constant(canonical.Returns[0], 1) };
        var body = ReverseMode.Apply(canonical, seeds, adjoints, overwriteAdjoints: true, returnValue: true, names, problems, active: active);
        return Simplification.Apply(new Function(canonical.Name + "Gradient", parameters.ToEquatableArray(), canonical.Returns, body), primal);
    }

    private static Function Pushforward(Function canonical, PrimalNames primal, List<MissingDerivative> problems, Dictionary<string, string> tangents, HashSet<string>? active, string suffix = DerivativeNames.Pushforward)
    {
        var names = new NameAllocator(canonical);
        var parameters = DerivativeShapes.Pushforward(canonical, names, tangents, "t", out var outputs);
        var body = ForwardMode.Apply(canonical, tangents, outputs, names, problems, active);
        // An output span's tangent starts at zero: elements the method leaves alone do not change.
        var clears = DerivativeShapes.Outputs(canonical.Params).Select(p => (Stmt)new ClearSpan(tangents[p.Name]));
        body = new Block(clears.Concat(body.Statements).ToEquatableArray());
        return Simplification.Apply(new Function(canonical.Name + suffix, parameters, canonical.Returns, body), primal);
    }

    /// <summary>The pushforward of the pullback: what a caller's Hessian-vector product needs of this method.</summary>
    private static Function PullbackPushforward(Function pullback, PrimalNames primal, List<MissingDerivative> problems, Dictionary<string, string> tangents)
        => Pushforward(Canonicalization.Apply(pullback, primal), primal, problems, tangents, active: null);

    /// <summary>The pullback's pushforward as a member: like the pullback, it returns at once when its seeds and their tangents are 0.</summary>
    private static Member PullbackPushforwardMember(string suffix, Member pullback, PrimalNames primal, List<MissingDerivative> problems, Func<Function, string> documentation)
    {
        var tangents = new Dictionary<string, string>();
        var function = PullbackPushforward(pullback.Function, primal, problems, tangents);
        var zero = pullback.ReturnIfZero.Concat(pullback.ReturnIfZero.Where(tangents.ContainsKey).Select(seed => tangents[seed])).ToList();
        return new Member(suffix, function, documentation(function), Hidden: true) { ReturnIfZero = zero.Count == 2 * pullback.ReturnIfZero.Count ? zero : Array.Empty<string>() };
    }

    /// <summary>
    /// H·v: forward mode over the gradient. The gradient's outputs (out scalars, adjoint spans) become locals of the
    /// product, and their tangents its outputs: <c>hvx</c> for <c>dx</c>.
    /// </summary>
    private static Member HessianVectorProduct(Function primal, Function gradient, PrimalNames primalNames, List<MissingDerivative> problems)
    {
        // A matrix gradient is read too (the gradient accumulates into it in place, from zero): a ref, with the caller's
        // zeroed hvx as its tangent.
        var canonical = Canonicalization.Apply(gradient with
        {
            Params = gradient.Params.Select((p, i) => i >= primal.Params.Count && p.Type == IrType.Matrix ? p with { Kind = ParamKind.Ref } : p).ToEquatableArray(),
        }, primalNames);
        var adjoints = canonical.Params.Skip(primal.Params.Count).ToList();
        var names = new NameAllocator(canonical);
        var tangents = new Dictionary<string, string>();
        var parameters = new List<Param>(primal.Params);
        foreach (var p in primal.Params.Where(p => p.IsActive))
        {
            var name = names.Fresh("v" + p.Name);
            tangents[p.Name] = name;
            parameters.Add(new Param(name, p.Type, ParamKind.Value, false, p.IsContainer ? Container.ReadOnlySpan : Container.None));
        }
        var sources = primal.Params.Where(p => p.IsActive).ToList();
        for (int i = 0; i < adjoints.Count; i++)
        {
            // dx is the gradient's output for x; its tangent is (H·v)_x: a span or a matrix the caller owns, or an out scalar.
            var name = names.Fresh("hv" + sources[i].Name);
            tangents[adjoints[i].Name] = name;
            parameters.Add(adjoints[i].IsContainer ? new Param(name, adjoints[i].Type, ParamKind.Value, false, Container.Span)
                : adjoints[i].Type == IrType.Matrix ? new Param(name, adjoints[i].Type, ParamKind.Value, false)
                : new Param(name, adjoints[i].Type, ParamKind.Out, false));
        }
        // To forward mode, the gradient's adjoint spans are outputs like its out scalars.
        var asOutputs = canonical with { Params = canonical.Params.Select((p, i) => i >= primal.Params.Count ? p with { Kind = p.Type == IrType.Matrix ? ParamKind.Ref : ParamKind.Out } : p).ToEquatableArray() };
        var body = ForwardMode.Apply(asOutputs, tangents, Array.Empty<string>(), names, problems);
        // The gradient's out scalars become locals of the product; its adjoint spans, pooled local spans.
        var locals = adjoints.Where(p => !p.IsContainer).Select(p => (Stmt)new Declare(p.Name, p.Type, IrBuilder.Constant(p.Type, 0)));
        var withLocals = new Block(locals.Concat(body.Statements).ToEquatableArray());
        var function = Simplification.Apply(new Function(primal.Name + "HessianVectorProduct", parameters.ToEquatableArray(), canonical.Returns, withLocals), primalNames);
        var used = new HashSet<string>();
        IrWalker.CollectNames(function.Body, used);
        var localSpans = adjoints.Select((p, i) => (p, i)).Where(a => a.p.IsContainer && used.Contains(a.p.Name))
            .Select(a => new LocalSpan(a.p.Name, sources[a.i].Name, a.p.Type, CopyFrom: false)).ToList();
        // vx and hvx have the length of x.
        var derived = tangents.Where(t => primal.Params.Any(p => p.Name == t.Key))
            .Concat(adjoints.Select((p, i) => new KeyValuePair<string, string>(sources[i].Name, tangents[p.Name])));
        var matrixProducts = sources.Select((p, i) => (p, i)).Where(a => a.p.Type == IrType.Matrix).Select(a => (tangents[adjoints[a.i].Name], a.p.Name)).ToList();
        return new Member("HessianVectorProduct", function, HvpDoc(primal, tangents)) { SpanChecks = SpanChecks(function, derived), LocalSpans = localSpans, MatrixGradients = matrixProducts };
    }

    // ------------------------------------------------------------------ documentation

    private static string Args(Function f) => string.Join(", ", f.Params.Select(p => p.Name));

    private static string Call(Function f) => $"<c>{f.Name}({Args(f)})</c>";

    private static IEnumerable<Param> ActiveParams(Function f) => f.Params.Where(p => p.IsActive);

    private static string GradientDoc(Function f, Function gradient)
    {
        var outs = gradient.Params.Skip(f.Params.Count).ToList();
        var parts = ActiveParams(f).Select((p, i) => $"<c>{outs[i].Name} = ∂{f.Name}/∂{p.Name}</c>");
        return $"Reverse mode: returns {Call(f)} and its gradient, {string.Join(", ", parts)}.";
    }

    /// <summary>The names in code, separated by commas: <c>dx</c>, <c>dy</c>.</summary>
    private static string Code(IEnumerable<string> names) => string.Join(", ", names.Select(n => "<c>" + n + "</c>"));

    /// <summary>
    /// The seeds of a pullback, as its documentation names them: its parameters after the method's, one per output span and
    /// then one per element of the result.
    /// </summary>
    private static string Seeds(Function f, Function pullback)
    {
        var outputs = DerivativeShapes.Outputs(f.Params).ToList();
        var seeds = pullback.Params.Skip(f.Params.Count).Take(outputs.Count + f.Returns.Count).Select(p => p.Name).ToList();
        if (outputs.Count == 0 && seeds.Count == 1) return seeds[0] == "seed" ? "the seed" : $"the seed <c>{seeds[0]}</c>";
        var parts = outputs.Select((p, i) => $"<c>{seeds[i]}</c> for <c>{p.Name}</c>").ToList();
        var results = seeds.Skip(outputs.Count).ToList();
        if (results.Count == 1) parts.Add($"<c>{results[0]}</c> for the result");
        else if (results.Count > 1) parts.Add($"{Code(results)} for the elements of the result");
        return $"the seeds ({string.Join(", ", parts)}{(outputs.Count > 0 ? ", left unchanged" : "")})";
    }

    /// <summary>The adjoints of a pullback: its last parameters, one per active parameter of the method.</summary>
    private static IEnumerable<string> Adjoints(Function f, Function pullback)
        => pullback.Params.Skip(pullback.Params.Count - ActiveParams(f).Count()).Select(p => p.Name);

    private static string PullbackDoc(Function f, Function pullback)
    {
        var writes = DerivativeShapes.Outputs(f.Params).Any() ? $" It writes the outputs as {f.Name} does." : "";
        return $"Reverse mode (vector-Jacobian product): <b>adds</b> {Seeds(f, pullback)} times the derivative of {Call(f)} with respect to each active parameter into its adjoint ({Code(Adjoints(f, pullback))}).{writes}";
    }

    /// <param name="f">The method.</param>
    /// <param name="tangents">Each active parameter and output span of the method, by name, with its tangent.</param>
    private static string PushforwardDoc(Function f, IReadOnlyDictionary<string, string> tangents)
    {
        var outputs = DerivativeShapes.Outputs(f.Params).Select(p => tangents[p.Name]).ToList();
        var what = f.Returns.Count == 0 ? $"writes the outputs of {Call(f)}" : $"returns {Call(f)}";
        var where = outputs.Count == 0 ? "" : $", into {Code(outputs)} for the output spans";
        return $"Forward mode (Jacobian-vector product): {what} and the directional derivative along the tangents of its active parameters ({Code(ActiveParams(f).Select(p => tangents[p.Name]))}){where}.";
    }

    /// <summary>
    /// The documentation of the pushforward of the pullback, whose parameters are the pullback's, then the tangents of its
    /// inputs (values) and of its adjoints (refs).
    /// </summary>
    private static string PullbackPushforwardDoc(Function f, Function pullback, Function pullbackPushforward)
    {
        var tangents = pullbackPushforward.Params.Skip(pullback.Params.Count).ToList();
        return $"Second order: the pushforward of {f.Name}Pullback. Like it, adds {Seeds(f, pullback)} times the derivative of {Call(f)} into ({Code(Adjoints(f, pullback))}); "
            + $"and adds the directional derivative of that along ({Code(tangents.Where(p => p.Kind == ParamKind.Value).Select(p => p.Name))}) into ({Code(tangents.Where(p => p.Kind == ParamKind.Ref).Select(p => p.Name))}). "
            + $"The Hessian-vector products of methods that call {f.Name} use it.";
    }

    /// <param name="f">The method.</param>
    /// <param name="directions">Each active parameter of the method, by name, with its direction (and each adjoint with its product).</param>
    private static string HvpDoc(Function f, IReadOnlyDictionary<string, string> directions)
        => $"Second order (forward over reverse): returns {Call(f)} and the Hessian-vector product <c>H·v</c> of {f.Name} for the direction ({Code(ActiveParams(f).Select(p => directions[p.Name]))}), without forming <c>H</c>.";
}
