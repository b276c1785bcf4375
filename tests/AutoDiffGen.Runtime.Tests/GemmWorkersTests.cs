using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>Runs its tests after the parallel ones, alone: they count every thread's allocations and take the GEMM workers.</summary>
[CollectionDefinition(nameof(GemmWorkersTests), DisableParallelization = true)]
public sealed class GemmWorkersCollection;

/// <summary>
/// <see cref="GemmWorkers"/>, the threads of a parallel
/// <see cref="LinearAlgebra.Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>:
/// no allocation once warm, callers that find them busy, exceptions and products inside a chunk. On one processor
/// there are no workers and everything runs on the caller; the tests still pass, without showing much.
/// </summary>
[Collection(nameof(GemmWorkersTests))]
public sealed class GemmWorkersTests
{
    private static readonly TimeSpan s_deadlock = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The products of a training step of a 784-64 dense layer on a batch of 256 (forward X·W, then Xᵀ·dY and
    /// dY·Wᵀ; 12.8 million multiply-adds each), on two threads: once warm, nothing allocated on the caller, nor over
    /// 20 forward products on the caller and the helper. The helper's count is read by jobs that run a chunk on it.
    /// (The process-wide <see cref="GC.GetTotalAllocatedBytes(bool)"/> cannot say 0 here: the test host allocates
    /// some 1.4 KB a second on its own threads, while these tests sleep too.)
    /// </summary>
    [Fact]
    public void A_warm_parallel_training_step_allocates_nothing()
    {
        const int batch = 256, inputs = 784, outputs = 64;
        double[] x = Values<double>(batch * inputs, 1), w = Values<double>(inputs * outputs, 2), y = new double[batch * outputs];
        double[] dy = Values<double>(batch * outputs, 3), dw = new double[inputs * outputs], dx = new double[batch * inputs];
        float[] xf = Values<float>(batch * inputs, 4), wf = Values<float>(inputs * outputs, 5), yf = new float[batch * outputs];
        void Step()
        {
            Gemm(false, false, batch, outputs, inputs, x, w, y, 0);
            Gemm(true, false, inputs, outputs, batch, x, dy, dw, 1);
            Gemm(false, true, batch, inputs, outputs, dy, w, dx, 0);
            Gemm(false, false, batch, outputs, inputs, xf, wf, yf, 0);
        }

        for (int i = 0; i < 3; i++)
        {
            Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        int caller = Environment.CurrentManagedThreadId;
        var threads = new int[2][];
        var bytes = new long[2][];
        TogetherJob[] probes = Enumerable.Range(0, 2).Select(probe =>
        {
            threads[probe] = new int[2];
            bytes[probe] = new long[2];
            return new TogetherJob(chunk =>
            {
                bytes[probe][chunk] = GC.GetAllocatedBytesForCurrentThread();
                threads[probe][chunk] = Environment.CurrentManagedThreadId;
            });
        }).ToArray();

        bool helped = GemmWorkers.TryEnter();
        if (helped)
        {
            GemmWorkers.RunAndExit(probes[0], 2);
        }

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Gemm(false, false, batch, outputs, inputs, x, w, y, 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        if (!helped || !GemmWorkers.TryEnter())
        {
            Assert.Equal(1, Environment.ProcessorCount);
            return;
        }

        GemmWorkers.RunAndExit(probes[1], 2);
        long Helper(int probe) => bytes[probe][threads[probe][0] == caller ? 1 : 0];
        Assert.Equal(threads[0].Single(thread => thread != caller), threads[1].Single(thread => thread != caller));
        Assert.Equal(0, Helper(1) - Helper(0));
    }

    /// <summary>
    /// Four threads at once, each running products on two threads: one at a time gets the workers, the others run
    /// theirs alone, and every result is the single-threaded one to the bit.
    /// </summary>
    [Fact]
    public async Task Concurrent_callers_all_get_the_single_threaded_result()
    {
        (int M, int N, int K)[] shapes = [(97, 131, 67), (200, 17, 129), (13, 1001, 3), (64, 64, 300)];
        var expected = new double[4][][];
        for (int caller = 0; caller < 4; caller++)
        {
            expected[caller] = shapes.Select((shape, at) => Product<double>(caller, shape.M, shape.N, shape.K, at, threads: 1)).ToArray();
        }

        Task[] callers = Enumerable.Range(0, 4).Select(caller => Task.Factory.StartNew(() =>
        {
            for (int round = 0; round < 10; round++)
            {
                for (int at = 0; at < shapes.Length; at++)
                {
                    Assert.Equal(expected[caller][at], Product<double>(caller, shapes[at].M, shapes[at].N, shapes[at].K, at, threads: 2));
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(callers).WaitAsync(s_deadlock);
    }

    /// <summary>
    /// A chunk that throws on a helper thread: the exception, with its stack, reaches the caller once the caller's
    /// own chunk has ended, and the workers serve the next product.
    /// </summary>
    [Fact]
    public void An_exception_on_a_helper_thread_is_rethrown_on_the_caller()
    {
        int caller = Environment.CurrentManagedThreadId;
        var job = new TogetherJob(_ =>
        {
            if (Environment.CurrentManagedThreadId != caller)
            {
                throw new InvalidOperationException("from a helper");
            }
        });
        if (!GemmWorkers.TryEnter())
        {
            Assert.Equal(1, Environment.ProcessorCount);
            return;
        }

        var error = Assert.Throws<InvalidOperationException>(() => GemmWorkers.RunAndExit(job, 2));
        Assert.Equal("from a helper", error.Message);
        Assert.Contains(nameof(TogetherJob.RunChunk), error.StackTrace, StringComparison.Ordinal);
        Assert.Equal(2, job.Ended);
        Assert.Equal(Product<double>(0, 97, 131, 67, 0, threads: 1), Product<double>(0, 97, 131, 67, 0, threads: 2));
    }

    /// <summary>
    /// The caller interrupted (<see cref="Thread.Interrupt"/>) while a helper still runs a chunk: the workers wait
    /// for the helper anyway (it may be writing to memory the caller pinned), and the interrupt comes after.
    /// </summary>
    [Fact]
    public async Task An_interrupted_caller_still_waits_for_the_helpers()
    {
        var run = Task.Factory.StartNew(() =>
        {
            int caller = Environment.CurrentManagedThreadId;
            bool helperEnded = false;
            var job = new TogetherJob(_ =>
            {
                if (Environment.CurrentManagedThreadId == caller)
                {
                    Thread.CurrentThread.Interrupt();
                }
                else
                {
                    long start = Stopwatch.GetTimestamp();
                    SpinWait.SpinUntil(() => Stopwatch.GetElapsedTime(start) > TimeSpan.FromMilliseconds(300));
                    Volatile.Write(ref helperEnded, true);
                }
            });
            if (!GemmWorkers.TryEnter())
            {
                return Environment.ProcessorCount == 1;
            }

            GemmWorkers.RunAndExit(job, 2);
            bool ended = Volatile.Read(ref helperEnded);
            Assert.Throws<ThreadInterruptedException>(() => Thread.Sleep(1));
            return ended;
        }, TaskCreationOptions.LongRunning);
        Assert.True(await run.WaitAsync(s_deadlock));
    }

    /// <summary>
    /// Products called from inside the chunks of a job, one on the caller and one on a helper, with the workers held
    /// by that job: each runs on its own thread, with the single-threaded result, and nothing waits for the workers.
    /// (A product's own chunks call no user code, so this is the one way to nest.)
    /// </summary>
    [Fact]
    public async Task A_product_inside_a_chunk_runs_on_its_thread_without_deadlock()
    {
        float[] expected = Product<float>(1, 70, 50, 300, 0, threads: 1);
        var inner = new ConcurrentQueue<(int Thread, float[] C)>();
        var job = new TogetherJob(_ => inner.Enqueue((Environment.CurrentManagedThreadId, Product<float>(1, 70, 50, 300, 0, threads: 2))));
        int caller = 0;
        var run = Task.Factory.StartNew(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            if (!GemmWorkers.TryEnter())
            {
                return false;
            }

            GemmWorkers.RunAndExit(job, 2);
            return true;
        }, TaskCreationOptions.LongRunning);
        if (!await run.WaitAsync(s_deadlock))
        {
            Assert.Equal(1, Environment.ProcessorCount);
            return;
        }

        Assert.Equal(2, inner.Count);
        Assert.All(inner, product => Assert.Equal(expected, product.C));
        Assert.Contains(inner, product => product.Thread == caller);
        Assert.Contains(inner, product => product.Thread != caller);
    }

    /// <summary>
    /// Two chunks that wait for each other to start before running <paramref name="body"/> (given the chunk), so
    /// that one runs on the caller and one on a helper (after a minute without the other, a chunk goes on alone).
    /// The wait allocates nothing.
    /// </summary>
    private sealed class TogetherJob(Action<int> body) : GemmWorkers.Job
    {
        private int _started;
        private int _ended;

        public int Ended => Volatile.Read(ref _ended);

        public override void RunChunk(int chunk)
        {
            Interlocked.Increment(ref _started);
            long start = Stopwatch.GetTimestamp();
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _started) < 2 && Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(1))
            {
                spinner.SpinOnce();
            }

            try
            {
                body(chunk);
            }
            finally
            {
                Interlocked.Increment(ref _ended);
            }
        }
    }

    private static void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T[] a, T[] b, T[] c, double beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        LinearAlgebra.Gemm<T>(transposeA, transposeB, m, n, k, T.One, a, transposeA ? m : k, b, transposeB ? k : n,
            T.CreateTruncating(beta), c, n, 2, LinearAlgebra.ParallelThreshold);

    /// <summary>One of the test products, C = -0.5·op(A)·op(B) + 2·C, with the transposes given by <paramref name="transposes"/>' two low bits.</summary>
    private static T[] Product<T>(int transposes, int m, int n, int k, int seed, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool transposeA = (transposes & 1) != 0, transposeB = (transposes & 2) != 0;
        T[] a = Values<T>(m * k, seed), b = Values<T>(k * n, seed + 1), c = Values<T>(m * n, seed + 2);
        LinearAlgebra.Gemm<T>(transposeA, transposeB, m, n, k, T.CreateTruncating(-0.5), a, transposeA ? m : k, b, transposeB ? k : n,
            T.CreateTruncating(2), c, n, threads, 0);
        return c;
    }

    /// <summary>Values in [-1, 1) from a seeded generator.</summary>
    private static T[] Values<T>(int count, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => T.CreateTruncating((random.NextDouble() * 2) - 1)).ToArray();
    }
}
