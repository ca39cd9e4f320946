using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Completers
{
    /// <summary>Completes customers of the connected backend, matching on id or name and showing the name.</summary>
    public abstract class CustomerCompleter : IArgumentCompleter
    {
        /// <summary>What is inserted for a customer: its id, or its name.</summary>
        private protected abstract string CompletionOf(CustomerRecord customer);

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            var backend = SessionRegistry.Current.Backend;
            if (backend is null)
            {
                return results;
            }
            var pattern = CompletionText.Pattern(wordToComplete);
            try
            {
                using var deadline = CompletionText.Deadline();
                foreach (var customer in backend.GetCustomers(deadline.Token))
                {
                    if (pattern.IsMatch(customer.CustomerId) || pattern.IsMatch(customer.Name))
                    {
                        results.Add(new CompletionResult(
                            CompletionText.Quote(CompletionOf(customer)),
                            $"{customer.Name} ({customer.CustomerId})",
                            CompletionResultType.ParameterValue,
                            $"{customer.Name}, market {customer.Market}"));
                    }
                }
            }
            catch (Exception)
            {
                // Completion must never throw into the user's typing; an unreachable or slow backend completes what it has.
            }
            return results;
        }
    }

    /// <summary>Completes customer ids (-CustomerId).</summary>
    public sealed class CustomerIdCompleter : CustomerCompleter
    {
        private protected override string CompletionOf(CustomerRecord customer) => customer.CustomerId;
    }

    /// <summary>Completes customer names (Get-CspCustomer -Name, which takes wildcards: a name's own wildcard characters are escaped).</summary>
    public sealed class CustomerNameCompleter : CustomerCompleter
    {
        private protected override string CompletionOf(CustomerRecord customer) => WildcardPattern.Escape(customer.Name);
    }
}
