using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.Upgrades
{
    /// <summary>The rules of adding licenses (SPEC 1.7): active subscriptions only, within the offer's cap and its seat pool.</summary>
    internal static class LicensePlanner
    {
        /// <summary>The new quantity, or an <see cref="ActionRefusedException"/> saying why not.</summary>
        /// <param name="backendDecidesCaps">The backend (Partner Center) enforces caps itself: an offer the catalogue does not know is
        /// checked for role, status and count only, and its cap is the backend's to refuse (SPEC 1.8).</param>
        public static int Check(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord subscription, int count, PartnerInfo partner, bool backendDecidesCaps = false)
        {
            var catalog = engine.Catalog;
            var offer = catalog.Find(subscription.OfferId);
            if (offer is null && !backendDecidesCaps)
            {
                throw new OfferNotFoundException(subscription.OfferId, $"offer of subscription {subscription.SubscriptionId}");
            }
            if (!CustomerContext.IsPartnerRoleAllowed(partner))
            {
                throw new ActionRefusedException(ActionRefusal.PartnerRoleNotPermitted,
                    CustomerContext.PartnerRoleRefusal(partner, "adding licenses"),
                    subscription.SubscriptionId);
            }
            if (subscription.Status != SubscriptionStatus.Active)
            {
                throw new ActionRefusedException(ActionRefusal.SubscriptionNotActive,
                    $"Subscription {subscription.SubscriptionId} ({offer?.Offer ?? subscription.OfferName ?? subscription.OfferId}) of {customer.Name} is {subscription.Status}; licenses can only be added to an active subscription.",
                    subscription.SubscriptionId);
            }

            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "The number of licenses to add must be 1 or more.");
            }
            if ((long)subscription.Quantity + count > int.MaxValue)
            {
                // The sum would wrap to a negative quantity, which no inventory can hold.
                throw new ActionRefusedException(ActionRefusal.SeatLimitExceeded,
                    $"Cannot add {count} licenses to subscription {subscription.SubscriptionId}: it has {subscription.Quantity} seats, and {(long)subscription.Quantity + count} is more than a subscription can hold ({int.MaxValue}).",
                    subscription.SubscriptionId);
            }

            int wanted = subscription.Quantity + count;
            if (offer is null)
            {
                return wanted;
            }
            var context = engine.CreateContext(customer, partner);
            string? limit = null;
            if (offer.MaxSeats is int cap && wanted > cap)
            {
                limit = $"{wanted} seats exceed the {cap}-seat limit of {offer.Offer}";
            }
            else if (offer.PoolIndex >= 0 && offer.PoolLimit is int poolLimit)
            {
                long others = context.PoolSeatsExcluding(offer.PoolIndex, subscription, offer);
                if ((long)others + wanted > poolLimit)
                {
                    limit = $"{customer.Name} has {others} other seats in {offer.SeatPool}-family subscriptions; {wanted} here would make {(long)others + wanted} of the {poolLimit} allowed";
                }
            }
            if (limit != null)
            {
                var targets = TargetsAllowing(engine, context, subscription, offer, wanted);
                string fix = targets.Count > 0
                    ? $" Upgrade to a target that allows {wanted} seats instead: {string.Join(", ", targets)}."
                    : $" No upgrade target of {offer.OfferId} allows {wanted} seats for this customer.";
                throw new ActionRefusedException(ActionRefusal.SeatLimitExceeded, $"Cannot add {count} licenses to subscription {subscription.SubscriptionId}: {limit}.{fix}", subscription.SubscriptionId);
            }
            return wanted;
        }

        private static IReadOnlyList<string> TargetsAllowing(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer offer, int seats)
        {
            var catalog = engine.Catalog;
            var fitting = new List<string>();
            foreach (var target in catalog.GetTargets(offer))
            {
                if (!catalog.IsSoldIn(target, context.Customer.Market) || (target.MaxSeats is int cap && seats > cap))
                {
                    continue;
                }
                if (target.PoolIndex >= 0 && target.PoolLimit is int limit && context.PoolSeatsExcluding(target.PoolIndex, subscription, offer) + seats > limit)
                {
                    continue;
                }
                fitting.Add($"{target.Offer} ({target.OfferId})");
            }
            return fitting;
        }
    }
}
