using System;
using System.Diagnostics;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// One pace for every request of a connection (SPEC 1.8): a token bucket refilled at the requests-per-minute rate, holding
    /// a twentieth of a minute's requests (3 s), so a long run stays under Partner Center's limit instead of provoking 429s. The
    /// bucket is kept smaller than what the service is assumed to let through at once (a tenth of a minute, as the tests' fake
    /// does): at the same rate, the difference absorbs requests that arrive closer together than they were sent. A 429 slows the
    /// pace (a quarter slower each time, down to an eighth of the rate); a minute without one restores it.
    /// <para>
    /// Two lanes share the one pace. A request from the command's own thread (reading the next customer's subscriptions
    /// to feed a bulk check) reserves its turn at once, behind at most <see cref="BackgroundHorizon"/> turns; a request
    /// from a bulk worker (<see cref="RequestLane.Background"/>) reserves only while no more than that many turns are
    /// already promised, and otherwise waits outside the pace and tries again. Without the lanes a dozen workers keep a
    /// dozen turns promised ahead, and every read that feeds them waits behind all of them: the feed, not the budget,
    /// becomes the limit.
    /// </para>
    /// </summary>
    /// <remarks>
    /// Not System.Threading.RateLimiting's TokenBucketRateLimiter, although its package targets netstandard2.0: it would add
    /// three assemblies (with Microsoft.Bcl.AsyncInterfaces and System.Threading.Tasks.Extensions) to ship and load in Windows
    /// PowerShell's single AppDomain, beside other modules' versions of them; its rate is fixed at construction, so slowing down
    /// after a 429 means replacing the limiter and failing the requests queued on it; and its waits are asynchronous while this
    /// client waits on the calling thread (where the caller's cancellation and status reporting live). The bucket is a few lines.
    /// </remarks>
    internal sealed class RequestPace
    {
        private readonly object _lock = new object();
        private readonly double _perMinute;
        private readonly double _capacity;
        private double _rate; // requests per second now
        private double _tokens;
        private long _last;
        private long _slowedAt;
        private readonly Func<long> _now;
        private readonly long _frequency;

        /// <summary>How many turns ahead a background request may reserve (the most a foreground request waits behind).</summary>
        public const double BackgroundHorizon = 1;

        public RequestPace(int requestsPerMinute)
            : this(requestsPerMinute, Stopwatch.GetTimestamp, Stopwatch.Frequency)
        {
        }

        /// <summary>A pace on another clock (tests): <paramref name="now"/> in units of <paramref name="frequency"/> a second.</summary>
        internal RequestPace(int requestsPerMinute, Func<long> now, long frequency)
        {
            _now = now;
            _frequency = frequency;
            if (requestsPerMinute < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), requestsPerMinute, "At least one request a minute.");
            }
            _perMinute = requestsPerMinute;
            _rate = requestsPerMinute / 60.0;
            _capacity = Math.Max(1, Math.Floor(requestsPerMinute / 20.0));
            _tokens = _capacity;
            _last = _now();
        }

        /// <summary>The pace now, in requests per minute.</summary>
        public double RequestsPerMinute
        {
            get
            {
                lock (_lock)
                {
                    return _rate * 60;
                }
            }
        }

        /// <summary>Takes one request's turn: returns at once while the bucket holds one, else how long the caller must wait for its turn (already reserved).</summary>
        public TimeSpan Reserve()
        {
            TryReserve(background: false, out var wait);
            return wait;
        }

        /// <summary>
        /// Takes one request's turn in its lane. True: reserved, send after <paramref name="wait"/>. False (background only,
        /// more than <see cref="BackgroundHorizon"/> turns already promised): nothing reserved; try again after <paramref name="wait"/>.
        /// </summary>
        public bool TryReserve(bool background, out TimeSpan wait)
        {
            lock (_lock)
            {
                long now = _now();
                if (_slowedAt != 0 && now - _slowedAt > 60 * _frequency)
                {
                    _rate = _perMinute / 60.0; // a minute without a 429: back to the pace asked for
                    _slowedAt = 0;
                }
                _tokens = Math.Min(_capacity, _tokens + (now - _last) / (double)_frequency * _rate);
                _last = now;
                if (background && _tokens - 1 < -BackgroundHorizon)
                {
                    // Come back when only the horizon's turns are promised (a little later, so the foreground's turn goes first).
                    wait = TimeSpan.FromSeconds((-BackgroundHorizon + 1 - _tokens) / _rate);
                    return false;
                }
                _tokens -= 1;
                wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
                return true;
            }
        }

        /// <summary>Partner Center answered 429: a quarter slower (down to an eighth of the pace asked for), and the bucket emptied.</summary>
        public void Slow()
        {
            lock (_lock)
            {
                _rate = Math.Max(_perMinute / 60.0 / 8, _rate * 0.75);
                _tokens = Math.Min(_tokens, 0);
                _slowedAt = _now();
            }
        }
    }

    /// <summary>
    /// Which lane of the <see cref="RequestPace"/> the current thread's requests take: a bulk worker marks its work
    /// <see cref="Background"/>, so the reads on the command's own thread that feed the workers are not starved by them.
    /// </summary>
    internal static class RequestLane
    {
        [ThreadStatic]
        private static bool t_background;

        public static bool IsBackground => t_background;

        /// <summary>Requests made on this thread until the scope is disposed go in the background lane.</summary>
        public static IDisposable Background()
        {
            bool was = t_background;
            t_background = true;
            return new Scope(was);
        }

        private sealed class Scope : IDisposable
        {
            private readonly bool _was;

            public Scope(bool was) => _was = was;

            public void Dispose() => t_background = _was;
        }
    }
}
