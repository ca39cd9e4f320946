using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Upgrades
{
    /// <summary>
    /// Plans and applies a new-commerce upgrade on an inventory document (SPEC 1.6, 1.9): full in place, partial into a new
    /// subscription, into an existing one, or a change recorded for the renewal. The legacy "cancel and add" stays in
    /// <see cref="UpgradePlanner"/>.
    /// </summary>
    internal static class NewCommercePlanner
    {
        public static UpgradePlan Plan(EligibilityEngine engine, CustomerContext context, SubscriptionRecord source, CatalogOffer sourceOffer, CatalogOffer target, UpgradeChoice choice, DateTime today)
        {
            var catalog = engine.Catalog;
            var customer = context.Customer;
            var eligibility = engine.Check(context, source, target, choice);
            var kind = eligibility.Kind;
            int seats = eligibility.Quantity;

            // Re-runs: a full upgrade already done leaves the subscription on the target offer; a change at renewal already
            // recorded is the same change. A partial or into-existing move asked for again is a new move.
            SubscriptionRecord? done = kind == UpgradeKind.Full && string.Equals(source.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase) ? source : null;
            ScheduledChange? scheduled = null;
            bool scheduledAlready = false;
            if (kind == UpgradeKind.AtRenewal)
            {
                scheduled = new ScheduledChange(target.OfferId, seats, choice.TermDuration ?? source.TermDuration, choice.BillingCycle ?? source.BillingCycle);
                scheduledAlready = scheduled.Equals(source.ScheduledChange);
            }

            IReadOnlyList<AffectedAccount> affected;
            int toAssign = 0;
            bool licensesMove = kind == UpgradeKind.Full || (kind == UpgradeKind.IntoExisting && seats == source.Quantity);
            if (done != null || kind == UpgradeKind.AtRenewal)
            {
                affected = Array.Empty<AffectedAccount>();
            }
            else if (licensesMove)
            {
                // Licenses move to the new product by themselves, whatever the upgrade type.
                affected = UpgradePlanner.AffectedAccounts(catalog, customer, source, sourceOffer, target, UpgradeType.UpgradeWithLicenseTransfer, seats);
            }
            else
            {
                affected = NotTransferred(customer, source, sourceOffer, target, seats);
                toAssign = seats;
            }

            BillingImpact billing;
            if (kind == UpgradeKind.AtRenewal)
            {
                billing = BillingImpact.Unavailable("A change at renewal bills nothing now; the next term is billed at the target's price from the renewal on.");
            }
            else if (kind == UpgradeKind.IntoExisting && eligibility.Into is SubscriptionRecord into)
            {
                billing = BillingCalculator.CalculateInto(sourceOffer, source.BillingCycle, source.PeriodEnd, target, into.BillingCycle, into.PeriodEnd, seats, today);
            }
            else
            {
                billing = BillingCalculator.Calculate(sourceOffer, seats, target, seats, source.BillingCycle, source.PeriodEnd, today);
            }

            return new UpgradePlan(customer, source, sourceOffer, target, choice.UpgradeType, seats, eligibility, done, affected, billing)
            {
                Kind = kind,
                SeatsToAssign = toAssign,
                Into = eligibility.Into,
                Scheduled = scheduled,
                ScheduledAlready = scheduledAlready,
                ClearsScheduledChange = source.ScheduledChange is ScheduledChange current && !scheduledAlready ? current : null,
            };
        }

        /// <summary>After a partial move (or a move of some seats into an existing subscription) every user of the source needs an assignment.</summary>
        private static IReadOnlyList<AffectedAccount> NotTransferred(CustomerRecord customer, SubscriptionRecord source, CatalogOffer sourceOffer, CatalogOffer target, int seats) =>
            customer.Users
                .Where(u => u.Licenses.Any(l => string.Equals(l, source.SubscriptionId, StringComparison.OrdinalIgnoreCase)))
                .Select(u => new AffectedAccount(customer.CustomerId, source.SubscriptionId, u.Upn, AffectedAccountReason.LicenseNotTransferred, Array.Empty<string>(),
                    $"No license moves by itself: {seats} {target.Offer} seat(s) wait for an assignment; assign one to {u.Upn} and remove its {sourceOffer.Offer} license, or leave {u.Upn} on the {source.Quantity - seats} seat(s) that stay."))
                .ToList();

        /// <summary>
        /// Applies a planned new-commerce change to the plan's document. Returns the subscription that holds the target
        /// afterwards: the source itself (full, at renewal), the new one (partial, with <paramref name="newSubscriptionId"/>),
        /// or the existing one (into existing).
        /// </summary>
        public static SubscriptionRecord Apply(UpgradePlan plan, string newSubscriptionId)
        {
            var source = plan.Source;
            var customer = plan.Customer;
            if (plan.Kind == UpgradeKind.AtRenewal)
            {
                source.ScheduledChange = plan.Scheduled;
                return source;
            }

            // An immediate change deletes the scheduled renewal change (SPEC 1.9).
            source.ScheduledChange = null;
            switch (plan.Kind)
            {
                case UpgradeKind.Full:
                    source.OfferId = plan.Target.OfferId;
                    source.Commerce = plan.Target.Commerce;
                    return source;
                case UpgradeKind.Partial:
                    {
                        var created = new SubscriptionRecord
                        {
                            SubscriptionId = newSubscriptionId,
                            OfferId = plan.Target.OfferId,
                            Commerce = plan.Target.Commerce,
                            Status = SubscriptionStatus.Active,
                            Quantity = plan.Quantity,
                            Channel = SalesChannel.Partner,
                            BillingCycle = source.BillingCycle,
                            PeriodEnd = source.PeriodEnd,
                            TermDuration = source.TermDuration,
                            TermEndDate = source.TermEndDate,
                            AutoRenew = source.AutoRenew,
                            UpgradedFrom = source.SubscriptionId,
                        };
                        customer.Subscriptions.Insert(customer.Subscriptions.IndexOf(source) + 1, created);
                        source.Quantity -= plan.Quantity;
                        return created;
                    }
                default:
                    {
                        var into = plan.Into!;
                        into.Quantity += plan.Quantity;
                        source.Quantity -= plan.Quantity;
                        if (source.Quantity == 0)
                        {
                            source.Status = SubscriptionStatus.Deleted;
                            // All seats moved: the licenses follow them.
                            foreach (var user in customer.Users)
                            {
                                int index = user.Licenses.FindIndex(l => string.Equals(l, source.SubscriptionId, StringComparison.OrdinalIgnoreCase));
                                if (index < 0)
                                {
                                    continue;
                                }
                                if (user.Licenses.Any(l => string.Equals(l, into.SubscriptionId, StringComparison.OrdinalIgnoreCase)))
                                {
                                    user.Licenses.RemoveAt(index);
                                }
                                else
                                {
                                    user.Licenses[index] = into.SubscriptionId;
                                }
                            }
                        }
                        return into;
                    }
            }
        }
    }
}
