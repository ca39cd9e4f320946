using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// Messages and remediations of the new-commerce rules (SPEC 1.9) where they differ from the legacy ones in
    /// <see cref="ReasonText"/>: seats moved rather than bought, an existing target subscription, a change at renewal.
    /// Null means "as for legacy".
    /// </summary>
    internal static class NewCommerceText
    {
        public static string? Message(EligibilityReason reason, EligibilityResult x)
        {
            var s = x.Subscription!;
            string sub = $"Subscription {s.SubscriptionId} ({x.SourceOffer!.Offer})";
            string target = x.Target is null ? "(none)" : $"{x.Target.Offer} ({x.Target.OfferId})";
            var into = reason.Related;
            if (x.Commerce != Commerce.NewCommerce)
            {
                // A legacy source asked for new commerce's choices.
                return reason.Code == ReasonCode.TargetSubscriptionMismatch
                    ? $"{sub} is legacy: a legacy upgrade always creates a new subscription, so -ToSubscriptionId does not apply."
                    : reason.Code == ReasonCode.SubscriptionTargetOfferNotFound && x.Choice.AtRenewal
                        ? $"{sub} is legacy: a change at renewal exists in new commerce only."
                        : null;
            }
            switch (reason.Code)
            {
                case ReasonCode.SubscriptionTargetOfferNotFound when x.Target != null && x.Target.Commerce != Commerce.NewCommerce:
                    return $"{target} is a legacy offer; {sub} is new commerce, and an upgrade stays within one commerce model.";
                case ReasonCode.TargetOfferAlreadyOwned:
                    return $"{x.Context!.Customer.Name} already has {target} in subscription {into!.SubscriptionId}, {Channel(into.Channel)} ({into.Status}).";
                case ReasonCode.UpgradeQuantityInvalid:
                    return x.Quantity < 1
                        ? $"{x.Quantity} seats cannot be upgraded; at least 1 is needed."
                        : $"{x.Quantity} seats are more than the {s.Quantity} of {sub}; an upgrade moves at most the source's seats.";
                case ReasonCode.SeatLimitExceeded:
                    {
                        long onTarget = NewCommerceRules.SeatsOnTarget(x.Kind, x.Quantity, x.Into);
                        if (x.Target!.MaxSeats is int cap && onTarget > cap)
                        {
                            return x.Kind == UpgradeKind.IntoExisting && x.Into != null
                                ? $"Subscription {x.Into.SubscriptionId} has {x.Into.Quantity} seats; {x.Quantity} more would make {onTarget}, over the {cap}-seat limit of {target}."
                                : $"{x.Quantity} seats exceed the {cap}-seat limit of {target}.";
                        }
                        return $"After the change {x.Context!.Customer.Name} would hold {reason.Number} seats in {x.Target.SeatPool}-family subscriptions, " +
                               $"over the {x.Target.PoolLimit} allowed.";
                    }
                case ReasonCode.OfferDoesNotSupportBillingCycle:
                    return $"{target} is not sold with {Cycle(x)} billing (it is sold with: {string.Join(", ", x.Target!.BillingCycles)}).";
                case ReasonCode.TermDurationNotSupported:
                    return $"{target} is not sold with a {Term(x)} term (it is sold with: {string.Join(", ", x.Target!.TermDurations)}).";
                case ReasonCode.AutoRenewDisabled:
                    return $"{sub} does not renew automatically, so a change at renewal would never happen.";
                case ReasonCode.TargetSubscriptionMismatch:
                    return ReferenceEquals(into, s)
                        ? $"Subscription {s.SubscriptionId} is the source itself; seats cannot move into the subscription they come from."
                        : $"Subscription {into!.SubscriptionId} is {Describe(x, into)}, not {target} bought through you.";
                case ReasonCode.TargetSubscriptionNotActive:
                    return $"Subscription {into!.SubscriptionId} is {into.Status}; seats can only move into an active subscription.";
                case ReasonCode.TargetSubscriptionInCancellationWindow:
                    return $"Subscription {into!.SubscriptionId} is in its cancellation window until {into.CancellableUntil:yyyy-MM-dd HH:mm} UTC; seats cannot move into it until then.";
                case ReasonCode.TargetSubscriptionTermShorter:
                    return $"Subscription {into!.SubscriptionId} has a {into.TermDuration} term, shorter than the {s.TermDuration} term of {sub}.";
                case ReasonCode.TargetSubscriptionEndsBeforeSource:
                    return $"Subscription {into!.SubscriptionId}'s term ends {into.TermEndDate:yyyy-MM-dd}, before {sub}'s ({s.TermEndDate:yyyy-MM-dd}).";
                default:
                    return null;
            }
        }

        public static string? Remediation(EligibilityReason reason, EligibilityResult x)
        {
            var s = x.Subscription!;
            var into = reason.Related;
            if (x.Commerce != Commerce.NewCommerce)
            {
                return reason.Code == ReasonCode.TargetSubscriptionMismatch
                    ? "Leave out -ToSubscriptionId."
                    : reason.Code == ReasonCode.SubscriptionTargetOfferNotFound && x.Choice.AtRenewal
                        ? "A legacy subscription moves to new commerce at renewal by itself; upgrade it now without -AtRenewal."
                        : null;
            }
            switch (reason.Code)
            {
                case ReasonCode.TargetOfferAlreadyOwned:
                    return into!.Channel == SalesChannel.Partner
                        ? $"Move the seats into subscription {into.SubscriptionId} with -ToSubscriptionId {into.SubscriptionId}."
                        : $"The customer must cancel subscription {into.SubscriptionId}, {Channel(into.Channel)}, before you upgrade to the same offer.";
                case ReasonCode.UpgradeQuantityInvalid:
                    return $"Upgrade at most {s.Quantity} seats (all of them is a full upgrade), then add licenses to the target with Add-CspSubscriptionLicense.";
                case ReasonCode.SeatLimitExceeded:
                    {
                        var fitting = ReasonText.SeatFittingTargets(x);
                        return x.Kind == UpgradeKind.IntoExisting
                            ? "Move fewer seats, or upgrade without -ToSubscriptionId into a new subscription of the target."
                            : fitting.Count > 0
                                ? $"Upgrade fewer seats, or choose a target that allows {x.Quantity} seats: {string.Join(", ", fitting)}."
                                : $"Upgrade fewer seats; no upgrade target of {x.SourceOffer!.OfferId} allows {x.Quantity} seats for this customer.";
                    }
                case ReasonCode.OfferDoesNotSupportBillingCycle:
                    return x.Kind == UpgradeKind.AtRenewal
                        ? $"Ask for one of {string.Join(", ", x.Target!.BillingCycles)} with -BillingCycle."
                        : $"Schedule the change at renewal with -AtRenewal -BillingCycle {x.Target!.BillingCycles.FirstOrDefault()}, or choose another target.";
                case ReasonCode.TermDurationNotSupported:
                    return x.Kind == UpgradeKind.AtRenewal
                        ? $"Ask for one of {string.Join(", ", x.Target!.TermDurations)} with -TermDuration."
                        : $"Schedule the change at renewal with -AtRenewal -TermDuration {x.Target!.TermDurations.FirstOrDefault()}, or choose another target.";
                case ReasonCode.AutoRenewDisabled:
                    return "Turn on auto-renewal of the subscription in Partner Center, or upgrade now without -AtRenewal.";
                case ReasonCode.TargetSubscriptionMismatch:
                    return PickInstead(x, into);
                case ReasonCode.TargetSubscriptionNotActive:
                case ReasonCode.TargetSubscriptionInCancellationWindow:
                case ReasonCode.TargetSubscriptionTermShorter:
                case ReasonCode.TargetSubscriptionEndsBeforeSource:
                    return (reason.Code == ReasonCode.TargetSubscriptionInCancellationWindow ? "Wait until the window ends, or " : string.Empty) + PickInstead(x, into);
                default:
                    return null;
            }
        }

        /// <summary>What to pick instead of a failing existing target: another that meets all four conditions, or a new subscription.</summary>
        private static string PickInstead(EligibilityResult x, SubscriptionRecord? failing)
        {
            var s = x.Subscription!;
            var fit = new List<string>();
            foreach (string id in x.ExistingTargetSubscriptionIds)
            {
                var candidate = x.Context!.Customer.FindSubscription(id);
                if (candidate != null && !ReferenceEquals(candidate, failing) && !NewCommerceRules.ExistingTargetFailures(x.Context, s, candidate).Any())
                {
                    fit.Add(id);
                }
            }
            string instead = fit.Count > 0
                ? $"pick a subscription that meets all four conditions (active, outside its cancellation window, a term at least {s.TermDuration}, ending on or after {s.TermEndDate:yyyy-MM-dd}): -ToSubscriptionId {string.Join(" or ", fit)}"
                : $"none of the customer's subscriptions of {x.Target?.Offer} meets all four conditions (active, outside its cancellation window, a term at least {s.TermDuration}, ending on or after {s.TermEndDate:yyyy-MM-dd})";
            return Capitalize(instead) + "; or upgrade without -ToSubscriptionId into a new subscription of the target.";
        }

        private static string Describe(EligibilityResult x, SubscriptionRecord other)
        {
            var offer = x.Context!.Catalog.Find(other.OfferId);
            return $"{offer?.Offer ?? other.OfferId} ({other.OfferId}), {Channel(other.Channel)}";
        }

        private static string Term(EligibilityResult x) => (x.Kind == UpgradeKind.AtRenewal ? x.Choice.TermDuration : null)?.ToString() ?? x.Subscription!.TermDuration?.ToString() ?? "(none)";

        private static string Cycle(EligibilityResult x) => ((x.Kind == UpgradeKind.AtRenewal ? x.Choice.BillingCycle : null) ?? x.Subscription!.BillingCycle).ToString();

        private static string Channel(SalesChannel channel) => ReasonText.Channel(channel);

        private static string Capitalize(string text) => Engine.Documents.DocumentFields.Capitalize(text);
    }
}
