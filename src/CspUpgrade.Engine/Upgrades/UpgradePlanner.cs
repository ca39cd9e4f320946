using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Upgrades
{
    /// <summary>Plans an upgrade (eligibility, affected accounts, billing) and applies a plan to an inventory document.</summary>
    internal static class UpgradePlanner
    {
        public static UpgradePlan Plan(EligibilityEngine engine, CustomerContext context, SubscriptionRecord source, CatalogOffer target, UpgradeType type, int? quantity, DateTime today) =>
            Plan(engine, context, source, target, new UpgradeChoice(type, quantity), today);

        /// <summary>Plans the upgrade <paramref name="choice"/> asks for: a new-commerce source's by <see cref="NewCommercePlanner"/>, a legacy one's here.</summary>
        public static UpgradePlan Plan(EligibilityEngine engine, CustomerContext context, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, DateTime today)
        {
            var catalog = engine.Catalog;
            var customer = context.Customer;
            var sourceOffer = catalog.Find(source.OfferId) ?? throw new OfferNotFoundException(source.OfferId, $"offer of subscription {source.SubscriptionId}");
            if (sourceOffer.Commerce == Commerce.NewCommerce)
            {
                return NewCommercePlanner.Plan(engine, context, source, sourceOffer, target, choice, today);
            }
            var type = choice.UpgradeType;
            int seats = choice.Quantity ?? source.Quantity;

            // Idempotence: the subscription an earlier run created records where it came from.
            var existing = customer.Subscriptions.FirstOrDefault(s =>
                string.Equals(s.UpgradedFrom, source.SubscriptionId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(s.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase)
                && s.Status != SubscriptionStatus.Deleted);

            var eligibility = engine.Check(context, source, target, choice);
            var affected = existing is null ? AffectedAccounts(catalog, customer, source, sourceOffer, target, type, seats) : Array.Empty<AffectedAccount>();
            var billing = BillingCalculator.Calculate(sourceOffer, source.Quantity, target, seats, source.BillingCycle, source.PeriodEnd, today);
            return new UpgradePlan(customer, source, sourceOffer, target, type, seats, eligibility, existing, affected, billing);
        }

        /// <summary>Each user of the source that needs manual work, and why (SPEC 1.6).</summary>
        public static IReadOnlyList<AffectedAccount> AffectedAccounts(OfferCatalog catalog, CustomerRecord customer, SubscriptionRecord source, CatalogOffer sourceOffer, CatalogOffer target, UpgradeType type, int seats)
        {
            var accounts = new List<AffectedAccount>();
            var holders = customer.Users.Where(u => u.Licenses.Any(l => string.Equals(l, source.SubscriptionId, StringComparison.OrdinalIgnoreCase))).ToList();
            if (type == UpgradeType.UpgradeOnly)
            {
                foreach (var user in holders)
                {
                    accounts.Add(new AffectedAccount(customer.CustomerId, source.SubscriptionId, user.Upn, AffectedAccountReason.LicenseNotTransferred, Array.Empty<string>(),
                        $"UpgradeOnly does not move licenses: assign {target.Offer} to {user.Upn} after the upgrade, or the user loses {sourceOffer.Offer}."));
                }
                return accounts;
            }

            var lost = catalog.ServiceNames(sourceOffer.ServiceMask & ~target.ServiceMask);
            for (int i = 0; i < holders.Count; i++)
            {
                var user = holders[i];
                if (lost.Count > 0)
                {
                    accounts.Add(new AffectedAccount(customer.CustomerId, source.SubscriptionId, user.Upn, AffectedAccountReason.LosesServices, lost,
                        $"{target.Offer} does not include {string.Join(", ", lost)}, which {user.Upn} has today; license it separately or pick another target."));
                }

                ulong duplicated = 0;
                var from = new List<string>();
                foreach (string license in user.Licenses)
                {
                    var other = customer.FindSubscription(license);
                    if (other is null || ReferenceEquals(other, source) || other.Status == SubscriptionStatus.Deleted || !(catalog.Find(other.OfferId) is CatalogOffer otherOffer))
                    {
                        continue;
                    }
                    ulong overlap = otherOffer.ServiceMask & target.ServiceMask;
                    if (overlap != 0)
                    {
                        duplicated |= overlap;
                        from.Add($"{otherOffer.Offer} ({other.SubscriptionId})");
                    }
                }
                if (duplicated != 0)
                {
                    var services = catalog.ServiceNames(duplicated);
                    accounts.Add(new AffectedAccount(customer.CustomerId, source.SubscriptionId, user.Upn, AffectedAccountReason.AlreadyLicensed, services,
                        $"{user.Upn} already gets {string.Join(", ", services)} from {string.Join(", ", from)}; remove the duplicate license after the upgrade."));
                }

                if (i >= seats)
                {
                    accounts.Add(new AffectedAccount(customer.CustomerId, source.SubscriptionId, user.Upn, AffectedAccountReason.NoSeatAvailable, Array.Empty<string>(),
                        $"{holders.Count} users hold the source but the target has {seats} seats; {user.Upn} gets no {target.Offer} license. Add licenses or free a seat."));
                }
            }
            return accounts;
        }

        /// <summary>
        /// Applies a planned upgrade to <paramref name="document"/>: a new target subscription (recording upgradedFrom), the source
        /// cancelled, licenses moved (first come, first served up to the seats) or removed for UpgradeOnly. Returns the new subscription.
        /// </summary>
        public static SubscriptionRecord Apply(UpgradePlan plan, string newSubscriptionId)
        {
            var customer = plan.Customer;
            var source = plan.Source;
            var created = new SubscriptionRecord
            {
                SubscriptionId = newSubscriptionId,
                OfferId = plan.Target.OfferId,
                Status = SubscriptionStatus.Active,
                Quantity = plan.Quantity,
                Channel = SalesChannel.Partner,
                BillingCycle = source.BillingCycle,
                PeriodEnd = source.PeriodEnd,
                UpgradedFrom = source.SubscriptionId,
            };
            customer.Subscriptions.Insert(customer.Subscriptions.IndexOf(source) + 1, created);
            source.Status = SubscriptionStatus.Deleted;

            int moved = 0;
            foreach (var user in customer.Users)
            {
                int index = user.Licenses.FindIndex(l => string.Equals(l, source.SubscriptionId, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    continue;
                }
                if (plan.UpgradeType == UpgradeType.UpgradeWithLicenseTransfer && moved < plan.Quantity)
                {
                    user.Licenses[index] = newSubscriptionId;
                    moved++;
                }
                else
                {
                    user.Licenses.RemoveAt(index);
                }
            }
            return created;
        }
    }
}
