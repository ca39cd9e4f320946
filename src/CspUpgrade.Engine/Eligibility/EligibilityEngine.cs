using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// The conditions of SPEC 1.4, all of them evaluated for every check so every failure is reported, in condition order.
    /// Everything that depends only on the customer is indexed once in its <see cref="CustomerContext"/>; a check is then a
    /// few array reads and mask tests, and allocates only its result (plus a small array when something failed).
    /// </summary>
    internal sealed class EligibilityEngine
    {
        [ThreadStatic]
        private static List<ReasonEntry>? t_failed;

        public EligibilityEngine(OfferCatalog catalog)
        {
            Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        }

        public OfferCatalog Catalog { get; }

        /// <summary>Index a customer once; reuse the context for all its checks.</summary>
        public CustomerContext CreateContext(CustomerRecord customer, PartnerInfo partner) => new CustomerContext(Catalog, customer, partner) { Now = UtcNow() };

        /// <summary>A context judged at <paramref name="utcNow"/> (a backend's own clock, e.g. an inventory's under test).</summary>
        public CustomerContext CreateContext(CustomerRecord customer, PartnerInfo partner, DateTime utcNow) => new CustomerContext(Catalog, customer, partner) { Now = utcNow };

        /// <summary>The clock new commerce's cancellation windows are judged by (UTC); replaceable for tests.</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>True when the offer has at least one upgrade target sold in the market.</summary>
        /// <summary>
        /// A subscription's UpgradeAvailable (SPEC 2): it is active, and its offer has at least one path to a target sold in
        /// the customer's market. Deleted, suspended and provisioning subscriptions cannot be upgraded, whatever their offer.
        /// </summary>
        public bool IsUpgradeAvailable(CustomerRecord customer, SubscriptionRecord subscription, CatalogOffer? offer) =>
            subscription.Status == SubscriptionStatus.Active && offer != null && HasUpgradePathInMarket(offer, customer.Market);

        public bool HasUpgradePathInMarket(CatalogOffer offer, string? market)
        {
            var soldHere = Catalog.SoldInMarket(market);
            foreach (var target in Catalog.GetTargets(offer))
            {
                if (soldHere[target.Index])
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>One result per upgrade path of the subscription's offer, or one ineligible result when it has none.</summary>
        public IReadOnlyList<EligibilityResult> CheckAllPaths(CustomerContext context, SubscriptionRecord subscription, UpgradeType type, int? quantity) =>
            CheckAllPaths(context, subscription, UpgradeChoice.Of(type, quantity));

        public EligibilityResult Check(CustomerContext context, SubscriptionRecord subscription, CatalogOffer target, UpgradeType type, int? quantity) =>
            Check(context, subscription, target, UpgradeChoice.Of(type, quantity));

        /// <summary>One result per upgrade path of the subscription's offer as <paramref name="choice"/> asks, or one ineligible result when it has none.</summary>
        public IReadOnlyList<EligibilityResult> CheckAllPaths(CustomerContext context, SubscriptionRecord subscription, UpgradeChoice choice)
        {
            var source = SourceOffer(context, subscription);
            var targets = Catalog.GetTargets(source);
            if (targets.Count == 0)
            {
                return new[] { CheckCore(context, subscription, source, null, choice) };
            }
            var results = new EligibilityResult[targets.Count];
            for (int i = 0; i < targets.Count; i++)
            {
                results[i] = CheckCore(context, subscription, source, targets[i], choice);
            }
            return results;
        }

        public EligibilityResult Check(CustomerContext context, SubscriptionRecord subscription, CatalogOffer target, UpgradeChoice choice) =>
            CheckCore(context, subscription, SourceOffer(context, subscription), target ?? throw new ArgumentNullException(nameof(target)), choice);

        private static CatalogOffer SourceOffer(CustomerContext context, SubscriptionRecord subscription)
        {
            int index = context.IndexOf(subscription);
            var offer = index >= 0 ? context.Offers[index] : context.Catalog.Find(subscription.OfferId);
            return offer ?? throw new OfferNotFoundException(subscription.OfferId, $"offer of subscription {subscription.SubscriptionId}");
        }

        private EligibilityResult CheckCore(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer? target, UpgradeChoice choice)
        {
            if (source.Commerce == Commerce.NewCommerce)
            {
                return NewCommerceRules.Check(c, s, source, target, choice);
            }
            var type = choice.UpgradeType;
            int quantity = choice.Quantity ?? s.Quantity;
            var failed = t_failed ??= new List<ReasonEntry>(8);
            failed.Clear();
            AddAccessReasons(c, s, source, target, type, failed);

            if (target != null)
            {
                CheckTarget(c, s, source, target, quantity, failed);
            }
            else
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));
                if (s.AddOns.Count > 0)
                {
                    failed.Add(new ReasonEntry(ReasonCode.SubscriptionAddOnsPresent));
                }
            }

            // A legacy upgrade always creates a new subscription now: new commerce's choices do not apply to it.
            if (choice.ToSubscriptionId != null || choice.AtRenewal)
            {
                failed.Add(new ReasonEntry(choice.AtRenewal ? ReasonCode.SubscriptionTargetOfferNotFound : ReasonCode.TargetSubscriptionMismatch));
            }

            // 7. The partner user's roles.
            if (!c.PartnerRoleAllowed)
            {
                failed.Add(new ReasonEntry(ReasonCode.PartnerRoleNotPermitted));
            }

            return new EligibilityResult(c, s, source, target, type, quantity, failed.Count == 0 ? null : failed.ToArray()) { Choice = choice };
        }

        /// <summary>Conditions 1 and 2 of SPEC 1.4 (N1 and N2 of 1.9): the subscription is active; delegated admin covers it.</summary>
        internal static void AddAccessReasons(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer? target, UpgradeType type, List<ReasonEntry> failed)
        {
            // 1. Active.
            if (s.Status == SubscriptionStatus.Suspended || s.Status == SubscriptionStatus.Deleted)
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionStatusNotActive));
            }
            else if (s.Status == SubscriptionStatus.Provisioning)
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionNotProvisioned));
            }

            // 2. Delegated admin for the customer and the offers' service family.
            if (c.DelegationType == DelegatedAdminType.None || !c.Covers(source) || (target != null && !c.Covers(target)))
            {
                failed.Add(new ReasonEntry(ReasonCode.DelegatedAdminPermissionsDisabled));
            }
            else if (c.DelegationType == DelegatedAdminType.GDAP
                && !(type == UpgradeType.UpgradeWithLicenseTransfer ? c.GdapCanWrite : c.GdapCanRead))
            {
                failed.Add(new ReasonEntry(ReasonCode.InsufficientGranularAdminPermissions));
            }
        }

        private void CheckTarget(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer target, int quantity, List<ReasonEntry> failed)
        {
            ulong additional = target.ServiceMask & ~source.ServiceMask;

            // 3. and 4. Other subscriptions (any channel, any status but Deleted): one conflict each; owning the target is its
            // own reason, reported after the conflicts and never also as a conflict.
            if ((c.ServiceUnion & additional) != 0 || c.Owns(target))
            {
                AddOthers(c, s, target, additional, failed);
            }

            // 5. On the matrix, in the customer's market, no add-ons, billing cycle offered. The market's own form of an
            // allowed target is only a market problem ("use X instead"), not a missing path; otherwise a missing path and a
            // target not sold in the market are two failed conditions, both reported.
            bool soldHere = c.SoldHere[target.Index];
            var equivalent = c.EquivalentHere[target.Index];
            if (Catalog.GetTargets(source).Count == 0)
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));
            }
            else if (!Catalog.IsUpgradePath(source, target) && !(equivalent != target && Catalog.IsUpgradePath(source, equivalent)))
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionTargetOfferNotFound));
            }
            if (!soldHere)
            {
                failed.Add(new ReasonEntry(ReasonCode.MarketRestriction, relatedOffer: equivalent));
            }
            if (s.AddOns.Count > 0)
            {
                failed.Add(new ReasonEntry(ReasonCode.SubscriptionAddOnsPresent));
            }
            if (!target.SupportsBillingCycle(s.BillingCycle))
            {
                failed.Add(new ReasonEntry(ReasonCode.OfferDoesNotSupportBillingCycle));
            }

            // 6. Seats: the target's cap, and the shared pool (the source's own seats leave the pool with it).
            if (target.MaxSeats is int cap && quantity > cap)
            {
                failed.Add(new ReasonEntry(ReasonCode.SeatLimitExceeded));
            }
            else if (target.PoolIndex >= 0 && target.PoolLimit is int limit)
            {
                long others = c.PoolSeatsExcluding(target.PoolIndex, s, source);
                if (others + quantity > limit)
                {
                    failed.Add(new ReasonEntry(ReasonCode.SeatLimitExceeded));
                }
            }
        }

        /// <summary>
        /// One ConflictingServiceTypes per other live subscription providing an added service, then one
        /// TargetOfferAlreadyOwned per one of the target offer (never also a conflict for that same subscription). Up to 64
        /// subscriptions, each kind is one entry with a mask of subscription indexes, expanded only when reasons are read.
        /// </summary>
        private static void AddOthers(CustomerContext c, SubscriptionRecord s, CatalogOffer target, ulong additional, List<ReasonEntry> failed)
        {
            var subscriptions = c.Subscriptions;
            bool masks = subscriptions.Length <= 64;
            ulong conflicts = 0, owned = 0;
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
                    owned |= masks ? 1UL << i : 1;
                }
                else if ((offer.ServiceMask & additional) != 0)
                {
                    if (masks)
                    {
                        conflicts |= 1UL << i;
                    }
                    else
                    {
                        failed.Add(new ReasonEntry(ReasonCode.ConflictingServiceTypes, other));
                    }
                }
            }
            if (masks)
            {
                if (conflicts != 0)
                {
                    failed.Add(ReasonEntry.ForSubscriptions(ReasonCode.ConflictingServiceTypes, conflicts));
                }
                if (owned != 0)
                {
                    failed.Add(ReasonEntry.ForSubscriptions(ReasonCode.TargetOfferAlreadyOwned, owned));
                }
                return;
            }
            for (int i = 0; owned != 0 && i < subscriptions.Length; i++)
            {
                var other = subscriptions[i];
                if (!ReferenceEquals(other, s) && c.Offers[i] == target && other.Status != SubscriptionStatus.Deleted)
                {
                    failed.Add(new ReasonEntry(ReasonCode.TargetOfferAlreadyOwned, other));
                }
            }
        }
    }
}
