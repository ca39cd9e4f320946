using System;
using System.Globalization;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// How far an <see cref="EligibilityService"/> has come, reported on the thread that reads its outcomes (never on a worker
    /// thread), so a cmdlet can turn it into progress records directly. A struct: local bulk checks report one per subscription.
    /// Computed by <see cref="EligibilityProgressMeter"/>: items done, the rate over the last minute, and once the total is
    /// known (every item has been submitted) the time left.
    /// </summary>
    internal readonly struct EligibilityProgress
    {
        public EligibilityProgress(int checkedCount, int? pending, string? customerName)
            : this(checkedCount, pending, customerName, null, null, null)
        {
        }

        public EligibilityProgress(int checkedCount, int? pending, string? customerName, int? total, double? perMinute, TimeSpan? remaining)
        {
            Checked = checkedCount;
            Pending = pending;
            CustomerName = customerName;
            Total = total;
            PerMinute = perMinute;
            Remaining = remaining;
        }

        /// <summary>
        /// Checked on the calling thread (a local backend): subscriptions checked so far. Checked concurrently (a remote backend):
        /// requests whose outcomes have been handed back.
        /// </summary>
        public int Checked { get; }

        /// <summary>Concurrent checks only: requests submitted and not yet handed back; null when checks run on the calling thread.</summary>
        public int? Pending { get; }

        /// <summary>Checks on the calling thread: the customer of the subscription just checked.</summary>
        public string? CustomerName { get; }

        /// <summary>How many there are in all, once known (every item submitted); null before.</summary>
        public int? Total { get; }

        /// <summary>Items done a minute, over the last minute (over the run while it is younger); null until there is a measure.</summary>
        public double? PerMinute { get; }

        /// <summary>The time left at <see cref="PerMinute"/>, once <see cref="Total"/> is known and there is a rate.</summary>
        public TimeSpan? Remaining { get; }

        /// <summary>Percent done, once the total is known; otherwise -1 (a progress record's "unknown").</summary>
        public int PercentComplete => Total is int total && total > 0 ? Math.Min(100, (int)(Checked * 100L / total)) : -1;

        /// <summary>Seconds left, once known; otherwise -1 (a progress record's "unknown").</summary>
        public int SecondsRemaining => Remaining is TimeSpan left ? (int)Math.Ceiling(left.TotalSeconds) : -1;

        /// <summary>The status line: "120 of 400 checked, 498 a minute, about 0:34 left" or "120 checked, 498 a minute, 12 waiting or in progress".</summary>
        public string Describe()
        {
            var text = new System.Text.StringBuilder();
            text.Append(Checked.ToString("N0", CultureInfo.InvariantCulture));
            if (Total is int total)
            {
                text.Append(" of ").Append(total.ToString("N0", CultureInfo.InvariantCulture));
            }
            text.Append(Pending is null ? " subscriptions checked" : " item(s) checked");
            if (PerMinute is double rate)
            {
                text.Append(", ").Append(rate.ToString(rate < 10 ? "0.#" : "N0", CultureInfo.InvariantCulture)).Append(" a minute");
            }
            if (Remaining is TimeSpan left)
            {
                text.Append(", about ").Append(Duration(left)).Append(" left");
            }
            else if (Pending is int pending)
            {
                text.Append(", ").Append(pending.ToString(CultureInfo.InvariantCulture)).Append(" waiting or in progress");
            }
            if (CustomerName != null)
            {
                text.Append("; now ").Append(CustomerName);
            }
            return text.ToString();
        }

        private static string Duration(TimeSpan span) =>
            span.TotalHours >= 1
                ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", (int)span.TotalHours, span.Minutes, span.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}", span.Minutes, span.Seconds);
    }
}
