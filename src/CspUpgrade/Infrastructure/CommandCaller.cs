using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// A running command as a remote backend sees it (attached to the connection's <see cref="BackendChannel"/>). What the
    /// backend reports from the pipeline thread is written at once; from a worker thread it is queued, and so is work that
    /// must run on the pipeline thread (a -TokenProvider script, the device-code prompt), until the command drains the
    /// queue (<see cref="Drain"/>) between items and while it waits. Waits become verbose lines and one progress record,
    /// outcomes the user must know become warnings. This is PSResourceGet's pattern: worker code never writes to the host.
    /// </summary>
    internal sealed class CommandCaller : IBackendCaller
    {
        private readonly Cmdlet _cmdlet;
        private readonly int _pipelineThread = Thread.CurrentThread.ManagedThreadId;
        private readonly ConcurrentQueue<BackendStatusUpdate> _status = new ConcurrentQueue<BackendStatusUpdate>();
        private readonly ConcurrentQueue<Action> _work = new ConcurrentQueue<Action>();
        private readonly AutoResetEvent _pending = new AutoResetEvent(false);
        private ProgressRecord? _progress;

        /// <summary>Made on the pipeline thread (the first time the command uses a remote backend).</summary>
        public CommandCaller(Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>Signalled when a worker queued work or an update (the pipeline thread may wait on it).</summary>
        public WaitHandle Pending => _pending;

        public bool OnPipelineThread => Thread.CurrentThread.ManagedThreadId == _pipelineThread;

        /// <summary>
        /// True while one of the command's own steps (Begin, Process, End) runs. PowerShell lets a command write only then:
        /// in a pipeline, another CspUpgrade command's call may report while this one waits for input, and that report waits
        /// in the queue too.
        /// </summary>
        public bool InStep { get; set; }

        public void Report(BackendStatusUpdate value)
        {
            if (!OnPipelineThread || !InStep)
            {
                _status.Enqueue(value);
                _pending.Set();
                return;
            }
            Write(value);
        }

        /// <summary>Runs <paramref name="work"/> on the pipeline thread (at once when called there) and returns its result.</summary>
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
            _work.Enqueue(() =>
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

        public void RunQueuedWork()
        {
            if (!OnPipelineThread)
            {
                return;
            }
            while (_work.TryDequeue(out var work))
            {
                work();
            }
        }

        /// <summary>Runs the queued work and writes the queued updates; on the pipeline thread only.</summary>
        public void Drain()
        {
            RunQueuedWork();
            while (_status.TryDequeue(out var update))
            {
                Write(update);
            }
        }

        private void Write(BackendStatusUpdate update)
        {
            if (update.Resumed)
            {
                if (_progress != null)
                {
                    _progress.RecordType = ProgressRecordType.Completed;
                    _cmdlet.WriteProgress(_progress);
                    _progress = null;
                }
                return;
            }
            if (update.IsWarning)
            {
                _cmdlet.WriteWarning(update.Message);
                return;
            }
            _cmdlet.WriteVerbose(update.Message);
            _progress ??= new ProgressRecord(0x5043, "Partner Center", update.Message);
            _progress.RecordType = ProgressRecordType.Processing;
            _progress.StatusDescription = update.Message;
            _progress.SecondsRemaining = update.Wait is TimeSpan wait ? (int)Math.Ceiling(wait.TotalSeconds) : -1;
            _cmdlet.WriteProgress(_progress);
        }
    }
}
