using System;
using System.Diagnostics;
using System.IO;

namespace AutoDiffGen.Samples.CurveFitting;

/// <summary>
/// Progress through a long loop. On a terminal, one line redrawn in place (<c>\r</c>) with a bar, at most ten times a
/// second; when the output is redirected (a file, a pipe, a test), a plain line at every tenth of the way instead, so
/// that a log holds no carriage returns and no thousand partial lines.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool interactive, int total)
{
    private const int BarWidth = 30;
    private readonly Stopwatch _sinceDrawn = new();
    private int _lastTenth = -1;
    private int _lastLength;

    /// <summary>For the console: interactive unless the output is redirected.</summary>
    public static ConsoleProgress ForConsole(int total) => new(Console.Out, !Console.IsOutputRedirected, total);

    /// <summary>Reports that <paramref name="done"/> of the total are done; <paramref name="status"/> follows the count.</summary>
    public void Report(int done, string status)
    {
        if (interactive)
        {
            if (done < total && _sinceDrawn.IsRunning && _sinceDrawn.ElapsedMilliseconds < 100) return;
            _sinceDrawn.Restart();
            int filled = (int)((long)BarWidth * done / total);
            string line = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {Line(done, status)}";
            output.Write("\r" + line.PadRight(_lastLength)); // spaces over what a longer line left
            _lastLength = line.Length;
            if (done == total) output.WriteLine();
        }
        else
        {
            int tenth = (int)(10L * done / total);
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            output.WriteLine(Line(done, status));
        }
    }

    private string Line(int done, string status) => $"{100L * done / total,3}%  {done,7:N0}/{total:N0}  {status}";
}
