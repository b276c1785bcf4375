using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.Ir;

// The IR that only lowering makes, and only the first transform reads: the early exits of loops as the source has them
// (break, continue, and the blocks nested among statements that decide how what follows an exit is guarded), and what
// lowering knows of how each loop is left. Transforms.EarlyExits rewrites them into flags, so no later pass meets them
// (a Return inside a loop is lowered as a Return, see Ir.cs).

/// <summary>
/// <c>break;</c>: ends the innermost <see cref="Loop"/> around it at once (neither the rest of the iteration nor the loop's
/// <see cref="Loop.Step"/> runs). Only in lowered IR: <see cref="Transforms.EarlyExits"/> turns it into a flag that the
/// loop's condition tests, so that no later pass meets it.
/// </summary>
internal sealed record Break : Stmt;

/// <summary>
/// <c>continue;</c>: ends the current iteration of the innermost <see cref="Loop"/> around it (the rest of its body is
/// skipped; the loop's <see cref="Loop.Step"/> runs, then the next iteration). Only in lowered IR, as <see cref="Break"/>.
/// </summary>
internal sealed record Continue : Stmt;

/// <summary>
/// A block of statements nested among others, as the source nests one (<c>{ … }</c> between statements); its statements
/// run in order, as if in the enclosing block. Only in lowered IR: <see cref="Transforms.EarlyExits"/> puts them in the
/// enclosing block. It is kept until then because what a loop runs after a statement that may leave it early is guarded
/// as a whole, one group for the rest of each block of the source.
/// </summary>
internal sealed record NestedBlock(Block Body) : Stmt;

/// <summary>The early exits a statement holds (see <see cref="IrWalker.ExitsIn(Stmt)"/>).</summary>
[System.Flags]
internal enum EarlyExit
{
    None = 0,
    Break = 1,
    Continue = 2,
    Return = 4,
}

/// <summary>
/// What lowering knows of how a loop of the source is left, for <see cref="Transforms.EarlyExits"/> (which turns the
/// loop's <see cref="Break"/>, <see cref="Continue"/> and <see cref="Return"/> statements into flags): whether anything
/// but a return can end it, and the names lowering set aside for the flags.
/// </summary>
/// <remarks>
/// The names are kept only so that the generated code stays as it was when lowering made the flags itself: it named them
/// when it began the loop, before the locals of its body, so a local called like a flag (<c>breaking</c>) is
/// <c>breaking_2</c> and the flag <c>breaking</c>. The pass picks names of its own where there are none.
/// </remarks>
/// <param name="OnlyByReturn">
/// C#'s flow analysis finds the end of the loop unreachable (<c>while (true)</c> with no <c>break</c>): a return is the only
/// way out of it, so the method returns right after it, without testing the return flag.
/// </param>
/// <param name="Breaking">The flag that a <see cref="Break"/> of this loop sets, if it has one.</param>
/// <param name="Continuing">The flag that a <see cref="Continue"/> of this loop sets, if it has one.</param>
/// <param name="Returning">
/// For the outermost loop with a <see cref="Return"/> in it, the flag that a return sets (the loops inside it use it too).
/// </param>
/// <param name="Returned">With <see cref="Returning"/>, the locals that hold the values returned, one per result.</param>
internal sealed record LoopExits(bool OnlyByReturn, string? Breaking, string? Continuing, string? Returning, EquatableArray<string> Returned);
