using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Completers
{
    /// <summary>Completes offers of the session's catalogue by id or display name.</summary>
    public sealed class OfferCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            var results = new List<CompletionResult>();
            foreach (var offer in SessionRegistry.Current.Catalog.Offers)
            {
                string tip = $"{offer.Offer} ({offer.OfferId}){(offer.Market is null ? string.Empty : ", market " + offer.Market)}";
                if (pattern.IsMatch(offer.OfferId))
                {
                    results.Add(new CompletionResult(offer.OfferId, offer.OfferId, CompletionResultType.ParameterValue, tip));
                }
                else if (pattern.IsMatch(offer.Offer))
                {
                    results.Add(new CompletionResult(CompletionText.Quote(offer.Offer), offer.Offer, CompletionResultType.ParameterValue, tip));
                }
            }
            return results;
        }
    }
}
