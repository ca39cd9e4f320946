using System;

namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// A backend whose calls go over the network (Partner Center): they can be slow, they can be throttled, and they are
    /// safe to make from several threads at once, so bulk commands may run them with bounded concurrency.
    /// </summary>
    internal interface IRemoteBackend : ICspBackend
    {
        /// <summary>Where the backend's calls report waits and ask for work on the running command's thread (<see cref="BackendChannel"/>).</summary>
        BackendChannel Channel { get; }
    }

    /// <summary>Something the user should hear about while a backend call waits (throttling, polling a long operation).</summary>
    internal sealed class BackendStatusUpdate
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
}
