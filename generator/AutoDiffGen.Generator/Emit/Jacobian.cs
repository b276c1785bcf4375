using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The Jacobian member of a vector-valued method (one that writes its results into span or array parameters):
/// the m×n matrix of every output element's derivative with respect to every active input element, row-major.
/// It runs n pushforwards (one per input direction, a column each) when n ≤ m and m pullbacks (one per output
/// element, a row each) otherwise, choosing at run time from the actual lengths; where the file has
/// <see cref="PullbackRowsMember"/>, the rows come from one forward sweep instead. It checks its arguments once and calls the
/// bodies of the pushforward and the pullback without their checks. A pullback adds each row straight into
/// the Jacobian. Scratch spans (the outputs as they came in, seeds, tangents) are on the stack when short, as a small
/// Jacobian's are (<see cref="SpanCode.Scratch"/>), else from <c>ArrayPool</c>, so a warm call allocates nothing.
/// </summary>
internal static class Jacobian
{
    /// <summary>Void methods with output spans whose active inputs and outputs all have one element type.</summary>
    public static bool Supported(Function primal, Function pullback, Function pushforward)
    {
        var outputs = DerivativeShapes.Outputs(primal.Params).ToList();
        var inputs = primal.Params.Where(p => p.IsActive).ToList();
        if (primal.Returns.Count != 0 || outputs.Count == 0 || inputs.Count == 0) return false;
        var type = outputs[0].Type;
        return outputs.All(p => p.Type == type) && inputs.All(p => p.Type == type) && inputs.All(p => p.Kind == ParamKind.Value)
            && pullback.Params.Count == primal.Params.Count + outputs.Count + inputs.Count
            && pushforward.Params.Count == primal.Params.Count + inputs.Count + outputs.Count;
    }

    /// <summary>Writes the member; returns its Jacobian span parameter.</summary>
    /// <param name="rows">Whether the file has <see cref="PullbackRowsMember"/>, which makes every row from one forward sweep.</param>
    public static Param Emit(IndentedWriter w, MethodModel model, Function primal, Function pullback, Function pushforward, bool rows, string generatedCode, string excludeFromCoverage)
    {
        var outputs = DerivativeShapes.Outputs(primal.Params).ToList();
        var inputs = primal.Params.Where(p => p.IsActive).ToList();
        var type = outputs[0].Type.ToCSharp();
        var names = new NameAllocator(primal);
        string Fresh(string name) => CSharpEmitter.Identifier(names.Fresh(name));
        string Id(Param p) => CSharpEmitter.Identifier(p.Name);

        var jacobian = Fresh("jacobian");
        var n = Fresh("n");
        var m = Fresh("m");
        var inputAt = inputs.ToDictionary(p => p.Name, p => Fresh(p.Name + "_at"));
        var outputAt = outputs.ToDictionary(p => p.Name, p => Fresh(p.Name + "_at"));
        var saved = outputs.ToDictionary(p => p.Name, p => Fresh(p.Name + "_in"));
        var tangents = pushforward.Params.Skip(primal.Params.Count).ToList();
        var seedsAndAdjoints = pullback.Params.Skip(primal.Params.Count).ToList();
        var j = Fresh("j");
        var i = Fresh("i");

        w.Line("/// <summary>");
        w.Line($"/// The Jacobian of {MemberDocs.Call(primal)}: writes its outputs ({string.Join(", ", outputs.Select(p => "<c>" + p.Name + "</c>"))}) as {primal.Name} does,");
        w.Line($"/// and into <paramref name=\"{jacobian}\"/> the m×n matrix (row-major) of the derivative of each output element (rows: {string.Join(", ", outputs.Select(p => p.Name))})");
        w.Line($"/// with respect to each active input element (columns: {string.Join(", ", inputs.Select(p => p.Name))}). It takes n forward sweeps when n ≤ m, else m reverse sweeps.");
        w.Line("/// </summary>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"{jacobian}\"/> does not have length m·n.</exception>");
        w.Line(generatedCode);
        w.Line(excludeFromCoverage);
        var parameters = primal.Params.Select(CSharpEmitter.Parameter).Concat(new[] { $"global::System.Span<{type}> {jacobian}" });
        w.Line($"{model.Modifiers} void {model.Name}Jacobian{model.TypeParameters}({string.Join(", ", parameters)}){model.ConstraintClause}");
        w.Open();
        SpanCode.Offsets(w, inputs, inputAt, n);
        SpanCode.Offsets(w, outputs, outputAt, m);
        FileEmitter.OverlapChecks(w, primal.Params.Concat(new[] { new Param(jacobian, outputs[0].Type, ParamKind.Value, false, Container.Span) }).ToList(), primal.Params.Count);
        w.Line($"if ({jacobian}.Length != {m} * {n}) throw new global::System.ArgumentException(\"The Jacobian span must have length \" + {m} + \"×\" + {n} + \" (outputs × active inputs) but has length \" + {jacobian}.Length + \".\", nameof({jacobian}));");
        var result = new Param(jacobian, outputs[0].Type, ParamKind.Value, false, Container.Span);
        var savedBuffers = outputs.Select(p => Fresh(p.Name + "_in_buffer")).ToList();
        void SaveOutputs()
        {
            w.Line("// The outputs as they come in: every sweep starts from them (the method may add into them).");
            for (int k = 0; k < outputs.Count; k++)
            {
                SpanCode.Scratch(w, type, savedBuffers[k], saved[outputs[k].Name], Id(outputs[k]) + ".Length");
                w.Line($"((global::System.ReadOnlySpan<{type}>){Id(outputs[k])}).CopyTo({saved[outputs[k].Name]});");
            }
        }
        void ReleaseSaved()
        {
            foreach (var buffer in savedBuffers) SpanCode.Release(w, type, buffer);
        }
        // Every sweep but the rows' one forward sweep (FPullbackRows) starts from the outputs as they came in.
        if (!rows) SaveOutputs();

        // Forward: column j is the tangent of the outputs along the j-th unit direction.
        w.Open($"if ({n} <= {m})");
        if (rows) SaveOutputs();
        var buffers = new List<string>();
        var args = new List<string>(primal.Params.Select(Id));
        for (int k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k];
            var t = Fresh(tangents[k].Name);
            if (p.IsContainer)
            {
                var buffer = Fresh(tangents[k].Name + "_buffer");
                buffers.Add(buffer);
                SpanCode.Scratch(w, type, buffer, t, Id(p) + ".Length");
                w.Line($"{t}.Clear();");
            }
            args.Add(t);
        }
        var outTangents = new List<string>();
        for (int k = 0; k < outputs.Count; k++)
        {
            var p = outputs[k];
            var buffer = Fresh(tangents[inputs.Count + k].Name + "_buffer");
            var t = Fresh(tangents[inputs.Count + k].Name);
            buffers.Add(buffer);
            SpanCode.Scratch(w, type, buffer, t, Id(p) + ".Length");
            args.Add(t);
            outTangents.Add(t);
        }
        w.Open($"for (int {j} = 0; {j} < {n}; {j}++)");
        for (int k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k];
            var t = args[primal.Params.Count + k];
            if (p.IsContainer) SpanCode.UnitEntry(w, j, inputAt[p.Name], p, t, 1);
            else w.Line($"{type} {t} = {j} == {inputAt[p.Name]} ? {CSharpEmitter.Number(p.Type, 1)} : {CSharpEmitter.Number(p.Type, 0)};");
        }
        foreach (var p in outputs) w.Line($"{saved[p.Name]}.CopyTo({Id(p)});");
        w.Line($"{model.Name}Pushforward{FileEmitter.UncheckedSuffix}{model.TypeParameters}({string.Join(", ", args)});");
        for (int k = 0; k < outputs.Count; k++)
        {
            var p = outputs[k];
            w.Line($"for (int {i} = 0; {i} < {Id(p)}.Length; {i}++) {jacobian}[({outputAt[p.Name]} + {i}) * {n} + {j}] = {outTangents[k]}[{i}];");
        }
        for (int k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k];
            if (p.IsContainer) SpanCode.UnitEntry(w, j, inputAt[p.Name], p, args[primal.Params.Count + k], 0);
        }
        w.Close();
        foreach (var buffer in buffers) SpanCode.Release(w, type, buffer);
        if (rows) ReleaseSaved();
        w.Close();

        // Reverse: row i is the adjoint of the inputs for a unit seed on the i-th output element, added into the row itself.
        w.Open("else");
        if (rows)
        {
            // Every row from one forward sweep.
            w.Line($"{jacobian}.Clear();");
            w.Line($"{model.Name}{DerivativeNames.PullbackRows}{model.TypeParameters}({string.Join(", ", primal.Params.Select(Id).Concat(new[] { jacobian }))});");
            w.Close();
            w.Close();
            return result;
        }
        buffers.Clear();
        args = new List<string>(primal.Params.Select(Id));
        var seeds = new List<string>();
        for (int k = 0; k < outputs.Count; k++)
        {
            var p = outputs[k];
            var buffer = Fresh(seedsAndAdjoints[k].Name + "_buffer");
            var seed = Fresh(seedsAndAdjoints[k].Name);
            buffers.Add(buffer);
            SpanCode.Scratch(w, type, buffer, seed, Id(p) + ".Length");
            w.Line($"{seed}.Clear();");
            args.Add(seed);
            seeds.Add(seed);
        }
        var adjoints = new List<string>();
        for (int k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k];
            var adjoint = Fresh(seedsAndAdjoints[outputs.Count + k].Name);
            args.Add(p.IsContainer ? adjoint : "ref " + adjoint);
            adjoints.Add(adjoint);
        }
        w.Open($"for (int {i} = 0; {i} < {m}; {i}++)");
        for (int k = 0; k < outputs.Count; k++)
        {
            var p = outputs[k];
            SpanCode.UnitEntry(w, i, outputAt[p.Name], p, seeds[k], 1);
        }
        for (int k = 0; k < inputs.Count; k++)
        {
            var p = inputs[k];
            if (p.IsContainer)
            {
                w.Line($"var {adjoints[k]} = {jacobian}.Slice({i} * {n} + {inputAt[p.Name]}, {Id(p)}.Length);");
                w.Line($"{adjoints[k]}.Clear();");
            }
            else
            {
                w.Line($"{type} {adjoints[k]} = {CSharpEmitter.Number(inputs[k].Type, 0)};");
            }
        }
        foreach (var p in outputs) w.Line($"{saved[p.Name]}.CopyTo({Id(p)});");
        w.Line($"{model.Name}Pullback{FileEmitter.UncheckedSuffix}{model.TypeParameters}({string.Join(", ", args)});");
        for (int k = 0; k < inputs.Count; k++)
        {
            if (!inputs[k].IsContainer) w.Line($"{jacobian}[{i} * {n} + {inputAt[inputs[k].Name]}] = {adjoints[k]};");
        }
        for (int k = 0; k < outputs.Count; k++)
        {
            var p = outputs[k];
            SpanCode.UnitEntry(w, i, outputAt[p.Name], p, seeds[k], 0);
        }
        w.Close();
        foreach (var buffer in buffers) SpanCode.Release(w, type, buffer);
        w.Close();
        ReleaseSaved();
        w.Close();
        return result;
    }
}
