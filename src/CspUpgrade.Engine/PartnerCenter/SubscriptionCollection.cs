using System;
using System.Collections.Generic;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// A collection Partner Center keeps under each subscription (GET customers/{c}/subscriptions/{s}/{name}): upgrades today;
    /// new commerce adds its own (transitionEligibilities, transitions) as more of these. Cached for the command.
    /// </summary>
    internal sealed class SubscriptionCollection<T> where T : Resource, new()
    {
        private readonly PartnerCenterClient _client;
        private readonly string _name;
        private readonly ReadCache<IReadOnlyList<T>> _cache = new ReadCache<IReadOnlyList<T>>();

        /// <param name="name">The path under the subscription, with any query ("upgrades", "transitionEligibilities?eligibilityType=immediate").</param>
        public SubscriptionCollection(PartnerCenterClient client, string name)
        {
            _client = client;
            _name = name;
        }

        /// <summary>The subscription's items, read once per command unless <paramref name="fresh"/>.</summary>
        public IReadOnlyList<T> Get(string customerId, string subscriptionId, CancellationToken cancellation, bool fresh = false)
        {
            string key = customerId.Trim() + "/" + subscriptionId.Trim();
            if (fresh)
            {
                _cache.Remove(key);
            }
            return _cache.Get(key, _ => Collection<T>.From(_client.Get(
                $"customers/{Uri.EscapeDataString(customerId.Trim())}/subscriptions/{Uri.EscapeDataString(subscriptionId.Trim())}/{_name}", cancellation).Body).Items);
        }

        /// <summary>Drops what was read for one customer's subscriptions.</summary>
        public void Invalidate(string customerId) => _cache.RemoveStartingWith(customerId.Trim() + "/");

        public void Clear() => _cache.Clear();
    }
}
