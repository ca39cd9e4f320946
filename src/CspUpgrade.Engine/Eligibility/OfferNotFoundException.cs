using System;

namespace CspUpgrade
{
    /// <summary>An offer id or name the session's catalogue does not know (an error, never an eligibility result).</summary>
    public sealed class OfferNotFoundException : Exception
    {
        public OfferNotFoundException(string offer, string? context = null)
            : base($"Offer '{offer}' is not in the session's catalogue{(context is null ? string.Empty : " (" + context + ")")}. " +
                   "Run Get-CspOffer to list the offers, or Import-CspOfferCatalog to use another catalogue.")
        {
            Offer = offer;
        }

        public string Offer { get; }
    }
}
