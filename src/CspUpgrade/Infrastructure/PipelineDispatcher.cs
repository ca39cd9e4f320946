using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// Runs work that needs PowerShell (a -TokenProvider script, the device-code prompt) on a cmdlet's pipeline thread: a
    /// worker thread queues it and waits; the pipeline thread runs it whenever it drains its queues (CspCmdlet.WriteQueuedStatus).
    /// Calls on the pipeline thread itself run at once. The dispatcher of the cmdlet calling the backend is installed per
    /// thread (<see cref="Use"/>), so the session's token source always asks the command that is running now.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        [ThreadStatic]
        private static PipelineDispatcher? t_current;

        private readonly ConcurrentQueue<Action> _queue = new ConcurrentQueue<Action>();
        private readonly AutoResetEvent _pending = new AutoResetEvent(false);
        private readonly int _pipelineThread = Thread.CurrentThread.ManagedThreadId;

        /// <summary>Created on the pipeline thread.</summary>
        public PipelineDispatcher()
        {
        }

        /// <summary>The dispatcher installed on this thread, if any.</summary>
        public static PipelineDispatcher? Current => t_current;

        /// <summary>Signalled when work is queued (the pipeline thread may wait on it).</summary>
        public WaitHandle Pending => _pending;

        public bool OnPipelineThread => Thread.CurrentThread.ManagedThreadId == _pipelineThread;

        /// <summary>Installs <paramref name="dispatcher"/> for this thread until the result is disposed.</summary>
        public static IDisposable Use(PipelineDispatcher? dispatcher)
        {
            var previous = t_current;
            t_current = dispatcher;
            return new Restore(previous);
        }

        /// <summary>Runs <paramref name="work"/> on the pipeline thread and returns its result (or throws its exception).</summary>
        public T Invoke<T>(Func<T> work, CancellationToken cancellation)
        {
            if (OnPipelineThread)
            {
                return work();
            }
            T result = default!;
            ExceptionDispatchInfo? error = null;
            using var done = new ManualResetEventSlim(false);
            int state = 0; // 0 queued, 1 running or done, 2 abandoned
            _queue.Enqueue(() =>
            {
                if (Interlocked.CompareExchange(ref state, 1, 0) != 0)
                {
                    return;
                }
                try
                {
                    result = work();
                }
                catch (Exception ex)
                {
                    error = ExceptionDispatchInfo.Capture(ex);
                }
                done.Set();
            });
            _pending.Set();
            try
            {
                done.Wait(cancellation);
            }
            catch (OperationCanceledException) when (Interlocked.CompareExchange(ref state, 2, 0) != 0)
            {
                done.Wait(); // already running on the pipeline thread: let it finish (it sees the same stop)
            }
            error?.Throw();
            return result;
        }

        /// <summary>Runs the queued work; on the pipeline thread only.</summary>
        public void RunPending()
        {
            while (_queue.TryDequeue(out var work))
            {
                work();
            }
        }

        private sealed class Restore : IDisposable
        {
            private readonly PipelineDispatcher? _previous;
            private bool _done;

            public Restore(PipelineDispatcher? previous) => _previous = previous;

            public void Dispose()
            {
                if (!_done)
                {
                    _done = true;
                    t_current = _previous;
                }
            }
        }
    }
}
