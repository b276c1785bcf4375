using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace AutoDiffGen;

/// <summary>
/// The threads a parallel GEMM runs on: up to <see cref="Environment.ProcessorCount"/> − 1 background helpers,
/// started on first use and then kept, each asleep on its own semaphore between products, and the calling thread,
/// which runs chunks too. One job runs at a time: <see cref="TryEnter"/> takes the pool, or says that someone has
/// it (another thread, or this one from inside a chunk), and the caller then does its work alone. Nothing waits for
/// the pool, so a product can neither deadlock on it nor nest in it. Once the helpers exist, a job allocates nothing:
/// the job object is the caller's to reuse, chunks are handed out by an atomic counter, and the semaphores wait
/// without allocating.
/// </summary>
internal static class GemmWorkers
{
    /// <summary>Work cut into independent chunks numbered from 0, which any thread may run in any order.</summary>
    internal abstract class Job
    {
        public abstract void RunChunk(int chunk);
    }

    /// <summary>The helpers started so far, in order; at most one per processor besides the caller.</summary>
    private static readonly Worker[] s_workers = new Worker[Environment.ProcessorCount - 1];

    /// <summary>Released once by the last helper to finish a job.</summary>
    private static readonly SemaphoreSlim s_finished = new(0);

    private static int s_started;

    /// <summary>1 while a job owns the pool, from <see cref="TryEnter"/> to the end of <see cref="RunAndExit"/>.</summary>
    private static int s_busy;

    private static Job? s_job;
    private static int s_chunks;

    /// <summary>The number of chunks handed out: <see cref="Interlocked.Increment(ref int)"/> returns one past the chunk to run.</summary>
    private static int s_next;

    /// <summary>The helpers of the current job that have not finished yet.</summary>
    private static int s_running;

    private static ExceptionDispatchInfo? s_error;

    /// <summary>
    /// Takes the pool for one job: false when another job has it (on this thread or another), or when there is
    /// a single processor and so no helper. After true, the caller must call <see cref="RunAndExit"/>.
    /// </summary>
    public static bool TryEnter() => s_workers.Length > 0 && Interlocked.CompareExchange(ref s_busy, 1, 0) == 0;

    /// <summary>
    /// Runs chunks 0 .. <paramref name="chunks"/> − 1 of <paramref name="job"/> on the calling thread and on up to
    /// <paramref name="chunks"/> − 1 helpers, returns when every chunk has ended (so memory the caller pinned for the
    /// job may be unpinned after), and gives the pool up. An exception in a chunk stops the handing out of chunks not
    /// yet started, and the first one is rethrown here once the others have ended.
    /// </summary>
    public static void RunAndExit(Job job, int chunks)
    {
        ExceptionDispatchInfo? error;
        try
        {
            int helpers = Math.Min(chunks - 1, s_workers.Length);
            Start(helpers);
            s_job = job;
            s_chunks = chunks;
            s_next = 0;
            s_running = helpers;
            for (int i = 0; i < helpers; i++)
            {
                s_workers[i].Wake();
            }

            RunChunks();
            WaitForHelpers();
        }
        finally
        {
            error = s_error;
            s_error = null;
            s_job = null;
            Volatile.Write(ref s_busy, 0);
        }

        error?.Throw();
    }

    /// <summary>
    /// Waits for the one release the last helper makes (spinning a little before it blocks). Not even
    /// <see cref="Thread.Interrupt"/> cuts the wait short, since the helpers may still be writing to the caller's
    /// pinned memory: the interrupt is raised again once they are done, at the caller's next blocking wait.
    /// </summary>
    private static void WaitForHelpers()
    {
        bool interrupted = false;
        while (true)
        {
            try
            {
                s_finished.Wait();
                break;
            }
            catch (ThreadInterruptedException)
            {
                interrupted = true;
            }
        }

        if (interrupted)
        {
            Thread.CurrentThread.Interrupt();
        }
    }

    /// <summary>Starts the helpers up to the <paramref name="count"/> first (the pool is held, so no other thread does).</summary>
    private static void Start(int count)
    {
        for (; s_started < count; s_started++)
        {
            s_workers[s_started] = new Worker(s_started + 1);
        }
    }

    /// <summary>Runs chunks of the current job until none is left to hand out.</summary>
    private static void RunChunks()
    {
        Job job = s_job!;
        int chunks = s_chunks;
        for (int chunk = Interlocked.Increment(ref s_next) - 1; chunk < chunks; chunk = Interlocked.Increment(ref s_next) - 1)
        {
            try
            {
                job.RunChunk(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_error, ExceptionDispatchInfo.Capture(e), null);
                Volatile.Write(ref s_next, chunks);
            }
        }
    }

    /// <summary>A helper thread: asleep on its semaphore until a job needs it, then runs chunks with the others.</summary>
    private sealed class Worker
    {
        private readonly SemaphoreSlim _wake = new(0);

        /// <summary>Starts the thread without the caller's execution context: the helper outlives whatever called first.</summary>
        public Worker(int number) =>
            new Thread(Loop) { IsBackground = true, Name = $"AutoDiffGen GEMM worker {number}" }.UnsafeStart();

        public void Wake() => _wake.Release();

        private void Loop()
        {
            while (true)
            {
                // The release in RunAndExit publishes the job; the decrement publishes this helper's writes to C.
                _wake.Wait();
                RunChunks();
                if (Interlocked.Decrement(ref s_running) == 0)
                {
                    s_finished.Release();
                }
            }
        }
    }
}
