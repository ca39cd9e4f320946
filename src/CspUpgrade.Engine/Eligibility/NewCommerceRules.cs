using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// The local rules for a new-commerce source (SPEC 1.9, N1-N9) and the decision table that says what the upgrade would
    /// be (Full, Partial, IntoExisting, AtRenewal). Every failed rule is reported, in rule order; the texts are in
    /// <see cref="NewCommerceText"/>. The legacy rules (SPEC 1.4) stay in <see cref="EligibilityEngine"/>.
    /// </summary>
    internal static class NewCommerceRules
    {
        [ThreadStatic]
        private static List<ReasonEntry>? t_failed;

        public static EligibilityResult Check(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer? target, UpgradeChoice choice)
        {
            var kind = choice.KindFor(Commerce.NewCommerce, s.Quantity);
            int seats = choice.Quantity ?? s.Quantity;
            SubscriptionRecord? into = null;
            if (kind == UpgradeKind.IntoExisting)
            {
                // -ToSubscriptionId names a subscription of the same customer; any other id is the item's SubscriptionNotFound.
                into = c.Customer.FindSubscription(choice.ToSubscriptionId!) ?? throw new SubscriptionNotFoundException(c.Customer.CustomerId, choice.ToSubscriptionId!);
            }
            var failed = t_failed ??= new List<ReasonEntry>(8);
            failed.Clear();

            // N1, N2: active; delegated admin (and GDAP roles for the upgrade type).
            EligibilityEngine.AddAccessReasons(c, s, source, target, choice.UpgradeType, failed);

            if (target is null)
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));
            }
            else
            {
                CheckTarget(c, s, source, target, kind, seats, into, choice, failed);
            }

            // N3: the partner user's roles.
            if (!c.PartnerRoleAllowed)
            {
                failed.Add(new ReasonEntry(ReasonCode.PartnerRoleNotPermitted));
            }

            return new EligibilityResult(c, s, source, target, choice.UpgradeType, seats, failed.Count == 0 ? null : failed.ToArray())
            {
                Choice = choice,
                Kind = kind,
                ToSubscriptionId = into?.SubscriptionId,
                Into = into,
                ExistingTargetSubscriptionIds = target is null ? Array.Empty<string>() : ExistingTargets(c, s, target),
            };
        }

        private static void CheckTarget(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer target, UpgradeKind kind, int seats, SubscriptionRecord? into, UpgradeChoice choice, List<ReasonEntry> failed)
        {
            var catalog = c.Catalog;

            // N5: other live subscriptions adding a service the target adds conflict, except the customer's own Partner-channel
            // subscriptions of the target (candidates to move seats into); one of the target through another channel is owned.
            AddOthers(c, s, source, target, failed);

            // N4: a new-commerce target on the source's paths (paths stay within one commerce); markets as for legacy.
            if (catalog.GetTargets(source).Count == 0)
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));
            }
            else if (target.Commerce != Commerce.NewCommerce || !IsPath(c, source, target))
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionTargetOfferNotFound));
            }
            if (!c.SoldHere[target.Index])
            {
                failed.Add(new ReasonEntry(ReasonCode.MarketRestriction, relatedOffer: c.EquivalentHere[target.Index]));
            }

            // N6: the seats of an upgrade now are 1 up to the source's (add licenses afterwards); a renewal may change them.
            if (seats < 1 || (kind != UpgradeKind.AtRenewal && seats > s.Quantity))
            {
                failed.Add(new ReasonEntry(ReasonCode.UpgradeQuantityInvalid));
            }

            // N7: the target's cap (on the subscription the seats end up in) and the seat pool after the move.
            if (ExceedsCap(target, kind, seats, into) || PoolAfter(c, s, source, target, kind, seats) > (target.PoolIndex >= 0 ? target.PoolLimit ?? long.MaxValue : long.MaxValue))
            {
                failed.Add(new ReasonEntry(ReasonCode.SeatLimitExceeded));
            }

            switch (kind)
            {
                case UpgradeKind.Full:
                case UpgradeKind.Partial:
                    // The upgraded seats keep the source's term and billing cycle: the target must be sold with them.
                    AddTermReasons(target, s.TermDuration, s.BillingCycle, failed);
                    break;
                case UpgradeKind.IntoExisting:
                    AddExistingTargetReasons(c, s, target, into!, failed);
                    break;
                case UpgradeKind.AtRenewal:
                    // N9: the change happens at renewal, so the subscription must renew; the next term and cycle must be sold.
                    if (s.AutoRenew != true)
                    {
                        failed.Add(new ReasonEntry(ReasonCode.AutoRenewDisabled));
                    }
                    AddTermReasons(target, choice.TermDuration ?? s.TermDuration, choice.BillingCycle ?? s.BillingCycle, failed);
                    break;
            }
        }

        private static bool IsPath(CustomerContext c, CatalogOffer source, CatalogOffer target)
        {
            var equivalent = c.EquivalentHere[target.Index];
            return c.Catalog.IsUpgradePath(source, target) || (equivalent != target && c.Catalog.IsUpgradePath(source, equivalent));
        }

        private static void AddTermReasons(CatalogOffer target, TermDuration? term, BillingCycle cycle, List<ReasonEntry> failed)
        {
            if (term is TermDuration t && target.TermDurations.Count > 0 && !Contains(target.TermDurations, t))
            {
                failed.Add(new ReasonEntry(ReasonCode.TermDurationNotSupported));
            }
            if (!target.SupportsBillingCycle(cycle))
            {
                failed.Add(new ReasonEntry(ReasonCode.OfferDoesNotSupportBillingCycle));
            }
        }

        /// <summary>
        /// N8 and -ToSubscriptionId's own conditions: the subscription named is of the target offer and bought through the
        /// partner (else TargetSubscriptionMismatch), active, outside its cancellation window, with a term at least the
        /// source's, ending on or after the source's term.
        /// </summary>
        private static void AddExistingTargetReasons(CustomerContext c, SubscriptionRecord s, CatalogOffer target, SubscriptionRecord into, List<ReasonEntry> failed)
        {
            if (ReferenceEquals(into, s) || !string.Equals(into.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase) || into.Channel != SalesChannel.Partner)
            {
                failed.Add(new ReasonEntry(ReasonCode.TargetSubscriptionMismatch, into));
            }
            foreach (var code in ExistingTargetFailures(c, s, into))
            {
                failed.Add(new ReasonEntry(code, into));
            }
        }

        /// <summary>Which of the four conditions an existing target subscription fails for <paramref name="s"/>'s seats.</summary>
        internal static IEnumerable<ReasonCode> ExistingTargetFailures(CustomerContext c, SubscriptionRecord s, SubscriptionRecord into)
        {
            if (into.Status != SubscriptionStatus.Active)
            {
                yield return ReasonCode.TargetSubscriptionNotActive;
            }
            if (into.InCancellationWindow(c.Now))
            {
                yield return ReasonCode.TargetSubscriptionInCancellationWindow;
            }
            if (into.TermDuration is TermDuration theirs && s.TermDuration is TermDuration ours && TermDays(theirs) < TermDays(ours))
            {
                yield return ReasonCode.TargetSubscriptionTermShorter;
            }
            if (into.TermEndDate is DateTime theirEnd && s.TermEndDate is DateTime ourEnd && theirEnd.Date < ourEnd.Date)
            {
                yield return ReasonCode.TargetSubscriptionEndsBeforeSource;
            }
        }

        /// <summary>Whether a subscription can be a target of seats moved into it: active and bought through the partner (SPEC 1.9).</summary>
        internal static bool CanTakeSeats(SubscriptionRecord subscription) =>
            subscription.Status == SubscriptionStatus.Active && subscription.Channel == SalesChannel.Partner;

        /// <summary>The customer's active Partner-channel subscriptions of the target, other than the source (SPEC 1.9).</summary>
        internal static string[] ExistingTargets(CustomerContext c, SubscriptionRecord s, CatalogOffer target)
        {
            List<string>? ids = null;
            var subscriptions = c.Subscriptions;
            for (int i = 0; i < subscriptions.Length; i++)
            {
                var other = subscriptions[i];
                if (c.Offers[i] == target && !ReferenceEquals(other, s) && CanTakeSeats(other))
                {
                    (ids ??= new List<string>()).Add(other.SubscriptionId);
                }
            }
            return ids is null ? Array.Empty<string>() : ids.ToArray();
        }

        private static void AddOthers(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer target, List<ReasonEntry> failed)
        {
            ulong additional = target.ServiceMask & ~source.ServiceMask;
            if ((c.ServiceUnion & additional) == 0 && !c.Owns(target))
            {
                return;
            }
            var subscriptions = c.Subscriptions;
            List<ReasonEntry>? owned = null;
            for (int i = 0; i < subscriptions.Length; i++)
            {
                var other = subscriptions[i];
                var offer = c.Offers[i];
                if (ReferenceEquals(other, s) || offer is null || other.Status == SubscriptionStatus.Deleted)
                {
                    continue;
                }
                if (offer == target)
                {
                    if (other.Channel != SalesChannel.Partner)
                    {
                        (owned ??= new List<ReasonEntry>()).Add(new ReasonEntry(ReasonCode.TargetOfferAlreadyOwned, other));
                    }
                }
                else if ((offer.ServiceMask & additional) != 0)
                {
                    failed.Add(new ReasonEntry(ReasonCode.ConflictingServiceTypes, other));
                }
            }
            if (owned != null)
            {
                failed.AddRange(owned);
            }
        }

        private static bool ExceedsCap(CatalogOffer target, UpgradeKind kind, int seats, SubscriptionRecord? into) =>
            target.MaxSeats is int cap && SeatsOnTarget(kind, seats, into) > cap;

        /// <summary>The seats of the subscription that holds the target afterwards (an existing one grows by the seats).</summary>
        internal static long SeatsOnTarget(UpgradeKind kind, int seats, SubscriptionRecord? into) =>
            kind == UpgradeKind.IntoExisting && into != null && into.Status != SubscriptionStatus.Deleted ? (long)into.Quantity + seats : seats;

        /// <summary>
        /// Seats in the target's pool once the change is made: the seats leave the source's pool and join the target's (a full
        /// upgrade or a renewal replaces all of the source's seats). 0 when the target has no pool.
        /// </summary>
        internal static long PoolAfter(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer target, UpgradeKind kind, int seats)
        {
            if (target.PoolIndex < 0)
            {
                return 0;
            }
            long total = c.PoolTotals[target.PoolIndex];
            if (source.PoolIndex == target.PoolIndex && s.Status != SubscriptionStatus.Deleted)
            {
                total -= kind == UpgradeKind.Full || kind == UpgradeKind.AtRenewal ? s.Quantity : Math.Min(seats, s.Quantity);
            }
            return total + seats;
        }

        /// <summary>SeatLimitExceeded's number for a new-commerce result: the pool's seats after the change.</summary>
        internal static int SeatNumber(EligibilityResult x) =>
            (int)Math.Min(int.MaxValue, PoolAfter(x.Context!, x.Subscription!, x.SourceOffer!, x.Target!, x.Kind, x.Quantity));

        internal static int TermDays(TermDuration term) => term switch
        {
            TermDuration.P1M => 30,
            TermDuration.P1Y => 365,
            _ => 3 * 365,
        };

        private static bool Contains(IReadOnlyList<TermDuration> terms, TermDuration term)
        {
            for (int i = 0; i < terms.Count; i++)
            {
                if (terms[i] == term)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
