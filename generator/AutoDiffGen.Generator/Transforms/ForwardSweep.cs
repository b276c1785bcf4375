using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The forward sweep of a reverse-mode derivative, ready to be reversed: an active local array gets its adjoint array
/// (zeroed, of its length) declared after it; a write into a logged array first saves the element it replaces; after
/// each loop that reads a logged array, the array's log is marked, for the loop's reverse sweep to undo later writes back to.
/// </summary>
internal sealed class ForwardSweep
{
    private readonly ReverseState state;
    private readonly IReadOnlyDictionary<string, string> containerAdjoints;
    private readonly HashSet<string> logged;
    private readonly Dictionary<Loop, List<(string Array, string Mark)>> endMarks = new(ReferenceComparer<Loop>.Instance);
    private readonly HashSet<string> endMarkNames = new();

    private ForwardSweep(ReverseState state, IReadOnlyDictionary<string, string> containerAdjoints, HashSet<string> logged)
    {
        this.state = state;
        this.containerAdjoints = containerAdjoints;
        this.logged = logged;
    }

    /// <summary>The prepared statements.</summary>
    public List<Stmt> Statements { get; private set; } = new();

    /// <summary>Per loop of <see cref="Statements"/> that reads logged arrays: each such array and its mark taken after the loop.</summary>
    public IReadOnlyDictionary<Loop, List<(string Array, string Mark)>> EndMarks => endMarks;

    /// <summary>
    /// The names of all those marks (int locals declared at the top): a loop that holds one of the marked loops assigns
    /// the mark, but it is not the loop's state.
    /// </summary>
    public IReadOnlyCollection<string> EndMarkNames => endMarkNames;

    /// <param name="statements">The canonical body less its return.</param>
    /// <param name="containerAdjoints">The adjoint array of each active array.</param>
    /// <param name="logged">The arrays whose writes are logged (see <see cref="BufferAnalysis.ArraysToLog"/>).</param>
    /// <param name="state">Where the marks are named and declared.</param>
    public static ForwardSweep Prepare(IEnumerable<Stmt> statements, IReadOnlyDictionary<string, string> containerAdjoints, HashSet<string> logged, ReverseState state)
    {
        var sweep = new ForwardSweep(state, containerAdjoints, logged);
        sweep.Statements = sweep.Prepare(statements);
        return sweep;
    }

    private List<Stmt> Prepare(IEnumerable<Stmt> statements)
    {
        var result = new List<Stmt>();
        foreach (var s in statements)
        {
            switch (s)
            {
                case DeclareArray array:
                    result.Add(array);
                    if (containerAdjoints.TryGetValue(array.Name, out var adjoint))
                    {
                        result.Add(new DeclareArray(adjoint, array.Type, new Length(new Var(array.Name, array.Type)), array.Stack));
                    }
                    break;
                case ElementWrite write when logged.Contains(write.Array):
                    result.Add(new SaveElement(write.Array, write.Index));
                    result.Add(write);
                    break;
                case If f:
                    result.Add(f with { Then = new Block(Prepare(f.Then.Statements).ToEquatableArray()), Else = new Block(Prepare(f.Else.Statements).ToEquatableArray()) });
                    break;
                case Loop l:
                    var prepared = l with { Head = new Block(Prepare(l.Head.Statements).ToEquatableArray()), Body = new Block(Prepare(l.Body.Statements).ToEquatableArray()) };
                    result.Add(prepared);
                    var marks = BufferAnalysis.ArraysRead(l).Where(logged.Contains).OrderBy(n => n, StringComparer.Ordinal)
                        .Select(a => (Array: a, Mark: state.IntAtTop(a + "_end"))).ToList();
                    if (marks.Count == 0) break;
                    foreach (var (array, mark) in marks)
                    {
                        result.Add(new Assign(mark, new LogMark(array)));
                        endMarkNames.Add(mark);
                    }
                    endMarks[prepared] = marks;
                    break;
                default:
                    result.Add(s);
                    break;
            }
        }
        return result;
    }
}
