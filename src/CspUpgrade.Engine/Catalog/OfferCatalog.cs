using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CspUpgrade.Engine.Catalog
{
    internal sealed class MarketView
    {
        public MarketView(bool[] sold, CatalogOffer[] equivalent)
        {
            Sold = sold;
            Equivalent = equivalent;
        }

        /// <summary>Per offer index: sold in this market.</summary>
        public bool[] Sold { get; }

        /// <summary>Per offer index: the form of the offer sold in this market.</summary>
        public CatalogOffer[] Equivalent { get; }
    }

    /// <summary>
    /// The offers and upgrade paths the rules work from. Immutable once built; lookups by id or display name are
    /// case-insensitive. The upgrade matrix and service sets are precomputed as arrays and bit masks so a check is cheap.
    /// </summary>
    internal sealed class OfferCatalog
    {
        public const string DefaultResourceName = "CspUpgrade.default-catalog.yaml";

        private static readonly Lazy<OfferCatalog> s_default = new Lazy<OfferCatalog>(LoadDefault);

        private readonly Dictionary<string, CatalogOffer> _byId;
        // Name or alias -> the offers that carry it: one, or one per commerce (SPEC 2.2).
        private readonly Dictionary<string, CatalogOffer[]> _byName;
        private readonly CatalogOffer[][] _targets;
        // Per source offer index: its targets' indexes, sorted. A dense n*n matrix overflowed Int32 past 46,340 offers.
        private readonly int[][] _targetIndexes;
        private readonly Dictionary<string, CatalogOffer>[] _variantsByMarket;
        private readonly string[] _serviceNames;
        private readonly string[] _families;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, MarketView> _markets =
            new System.Collections.Concurrent.ConcurrentDictionary<string, MarketView>(StringComparer.OrdinalIgnoreCase);

        internal OfferCatalog(string? path, IReadOnlyList<CatalogOffer> offers, IReadOnlyDictionary<string, IReadOnlyList<string>> paths, IReadOnlyDictionary<string, int> poolLimits)
        {
            Path = path;
            Offers = offers;
            int n = offers.Count;
            _byId = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);
            _byName = new Dictionary<string, CatalogOffer[]>(StringComparer.OrdinalIgnoreCase);
            var services = new List<string>();
            var pools = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var families = new List<string>();
            for (int i = 0; i < n; i++)
            {
                var offer = offers[i];
                offer.Index = i;
                _byId[offer.OfferId] = offer;
                foreach (var name in new[] { offer.Offer }.Concat(offer.Aliases))
                {
                    _byName[name] = _byName.TryGetValue(name, out var named) ? named.Concat(new[] { offer }).Distinct().ToArray() : new[] { offer };
                }
                ulong mask = 0;
                foreach (var service in offer.Services)
                {
                    int bit = services.FindIndex(s => string.Equals(s, service, StringComparison.OrdinalIgnoreCase));
                    if (bit < 0)
                    {
                        bit = services.Count;
                        services.Add(service);
                    }
                    mask |= 1UL << bit;
                }
                offer.ServiceMask = mask;
                // No billingCycles in the catalogue: not restricted, every cycle is supported.
                offer.BillingCycleMask = offer.BillingCycles.Count == 0 ? ~0 : offer.BillingCycles.Aggregate(0, (m, c) => m | (1 << (int)c));
                int family = families.FindIndex(f => string.Equals(f, offer.ServiceFamily, StringComparison.OrdinalIgnoreCase));
                if (family < 0)
                {
                    family = families.Count;
                    families.Add(offer.ServiceFamily);
                }
                offer.FamilyIndex = family;
                if (offer.SeatPool != null)
                {
                    if (!pools.TryGetValue(offer.SeatPool, out int pool))
                    {
                        pool = pools.Count;
                        pools.Add(offer.SeatPool, pool);
                    }
                    offer.PoolIndex = pool;
                    offer.PoolLimit = poolLimits.TryGetValue(offer.SeatPool, out int limit) ? limit : offer.MaxSeats;
                }
            }
            _serviceNames = services.ToArray();
            _families = families.ToArray();
            SeatPoolCount = pools.Count;

            _targets = new CatalogOffer[n][];
            _targetIndexes = new int[n][];
            for (int i = 0; i < n; i++)
            {
                var targets = paths.TryGetValue(offers[i].OfferId, out var ids)
                    ? ids.Select(id => _byId[id]).ToArray()
                    : Array.Empty<CatalogOffer>();
                _targets[i] = targets;
                offers[i].UpgradeTargets = targets.Select(t => t.OfferId).ToArray();
                var indexes = targets.Select(t => t.Index).ToArray();
                Array.Sort(indexes);
                _targetIndexes[i] = indexes;
            }

            _variantsByMarket = new Dictionary<string, CatalogOffer>[n];
            foreach (var offer in offers.Where(o => o.VariantOf != null && o.Market != null))
            {
                var global = _byId[offer.VariantOf!];
                (_variantsByMarket[global.Index] ??= new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase))[offer.Market!] = offer;
            }
        }

        /// <summary>The file the catalogue came from; null for the shipped default.</summary>
        public string? Path { get; }

        public IReadOnlyList<CatalogOffer> Offers { get; }

        public bool IsDefault => Path is null;

        internal int SeatPoolCount { get; }

        /// <summary>The catalogue shipped with the module (SPEC 1.3), parsed once per process on first use.</summary>
        public static OfferCatalog Default => s_default.Value;

        /// <summary>
        /// The offer with this id, or else the one offer with this name or alias (case-insensitive); null when none has it,
        /// or when a legacy and a new-commerce offer share the name (see <see cref="FindAll"/> and the overload taking the
        /// commerce that decides).
        /// </summary>
        public CatalogOffer? Find(string idOrName)
        {
            if (idOrName is null)
            {
                return null;
            }
            // Loaded inventories hold the catalogue's own id strings: in a small catalogue, a reference match beats hashing.
            var offers = Offers;
            if (offers.Count <= 32)
            {
                for (int i = 0; i < offers.Count; i++)
                {
                    if (ReferenceEquals(offers[i].OfferId, idOrName))
                    {
                        return offers[i];
                    }
                }
            }
            string key = idOrName.Trim();
            if (_byId.TryGetValue(key, out var offer))
            {
                return offer;
            }
            return _byName.TryGetValue(key, out var named) && named.Length == 1 ? named[0] : null;
        }

        /// <summary>
        /// The offer with this id, or with this name or alias; a name shared across commerce models resolves to the offer of
        /// <paramref name="commerce"/> (the source subscription's).
        /// </summary>
        public CatalogOffer? Find(string idOrName, Commerce commerce)
        {
            var found = FindAll(idOrName);
            return found.Count <= 1 ? found.FirstOrDefault() : found.FirstOrDefault(o => o.Commerce == commerce);
        }

        /// <summary>The offer with this id only (names and aliases are not ids).</summary>
        public CatalogOffer? FindById(string id) => id != null && _byId.TryGetValue(id.Trim(), out var offer) ? offer : null;

        /// <summary>Every offer this id, name or alias names: none, one, or one per commerce when a name is shared.</summary>
        public IReadOnlyList<CatalogOffer> FindAll(string idOrName)
        {
            if (idOrName is null)
            {
                return Array.Empty<CatalogOffer>();
            }
            string key = idOrName.Trim();
            if (_byId.TryGetValue(key, out var offer))
            {
                return new[] { offer };
            }
            return _byName.TryGetValue(key, out var named) ? named : Array.Empty<CatalogOffer>();
        }

        /// <summary>
        /// The one offer an id, name or alias means: a shared name resolves to the offer of <paramref name="commerce"/>
        /// (the source subscription's); with no commerce to decide it is <see cref="OfferAmbiguousException"/>.
        /// Throws <see cref="OfferNotFoundException"/> for a name no offer has.
        /// </summary>
        public CatalogOffer Resolve(string idOrName, Commerce? commerce = null)
        {
            var found = FindAll(idOrName);
            if (found.Count == 0)
            {
                throw new OfferNotFoundException(idOrName);
            }
            if (found.Count == 1)
            {
                return found[0];
            }
            return (commerce is Commerce c ? found.FirstOrDefault(o => o.Commerce == c) : null) ?? throw new OfferAmbiguousException(idOrName, found);
        }

        public IReadOnlyList<CatalogOffer> GetTargets(CatalogOffer source) => _targets[source.Index];

        public bool IsUpgradePath(CatalogOffer source, CatalogOffer target) => Array.BinarySearch(_targetIndexes[source.Index], target.Index) >= 0;

        public IReadOnlyList<string> ServiceNames(ulong mask)
        {
            var names = new List<string>();
            for (int bit = 0; mask != 0; bit++, mask >>= 1)
            {
                if ((mask & 1) != 0)
                {
                    names.Add(_serviceNames[bit]);
                }
            }
            return names;
        }

        /// <summary>Service families (e.g. Office365), indexed by <see cref="CatalogOffer.FamilyIndex"/>.</summary>
        internal IReadOnlyList<string> ServiceFamilies => _families;

        /// <summary>For each offer index, whether a customer of <paramref name="market"/> may buy it (computed once per market).</summary>
        internal bool[] SoldInMarket(string? market) => Market(market).Sold;

        /// <summary>The catalogue seen from one market: what is sold there, and each offer's form for that market.</summary>
        internal MarketView Market(string? market) =>
            _markets.GetOrAdd(market ?? string.Empty, m =>
            {
                string? code = m.Length == 0 ? null : m;
                return new MarketView(Offers.Select(o => IsSoldIn(o, code)).ToArray(), Offers.Select(o => MarketEquivalent(o, code)).ToArray());
            });

        /// <summary>True when a customer of <paramref name="market"/> may buy <paramref name="offer"/>.</summary>
        public bool IsSoldIn(CatalogOffer offer, string? market)
        {
            if (offer.Market != null)
            {
                return string.Equals(offer.Market, market, StringComparison.OrdinalIgnoreCase);
            }
            var variants = _variantsByMarket[offer.Index];
            return variants is null || market is null || !variants.ContainsKey(market);
        }

        /// <summary>
        /// The form of <paramref name="offer"/> sold in <paramref name="market"/>: its market variant, or the global offer a
        /// variant belongs to. Returns the offer itself when it is already right for the market.
        /// </summary>
        public CatalogOffer MarketEquivalent(CatalogOffer offer, string? market)
        {
            var global = offer.VariantOf != null ? Find(offer.VariantOf) ?? offer : offer;
            var variants = _variantsByMarket[global.Index];
            if (market != null && variants != null && variants.TryGetValue(market, out var variant))
            {
                return variant;
            }
            return global;
        }

        public static OfferCatalog Load(string path)
        {
            using var text = File.OpenText(path);
            return CatalogLoader.Load(path, text);
        }

        private static OfferCatalog LoadDefault()
        {
            using var stream = typeof(OfferCatalog).GetTypeInfo().Assembly.GetManifestResourceStream(DefaultResourceName)
                ?? throw new InvalidOperationException("The default catalogue is missing from the engine assembly.");
            using var text = new StreamReader(stream);
            return CatalogLoader.Load(null, text);
        }

        /// <summary>The shipped catalogue's YAML text, for users who want to start their own from it.</summary>
        public static string DefaultCatalogText()
        {
            using var stream = typeof(OfferCatalog).GetTypeInfo().Assembly.GetManifestResourceStream(DefaultResourceName)!;
            using var text = new StreamReader(stream);
            return text.ReadToEnd();
        }
    }
}
