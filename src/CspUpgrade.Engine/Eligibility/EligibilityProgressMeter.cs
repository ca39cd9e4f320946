using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// Turns counts into an <see cref="EligibilityProgress"/>: the rate is measured over the last <see cref="Window"/> (over the
    /// whole run while it is younger), so a run that slows down (throttling, a slower part of the tenant) shows it within a
    /// minute; the time left is (total - done) / rate, given once the total is known. The clock is injectable for tests.
    /// </summary>
    internal sealed class EligibilityProgressMeter
    {
        /// <summary>The rate is measured over this long.</summary>
        public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

        /// <summary>No rate is given before this much time or this many items: the first answers say nothing about the pace.</summary>
        public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

        private readonly Func<TimeSpan> _clock;
        private readonly Queue<(TimeSpan At, int Done)> _samples = new Queue<(TimeSpan At, int Done)>();
        private int? _total;
        private TimeSpan _lastSampled;
        private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

        public EligibilityProgressMeter(Func<TimeSpan>? clock = null)
        {
            if (clock is null)
            {
                var watch = Stopwatch.StartNew();
                clock = () => watch.Elapsed;
            }
            _clock = clock;
        }

        /// <summary>The total, once every item is known (it never shrinks below what is done).</summary>
        public int? Total => _total;

        /// <summary>Starts the clock at the first item (idempotent).</summary>
        public void Start()
        {
            if (_samples.Count == 0)
            {
                _lastSampled = _clock();
                _samples.Enqueue((_lastSampled, 0));
            }
        }

        /// <summary>Every item is now known: there are <paramref name="total"/> in all.</summary>
        public void SetTotal(int total) => _total = total;

        public EligibilityProgress Measure(int done, int? pending, string? customerName)
        {
            Start();
            var now = _clock();
            // Keep the newest sample at least a window old (the rate's base), and nothing older.
            while (_samples.Count > 1 && now - Second() >= Window)
            {
                _samples.Dequeue();
            }
            var (at, doneThen) = _samples.Peek();
            if (now - _lastSampled >= SampleEvery)
            {
                _samples.Enqueue((now, done)); // at most one a second: a minute's window holds about sixty
                _lastSampled = now;
            }
            double? perMinute = null;
            TimeSpan? remaining = null;
            var elapsed = now - at;
            if (elapsed >= Settle && done > doneThen)
            {
                perMinute = (done - doneThen) / elapsed.TotalMinutes;
                if (_total is int total)
                {
                    remaining = TimeSpan.FromMinutes(Math.Max(0, total - done) / perMinute.Value);
                }
            }
            int? shown = _total is int known ? Math.Max(known, done) : (int?)null;
            return new EligibilityProgress(done, pending, customerName, shown, perMinute, remaining);
        }

        private TimeSpan Second()
        {
            using (var e = _samples.GetEnumerator())
            {
                e.MoveNext();
                e.MoveNext();
                return e.Current.At;
            }
        }
    }
}
