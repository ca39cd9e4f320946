using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>
    /// A name (or alias) that a legacy and a new-commerce offer share, given where one offer is needed and no source
    /// subscription decides which (SPEC 2): the message names every offer it could be, by id.
    /// </summary>
    public sealed class OfferAmbiguousException : Exception
    {
        public OfferAmbiguousException(string offer, IReadOnlyList<CatalogOffer> candidates)
            : base($"Offer '{offer}' names {candidates.Count} offers: " +
                   string.Join(" and ", candidates.Select(c => $"{c.OfferId} ({c.Commerce})")) +
                   ". Give the offer id instead, e.g. " + candidates[0].OfferId + ".")
        {
            Offer = offer;
            OfferIds = candidates.Select(c => c.OfferId).ToArray();
        }

        public string Offer { get; }

        /// <summary>The ids of the offers the name could mean.</summary>
        public IReadOnlyList<string> OfferIds { get; }
    }
}
