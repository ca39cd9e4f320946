namespace CspUpgrade
{
    /// <summary>
    /// How far an <see cref="EligibilityService"/> has come, reported on the thread that reads its outcomes (never on a worker
    /// thread), so a cmdlet can turn it into progress records directly. A struct: local bulk checks report one per subscription.
    /// </summary>
    public readonly struct EligibilityProgress
    {
        public EligibilityProgress(int checkedCount, int? pending, string? customerName)
        {
            Checked = checkedCount;
            Pending = pending;
            CustomerName = customerName;
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
    }
}
