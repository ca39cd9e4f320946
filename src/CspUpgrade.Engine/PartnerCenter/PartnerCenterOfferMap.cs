using System;
using System.Collections.Generic;
using CspUpgrade.PartnerCenter.Resources;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>
    /// Partner Center's offers to the catalogue's (SPEC 1.8), in order: a legacy offer id = an offer's partnerCenterOfferId;
    /// a new-commerce product id = an offer's partnerCenterProductId; else Partner Center's offer name = an offer's name or
    /// alias of the same commerce (case-insensitive). Null when nothing maps: the offer then passes through unmapped.
    /// </summary>
    internal sealed class PartnerCenterOfferMap
    {
        private readonly Dictionary<string, CatalogOffer> _byOfferId = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);

        public PartnerCenterOfferMap(OfferCatalog? catalog)
        {
            Catalog = catalog;
            foreach (var offer in catalog?.Offers ?? Array.Empty<CatalogOffer>())
            {
                string? id = offer.PartnerCenterOfferId?.Trim();
                if (!string.IsNullOrEmpty(id) && !_byOfferId.ContainsKey(id!))
                {
                    _byOfferId[id!] = offer;
                }
            }
        }

        /// <summary>An empty map, before any catalogue is known.</summary>
        public static PartnerCenterOfferMap Empty { get; } = new PartnerCenterOfferMap(null);

        public OfferCatalog? Catalog { get; }

        /// <summary>The catalogue offer of a subscription, or null when it is unmapped.</summary>
        public CatalogOffer? Map(SubscriptionResource item) => Map(item.OfferId, item.OfferName);

        /// <summary>The catalogue offer of Partner Center's offer id and name (a subscription's, or an upgrade's target).</summary>
        public CatalogOffer? Map(string? partnerCenterOfferId, string? offerName)
        {
            string id = partnerCenterOfferId?.Trim() ?? string.Empty;
            if (_byOfferId.TryGetValue(id, out var offer))
            {
                return offer;
            }
            var commerce = CommerceOf(id);
            return ByProductId(id, commerce) ?? ByName(offerName, commerce);
        }

        /// <summary>
        /// Hook for new commerce (SPEC 1.8): the productId (first part of a productId:skuId:availabilityId offer id, and the
        /// skuId when the offer names one) against partnerCenterProductId. Owned by the new-commerce Partner Center work;
        /// until it lands, new-commerce subscriptions map by name or alias.
        /// </summary>
        private static CatalogOffer? ByProductId(string offerId, Commerce commerce) => null;

        private CatalogOffer? ByName(string? name, Commerce commerce)
        {
            if (Catalog is null || string.IsNullOrWhiteSpace(name))
            {
                return null;
            }
            foreach (var offer in Catalog.FindAll(name!))
            {
                // A name matches only within its commerce; an id written as the name is no mapping.
                if (offer.Commerce == commerce && !string.Equals(offer.OfferId, name!.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return offer;
                }
            }
            return null;
        }

        /// <summary>New commerce when the offer id has the three-part catalogItemId form, legacy otherwise (a GUID).</summary>
        public static Commerce CommerceOf(string offerId) =>
            offerId.Split(':').Length == 3 ? Commerce.NewCommerce : Commerce.Legacy;
    }
}
