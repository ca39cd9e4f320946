using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Catalog
{
    /// <summary>
    /// The checks of a catalogue across offers and paths (SPEC 2.2): ids unique, names and aliases unique within a commerce,
    /// Partner Center ids unique, variants well formed, paths within one commerce. Keeps the offers and paths that pass.
    /// </summary>
    internal sealed class CatalogChecks
    {
        private const int MaxServices = 64;
        private readonly string _path;

        public CatalogChecks(string path) => _path = path;

        public List<FileDiagnostic> Diagnostics { get; } = new List<FileDiagnostic>();
        public List<OfferDraft> Offers { get; private set; } = new List<OfferDraft>();
        public Dictionary<string, IReadOnlyList<string>> Paths { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, int> PoolLimits { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        public void Run(List<OfferDraft> offers, List<PathDraft> paths)
        {
            Offers = UniqueOffers(offers);
            UniquePartnerCenterIds("partnerCenterOfferId", "DuplicatePartnerCenterOfferId", o => o.PartnerCenterOfferId, o => o.OfferIdAt);
            UniquePartnerCenterIds("partnerCenterProductId", "DuplicatePartnerCenterProductId", o => o.PartnerCenterProductId, o => o.ProductIdAt);
            CheckVariants();
            CheckCounts();
            CheckPools();
            CheckPaths(paths);
        }

        private void Error(string code, string message, (int Line, int Column) at) =>
            Diagnostics.Add(new FileDiagnostic(_path, DiagnosticSeverity.Error, code, message, at.Line, at.Column));

        private void Warning(string code, string message, (int Line, int Column) at) =>
            Diagnostics.Add(new FileDiagnostic(_path, DiagnosticSeverity.Warning, code, message, at.Line, at.Column));

        /// <summary>
        /// Ids are unique across the catalogue; a name or alias is unique within its commerce (the same name may exist once
        /// as a legacy and once as a new-commerce offer) and is never another offer's id. An offer that clashes is left out.
        /// </summary>
        private List<OfferDraft> UniqueOffers(List<OfferDraft> offers)
        {
            var ids = new Dictionary<string, OfferDraft>(StringComparer.OrdinalIgnoreCase);
            var anyName = new Dictionary<string, OfferDraft>(StringComparer.OrdinalIgnoreCase);
            var names = new Dictionary<string, (OfferDraft Offer, bool IsAlias)>(StringComparer.OrdinalIgnoreCase);
            var kept = new List<OfferDraft>();
            foreach (var o in offers)
            {
                string id = o.Id!;
                if (ids.TryGetValue(id, out var first))
                {
                    Error("DuplicateOfferId", $"Offer id '{id}' is already used by the offer at line {first.At.Line}; ids must be unique.", o.At);
                    continue;
                }
                if (anyName.TryGetValue(id, out first))
                {
                    Error("AmbiguousOfferName", $"Offer id '{id}' is the name or an alias of the offer at line {first.At.Line}; ids and names must differ.", o.At);
                    continue;
                }

                bool clash = false;
                var own = new List<(string Name, bool IsAlias, (int Line, int Column) At)> { (o.Name!, false, o.NameAt) };
                own.AddRange(o.Aliases.Select(a => (a.Alias, true, (a.Line, a.Column))));
                foreach (var (name, isAlias, at) in own)
                {
                    string kind = isAlias ? "Alias" : "Offer name";
                    if (ids.TryGetValue(name, out var byId))
                    {
                        Error("AmbiguousOfferName", $"{kind} '{name}' is the id of the offer at line {byId.At.Line}; ids and names must differ.", at);
                        clash = true;
                    }
                    else if (names.TryGetValue(Key(o.Commerce!.Value, name), out var other))
                    {
                        Error(isAlias || other.IsAlias ? "DuplicateOfferAlias" : "DuplicateOfferName",
                            $"{kind} '{name}' is already {(other.IsAlias ? "an alias" : "the name")} of the {o.Commerce} offer at line {other.Offer.At.Line}; names and aliases must be unique within a commerce.", at);
                        clash = true;
                    }
                    else if (isAlias && string.Equals(name, o.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        Warning("DuplicateAlias", $"Alias '{name}' is the offer's own name.", at);
                    }
                }
                if (clash)
                {
                    continue;
                }
                ids[id] = o;
                foreach (var (name, isAlias, _) in own)
                {
                    names[Key(o.Commerce!.Value, name)] = (o, isAlias);
                    if (!anyName.ContainsKey(name))
                    {
                        anyName[name] = o;
                    }
                }
                kept.Add(o);
            }
            return kept;
        }

        private static string Key(Commerce commerce, string name) => commerce + "|" + name;

        private void UniquePartnerCenterIds(string key, string code, Func<OfferDraft, string?> id, Func<OfferDraft, (int, int)> at)
        {
            var used = new Dictionary<string, OfferDraft>(StringComparer.OrdinalIgnoreCase);
            foreach (var o in Offers.Where(o => id(o) != null))
            {
                string value = id(o)!.Trim();
                if (used.TryGetValue(value, out var first))
                {
                    Error(code, $"{key} '{value}' of offer '{o.Id}' is already used by offer '{first.Id}' at line {first.At.Line}; each offer maps to its own.", at(o));
                }
                else
                {
                    used[value] = o;
                }
            }
        }

        private void CheckVariants()
        {
            var byId = Offers.ToDictionary(o => o.Id!, StringComparer.OrdinalIgnoreCase);
            var variantMarkets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var o in Offers.Where(o => o.VariantOf != null))
            {
                if (!byId.TryGetValue(o.VariantOf!, out var global))
                {
                    Error("UnknownVariantOf", $"Offer '{o.Id}' is a variant of '{o.VariantOf}', which is not an offer id of this catalogue.", o.VariantAt);
                }
                else if (global.VariantOf != null)
                {
                    Error("InvalidValue", $"Offer '{o.Id}' is a variant of '{o.VariantOf}', which is itself a variant; name the global offer.", o.VariantAt);
                }
                else if (global.Commerce != o.Commerce)
                {
                    Error("CommerceMismatch", $"Offer '{o.Id}' ({o.Commerce}) is a variant of '{global.Id}' ({global.Commerce}); a variant has its global offer's commerce.", o.VariantAt);
                }
                else if (o.Market is null)
                {
                    Error("MissingKey", $"Offer '{o.Id}' is a variant of '{o.VariantOf}' but has no market.", o.At);
                }
                else if (global.Market != null)
                {
                    Error("InvalidValue", $"Offer '{o.VariantOf}' has market variants, so it must be a global offer (no market).", global.MarketAt);
                }
                else if (!variantMarkets.Add(global.Id + "|" + o.Market))
                {
                    Error("DuplicateVariant", $"Offer '{global.Id}' already has a variant for market {o.Market}.", o.At);
                }
            }
        }

        private void CheckCounts()
        {
            int services = Offers.SelectMany(o => o.Services!).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            if (services > MaxServices)
            {
                Error("TooManyServices", $"The catalogue names {services} distinct services; at most {MaxServices} are supported.", (1, 1));
            }
            int families = Offers.Select(o => o.Family!).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            if (families > MaxServices)
            {
                Error("TooManyServiceFamilies", $"The catalogue names {families} service families; at most {MaxServices} are supported.", (1, 1));
            }
        }

        private void CheckPools()
        {
            foreach (var pool in Offers.Where(o => o.Pool != null && o.MaxSeats != null).GroupBy(o => o.Pool!, StringComparer.OrdinalIgnoreCase))
            {
                int limit = pool.Min(o => o.MaxSeats!.Value);
                PoolLimits[pool.Key] = limit;
                foreach (var other in pool.Where(o => o.MaxSeats != limit))
                {
                    Warning("SeatPoolMismatch",
                        $"Offer '{other.Id}' allows {other.MaxSeats} seats but its pool '{pool.Key}' is capped at {limit} (the smallest maxSeats in the pool).", other.At);
                }
            }
        }

        private void CheckPaths(List<PathDraft> paths)
        {
            var ids = Offers.ToDictionary(o => o.Id!, o => o.Offer!, StringComparer.OrdinalIgnoreCase);
            var sourceLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in paths.Where(p => p.Source != null))
            {
                if (!ids.TryGetValue(p.Source!, out var source))
                {
                    Error("UnknownOffer", $"Upgrade path source '{p.Source}' is not an offer id of this catalogue.", p.SourceAt);
                    continue;
                }
                if (sourceLines.TryGetValue(source.OfferId, out int firstLine))
                {
                    Error("DuplicatePathSource", $"Offer '{source.OfferId}' already has its upgrade paths at line {firstLine}; list all its targets there.", p.SourceAt);
                    continue;
                }
                sourceLines[source.OfferId] = p.SourceAt.Line;

                var targets = new List<string>();
                foreach (var (id, line, column) in p.Targets)
                {
                    if (!ids.TryGetValue(id, out var target))
                    {
                        Error("UnknownOffer", $"Upgrade target '{id}' of '{source.OfferId}' is not an offer id of this catalogue.", (line, column));
                    }
                    else if (target == source)
                    {
                        Error("SelfUpgrade", $"Offer '{source.OfferId}' lists itself as an upgrade target.", (line, column));
                    }
                    else if (target.Commerce != source.Commerce)
                    {
                        Error("CommerceMismatch",
                            $"Upgrade target '{target.OfferId}' ({target.Commerce}) of '{source.OfferId}' ({source.Commerce}) is of another commerce; paths stay within one commerce.", (line, column));
                    }
                    else if (targets.Contains(target.OfferId))
                    {
                        Warning("DuplicateTarget", $"Upgrade target '{id}' of '{source.OfferId}' is listed twice.", (line, column));
                    }
                    else
                    {
                        targets.Add(target.OfferId);
                    }
                }
                Paths[source.OfferId] = targets;
            }
        }
    }
}
