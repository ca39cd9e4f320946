using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// The one settle procedure for operations a stopped process left as intents (neither committed nor abandoned), for the
    /// inventory's journal and a remote backend's alike: each is compared with the state as it is now, committed when that
    /// state holds the operation's result, otherwise abandoned.
    /// </summary>
    internal static class InterruptedOperations
    {
        /// <summary>
        /// Settles the interrupted operations of <paramref name="entries"/> that <paramref name="considered"/> picks (all when null)
        /// against <paramref name="state"/>, appending one line each. With <paramref name="abandonOnlyWhenUnchanged"/> an operation
        /// is abandoned only when every subscription it touched still shows its before state, and left open otherwise (a remote
        /// service may still be applying it); without, whatever is not reflected is abandoned (a file changes only under its lock).
        /// </summary>
        public static void Settle(
            IReadOnlyList<JournalEntry> entries,
            InventoryDocument state,
            Func<DateTime> clock,
            Action<JournalEntry> append,
            string madeNote,
            string notMadeNote,
            Func<JournalEntry, bool>? considered = null,
            bool abandonOnlyWhenUnchanged = false)
        {
            foreach (var intent in JournalFile.Interrupted(entries))
            {
                if (considered != null && !considered(intent))
                {
                    continue;
                }
                if (intent.IsReflectedIn(state))
                {
                    append(intent.WithPhase(JournalEntry.Committed, clock(), madeNote));
                }
                else if (!abandonOnlyWhenUnchanged || ShowsStateBefore(intent, state))
                {
                    append(intent.WithPhase(JournalEntry.Abandoned, clock(), notMadeNote));
                }
            }
        }

        /// <summary>True when every subscription the operation changed is still in its before state (those it creates are not looked at).</summary>
        private static bool ShowsStateBefore(JournalEntry intent, InventoryDocument state)
        {
            var customer = state.Customers.FirstOrDefault(c => string.Equals(c.CustomerId, intent.CustomerId, StringComparison.OrdinalIgnoreCase));
            return intent.Subscriptions.All(c => c.Before is null || c.Before.Matches(customer?.FindSubscription(c.SubscriptionId)));
        }
    }
}
