using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>Messages and remediations of the local rules, written for a partner admin who has to act on them.</summary>
    internal static class ReasonText
    {
        public static string Message(EligibilityReason reason, EligibilityResult x)
        {
            if (NewCommerceText.Message(reason, x) is string newCommerce)
            {
                return newCommerce;
            }
            var s = x.Subscription!;
            var customer = x.Context!.Customer;
            string sub = $"Subscription {s.SubscriptionId} ({x.SourceOffer!.Offer})";
            string target = x.Target is null ? "(none)" : $"{x.Target.Offer} ({x.Target.OfferId})";
            switch (reason.Code)
            {
                case ReasonCode.SubscriptionStatusNotActive:
                    return $"{sub} is {s.Status}; only active subscriptions can be upgraded.";
                case ReasonCode.SubscriptionNotProvisioned:
                    return $"{sub} is still being provisioned.";
                case ReasonCode.DelegatedAdminPermissionsDisabled:
                    return x.Context!.DelegationType == DelegatedAdminType.None
                        ? $"The partner has no delegated admin privileges for {customer.Name}."
                        : $"The partner's delegated admin relationship with {customer.Name} does not cover the {Families(x)} service " +
                          $"(it covers: {Join(customer.DelegatedAdmin.Services, "nothing")}).";
                case ReasonCode.InsufficientGranularAdminPermissions:
                    return $"The GDAP relationship with {customer.Name} grants {Join(customer.DelegatedAdmin.Roles.Select(r => r.ToString()), "no roles")}; " +
                           $"{x.UpgradeType} needs {(x.UpgradeType == UpgradeType.UpgradeWithLicenseTransfer ? "DirectoryWriter" : "DirectoryReader or GlobalReader")}.";
                case ReasonCode.ConflictingServiceTypes:
                    {
                        var other = reason.Related!;
                        var otherOffer = x.Context!.Catalog.Find(other.OfferId)!;
                        var overlap = x.Context!.Catalog.ServiceNames(otherOffer.ServiceMask & x.Target!.ServiceMask & ~x.SourceOffer!.ServiceMask);
                        return $"Subscription {other.SubscriptionId} ({otherOffer.Offer}, {Channel(other.Channel)}, {other.Status}) already provides " +
                               $"{string.Join(", ", overlap)}, which the upgrade to {target} would add.";
                    }
                case ReasonCode.TargetOfferAlreadyOwned:
                    {
                        var other = reason.Related!;
                        return $"{customer.Name} already has {target} in subscription {other.SubscriptionId} ({Channel(other.Channel)}, {other.Status}).";
                    }
                case ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths:
                    return $"{x.SourceOffer!.Offer} ({x.SourceOffer!.OfferId}) has no upgrade paths in the catalogue.";
                case ReasonCode.SubscriptionTargetOfferNotFound:
                    return $"{target} is not an upgrade target of {x.SourceOffer!.Offer} ({x.SourceOffer!.OfferId}).";
                case ReasonCode.MarketRestriction:
                    return $"{target} is not sold in market {customer.Market}, where {customer.Name} buys.";
                case ReasonCode.SubscriptionAddOnsPresent:
                    return $"{sub} has add-ons: {string.Join(", ", s.AddOns)}.";
                case ReasonCode.OfferDoesNotSupportBillingCycle:
                    return $"{target} is not sold with {s.BillingCycle} billing (it is sold with: {string.Join(", ", x.Target!.BillingCycles)}).";
                case ReasonCode.SeatLimitExceeded:
                    return x.Target!.MaxSeats is int cap && x.Quantity > cap
                        ? $"{x.Quantity} seats exceed the {cap}-seat limit of {target}."
                        : $"{customer.Name} already has {reason.Number} seats in {x.Target.SeatPool}-family subscriptions; " +
                          $"{x.Quantity} more would make {reason.Number + x.Quantity} of the {x.Target.PoolLimit} allowed.";
                case ReasonCode.PartnerRoleNotPermitted:
                    return $"The partner user's roles ({Join(x.Context!.Partner.Roles.Select(r => r.ToString()), "none")}) do not allow upgrades.";
                default:
                    return reason.Code.ToString();
            }
        }

        public static string Remediation(EligibilityReason reason, EligibilityResult x)
        {
            if (NewCommerceText.Remediation(reason, x) is string newCommerce)
            {
                return newCommerce;
            }
            var s = x.Subscription!;
            switch (reason.Code)
            {
                case ReasonCode.SubscriptionStatusNotActive:
                    return s.Status == SubscriptionStatus.Deleted
                        ? "A deleted subscription cannot be upgraded; buy the target offer as a new subscription instead."
                        : "Reactivate the subscription in Partner Center (settle any billing hold), then retry.";
                case ReasonCode.SubscriptionNotProvisioned:
                    return "Wait until provisioning completes and the status is Active, then retry.";
                case ReasonCode.DelegatedAdminPermissionsDisabled:
                    return $"Ask the customer to approve a delegated admin (GDAP) relationship covering {Families(x)}, then retry.";
                case ReasonCode.InsufficientGranularAdminPermissions:
                    return x.UpgradeType == UpgradeType.UpgradeWithLicenseTransfer && x.Context!.GdapCanRead
                        ? "Ask the customer to add the Directory Writers role to the GDAP relationship, or use -UpgradeType UpgradeOnly and assign licenses yourself."
                        : "Ask the customer to add the Directory Readers (or Global Reader) role to the GDAP relationship" +
                          (x.UpgradeType == UpgradeType.UpgradeWithLicenseTransfer ? " and Directory Writers for license transfer." : ".");
                case ReasonCode.ConflictingServiceTypes:
                    return Cancel(reason.Related!, x, "before upgrading") +
                           (reason.Related!.Channel == SalesChannel.Partner ? " Or choose a target that does not add those services." : string.Empty);
                case ReasonCode.TargetOfferAlreadyOwned:
                    return reason.Related!.Channel == SalesChannel.Partner
                        ? $"Add licenses to subscription {reason.Related.SubscriptionId} instead (Add-CspSubscriptionLicense), or cancel it before upgrading."
                        : Cancel(reason.Related, x, "before upgrading to the same offer");
                case ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths:
                    return "Buy the offer you need as a new subscription; Get-CspUpgradeOption lists the offers that can be upgraded.";
                case ReasonCode.SubscriptionTargetOfferNotFound:
                    return $"Choose one of its targets: {Join(TargetsFor(x), "none in this market")}.";
                case ReasonCode.MarketRestriction:
                    return $"Use {reason.RelatedOffer!.Offer} ({reason.RelatedOffer.OfferId}) instead.";
                case ReasonCode.SubscriptionAddOnsPresent:
                    return $"Remove the add-ons ({string.Join(", ", s.AddOns)}) from the subscription, then retry.";
                case ReasonCode.OfferDoesNotSupportBillingCycle:
                    return $"Change the subscription to {string.Join(" or ", x.Target!.BillingCycles)} billing at renewal, or choose another target.";
                case ReasonCode.SeatLimitExceeded:
                    {
                        var fitting = SeatFittingTargets(x);
                        return fitting.Count > 0
                            ? $"Choose a target that allows {x.Quantity} seats: {string.Join(", ", fitting)}."
                            : $"Lower the quantity; no upgrade target of {x.SourceOffer!.OfferId} allows {x.Quantity} seats for this customer.";
                    }
                case ReasonCode.PartnerRoleNotPermitted:
                    return $"Run as a partner user with one of these roles: {string.Join(", ", CustomerContext.AllowedPartnerRoles)}.";
                default:
                    return string.Empty;
            }
        }

        /// <summary>Targets of the source, sold in the customer's market, whose caps and pools take the requested seats.</summary>
        internal static IReadOnlyList<string> SeatFittingTargets(EligibilityResult x)
        {
            var catalog = x.Context!.Catalog;
            var fitting = new List<string>();
            foreach (var candidate in catalog.GetTargets(x.SourceOffer!))
            {
                if (!catalog.IsSoldIn(candidate, x.Context!.Customer.Market) || (candidate.MaxSeats is int cap && x.Quantity > cap))
                {
                    continue;
                }
                if (candidate.PoolIndex >= 0 && candidate.PoolLimit is int limit
                    && x.Context!.PoolSeatsExcluding(candidate.PoolIndex, x.Subscription!, x.SourceOffer!) + x.Quantity > limit)
                {
                    continue;
                }
                fitting.Add($"{candidate.Offer} ({candidate.OfferId})");
            }
            return fitting;
        }

        private static IEnumerable<string> TargetsFor(EligibilityResult x) =>
            x.Context!.Catalog.GetTargets(x.SourceOffer!)
                .Where(t => x.Context!.Catalog.IsSoldIn(t, x.Context!.Customer.Market))
                .Select(t => $"{t.Offer} ({t.OfferId})");

        private static string Cancel(SubscriptionRecord other, EligibilityResult x, string when)
        {
            var offer = x.Context!.Catalog.Find(other.OfferId);
            string name = $"subscription {other.SubscriptionId} ({offer?.Offer ?? other.OfferId})";
            return other.Channel switch
            {
                SalesChannel.OtherPartner => $"The customer must cancel {name}, bought through another partner, {when}.",
                SalesChannel.Direct => $"The customer must cancel {name}, bought directly from Microsoft, {when}.",
                _ => $"Cancel {name} {when}.",
            };
        }

        internal static string Channel(SalesChannel channel) => channel switch
        {
            SalesChannel.OtherPartner => "bought through another partner",
            SalesChannel.Direct => "bought directly from Microsoft",
            _ => "bought through you",
        };

        private static string Families(EligibilityResult x) =>
            x.Target is null || string.Equals(x.Target.ServiceFamily, x.SourceOffer!.ServiceFamily, StringComparison.OrdinalIgnoreCase)
                ? x.SourceOffer!.ServiceFamily
                : x.SourceOffer!.ServiceFamily + " and " + x.Target.ServiceFamily;

        private static string Join(IEnumerable<string> items, string empty)
        {
            string text = string.Join(", ", items);
            return text.Length == 0 ? empty : text;
        }
    }
}
