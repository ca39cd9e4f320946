using System;

namespace CspUpgrade
{
    /// <summary>
    /// A backend whose calls go over the network (Partner Center): they can be slow, they can be throttled, and they are
    /// safe to make from several threads at once, so bulk commands may run them with bounded concurrency.
    /// </summary>
    public interface IRemoteBackend : ICspBackend
    {
    }

    /// <summary>Something the user should hear about while a backend call waits (throttling, polling a long operation).</summary>
    public sealed class BackendStatusUpdate
    {
        public BackendStatusUpdate(string message, TimeSpan? wait = null, bool resumed = false, bool warning = false)
        {
            Message = message;
            Wait = wait;
            Resumed = resumed;
            IsWarning = warning;
        }

        /// <summary>Something the user must know about the outcome (written as a warning, not as progress).</summary>
        public bool IsWarning { get; }

        public string Message { get; }

        /// <summary>How long the call is about to wait, when it waits.</summary>
        public TimeSpan? Wait { get; }

        /// <summary>The wait announced earlier is over.</summary>
        public bool Resumed { get; }

        public override string ToString() => Message;
    }

    /// <summary>
    /// Where a backend call reports waits: a per-thread sink the caller installs around its calls (a cmdlet turns the updates
    /// into verbose lines and progress). Calls made without a sink report nothing.
    /// </summary>
    public static class BackendStatus
    {
        [ThreadStatic]
        private static Action<BackendStatusUpdate>? t_sink;

        /// <summary>Installs <paramref name="sink"/> for calls on this thread until the result is disposed.</summary>
        public static IDisposable Use(Action<BackendStatusUpdate>? sink)
        {
            var previous = t_sink;
            t_sink = sink;
            return new Restore(previous);
        }

        public static void Report(BackendStatusUpdate update) => t_sink?.Invoke(update);

        private sealed class Restore : IDisposable
        {
            private readonly Action<BackendStatusUpdate>? _previous;
            private bool _done;

            public Restore(Action<BackendStatusUpdate>? previous) => _previous = previous;

            public void Dispose()
            {
                if (!_done)
                {
                    _done = true;
                    t_sink = _previous;
                }
            }
        }
    }
}
