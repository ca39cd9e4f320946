using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Completers
{
    /// <summary>
    /// Completes -ToSubscriptionId with the candidates (SPEC 1.9): the customer's active new-commerce subscriptions bought
    /// through the partner, of the offer -TargetOffer names (of any such offer when none is typed yet), other than the source.
    /// </summary>
    public sealed class ToSubscriptionIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            var session = SessionRegistry.Current;
            var backend = session.Backend;
            if (backend is null || fakeBoundParameters is null || fakeBoundParameters["CustomerId"] is null)
            {
                return results; // the candidates are one customer's: name it first
            }
            var pattern = CompletionText.Pattern(wordToComplete);
            string? source = Text(fakeBoundParameters["SubscriptionId"]);
            string? targetText = Text(fakeBoundParameters["TargetOffer"]) ?? Text(fakeBoundParameters["TargetOfferId"]);
            var target = targetText is null ? null : session.Catalog.Find(targetText);
            try
            {
                using var deadline = CompletionText.Deadline();
                foreach (var customer in SubscriptionIdCompleter.CustomersToSearch(backend, fakeBoundParameters, deadline.Token))
                {
                    foreach (var subscription in customer.Subscriptions)
                    {
                        var offer = session.Catalog.Find(subscription.OfferId);
                        bool candidate = NewCommerceRules.CanTakeSeats(subscription)
                            && subscription.Commerce == Commerce.NewCommerce
                            && !string.Equals(subscription.SubscriptionId, source?.Trim(), StringComparison.OrdinalIgnoreCase)
                            && (target is null || string.Equals(subscription.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase));
                        string offerName = offer?.Offer ?? subscription.OfferId;
                        if (candidate && (pattern.IsMatch(subscription.SubscriptionId) || pattern.IsMatch(subscription.OfferId) || pattern.IsMatch(offerName)))
                        {
                            string term = $"{subscription.TermDuration} term ending {subscription.TermEndDate:yyyy-MM-dd}";
                            results.Add(new CompletionResult(
                                CompletionText.Quote(subscription.SubscriptionId),
                                $"{offerName}, {subscription.Quantity} seats ({subscription.SubscriptionId})",
                                CompletionResultType.ParameterValue,
                                $"{customer.Name}: {offerName}, {subscription.Quantity} seats, {term}"));
                        }
                    }
                }
            }
            catch (Exception)
            {
                // Completion must never throw into the user's typing.
            }
            return results;
        }

        private static string? Text(object? bound)
        {
            string? text = (bound is PSObject ps ? ps.BaseObject : bound)?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }
}
