using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Which subscription each earlier upgrade created from which (Partner Center does not say once the source is gone):
    /// learnt from the journal's committed upgrades at connection and from every upgrade made since, so re-runs find them.
    /// </summary>
    internal sealed class UpgradeHistory
    {
        public const string Operation = "Upgrade";

        private readonly ConcurrentDictionary<string, string> _upgradedFrom = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public UpgradeHistory(IEnumerable<JournalEntry> journal)
        {
            foreach (var entry in journal)
            {
                Learn(entry);
            }
        }

        /// <summary>Takes in a committed upgrade or new-commerce transition (its created subscription has no before state); ignores other entries.</summary>
        public void Learn(JournalEntry entry)
        {
            if (entry.Phase != JournalEntry.Committed || (entry.Operation != Operation && entry.Operation != PendingTransitions.Operation))
            {
                return;
            }
            var created = entry.Subscriptions.FirstOrDefault(c => c.Before is null);
            var source = entry.Subscriptions.FirstOrDefault(c => c.Before != null);
            if (created != null && source != null)
            {
                _upgradedFrom[created.SubscriptionId] = source.SubscriptionId;
            }
        }

        /// <summary>Sets <see cref="SubscriptionRecord.UpgradedFrom"/> when an upgrade created <paramref name="subscription"/>.</summary>
        public void Mark(SubscriptionRecord subscription)
        {
            if (_upgradedFrom.TryGetValue(subscription.SubscriptionId, out string? source))
            {
                subscription.UpgradedFrom = source;
            }
        }
    }
}
