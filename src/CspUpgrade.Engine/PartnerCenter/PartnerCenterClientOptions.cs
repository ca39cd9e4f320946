using System;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>Limits of the client's waiting and retrying; the defaults suit the real service.</summary>
    internal sealed class PartnerCenterClientOptions
    {
        /// <summary>One request, from sending to the whole response read.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>The longest single wait for a 429's Retry-After (longer values are capped).</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The wait after a 429 that carries no Retry-After.</summary>
        public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How many 429s one request may get before it fails with <see cref="PartnerCenterThrottledException"/>.</summary>
        public int MaxThrottleRetries { get; set; } = 6;

        /// <summary>How many times a GET is retried after a 5xx, a timeout or a broken connection.</summary>
        public int MaxTransientRetries { get; set; } = 3;

        /// <summary>The first wait before retrying a GET after a transient failure; it doubles on each repeat.</summary>
        public TimeSpan TransientBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Polling a 202's Location: the wait between polls when the response names none.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Polling a 202's Location stops after this long (SPEC 1.8: a change accepted and not visible yet is a warning).</summary>
        public TimeSpan MaxPollDuration { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Polling a 202's Location stops after this many reads.</summary>
        public int MaxPolls { get; set; } = 10;

        /// <summary>The pace every request of the connection shares (SPEC 1.8: Partner Center allows about 500 a minute).</summary>
        public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;

        public const int DefaultRequestsPerMinute = 500;

        /// <summary>Where the connection's calls report waits (a command attaches to it); a new one when not given.</summary>
        public BackendChannel? Channel { get; set; }
    }
}
