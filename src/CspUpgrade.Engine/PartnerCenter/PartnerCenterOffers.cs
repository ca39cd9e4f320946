using System;
using System.Collections;
using System.Collections.Generic;
using CspUpgrade.PartnerCenter.Resources;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>
    /// Partner Center's offers to the catalogue's (SPEC 1.8), in order: a legacy offerId (a GUID) = an offer's partnerCenterOfferId;
    /// a new-commerce catalogItemId (productId:skuId:availabilityId) whose productId:skuId, else productId, = an offer's
    /// partnerCenterProductId (the availability changes over time and is never the key); else the subscription's offerName = an
    /// offer's name or alias of the same commerce (case-insensitive). As a dictionary it holds the legacy offer ids.
    /// </summary>
    internal sealed class PartnerCenterOffers : IReadOnlyDictionary<string, CatalogOffer>
    {
        private readonly Dictionary<string, CatalogOffer> _byOfferId = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, CatalogOffer> _byProduct = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, CatalogOffer>[] _byName =
        {
            new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase),
        };

        public PartnerCenterOffers(OfferCatalog catalog)
        {
            Catalog = catalog;
            foreach (var offer in catalog.Offers)
            {
                // The first offer of a repeated key wins (the catalogue loader refuses repeats; a hand-built catalogue may not).
                if (!string.IsNullOrWhiteSpace(offer.PartnerCenterOfferId))
                {
                    Add(_byOfferId, offer.PartnerCenterOfferId!.Trim(), offer);
                }
                if (!string.IsNullOrWhiteSpace(offer.PartnerCenterProductId))
                {
                    Add(_byProduct, offer.PartnerCenterProductId!.Trim(), offer);
                }
                var names = _byName[(int)offer.Commerce];
                Add(names, offer.Offer, offer);
                foreach (string alias in offer.Aliases)
                {
                    Add(names, alias, offer);
                }
            }
        }

        public OfferCatalog Catalog { get; }

        /// <summary>Whether Partner Center's offer id is new commerce's three-part catalogItemId.</summary>
        public static bool IsCatalogItemId(string? id) => id != null && id.Split(':').Length == 3;

        /// <summary>The subscription is new commerce: productType OnlineServicesNCE, or a three-part offerId (SPEC 1.8).</summary>
        public static bool IsNewCommerce(SubscriptionResource item) =>
            string.Equals(item.ProductType?.Id?.Trim(), "OnlineServicesNCE", StringComparison.OrdinalIgnoreCase) || IsCatalogItemId(item.OfferId?.Trim());

        /// <summary>The catalogue offer of a subscription (null when none maps).</summary>
        public CatalogOffer? Find(SubscriptionResource item)
        {
            var commerce = IsNewCommerce(item) ? Commerce.NewCommerce : Commerce.Legacy;
            string id = (item.OfferId ?? string.Empty).Trim();
            var byId = commerce == Commerce.NewCommerce ? FindProduct(id) : (_byOfferId.TryGetValue(id, out var legacy) ? legacy : null);
            return byId ?? FindName(item.OfferName, commerce) ?? FindName(item.FriendlyName, commerce);
        }

        /// <summary>The offer of a new-commerce catalogItemId (productId:skuId:availabilityId), or of productId[:skuId] alone.</summary>
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

        /// <summary>The offer named <paramref name="name"/> (name or alias) in one commerce model.</summary>
        public CatalogOffer? FindName(string? name, Commerce commerce) =>
            !string.IsNullOrWhiteSpace(name) && _byName[(int)commerce].TryGetValue(name!.Trim(), out var offer) ? offer : null;

        /// <summary>Whether a Partner Center id (a legacy offer id or a catalogItemId) denotes <paramref name="offer"/>.</summary>
        public bool Denotes(string? partnerCenterId, CatalogOffer offer) =>
            IsCatalogItemId(partnerCenterId) ? ReferenceEquals(FindProduct(partnerCenterId), offer)
            : partnerCenterId != null && _byOfferId.TryGetValue(partnerCenterId.Trim(), out var legacy) && ReferenceEquals(legacy, offer);

        private static void Add(Dictionary<string, CatalogOffer> map, string key, CatalogOffer offer)
        {
            if (!map.ContainsKey(key))
            {
                map.Add(key, offer);
            }
        }

        // As a dictionary: the legacy offer ids (what the legacy upgrades route names its targets by).
        public CatalogOffer this[string key] => _byOfferId[key];
        public IEnumerable<string> Keys => _byOfferId.Keys;
        public IEnumerable<CatalogOffer> Values => _byOfferId.Values;
        public int Count => _byOfferId.Count;
        public bool ContainsKey(string key) => _byOfferId.ContainsKey(key);
        public bool TryGetValue(string key, out CatalogOffer value) => _byOfferId.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, CatalogOffer>> GetEnumerator() => _byOfferId.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
