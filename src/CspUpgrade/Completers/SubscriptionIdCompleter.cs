using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Completers
{
    /// <summary>Completes subscription ids of the customer named by -CustomerId (or of all customers), showing offers.</summary>
    public sealed class SubscriptionIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            var session = SessionRegistry.Current;
            var backend = session.Backend;
            if (backend is null)
            {
                return results;
            }
            var pattern = CompletionText.Pattern(wordToComplete);
            try
            {
                using var deadline = CompletionText.Deadline();
                foreach (var customer in CustomersToSearch(backend, fakeBoundParameters, deadline.Token))
                {
                    foreach (var subscription in customer.Subscriptions)
                    {
                        var offer = session.Catalog.Find(subscription.OfferId);
                        string offerName = offer?.Offer ?? subscription.OfferId;
                        if (pattern.IsMatch(subscription.SubscriptionId) || pattern.IsMatch(subscription.OfferId) || pattern.IsMatch(offerName))
                        {
                            results.Add(new CompletionResult(
                                CompletionText.Quote(subscription.SubscriptionId),
                                $"{offerName}, {subscription.Quantity} seats ({subscription.SubscriptionId})",
                                CompletionResultType.ParameterValue,
                                $"{customer.Name}: {offerName}, {subscription.Status}, {subscription.Quantity} seats"));
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

        /// <summary>The customer named by -CustomerId, or every customer of a local backend (a remote one: none, too slow to list).</summary>
        internal static IEnumerable<CustomerRecord> CustomersToSearch(ICspBackend backend, IDictionary fakeBoundParameters, System.Threading.CancellationToken cancellation)
        {
            if (fakeBoundParameters != null && fakeBoundParameters["CustomerId"] is object bound)
            {
                string? id = (bound is PSObject ps ? ps.BaseObject : bound)?.ToString();
                var customer = id is null ? null : backend.GetCustomer(id, cancellation);
                return customer is null ? Array.Empty<CustomerRecord>() : new[] { customer };
            }
            var all = new List<CustomerRecord>();
            if (backend is IRemoteBackend)
            {
                // One request per customer is too slow for tab completion: name the customer (-CustomerId) first.
                return all;
            }
            foreach (var summary in backend.GetCustomers(cancellation))
            {
                var customer = backend.GetCustomer(summary.CustomerId, cancellation);
                if (customer != null)
                {
                    all.Add(customer);
                }
            }
            return all;
        }
    }
}
