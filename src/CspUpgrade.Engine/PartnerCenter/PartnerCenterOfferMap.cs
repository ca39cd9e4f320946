using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Partner Center's offers to the catalogue's (SPEC 1.8), in order: a legacy offer id = an offer's partnerCenterOfferId;
    /// a new-commerce catalogItemId (productId:skuId:availabilityId) whose productId:skuId, else productId, = an offer's
    /// partnerCenterProductId (the availability changes over time and is never the key); else Partner Center's offer name = an
    /// offer's name or alias of the same commerce (case-insensitive). Null when nothing maps: the offer then passes through unmapped.
    /// </summary>
    internal sealed class PartnerCenterOfferMap
    {
        private readonly Dictionary<string, CatalogOffer> _byOfferId = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, CatalogOffer> _byProduct = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);

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
                string? product = offer.PartnerCenterProductId?.Trim();
                if (!string.IsNullOrEmpty(product) && !_byProduct.ContainsKey(product!))
                {
                    _byProduct[product!] = offer;
                }
            }
        }

        /// <summary>An empty map, before any catalogue is known.</summary>
        public static PartnerCenterOfferMap Empty { get; } = new PartnerCenterOfferMap(null);

        public OfferCatalog? Catalog { get; }

        /// <summary>The catalogue offer of a subscription, or null when it is unmapped.</summary>
        public CatalogOffer? Map(SubscriptionResource item)
        {
            var offer = Map(item.OfferId, item.OfferName, IsNewCommerce(item) ? Commerce.NewCommerce : (Commerce?)null);
            return offer ?? (item.FriendlyName is null ? null : ByName(item.FriendlyName, IsNewCommerce(item) ? Commerce.NewCommerce : CommerceOf(item.OfferId?.Trim() ?? string.Empty)));
        }

        /// <summary>The subscription is new commerce: productType OnlineServicesNCE, or a three-part offerId (SPEC 1.8).</summary>
        public static bool IsNewCommerce(SubscriptionResource item) =>
            string.Equals(item.ProductType?.Id?.Trim(), "OnlineServicesNCE", StringComparison.OrdinalIgnoreCase) || CommerceOf(item.OfferId?.Trim() ?? string.Empty) == Commerce.NewCommerce;

        /// <summary>The offer of a new-commerce catalogItemId (productId:skuId:availabilityId), or of productId[:skuId] alone; null when none.</summary>
        public CatalogOffer? FindProduct(string? catalogItemId)
        {
            if (string.IsNullOrWhiteSpace(catalogItemId))
            {
                return null;
            }
            string[] parts = catalogItemId!.Trim().Split(':');
            if (parts.Length >= 2 && _byProduct.TryGetValue(parts[0] + ":" + parts[1], out var sku))
            {
                return sku;
            }
            return _byProduct.TryGetValue(parts[0], out var product) ? product : null;
        }

        /// <summary>The offer named <paramref name="name"/> (name or alias) in one commerce model; null when none.</summary>
        public CatalogOffer? FindName(string? name, Commerce commerce) => ByName(name, commerce);

        /// <summary>The catalogue offer of Partner Center's offer id and name (a subscription's, or an upgrade's target).</summary>
        /// <param name="commerce">The commerce when known otherwise (a subscription's productType); else told by the id's form.</param>
        public CatalogOffer? Map(string? partnerCenterOfferId, string? offerName, Commerce? commerce = null)
        {
            string id = partnerCenterOfferId?.Trim() ?? string.Empty;
            var model = commerce ?? CommerceOf(id);
            if (model == Commerce.Legacy && _byOfferId.TryGetValue(id, out var offer))
            {
                return offer;
            }
            return (model == Commerce.NewCommerce ? FindProduct(id) : null) ?? ByName(offerName, model);
        }

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
