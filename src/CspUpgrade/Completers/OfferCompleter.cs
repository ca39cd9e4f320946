using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Completers
{
    /// <summary>
    /// Completes offers of the session's catalogue by id, display name or alias (former name). For -TargetOffer, once -SubscriptionId (and
    /// -CustomerId) name a subscription, only that subscription's upgrade targets.
    /// </summary>
    public sealed class OfferCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            var results = new List<CompletionResult>();
            var offered = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // a name a legacy and a new-commerce offer share: once
            var catalog = SessionRegistry.Current.Catalog;
            foreach (var offer in TargetsOfBoundSubscription(catalog, parameterName, fakeBoundParameters) ?? catalog.Offers)
            {
                string tip = $"{offer.Offer} ({offer.OfferId}, {offer.Commerce}){(offer.Market is null ? string.Empty : ", market " + offer.Market)}";
                if (pattern.IsMatch(offer.OfferId))
                {
                    results.Add(new CompletionResult(offer.OfferId, offer.OfferId, CompletionResultType.ParameterValue, tip));
                }
                else if (pattern.IsMatch(offer.Offer))
                {
                    if (offered.Add(offer.Offer))
                    {
                        results.Add(new CompletionResult(CompletionText.Quote(offer.Offer), offer.Offer, CompletionResultType.ParameterValue, tip));
                    }
                }
                else
                {
                    // Former names (aliases) are accepted everywhere, so they complete too.
                    foreach (string alias in offer.Aliases)
                    {
                        if (pattern.IsMatch(alias) && offered.Add(alias))
                        {
                            results.Add(new CompletionResult(CompletionText.Quote(alias), alias, CompletionResultType.ParameterValue, $"{alias}: former name of {tip}"));
                        }
                    }
                }
            }
            return results;
        }

        /// <summary>The upgrade targets of the subscription -SubscriptionId names, or null when none is named or found.</summary>
        private static IReadOnlyList<CatalogOffer>? TargetsOfBoundSubscription(OfferCatalog catalog, string parameterName, IDictionary fakeBoundParameters)
        {
            var backend = SessionRegistry.Current.Backend;
            if (backend is null || !string.Equals(parameterName, "TargetOffer", StringComparison.OrdinalIgnoreCase)
                || fakeBoundParameters?["SubscriptionId"] is not object bound)
            {
                return null;
            }
            string? subscriptionId = (bound is PSObject ps ? ps.BaseObject : bound)?.ToString();
            try
            {
                using var deadline = CompletionText.Deadline();
                foreach (var customer in SubscriptionIdCompleter.CustomersToSearch(backend, fakeBoundParameters, deadline.Token))
                {
                    if (subscriptionId != null && customer.FindSubscription(subscriptionId) is SubscriptionRecord subscription
                        && catalog.Find(subscription.OfferId) is CatalogOffer source)
                    {
                        return catalog.GetTargets(source);
                    }
                }
            }
            catch (Exception)
            {
                // Completion must never throw into the user's typing: offer every offer instead.
            }
            return null;
        }
    }
}
