using System;
using System.Collections.Generic;
using System.Threading;

namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// The running command, as a remote backend's calls see it: it hears what the user should know while a call waits
    /// (throttling, polling, a token refresh) from any thread, and runs work that must run on its own thread (a PowerShell
    /// token script, a sign-in prompt), blocking the asking thread until it has.
    /// </summary>
    internal interface IBackendCaller : IProgress<BackendStatusUpdate>
    {
        /// <summary>Runs <paramref name="work"/> on the caller's thread and returns its result (or throws its exception).</summary>
        T Invoke<T>(Func<T> work, CancellationToken cancellation);

        /// <summary>
        /// Runs the work other threads queued for the caller's thread, when called on that thread (elsewhere it does nothing):
        /// engine code that waits on the caller's thread for workers calls it, so a worker that needs a token script does not
        /// wait for a thread that is waiting for it.
        /// </summary>
        void RunQueuedWork();
    }

    /// <summary>
    /// One per connection: the parts of a remote backend (client, token source, writes) are given it when they are made and
    /// report through it; a command attaches itself (<see cref="Attach"/>) for as long as it runs, so what the backend says
    /// reaches that command's queue whatever thread the call runs on. Nothing is per thread or ambient: with no command
    /// attached (tab completion, tests) reports go nowhere and work runs where it is asked.
    /// </summary>
    internal sealed class BackendChannel
    {
        private readonly object _gate = new object();
        private readonly List<IBackendCaller> _callers = new List<IBackendCaller>();

        /// <summary>The command attached last (in a pipeline of several CspUpgrade commands, the one nearest its end); null when none is.</summary>
        public IBackendCaller? Caller
        {
            get
            {
                lock (_gate)
                {
                    return _callers.Count == 0 ? null : _callers[_callers.Count - 1];
                }
            }
        }

        /// <summary>Attaches <paramref name="caller"/> until the result is disposed (in any order: each detaches itself).</summary>
        public IDisposable Attach(IBackendCaller caller)
        {
            if (caller is null)
            {
                throw new ArgumentNullException(nameof(caller));
            }
            lock (_gate)
            {
                _callers.Add(caller);
            }
            return new Detach(this, caller);
        }

        /// <summary>Tells the attached command; safe from any thread.</summary>
        public void Report(BackendStatusUpdate update) => Caller?.Report(update);

        /// <summary>While waiting for workers: runs what they queued for the attached command's thread, when this is that thread.</summary>
        public void RunCallerWork() => Caller?.RunQueuedWork();

        private sealed class Detach : IDisposable
        {
            private readonly BackendChannel _channel;
            private IBackendCaller? _caller;

            public Detach(BackendChannel channel, IBackendCaller caller)
            {
                _channel = channel;
                _caller = caller;
            }

            public void Dispose()
            {
                var caller = Interlocked.Exchange(ref _caller, null);
                if (caller != null)
                {
                    lock (_channel._gate)
                    {
                        _channel._callers.Remove(caller);
                    }
                }
            }
        }
    }
}
