using System;
using System.Diagnostics;
using System.Threading;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>
    /// One pace for every request of a connection (SPEC 1.8): a token bucket refilled at the requests-per-minute rate, holding
    /// a twentieth of a minute's requests (3 s), so a long run stays under Partner Center's limit instead of provoking 429s. The
    /// bucket is kept smaller than what the service is assumed to let through at once (a tenth of a minute, as the tests' fake
    /// does): at the same rate, the difference absorbs requests that arrive closer together than they were sent. A 429 slows the
    /// pace (a quarter slower each time, down to an eighth of the rate); a minute without one restores it.
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

        public RequestPace(int requestsPerMinute)
        {
            if (requestsPerMinute < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), requestsPerMinute, "At least one request a minute.");
            }
            _perMinute = requestsPerMinute;
            _rate = requestsPerMinute / 60.0;
            _capacity = Math.Max(1, Math.Floor(requestsPerMinute / 20.0));
            _tokens = _capacity;
            _last = Stopwatch.GetTimestamp();
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
            lock (_lock)
            {
                long now = Stopwatch.GetTimestamp();
                if (_slowedAt != 0 && now - _slowedAt > 60 * Stopwatch.Frequency)
                {
                    _rate = _perMinute / 60.0; // a minute without a 429: back to the pace asked for
                    _slowedAt = 0;
                }
                _tokens = Math.Min(_capacity, _tokens + (now - _last) / (double)Stopwatch.Frequency * _rate);
                _last = now;
                _tokens -= 1;
                return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
            }
        }

        /// <summary>Partner Center answered 429: a quarter slower (down to an eighth of the pace asked for), and the bucket emptied.</summary>
        public void Slow()
        {
            lock (_lock)
            {
                _rate = Math.Max(_perMinute / 60.0 / 8, _rate * 0.75);
                _tokens = Math.Min(_tokens, 0);
                _slowedAt = Stopwatch.GetTimestamp();
            }
        }
    }
}
