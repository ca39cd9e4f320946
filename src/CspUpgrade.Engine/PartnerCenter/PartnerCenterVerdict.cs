using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Partner Center's verdict as eligibility: the upgrades it lists for a subscription (GET .../upgrades) mapped to results,
    /// one source of eligibility beside the local rules (whose second opinion <see cref="LocalSecondOpinion"/> adds).
    /// </summary>
    internal sealed class PartnerCenterVerdict
    {
        public const string SourceName = "PartnerCenter";

        private readonly PartnerCenterReader _reader;

        public PartnerCenterVerdict(PartnerCenterReader reader)
        {
            _reader = reader;
        }

        /// <summary>Partner Center's answer for one target: its upgrade entry, or "not a target" when it lists none for it.</summary>
        public EligibilityResult Decide(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer target, IReadOnlyList<UpgradeResource> upgrades, UpgradeType type, int? quantity)
        {
            var upgrade = FindUpgrade(upgrades, target);
            if (upgrade != null)
            {
                return FromUpgrade(engine, context, subscription, upgrade, target, type, quantity);
            }

            var customer = context.Customer;
            var (offerId, offerName) = SourceNames(engine, subscription);
            EligibilityReason reason;
            if (upgrades.Count == 0)
            {
                reason = NoUpgradePaths(subscription, offerName);
            }
            else
            {
                string listed = string.Join(", ", upgrades.Select(u => TargetNames(engine, u).Name));
                string mapping = string.IsNullOrWhiteSpace(target.PartnerCenterOfferId)
                    ? $" (the catalogue has no partnerCenterOfferId for {target.OfferId}, so it cannot be matched to Partner Center's offers)"
                    : string.Empty;
                reason = new EligibilityReason(ReasonCode.SubscriptionTargetOfferNotFound,
                    $"Partner Center does not list {target.Offer} as an upgrade of subscription {subscription.SubscriptionId}{mapping}; it lists: {listed}.",
                    PartnerCenterReasons.Remediation(ReasonCode.SubscriptionTargetOfferNotFound));
            }
            var result = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName, target.OfferId, target.Offer,
                type, quantity ?? subscription.Quantity, new[] { reason }, SourceName);
            SetAdditionalServices(result, engine.Catalog.Find(subscription.OfferId), target);
            LocalSecondOpinion.Add(result, engine, context, subscription, target, type, quantity);
            return result;
        }

        /// <summary>Partner Center's answer for every target it lists (one ineligible result when it lists none).</summary>
        public IReadOnlyList<EligibilityResult> DecideAll(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, IReadOnlyList<UpgradeResource> upgrades, UpgradeType type, int? quantity)
        {
            if (upgrades.Count == 0)
            {
                var customer = context.Customer;
                var (offerId, offerName) = SourceNames(engine, subscription);
                var none = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName, null, null,
                    type, quantity ?? subscription.Quantity, new[] { NoUpgradePaths(subscription, offerName) }, SourceName);
                LocalSecondOpinion.Add(none, engine, context, subscription, null, type, quantity);
                return new[] { none };
            }
            var results = new List<EligibilityResult>(upgrades.Count);
            foreach (var upgrade in upgrades)
            {
                results.Add(FromUpgrade(engine, context, subscription, upgrade, null, type, quantity));
            }
            return results;
        }

        /// <summary>The result of one Partner Center upgrade entry (or refusal); <paramref name="requested"/> names the target when the catalogue does not map it.</summary>
        public EligibilityResult FromUpgrade(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, UpgradeResource upgrade, CatalogOffer? requested, UpgradeType type, int? quantity)
        {
            var customer = context.Customer;
            var (offerId, offerName) = SourceNames(engine, subscription);
            var (target, targetId, targetName) = TargetNames(engine, upgrade);
            target ??= requested;
            var reasons = Reasons(upgrade, type);
            var result = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName,
                target?.OfferId ?? targetId, target?.Offer ?? targetName, type, quantity ?? subscription.Quantity, reasons, SourceName);
            SetAdditionalServices(result, engine.Catalog.Find(subscription.OfferId), target);
            if (target != null)
            {
                LocalSecondOpinion.Add(result, engine, context, subscription, target, type, quantity);
            }
            return result;
        }

        /// <summary>The entry Partner Center lists for <paramref name="target"/> (matched by partnerCenterOfferId, or by offer id when the catalogue has none).</summary>
        public static UpgradeResource? FindUpgrade(IReadOnlyList<UpgradeResource> upgrades, CatalogOffer target)
        {
            foreach (var upgrade in upgrades)
            {
                string? id = upgrade.TargetOffer?.Key;
                if (id != null && (string.Equals(id.Trim(), target.PartnerCenterOfferId?.Trim(), StringComparison.OrdinalIgnoreCase)
                    || (string.IsNullOrWhiteSpace(target.PartnerCenterOfferId) && string.Equals(id.Trim(), target.OfferId, StringComparison.OrdinalIgnoreCase))))
                {
                    return upgrade;
                }
            }
            return null;
        }

        /// <summary>
        /// The target Partner Center lists for the subscription under this offer id or name (SPEC 1.8): the catalogue's offer
        /// when it maps, else a pass-through offer with Partner Center's id and name. Null when it lists none by that id or name.
        /// </summary>
        public CatalogOffer? OfferedTarget(EligibilityEngine engine, IReadOnlyList<UpgradeResource> upgrades, string idOrName)
        {
            string wanted = idOrName.Trim();
            foreach (var upgrade in upgrades)
            {
                string? id = upgrade.TargetOffer?.Key?.Trim();
                if (!string.IsNullOrEmpty(id)
                    && (string.Equals(id, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(upgrade.TargetOffer!.Name?.Trim(), wanted, StringComparison.OrdinalIgnoreCase)))
                {
                    var (offer, targetId, targetName) = TargetNames(engine, upgrade);
                    return offer ?? CatalogOffer.PassThrough(targetId, targetName);
                }
            }
            return null;
        }

        private static EligibilityReason NoUpgradePaths(SubscriptionRecord subscription, string offerName) =>
            new EligibilityReason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths,
                $"Partner Center lists no upgrade for subscription {subscription.SubscriptionId} ({offerName}).",
                PartnerCenterReasons.Remediation(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));

        /// <summary>The reasons of one Partner Center Upgrade entry, for the requested upgrade type.</summary>
        private static IReadOnlyList<EligibilityReason> Reasons(UpgradeResource upgrade, UpgradeType type)
        {
            var reasons = new List<EligibilityReason>();
            foreach (var error in upgrade.UpgradeErrors ?? new List<UpgradeError>())
            {
                var (code, original) = PartnerCenterReasons.Map(error.Code);
                reasons.Add(new EligibilityReason(code, PartnerCenterReasons.Message(error, code, original), PartnerCenterReasons.Remediation(code), null, original));
            }
            bool eligible = upgrade.IsEligible == true;
            string? pcType = upgrade.UpgradeType;
            if (eligible && reasons.Count == 0 && type == UpgradeType.UpgradeWithLicenseTransfer && string.Equals(pcType, "upgrade_only", StringComparison.OrdinalIgnoreCase))
            {
                reasons.Add(new EligibilityReason(ReasonCode.Other,
                    "Partner Center allows this upgrade only without moving licenses (upgrade_only).",
                    "Run it with -UpgradeType UpgradeOnly and assign the new licenses to the users yourself afterwards.",
                    null, "upgrade_only"));
            }
            else if (!eligible && reasons.Count == 0)
            {
                reasons.Add(new EligibilityReason(ReasonCode.Other,
                    $"Partner Center reports this upgrade as not possible{(pcType is null ? string.Empty : " (upgradeType " + pcType + ")")} without giving a reason.",
                    PartnerCenterReasons.Remediation(ReasonCode.Other), null, pcType ?? "isEligible=false"));
            }
            return reasons;
        }

        private static void SetAdditionalServices(EligibilityResult result, CatalogOffer? source, CatalogOffer? target)
        {
            if (source != null && target != null)
            {
                result.AdditionalServices = target.Services.Where(s => !source.Services.Contains(s, StringComparer.OrdinalIgnoreCase)).ToArray();
            }
        }

        private static (string OfferId, string Offer) SourceNames(EligibilityEngine engine, SubscriptionRecord subscription)
        {
            var offer = engine.Catalog.Find(subscription.OfferId);
            return offer != null ? (offer.OfferId, offer.Offer) : (subscription.OfferId, subscription.OfferName ?? subscription.OfferId);
        }

        /// <summary>The catalogue offer an Upgrade's targetOffer maps to (null when unmapped), and Partner Center's id and name.</summary>
        private (CatalogOffer? Offer, string Id, string Name) TargetNames(EligibilityEngine engine, UpgradeResource upgrade)
        {
            string id = upgrade.TargetOffer?.Key ?? string.Empty;
            string name = upgrade.TargetOffer?.Name ?? id;
            var offer = _reader.OffersFor(engine.Catalog).Map(id, upgrade.TargetOffer?.Name);
            return offer != null ? (offer, offer.OfferId, offer.Offer) : (null, id, name);
        }
    }
}
