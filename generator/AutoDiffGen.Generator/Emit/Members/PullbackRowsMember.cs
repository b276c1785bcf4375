using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The rows of a vector-valued method's Jacobian from one forward sweep (<c>FPullbackRows</c>, private): the forward sweep
/// runs once, then the reverse sweep once per output element, seeded with that element alone and adding straight into its
/// row of the Jacobian (vector mode, as a person writing the adjoint of a small residual does). The Jacobian calls it
/// instead of one whole pullback per row when the reverse sweep can run again on what the forward sweep left: it pops no
/// tape, undoes no write and restores no output (a method without loops that overwrite what they read, such as a
/// reprojection error).
/// </summary>
internal static class PullbackRowsMember
{
    /// <summary>The member, or null when its reverse sweep cannot run once per row (see the class).</summary>
    public static Member? Build(Function canonical, PrimalNames primal, HashSet<string> active)
    {
        var names = new NameAllocator(canonical);
        var adjoints = new Dictionary<string, string>();
        var outputSeeds = new Dictionary<string, string>();
        DerivativeShapes.Pullback(canonical, names, adjoints, outputSeeds);
        var outputs = DerivativeShapes.Outputs(canonical.Params).ToList();
        var inputs = canonical.Params.Where(p => p.IsActive).ToList();
        // Each output's adjoint is a span of the member's own, set to the row's unit seed before each reverse sweep.
        var outputAdjoints = outputs.ToDictionary(p => p.Name, p => names.Fresh(p.Name + "_bar"));
        var problems = new List<MissingDerivative>();
        var body = ReverseMode.Split(canonical, adjoints, outputAdjoints, names, problems, active, out int reverseStart);
        if (problems.Count > 0 || IrWalker.Any(body, s => s is TapePush or TapePop or TapePushElements or TapePopElements or SaveElement or UndoWrites or CopyElements or DeclareArray))
        {
            return null;
        }

        var type = outputs[0].Type;
        var jacobian = names.Fresh("jacobian");
        var row = new Var(names.Fresh("row"), IrType.Int);
        var prologue = new List<Stmt>();
        Expr Offsets(IEnumerable<Param> parameters, Dictionary<string, Expr> at, string total)
        {
            Expr next = Constant(IrType.Int, 0);
            foreach (var p in parameters)
            {
                var name = names.Fresh(p.Name + "_at");
                prologue.Add(new Declare(name, IrType.Int, next));
                at[p.Name] = new Var(name, IrType.Int);
                next = Add(new Var(name, IrType.Int), p.IsContainer ? new Length(new Var(p.Name, p.Type)) : Constant(IrType.Int, 1));
            }
            var count = names.Fresh(total);
            prologue.Add(new Declare(count, IrType.Int, next));
            return new Var(count, IrType.Int);
        }
        var inputAt = new Dictionary<string, Expr>();
        var outputAt = new Dictionary<string, Expr>();
        var n = Offsets(inputs, inputAt, "n");
        var m = Offsets(outputs, outputAt, "m");

        // The reverse sweep adds into the row's entries instead of the inputs' adjoints.
        var inputOf = adjoints.ToDictionary(a => a.Value, a => inputs.First(p => p.Name == a.Key));
        var rowStart = Mul(row, n);
        var reverse = Rewrite(new Block(body.Statements.Skip(reverseStart).ToEquatableArray()), inputOf, jacobian, entry: (p, index) =>
            Add(Add(rowStart, inputAt[p.Name]), index ?? Constant(IrType.Int, 0)));
        if (reverse is null) return null;

        var iteration = new List<Stmt>();
        foreach (var y in outputs)
        {
            var at = outputAt[y.Name];
            var seed = outputAdjoints[y.Name];
            iteration.Add(new ClearSpan(seed));
            var inside = new Binary(BinaryOp.And, Compare(BinaryOp.GreaterOrEqual, row, at), Compare(BinaryOp.Less, row, Add(at, new Length(new Var(y.Name, y.Type)))), IrType.Bool);
            iteration.Add(new If(inside, new Block(EquatableArray.Of<Stmt>(new StoreElement(seed, Sub(row, at), Constant(type, 1)))), Block.Empty));
        }
        iteration.AddRange(reverse.Statements);
        var statements = new List<Stmt>(body.Statements.Take(reverseStart));
        statements.Add(new Comment("Each row of the Jacobian: a reverse sweep seeded with its output element alone."));
        // Where each input's entries begin in a row, and each output's rows.
        statements.AddRange(prologue);
        statements.Add(new Loop(row.Name, Constant(IrType.Int, 0), m, new Block(iteration.ToEquatableArray())));
        var parameters = canonical.Params.Concat(new[] { new Param(jacobian, type, ParamKind.Value, false, Container.Span) }).ToEquatableArray();
        var function = HoistFunctions(Simplification.Apply(new Function(canonical.Name + DerivativeNames.PullbackRows, parameters, EquatableArray<IrType>.Empty, new Block(statements.ToEquatableArray())), primal), row.Name);
        var documentation = $"The rows of the Jacobian of {MemberDocs.Call(canonical)}, added into <c>{jacobian}</c> (zeroed by the caller): one forward sweep, then a reverse sweep per output element. It writes the outputs as {canonical.Name} does. Its arguments are not checked: {canonical.Name}Jacobian, which calls it, checks them.";
        return new Member(DerivativeNames.PullbackRows, function, documentation, Hidden: true)
        {
            LocalSpans = outputs.Select(y => new LocalSpan(outputAdjoints[y.Name], y.Name, y.Type, CopyFrom: false)).ToList(),
            Private = true,
        };
    }

    /// <summary>
    /// Calls of Math's functions in the row loop whose arguments are the same in every row (the partial derivative
    /// <c>Math.Cos(theta)</c> of a sine, where the forward sweep computed the cosine in a branch) are made once, before the
    /// loop, into locals (<c>cos_theta</c>). A call a forward local already holds was read from it by
    /// <see cref="CallReuse"/>, in the simplification before this.
    /// </summary>
    private static Function HoistFunctions(Function function, string row)
    {
        var statements = function.Body.Statements;
        int at = -1;
        for (int i = 0; i < statements.Count; i++)
        {
            if (statements[i] is Loop l && l.Counter == row) at = i;
        }
        if (at < 0) return function;
        var loop = (Loop)statements[at];
        // What the rows do not change: the parameters, and the locals declared before the loop that it does not assign.
        var stable = new HashSet<string>(function.Params.Select(p => p.Name));
        for (int i = 0; i < at; i++)
        {
            if (statements[i] is Declare d) stable.Add(d.Name);
        }
        stable.ExceptWith(IrWalker.AssignmentCounts(loop.Body).Keys);
        var names = new NameAllocator(function);
        var hoisted = new List<Stmt>();
        var made = new Dictionary<Expr, Var>();
        var body = IrWalker.MapExpressions(loop.Body, e =>
        {
            if (e is not Intrinsic { Name: not MathRules.CalleeParameter } call || !CallReuse.OfVariables(call) || !IrWalker.Reads(call).All(stable.Contains)) return e;
            if (!made.TryGetValue(call, out var local))
            {
                var stem = call.Name.ToLowerInvariant() + (call.Args.Count == 1 && call.Args[0] is Var v ? "_" + v.Name : "");
                local = new Var(names.Fresh(stem), call.Type);
                made[call] = local;
                stable.Add(local.Name);
                hoisted.Add(new Declare(local.Name, call.Type, call));
            }
            return local;
        });
        if (hoisted.Count == 0) return function;
        var result = statements.Take(at).Concat(hoisted).Concat(new[] { loop with { Body = body } }).Concat(statements.Skip(at + 1));
        return function with { Body = new Block(result.ToEquatableArray()) };
    }

    /// <summary>
    /// The reverse sweep with each addition into an input's adjoint made into the Jacobian's entry instead (<paramref name="entry"/>
    /// of the input and the element's index, null for a scalar); null when it uses an adjoint otherwise.
    /// </summary>
    private static Block? Rewrite(Block block, Dictionary<string, Param> inputOf, string jacobian, System.Func<Param, Expr?, Expr> entry)
    {
        var statements = new List<Stmt>();
        foreach (var s in block.Statements)
        {
            switch (s)
            {
                case AccumulateElement add when inputOf.TryGetValue(add.Array, out var p):
                    statements.Add(new AccumulateElement(jacobian, entry(p, add.Index), add.Value));
                    break;
                case Assign { Value: Binary { Op: BinaryOp.Add, Left: Var self } sum } a when self.Name == a.Name && inputOf.TryGetValue(a.Name, out var scalar) && !scalar.IsContainer:
                    if (Mentions(sum.Right, inputOf)) return null;
                    statements.Add(new AccumulateElement(jacobian, entry(scalar, null), sum.Right));
                    break;
                case If f:
                    var (then, otherwise) = (Rewrite(f.Then, inputOf, jacobian, entry), Rewrite(f.Else, inputOf, jacobian, entry));
                    if (then is null || otherwise is null || Mentions(f.Condition, inputOf)) return null;
                    statements.Add(f with { Then = then, Else = otherwise });
                    break;
                case Loop l:
                    var loopBody = Rewrite(l.Body, inputOf, jacobian, entry);
                    if (loopBody is null || l.Head.Statements.Count > 0 || IrWalker.MentionsAny(l with { Body = Block.Empty }, inputOf)) return null;
                    statements.Add(l with { Body = loopBody });
                    break;
                default:
                    if (IrWalker.MentionsAny(s, inputOf)) return null;
                    statements.Add(s);
                    break;
            }
        }
        return new Block(statements.ToEquatableArray());
    }

    private static bool Mentions(Expr e, Dictionary<string, Param> names) => IrWalker.Reads(e).Any(names.ContainsKey);

    private static string JacobianName(Dictionary<string, Param> inputOf) => throw new System.NotImplementedException();
}
