using System;
using System.Collections.Generic;

namespace CspUpgrade
{
    /// <summary>
    /// The conditions of SPEC 1.4, all of them evaluated for every check so every failure is reported, in condition order.
    /// </summary>
    public sealed class EligibilityEngine
    {
        private static readonly EligibilityReason[] s_none = Array.Empty<EligibilityReason>();

        public EligibilityEngine(OfferCatalog catalog)
        {
            Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        }

        public OfferCatalog Catalog { get; }

        /// <summary>Index a customer once; reuse the context for all its checks.</summary>
        public CustomerContext CreateContext(CustomerRecord customer, PartnerInfo partner) => new CustomerContext(Catalog, customer, partner);

        /// <summary>True when the offer has at least one upgrade target sold in the market.</summary>
        public bool HasUpgradePathInMarket(CatalogOffer offer, string? market)
        {
            foreach (var target in Catalog.GetTargets(offer))
            {
                if (Catalog.IsSoldIn(target, market))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>One result per upgrade path of the subscription's offer, or one ineligible result when it has none.</summary>
        public IReadOnlyList<EligibilityResult> CheckAllPaths(CustomerContext context, SubscriptionRecord subscription, UpgradeType type, int? quantity)
        {
            var source = SourceOffer(context, subscription);
            var targets = Catalog.GetTargets(source);
            if (targets.Count == 0)
            {
                return new[] { CheckCore(context, subscription, source, null, type, quantity) };
            }
            var results = new EligibilityResult[targets.Count];
            for (int i = 0; i < targets.Count; i++)
            {
                results[i] = CheckCore(context, subscription, source, targets[i], type, quantity);
            }
            return results;
        }

        public EligibilityResult Check(CustomerContext context, SubscriptionRecord subscription, CatalogOffer target, UpgradeType type, int? quantity) =>
            CheckCore(context, subscription, SourceOffer(context, subscription), target ?? throw new ArgumentNullException(nameof(target)), type, quantity);

        private static CatalogOffer SourceOffer(CustomerContext context, SubscriptionRecord subscription)
        {
            int index = context.IndexOf(subscription);
            var offer = index >= 0 ? context.Offers[index] : context.Catalog.Find(subscription.OfferId);
            return offer ?? throw new OfferNotFoundException(subscription.OfferId, $"offer of subscription {subscription.SubscriptionId}");
        }

        private EligibilityResult CheckCore(CustomerContext c, SubscriptionRecord s, CatalogOffer source, CatalogOffer? target, UpgradeType type, int? requested)
        {
            int quantity = requested ?? s.Quantity;
            CheckInputs? inputs = null;
            CheckInputs In() => inputs ??= new CheckInputs(c, s, source, target, type, quantity);
            List<EligibilityReason>? reasons = null;
            void Fail(EligibilityReason reason) => (reasons ??= new List<EligibilityReason>(2)).Add(reason);

            // 1. Active.
            if (s.Status == SubscriptionStatus.Suspended || s.Status == SubscriptionStatus.Deleted)
            {
                Fail(new EligibilityReason(ReasonCode.SubscriptionStatusNotActive, In()));
            }
            else if (s.Status == SubscriptionStatus.Provisioning)
            {
                Fail(new EligibilityReason(ReasonCode.SubscriptionNotProvisioned, In()));
            }

            // 2. Delegated admin for the customer and the offers' service family.
            if (c.DelegationType == DelegatedAdminType.None
                || !c.DelegatedFamilies.Contains(source.ServiceFamily)
                || (target != null && !c.DelegatedFamilies.Contains(target.ServiceFamily)))
            {
                Fail(new EligibilityReason(ReasonCode.DelegatedAdminPermissionsDisabled, In()));
            }
            else if (c.DelegationType == DelegatedAdminType.GDAP
                && !(type == UpgradeType.UpgradeWithLicenseTransfer ? c.GdapCanWrite : c.GdapCanRead))
            {
                Fail(new EligibilityReason(ReasonCode.InsufficientGranularAdminPermissions, In()));
            }

            if (target != null)
            {
                ulong additional = target.ServiceMask & ~source.ServiceMask;

                // 3. and 4. Other subscriptions (any channel, any status but Deleted): one conflict each; owning the target is its own reason.
                if ((c.ServiceUnion & additional) != 0 || c.Owns(target))
                {
                    var subscriptions = c.Customer.Subscriptions;
                    List<EligibilityReason>? owned = null;
                    for (int i = 0; i < subscriptions.Count; i++)
                    {
                        var other = subscriptions[i];
                        var otherOffer = c.Offers[i];
                        if (ReferenceEquals(other, s) || otherOffer is null || other.Status == SubscriptionStatus.Deleted)
                        {
                            continue;
                        }
                        if (otherOffer == target)
                        {
                            (owned ??= new List<EligibilityReason>(1)).Add(new EligibilityReason(ReasonCode.TargetOfferAlreadyOwned, In(), other));
                        }
                        else if ((otherOffer.ServiceMask & additional) != 0)
                        {
                            Fail(new EligibilityReason(ReasonCode.ConflictingServiceTypes, In(), other));
                        }
                    }
                    if (owned != null)
                    {
                        foreach (var reason in owned)
                        {
                            Fail(reason);
                        }
                    }
                }

                // 5. On the matrix, in the customer's market, no add-ons, billing cycle offered.
                string market = c.Customer.Market;
                // The market's own form of an allowed target is only a market problem ("use X instead"), not a missing path.
                // Otherwise a missing path and a target not sold in the market are two failed conditions, both reported.
                bool soldHere = Catalog.IsSoldIn(target, market);
                var equivalent = soldHere ? target : Catalog.MarketEquivalent(target, market);
                if (Catalog.GetTargets(source).Count == 0)
                {
                    Fail(new EligibilityReason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, In()));
                }
                else if (!Catalog.IsUpgradePath(source, target) && !(equivalent != target && Catalog.IsUpgradePath(source, equivalent)))
                {
                    Fail(new EligibilityReason(ReasonCode.SubscriptionTargetOfferNotFound, In()));
                }
                if (!soldHere)
                {
                    Fail(new EligibilityReason(ReasonCode.MarketRestriction, In(), relatedOffer: equivalent));
                }
                if (s.AddOns.Count > 0)
                {
                    Fail(new EligibilityReason(ReasonCode.SubscriptionAddOnsPresent, In()));
                }
                if (!target.SupportsBillingCycle(s.BillingCycle))
                {
                    Fail(new EligibilityReason(ReasonCode.OfferDoesNotSupportBillingCycle, In()));
                }

                // 6. Seats: the target's cap, and the shared pool (the source's own seats leave the pool with it).
                if (target.MaxSeats is int cap && quantity > cap)
                {
                    Fail(new EligibilityReason(ReasonCode.SeatLimitExceeded, In(), number: cap));
                }
                else if (target.PoolIndex >= 0 && target.PoolLimit is int limit)
                {
                    int others = c.PoolSeatsExcluding(target.PoolIndex, s, source);
                    if (others + quantity > limit)
                    {
                        Fail(new EligibilityReason(ReasonCode.SeatLimitExceeded, In(), number: others));
                    }
                }
            }
            else
            {
                Fail(new EligibilityReason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, In()));
                if (s.AddOns.Count > 0)
                {
                    Fail(new EligibilityReason(ReasonCode.SubscriptionAddOnsPresent, In()));
                }
            }

            // 7. The partner user's roles.
            if (!c.PartnerRoleAllowed)
            {
                Fail(new EligibilityReason(ReasonCode.PartnerRoleNotPermitted, In()));
            }

            var customer = c.Customer;
            var result = new EligibilityResult(
                customer.CustomerId, customer.Name, s.SubscriptionId, source.OfferId, source.Offer,
                target?.OfferId, target?.Offer, type, quantity, (IReadOnlyList<EligibilityReason>?)reasons ?? s_none);
            if (target != null)
            {
                result.SetAdditionalServices(Catalog, target.ServiceMask & ~source.ServiceMask);
            }
            return result;
        }
    }
}
