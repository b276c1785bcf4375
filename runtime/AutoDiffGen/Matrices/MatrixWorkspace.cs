using System;
using System.Collections.Generic;

namespace AutoDiffGen;

/// <summary>
/// Lets a training loop reuse the matrices each step creates instead of allocating them again. While a scope from
/// <see cref="Enter"/> is active on a thread, every matrix that <see cref="Matrix"/>'s operations and derivatives create
/// on that thread (results, adjoints, tangents, scratch) is taken from a per-thread pool of matrices of the same shape,
/// and disposing the scope gives all of them back; once the pool is warm, a step allocates nothing:
/// <code>
/// for (int step = 0; step &lt; steps; step++)
/// {
///     using var scope = MatrixWorkspace.Enter();
///     double loss = Model.LossGradient(W, b, X, Y, dW, db); // W, b, dW, db: matrices you created with new Matrix(…)
///     Update(W, dW, rate);                                  // in place: W and dW outlive the scope because they are yours
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// <b>The rule: a matrix created inside a scope belongs to that scope and must not be used after the scope is
/// disposed.</b> The next scope hands the same object out again and overwrites it. To keep a result, copy its elements
/// into a matrix you created yourself before the scope ends. Matrices created with the public constructors and
/// <see cref="Matrix.FromRows"/> are never pooled: parameters, gradients and data you create yourself stay yours.
/// </para>
/// <para>
/// Scopes nest: disposing one gives back the matrices created since it was entered (those of any scope inside it
/// included) and keeps those of the scopes around it. Disposing a scope that is already disposed does nothing.
/// Outside any scope, matrices are ordinary new objects for the garbage collector. A scope covers only the thread that
/// entered it, and must be disposed on that thread. The pool keeps what it is given back for the thread's lifetime.
/// </para>
/// </remarks>
public static class MatrixWorkspace
{
    [ThreadStatic]
    private static Pool? t_pool;

    /// <summary>Whether a scope is active on the current thread (so that the matrices operations create are pooled).</summary>
    public static bool IsActive => t_pool is { Depth: > 0 };

    /// <summary>Starts a scope on the current thread; dispose it (with <c>using</c>) to give its matrices back.</summary>
    public static Scope Enter() => (t_pool ??= new Pool()).Enter();

    /// <summary>A pooled matrix inside a scope, a new one outside; zeroed if <paramref name="zeroed"/> (a new one always is).</summary>
    internal static Matrix Allocate(int rows, int columns, bool zeroed)
    {
        Pool? pool = t_pool;
        return pool is { Depth: > 0 } ? pool.Take(rows, columns, zeroed) : new Matrix(rows, columns);
    }

    /// <summary>
    /// A scope from <see cref="Enter"/>: while it is active, the matrices the operations create on this thread come from
    /// the pool, and <see cref="Dispose"/> gives them back. See <see cref="MatrixWorkspace"/> for the rule on using them.
    /// </summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Pool? _pool;
        private readonly int _depth;
        private readonly long _id;

        internal Scope(Pool pool, int depth, long id)
        {
            _pool = pool;
            _depth = depth;
            _id = id;
        }

        /// <summary>
        /// Gives back every matrix created since this scope was entered, including in scopes entered inside it (which
        /// end with it). Does nothing if the scope has already been disposed, or is <c>default</c>.
        /// </summary>
        /// <exception cref="InvalidOperationException">Called on another thread than the one that entered the scope.</exception>
        public void Dispose() => _pool?.Exit(_depth, _id);
    }

    /// <summary>One thread's free matrices by shape, the matrices its active scopes have handed out, and where each scope's begin.</summary>
    internal sealed class Pool
    {
        private readonly Dictionary<long, Stack<Matrix>> _free = [];
        private readonly List<Matrix> _lent = [];
        private readonly int _threadId = Environment.CurrentManagedThreadId;

        /// <summary>For the scope at depth d (1-based), entry d − 1: where its matrices start in <see cref="_lent"/>, and its id.</summary>
        private (int Start, long Id)[] _scopes = new (int, long)[4];

        private long _lastId;

        /// <summary>How many scopes are active.</summary>
        public int Depth { get; private set; }

        public Scope Enter()
        {
            if (Depth == _scopes.Length) Array.Resize(ref _scopes, 2 * Depth);
            long id = ++_lastId;
            _scopes[Depth] = (_lent.Count, id);
            Depth++;
            return new Scope(this, Depth, id);
        }

        public void Exit(int depth, long id)
        {
            if (Environment.CurrentManagedThreadId != _threadId)
            {
                throw new InvalidOperationException("A MatrixWorkspace scope must be disposed on the thread that entered it.");
            }

            if (depth > Depth || _scopes[depth - 1].Id != id)
            {
                return; // already disposed, directly or with a scope around it
            }

            int start = _scopes[depth - 1].Start;
            for (int i = start; i < _lent.Count; i++)
            {
                Matrix m = _lent[i];
                long shape = Key(m.Rows, m.Columns);
                if (!_free.TryGetValue(shape, out var stack)) _free[shape] = stack = new Stack<Matrix>();
                stack.Push(m);
            }

            _lent.RemoveRange(start, _lent.Count - start);
            Depth = depth - 1;
        }

        public Matrix Take(int rows, int columns, bool zeroed)
        {
            Matrix m;
            if (_free.TryGetValue(Key(rows, columns), out var stack) && stack.TryPop(out var reused))
            {
                m = reused;
                if (zeroed) m.AsSpan().Clear();
            }
            else
            {
                m = new Matrix(rows, columns);
            }

            _lent.Add(m);
            return m;
        }

        private static long Key(int rows, int columns) => ((long)rows << 32) | (uint)columns;
    }
}
