using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Waiting: a 429's Retry-After (all requests hold back meanwhile), the connection's pace, the back-off after a transient
    /// failure; every wait reported through the channel and cut short by the caller's stop.
    /// </summary>
    internal sealed partial class PartnerCenterClient
    {
        /// <summary>Waits out a 429: Retry-After (capped), doubled for each repeat of the same request; all requests hold back meanwhile.</summary>
        private TimeSpan Throttle(TimeSpan? retryAfter, int repeat, HttpMethod method, string path, CancellationToken cancellation)
        {
            var asked = retryAfter ?? _options.DefaultRetryAfter;
            if (asked < TimeSpan.Zero)
            {
                asked = TimeSpan.Zero;
            }
            double factor = Math.Pow(2, Math.Min(repeat - 1, 16));
            var wait = TimeSpan.FromTicks((long)Math.Min(_options.MaxRetryAfter.Ticks, asked.Ticks * factor));
            long until = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
            long current;
            while ((current = Interlocked.Read(ref _notBeforeTicks)) < until && Interlocked.CompareExchange(ref _notBeforeTicks, until, current) != current)
            {
            }
            Channel.Report(new BackendStatusUpdate(
                $"Partner Center is throttling requests (429 on {method} {path}); waiting {wait.TotalSeconds:0.#} s before retrying (attempt {repeat + 1} of {_options.MaxThrottleRetries + 1}).",
                wait));
            try
            {
                Sleep(wait, cancellation);
            }
            catch (OperationCanceledException)
            {
                // The user stopped waiting: the next command may try at once (Partner Center answers 429 again if it must).
                Interlocked.CompareExchange(ref _notBeforeTicks, 0, until);
                throw;
            }
            Channel.Report(new BackendStatusUpdate("Partner Center: retrying.", null, resumed: true));
            return wait;
        }

        /// <summary>Waits for this request's turn in the connection's pace; says so when the wait is long enough to notice.</summary>
        private void WaitForTurn(HttpMethod method, string path, CancellationToken cancellation)
        {
            TimeSpan wait;
            while (!_pace.TryReserve(RequestLane.IsBackground, out wait))
            {
                Sleep(wait, cancellation); // a bulk worker lets the command's own reads go first
            }
            if (wait <= TimeSpan.Zero)
            {
                return;
            }
            bool tell = wait >= TimeSpan.FromSeconds(1);
            if (tell)
            {
                Channel.Report(new BackendStatusUpdate(
                    $"Pacing requests at {_pace.RequestsPerMinute:0} a minute to stay within Partner Center's limit; {method} {path} waits {wait.TotalSeconds:0.#} s.", wait));
            }
            Sleep(wait, cancellation);
            if (tell)
            {
                Channel.Report(new BackendStatusUpdate("Partner Center: sending.", null, resumed: true));
            }
        }

        private TimeSpan Backoff(int attempt, string what, CancellationToken cancellation)
        {
            var wait = TimeSpan.FromTicks(_options.TransientBackoff.Ticks * (1L << Math.Min(attempt - 1, 10)));
            Channel.Report(new BackendStatusUpdate(
                $"{what}; retrying in {wait.TotalSeconds:0.#} s (retry {attempt} of {_options.MaxTransientRetries}).", wait));
            Sleep(wait, cancellation);
            Channel.Report(new BackendStatusUpdate("Partner Center: retrying.", null, resumed: true));
            return wait;
        }

        private void WaitForThrottleWindow(CancellationToken cancellation)
        {
            long remaining = Interlocked.Read(ref _notBeforeTicks) - Stopwatch.GetTimestamp();
            if (remaining > 0)
            {
                var wait = TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency);
                bool tell = wait >= TimeSpan.FromSeconds(1);
                if (tell)
                {
                    Channel.Report(new BackendStatusUpdate($"Partner Center asked to slow down; waiting {wait.TotalSeconds:0.#} s before the next request.", wait));
                }
                Sleep(wait, cancellation);
                if (tell)
                {
                    Channel.Report(new BackendStatusUpdate("Partner Center: retrying.", null, resumed: true));
                }
            }
        }

        /// <summary>Waits, returning early only by throwing <see cref="OperationCanceledException"/> when the caller stops.</summary>
        public static void Sleep(TimeSpan wait, CancellationToken cancellation)
        {
            if (wait <= TimeSpan.Zero)
            {
                cancellation.ThrowIfCancellationRequested();
                return;
            }
            if (cancellation.WaitHandle.WaitOne(wait))
            {
                throw new OperationCanceledException(cancellation);
            }
        }
    }
}
