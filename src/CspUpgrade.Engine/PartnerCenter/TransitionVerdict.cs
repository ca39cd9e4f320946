using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Partner Center's verdict on a new-commerce subscription (SPEC 1.9): the targets GET transitionEligibilities lists
    /// (eligibilityType immediate, or scheduled for a change at renewal) mapped to results, the transition type's errors by the
    /// TransitionErrorCode table and an existing target's by the subscriptionEligibilities table, with Kind and the existing
    /// subscriptions of the target. The local rules' view is added alongside as for upgrades.
    /// </summary>
    internal sealed class TransitionVerdict
    {
        private readonly PartnerCenterReader _reader;

        public TransitionVerdict(PartnerCenterReader reader)
        {
            _reader = reader;
        }

        /// <summary>Partner Center's transition type for an upgrade type.</summary>
        public static string TransitionType(UpgradeType type) =>
            type == UpgradeType.UpgradeOnly ? "transition_only" : "transition_with_license_transfer";

        /// <summary>Partner Center's answer for one target: its eligibility entry, or "not a target" when it lists none for it.</summary>
        public EligibilityResult Decide(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer target,
            IReadOnlyList<TransitionEligibilityResource> items, UpgradeChoice choice)
        {
            var offers = _reader.OffersFor(engine.Catalog);
            var item = FindItem(items, target, offers);
            if (item != null)
            {
                return FromItem(engine, context, subscription, item, target, choice);
            }
            var (offerId, offerName) = SourceNames(engine, subscription);
            var reason = items.Count == 0
                ? NoPaths(subscription, offerName, choice)
                : new EligibilityReason(ReasonCode.SubscriptionTargetOfferNotFound,
                    $"Partner Center does not list {target.Offer} as a{(choice.AtRenewal ? " scheduled" : "n immediate")} transition of subscription {subscription.SubscriptionId}"
                    + (string.IsNullOrWhiteSpace(target.PartnerCenterProductId) && target.Commerce == Commerce.NewCommerce
                        ? $" (the catalogue has no partnerCenterProductId for {target.OfferId}, so it is matched by name only)" : string.Empty)
                    + $"; it lists: {string.Join(", ", items.Select(i => TargetNames(offers, i).Name))}.",
                    TransitionReasons.Remediation(ReasonCode.SubscriptionTargetOfferNotFound));
            var result = Result(context, subscription, offerId, offerName, target.OfferId, target.Offer, choice, new[] { reason });
            Complete(result, engine, context, subscription, target, null, choice);
            return result;
        }

        /// <summary>Partner Center's answer for every target it lists (one ineligible result when it lists none).</summary>
        public IReadOnlyList<EligibilityResult> DecideAll(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription,
            IReadOnlyList<TransitionEligibilityResource> items, UpgradeChoice choice)
        {
            if (items.Count == 0)
            {
                var (offerId, offerName) = SourceNames(engine, subscription);
                var none = Result(context, subscription, offerId, offerName, null, null, choice, new[] { NoPaths(subscription, offerName, choice) });
                Complete(none, engine, context, subscription, null, null, choice);
                return new[] { none };
            }
            return items.Select(item => FromItem(engine, context, subscription, item, null, choice)).ToList();
        }

        /// <summary>
        /// The entry Partner Center lists for <paramref name="target"/>: by product (partnerCenterProductId), else by title = name or
        /// alias; a target the catalogue does not know (passed through from an entry) by its catalog item id.
        /// </summary>
        public static TransitionEligibilityResource? FindItem(IReadOnlyList<TransitionEligibilityResource> items, CatalogOffer target, PartnerCenterOfferMap offers) =>
            target.IsPassThrough
                ? items.FirstOrDefault(i => string.Equals(i.CatalogItemId?.Trim(), target.OfferId, StringComparison.OrdinalIgnoreCase))
                : items.FirstOrDefault(i => ReferenceEquals(offers.FindProduct(i.CatalogItemId), target))
                    ?? items.FirstOrDefault(i => offers.FindProduct(i.CatalogItemId) is null && ReferenceEquals(offers.FindName(i.Title, Commerce.NewCommerce), target));

        /// <summary>
        /// The target of the entry listed under <paramref name="idOrName"/> (its catalog item id or title, any case): the
        /// catalogue's offer when it maps the entry, else the entry passed through with Partner Center's id and title, so a target
        /// shown by Test-CspUpgradeEligibility can be performed; null when no entry has that id or title.
        /// </summary>
        public static CatalogOffer? OfferedTarget(IReadOnlyList<TransitionEligibilityResource> items, string idOrName, PartnerCenterOfferMap offers)
        {
            string wanted = idOrName.Trim();
            var item = items.FirstOrDefault(i => string.Equals(i.CatalogItemId?.Trim(), wanted, StringComparison.OrdinalIgnoreCase))
                ?? items.FirstOrDefault(i => string.Equals(i.Title?.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
            if (item?.CatalogItemId is null || string.IsNullOrWhiteSpace(item.CatalogItemId))
            {
                return null;
            }
            var (offer, id, name) = TargetNames(offers, item);
            return offer ?? CatalogOffer.PassThrough(id, name);
        }

        /// <summary>The result of one transition eligibility entry; <paramref name="requested"/> names the target when the catalogue does not map it.</summary>
        public EligibilityResult FromItem(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, TransitionEligibilityResource item,
            CatalogOffer? requested, UpgradeChoice choice)
        {
            var offers = _reader.OffersFor(engine.Catalog);
            var (offerId, offerName) = SourceNames(engine, subscription);
            var (target, targetId, targetName) = TargetNames(offers, item);
            target ??= requested;
            var reasons = new List<EligibilityReason>();
            reasons.AddRange(TypeReasons(item, choice.UpgradeType));
            reasons.AddRange(RequestReasons(subscription, choice));
            reasons.AddRange(ExistingTargetReasons(context.Customer, subscription, item, target, choice));
            var result = Result(context, subscription, offerId, offerName, target?.OfferId ?? targetId, target?.Offer ?? targetName, choice, reasons);
            Complete(result, engine, context, subscription, target, item, choice);
            return result;
        }

        /// <summary>The verdict for the transition type asked for, its errors by the TransitionErrorCode table.</summary>
        private static IEnumerable<EligibilityReason> TypeReasons(TransitionEligibilityResource item, UpgradeType type)
        {
            string wanted = TransitionType(type);
            var details = item.Eligibilities ?? new List<TransitionEligibilityDetail>();
            var detail = details.FirstOrDefault(d => string.Equals(d.TransitionType?.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
            if (detail is null)
            {
                bool onlyOther = details.Any(d => d.IsEligible == true);
                yield return onlyOther && type == UpgradeType.UpgradeWithLicenseTransfer
                    ? new EligibilityReason(ReasonCode.Other,
                        "Partner Center allows this transition only without moving licenses (transition_only).",
                        "Run it with -UpgradeType UpgradeOnly and assign the new licenses to the users yourself afterwards.", null, "transition_only")
                    : new EligibilityReason(ReasonCode.Other,
                        $"Partner Center gives no verdict for {wanted} on this target.", PartnerCenterReasons.Remediation(ReasonCode.Other), null, wanted);
                yield break;
            }
            int count = 0;
            foreach (var error in detail.Errors ?? new List<TransitionError>())
            {
                var (code, original) = TransitionReasons.MapTransition(error.Code);
                count++;
                yield return new EligibilityReason(code, TransitionReasons.Message(error, code, original), TransitionReasons.Remediation(code), null, original);
            }
            if (detail.IsEligible != true && count == 0)
            {
                yield return new EligibilityReason(ReasonCode.Other, $"Partner Center reports this transition ({wanted}) as not possible without giving a reason.",
                    PartnerCenterReasons.Remediation(ReasonCode.Other), null, "isEligible=false");
            }
        }

        /// <summary>What the service refuses whatever the target: more seats than the source has (SPEC 1.9), a scheduled change without auto-renew.</summary>
        private static IEnumerable<EligibilityReason> RequestReasons(SubscriptionRecord subscription, UpgradeChoice choice)
        {
            if (!choice.AtRenewal && choice.Quantity is int seats && (seats < 1 || seats > subscription.Quantity))
            {
                yield return new EligibilityReason(ReasonCode.UpgradeQuantityInvalid,
                    $"{seats} seats cannot move: subscription {subscription.SubscriptionId} has {subscription.Quantity}; an upgrade moves 1 to {subscription.Quantity} of them.",
                    "Upgrade at most the source's seats, then add licenses to the target subscription (Add-CspSubscriptionLicense).");
            }
            if (choice.AtRenewal && subscription.AutoRenew == false)
            {
                yield return new EligibilityReason(ReasonCode.AutoRenewDisabled,
                    $"Subscription {subscription.SubscriptionId} does not renew automatically, so no change can be scheduled for its renewal.",
                    "Turn auto-renew on for the subscription in Partner Center, then schedule the change.");
            }
        }

        /// <summary>-ToSubscriptionId: the existing subscription as subscriptionEligibilities judges it (codes by the target-subscription table).</summary>
        private static IEnumerable<EligibilityReason> ExistingTargetReasons(CustomerRecord customer, SubscriptionRecord subscription, TransitionEligibilityResource item, CatalogOffer? target, UpgradeChoice choice)
        {
            if (choice.ToSubscriptionId is not string wanted || choice.AtRenewal)
            {
                yield break;
            }
            var listed = (item.SubscriptionEligibilities ?? new List<TargetSubscriptionEligibility>())
                .FirstOrDefault(s => string.Equals(s.SubscriptionId?.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
            var candidates = Candidates(item);
            string instead = candidates.Count > 0 ? $" Eligible subscriptions of the target: {string.Join(", ", candidates)}." : " Leave out -ToSubscriptionId to create a new subscription.";
            if (listed is null)
            {
                var other = customer.FindSubscription(wanted);
                string what = other is null ? "is not one of the customer's subscriptions Partner Center knows" : $"is a subscription of {other.OfferName ?? other.OfferId}, not of {target?.Offer ?? item.Title}";
                yield return new EligibilityReason(ReasonCode.TargetSubscriptionMismatch,
                    $"Subscription {wanted} {what}, so seats of {subscription.SubscriptionId} cannot move into it.",
                    "Pick an existing subscription of the target offer." + instead, wanted);
                yield break;
            }
            int count = 0;
            foreach (var error in listed.Errors ?? new List<TransitionError>())
            {
                var (code, original) = TransitionReasons.MapTargetSubscription(error.Code);
                count++;
                yield return new EligibilityReason(code, $"Subscription {wanted}: {TransitionReasons.Message(error, code, original)}", TransitionReasons.Remediation(code) + instead, wanted, original);
            }
            if (listed.IsEligible != true && count == 0)
            {
                yield return new EligibilityReason(ReasonCode.Other, $"Partner Center reports subscription {wanted} as not eligible to receive the seats, without a reason.",
                    PartnerCenterReasons.Remediation(ReasonCode.Other) + instead, wanted, "isEligible=false");
            }
        }

        /// <summary>The existing subscriptions of the target Partner Center lists as eligible to receive seats.</summary>
        private static List<string> Candidates(TransitionEligibilityResource item) =>
            (item.SubscriptionEligibilities ?? new List<TargetSubscriptionEligibility>())
                .Where(s => s.IsEligible == true && !string.IsNullOrWhiteSpace(s.SubscriptionId)).Select(s => s.SubscriptionId!.Trim()).ToList();

        private static EligibilityResult Result(CustomerContext context, SubscriptionRecord subscription, string offerId, string offerName, string? targetId, string? targetName,
            UpgradeChoice choice, IReadOnlyList<EligibilityReason> reasons)
        {
            var customer = context.Customer;
            var result = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName, targetId, targetName,
                choice.UpgradeType, choice.Quantity ?? subscription.Quantity, reasons, PartnerCenterVerdict.SourceName)
            {
                Commerce = Commerce.NewCommerce,
                Kind = choice.KindFor(Commerce.NewCommerce, subscription.Quantity),
            };
            if (result.Kind == UpgradeKind.IntoExisting)
            {
                result.ToSubscriptionId = choice.ToSubscriptionId;
            }
            return result;
        }

        /// <summary>Additional services, the existing subscriptions of the target, and the local rules' view.</summary>
        private static void Complete(EligibilityResult result, EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target,
            TransitionEligibilityResource? item, UpgradeChoice choice)
        {
            var source = engine.Catalog.Find(subscription.OfferId);
            if (source != null && target != null)
            {
                result.AdditionalServices = target.Services.Where(s => !source.Services.Contains(s, StringComparer.OrdinalIgnoreCase)).ToArray();
            }
            result.ExistingTargetSubscriptionIds = ExistingTargets(context.Customer, subscription, target, item);
            LocalSecondOpinion.Add(result, engine, context, subscription, target, choice);
        }

        /// <summary>
        /// The customer's active Partner-channel subscriptions of the target: those Partner Center lists under subscriptionEligibilities
        /// (save the not-active ones), and those the customer's subscriptions show (a scheduled check lists none).
        /// </summary>
        private static IReadOnlyList<string> ExistingTargets(CustomerRecord customer, SubscriptionRecord subscription, CatalogOffer? target, TransitionEligibilityResource? item)
        {
            var ids = new List<string>();
            foreach (var listed in item?.SubscriptionEligibilities ?? new List<TargetSubscriptionEligibility>())
            {
                bool notActive = (listed.Errors ?? new List<TransitionError>()).Any(e => TransitionReasons.MapTargetSubscription(e.Code).Code == ReasonCode.TargetSubscriptionNotActive);
                if (!notActive && !string.IsNullOrWhiteSpace(listed.SubscriptionId))
                {
                    ids.Add(listed.SubscriptionId!.Trim());
                }
            }
            if (target != null)
            {
                ids.AddRange(customer.Subscriptions
                    .Where(s => !ReferenceEquals(s, subscription) && s.Status == SubscriptionStatus.Active && s.Channel == SalesChannel.Partner
                        && string.Equals(s.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase))
                    .Select(s => s.SubscriptionId));
            }
            return ids.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        private static EligibilityReason NoPaths(SubscriptionRecord subscription, string offerName, UpgradeChoice choice) =>
            new EligibilityReason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths,
                $"Partner Center lists no {(choice.AtRenewal ? "scheduled" : "immediate")} transition for subscription {subscription.SubscriptionId} ({offerName}).",
                PartnerCenterReasons.Remediation(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));

        private static (string OfferId, string Offer) SourceNames(EligibilityEngine engine, SubscriptionRecord subscription)
        {
            var offer = engine.Catalog.Find(subscription.OfferId);
            return offer != null ? (offer.OfferId, offer.Offer) : (subscription.OfferId, subscription.OfferName ?? subscription.OfferId);
        }

        /// <summary>The catalogue offer of an entry (null when unmapped), and Partner Center's catalogItemId and title.</summary>
        private static (CatalogOffer? Offer, string Id, string Name) TargetNames(PartnerCenterOfferMap offers, TransitionEligibilityResource item)
        {
            string id = item.CatalogItemId?.Trim() ?? string.Empty;
            string name = item.Title ?? id;
            var offer = offers.FindProduct(id) ?? offers.FindName(item.Title, Commerce.NewCommerce);
            return offer != null ? (offer, offer.OfferId, offer.Offer) : (null, id, name);
        }
    }
}
