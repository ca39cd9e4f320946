using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CspUpgrade.Engine.Documents;

namespace CspUpgrade
{
    /// <summary>Reads and validates a catalogue file (SPEC 2.2), reporting every problem with its line and column.</summary>
    public static class CatalogLoader
    {
        private static readonly string[] RootKeys = { "offers", "upgradePaths" };
        private static readonly string[] OfferKeys =
        {
            "id", "name", "market", "variantOf", "serviceFamily", "services", "maxSeats", "seatPool",
            "unitPrice", "currency", "billingCycles", "partnerCenterOfferId",
        };
        private const int RequiredOfferKeys = (1 << 0) | (1 << 1) | (1 << 4) | (1 << 5) | (1 << 10);
        private static readonly string[] PathKeys = { "source", "targets" };
        private const int MaxServices = 64;

        /// <summary>
        /// The deepest nesting a catalogue needs: root, offers (or upgradePaths), an offer (a path), its services (targets).
        /// Anything deeper is CatalogInvalid as soon as the reader meets it.
        /// </summary>
        internal const int MaxDepth = 4;

        public const string DefaultCatalogDisplayPath = "(default catalogue)";

        /// <summary>Loads a catalogue, or throws <see cref="CatalogInvalidException"/> carrying every error.</summary>
        public static OfferCatalog Load(string? path, TextReader text)
        {
            var parsed = Parse(path ?? DefaultCatalogDisplayPath, text);
            if (parsed.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new CatalogInvalidException(parsed.Diagnostics);
            }
            return new OfferCatalog(path, parsed.Offers.Select(o => o.Offer).ToList(), parsed.Paths, parsed.PoolLimits);
        }

        /// <summary>Validates a catalogue file; returns every problem, or nothing when the file is valid.</summary>
        public static IReadOnlyList<FileDiagnostic> Validate(string path)
        {
            using var text = File.OpenText(path);
            return Validate(path, text);
        }

        public static IReadOnlyList<FileDiagnostic> Validate(string path, TextReader text) => Parse(path, text).Diagnostics;

        private sealed class ParsedOffer
        {
            public ParsedOffer(CatalogOffer offer, int line, int column, int marketLine, int marketColumn, int variantLine, int variantColumn, int partnerCenterLine, int partnerCenterColumn)
            {
                PartnerCenterLine = partnerCenterLine;
                PartnerCenterColumn = partnerCenterColumn;
                Offer = offer;
                Line = line;
                Column = column;
                MarketLine = marketLine;
                MarketColumn = marketColumn;
                VariantLine = variantLine;
                VariantColumn = variantColumn;
            }

            public CatalogOffer Offer { get; }
            public int Line { get; }
            public int Column { get; }
            public int MarketLine { get; }
            public int MarketColumn { get; }
            public int VariantLine { get; }
            public int VariantColumn { get; }
            public int PartnerCenterLine { get; }
            public int PartnerCenterColumn { get; }
        }

        private sealed class ParsedPath
        {
            public string? Source;
            public int Line, Column, SourceLine, SourceColumn;
            public List<(string Id, int Line, int Column)> Targets = new List<(string, int, int)>();
        }

        private sealed class ParseResult
        {
            public List<FileDiagnostic> Diagnostics = new List<FileDiagnostic>();
            public List<ParsedOffer> Offers = new List<ParsedOffer>();
            public Dictionary<string, IReadOnlyList<string>> Paths = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            public Dictionary<string, int> PoolLimits = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        }

        private static ParseResult Parse(string path, TextReader text)
        {
            var result = new ParseResult();
            var paths = new List<ParsedPath>();
            var read = DocumentFields.ReadDocument(path, text, DocumentFields.IsJsonPath(path), MaxDepth, "the catalogue", RootKeys, 1, (r, key) =>
            {
                if (key == 0)
                {
                    ReadOffers(r, result.Offers);
                }
                else
                {
                    ReadPaths(r, paths);
                }
            });
            if (read.Any(DocumentFields.EndedReading))
            {
                result.Diagnostics.AddRange(read);
                return result;
            }

            var semantic = new List<FileDiagnostic>();
            CheckOffers(path, result, semantic);
            CheckPaths(path, result, paths, semantic);
            result.Diagnostics.AddRange(read);
            result.Diagnostics.AddRange(semantic);
            result.Diagnostics.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
            return result;
        }

        private static void ReadOffers(DocumentReader r, List<ParsedOffer> offers)
        {
            if (!DocumentFields.EnterSequence(r, "offers"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                int line = r.Line, column = r.Column;
                if (!DocumentFields.EnterMapping(r, "an offer"))
                {
                    continue;
                }

                string? id = null, name = null, market = null, variantOf = null, family = null, pool = null, currency = null, pcId = null;
                List<string>? services = null;
                List<BillingCycle>? cycles = null;
                int? maxSeats = null;
                decimal? price = null;
                int marketLine = line, marketColumn = column, variantLine = line, variantColumn = column, pcLine = line, pcColumn = column;
                int seen = 0;
                int key;
                string what = "an offer";
                while ((key = DocumentFields.NextKey(r, OfferKeys, what, ref seen)) >= 0)
                {
                    switch (key)
                    {
                        case 0: id = DocumentFields.ReadRequiredString(r, "the offer id"); what = $"offer '{id}'"; break;
                        case 1: name = DocumentFields.ReadRequiredString(r, "the offer name"); break;
                        case 2: marketLine = r.Line; marketColumn = r.Column; market = ReadMarket(r); break;
                        case 3: variantLine = r.Line; variantColumn = r.Column; variantOf = DocumentFields.ReadOptionalString(r, "variantOf"); break;
                        case 4: family = DocumentFields.ReadRequiredString(r, "serviceFamily"); break;
                        case 5: services = ReadServices(r); break;
                        case 6: maxSeats = DocumentFields.ReadInt(r, "maxSeats", 1); break;
                        case 7: pool = DocumentFields.ReadOptionalString(r, "seatPool"); break;
                        case 8: price = DocumentFields.ReadDecimal(r, "unitPrice"); break;
                        case 9: currency = DocumentFields.ReadOptionalString(r, "currency"); break;
                        case 10: cycles = DocumentFields.ReadRequiredEnumList<BillingCycle>(r, "billing cycle"); break;
                        case 11: pcLine = r.Line; pcColumn = r.Column; pcId = DocumentFields.ReadOptionalString(r, "partnerCenterOfferId"); break;
                    }
                }
                DocumentFields.RequireKeys(r, OfferKeys, RequiredOfferKeys, seen, what, line, column);
                if ((seen & (1 << 10)) != 0 && cycles is { Count: 0 })
                {
                    r.Error("InvalidValue", $"{DocumentFields.Capitalize(what)} must list at least one billing cycle.", line, column);
                }
                if (price != null && currency is null)
                {
                    r.Warning("MissingCurrency", $"{DocumentFields.Capitalize(what)} has a unitPrice but no currency; USD is assumed.", line, column);
                    currency = "USD";
                }
                if (pool != null && maxSeats is null && (seen & (1 << 6)) == 0)
                {
                    r.Error("MissingKey", $"{DocumentFields.Capitalize(what)} is in seat pool '{pool}' but has no maxSeats; a pool needs its cap.", line, column);
                }
                if (id != null && name != null && family != null && services != null && cycles != null)
                {
                    offers.Add(new ParsedOffer(
                        new CatalogOffer(id, name, market, variantOf, family, services, maxSeats, pool, price, currency, cycles, pcId),
                        line, column, marketLine, marketColumn, variantLine, variantColumn, pcLine, pcColumn));
                }
            }
        }

        private static string? ReadMarket(DocumentReader r)
        {
            int line = r.Line, column = r.Column;
            string? market = DocumentFields.ReadString(r, "market");
            if (market != null && (market.Length != 2 || !market.All(char.IsLetter)))
            {
                r.Error("InvalidValue", $"Market '{market}' must be a two-letter country code such as US or IN.", line, column);
                return null;
            }
            return market?.ToUpperInvariant();
        }

        private static List<string>? ReadServices(DocumentReader r)
        {
            int line = r.Line, column = r.Column;
            var services = DocumentFields.ReadRequiredStringList(r, "services");
            if (services is null)
            {
                return null;
            }
            var distinct = services.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count != services.Count)
            {
                r.Warning("DuplicateService", "The services list names a service more than once.", line, column);
            }
            return distinct;
        }

        private static void ReadPaths(DocumentReader r, List<ParsedPath> paths)
        {
            if (!DocumentFields.EnterSequence(r, "upgradePaths"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                var parsed = new ParsedPath { Line = r.Line, Column = r.Column };
                if (!DocumentFields.EnterMapping(r, "an upgrade path"))
                {
                    continue;
                }
                int seen = 0;
                int key;
                while ((key = DocumentFields.NextKey(r, PathKeys, "an upgrade path", ref seen)) >= 0)
                {
                    if (key == 0)
                    {
                        parsed.SourceLine = r.Line;
                        parsed.SourceColumn = r.Column;
                        parsed.Source = DocumentFields.ReadRequiredString(r, "the path source");
                    }
                    else if (DocumentFields.RequireValue(r, "targets") && DocumentFields.EnterSequence(r, "targets"))
                    {
                        while (DocumentFields.NextItem(r))
                        {
                            int line = r.Line, column = r.Column;
                            string? target = DocumentFields.ReadRequiredString(r, "a path target");
                            if (target != null)
                            {
                                parsed.Targets.Add((target, line, column));
                            }
                        }
                    }
                }
                DocumentFields.RequireKeys(r, PathKeys, 3, seen, "an upgrade path", parsed.Line, parsed.Column);
                paths.Add(parsed);
            }
        }

        private static void CheckOffers(string path, ParseResult result, List<FileDiagnostic> diagnostics)
        {
            void Error(string code, string message, int line, int column) =>
                diagnostics.Add(new FileDiagnostic(path, DiagnosticSeverity.Error, code, message, line, column));

            var byKey = new Dictionary<string, ParsedOffer>(StringComparer.OrdinalIgnoreCase);
            var kept = new List<ParsedOffer>();
            foreach (var parsed in result.Offers)
            {
                var offer = parsed.Offer;
                if (byKey.TryGetValue(offer.OfferId, out var first))
                {
                    Error(first.Offer.OfferId.Equals(offer.OfferId, StringComparison.OrdinalIgnoreCase) ? "DuplicateOfferId" : "AmbiguousOfferName",
                        $"Offer id '{offer.OfferId}' is already used by the offer at line {first.Line}; ids and names must be unique.", parsed.Line, parsed.Column);
                    continue;
                }
                if (byKey.TryGetValue(offer.Offer, out first))
                {
                    Error(first.Offer.Offer.Equals(offer.Offer, StringComparison.OrdinalIgnoreCase) ? "DuplicateOfferName" : "AmbiguousOfferName",
                        $"Offer name '{offer.Offer}' is already used by the offer at line {first.Line}; ids and names must be unique.", parsed.Line, parsed.Column);
                    continue;
                }
                byKey[offer.OfferId] = parsed;
                byKey[offer.Offer] = parsed;
                kept.Add(parsed);
            }
            result.Offers = kept;

            var partnerCenterIds = new Dictionary<string, ParsedOffer>(StringComparer.OrdinalIgnoreCase);
            foreach (var parsed in kept.Where(o => o.Offer.PartnerCenterOfferId != null))
            {
                string id = parsed.Offer.PartnerCenterOfferId!;
                if (partnerCenterIds.TryGetValue(id, out var first))
                {
                    Error("DuplicatePartnerCenterOfferId",
                        $"Partner Center offer id '{id}' of offer '{parsed.Offer.OfferId}' is already used by offer '{first.Offer.OfferId}' at line {first.Line}; each offer maps to its own.",
                        parsed.PartnerCenterLine, parsed.PartnerCenterColumn);
                }
                else
                {
                    partnerCenterIds[id] = parsed;
                }
            }

            var variantMarkets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parsed in kept)
            {
                var offer = parsed.Offer;
                if (offer.VariantOf is null)
                {
                    continue;
                }
                if (!byKey.TryGetValue(offer.VariantOf, out var global) || !global.Offer.OfferId.Equals(offer.VariantOf, StringComparison.OrdinalIgnoreCase))
                {
                    Error("UnknownVariantOf", $"Offer '{offer.OfferId}' is a variant of '{offer.VariantOf}', which is not an offer id of this catalogue.", parsed.VariantLine, parsed.VariantColumn);
                }
                else if (global.Offer.VariantOf != null)
                {
                    Error("InvalidValue", $"Offer '{offer.OfferId}' is a variant of '{offer.VariantOf}', which is itself a variant; name the global offer.", parsed.VariantLine, parsed.VariantColumn);
                }
                else if (offer.Market is null)
                {
                    Error("MissingKey", $"Offer '{offer.OfferId}' is a variant of '{offer.VariantOf}' but has no market.", parsed.Line, parsed.Column);
                }
                else if (global.Offer.Market != null)
                {
                    Error("InvalidValue", $"Offer '{offer.VariantOf}' has market variants, so it must be a global offer (no market).", global.MarketLine, global.MarketColumn);
                }
                else if (!variantMarkets.Add(global.Offer.OfferId + "|" + offer.Market))
                {
                    Error("DuplicateVariant", $"Offer '{global.Offer.OfferId}' already has a variant for market {offer.Market}.", parsed.Line, parsed.Column);
                }
            }

            var services = kept.SelectMany(o => o.Offer.Services).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            if (services > MaxServices)
            {
                Error("TooManyServices", $"The catalogue names {services} distinct services; at most {MaxServices} are supported.", 1, 1);
            }

            int families = kept.Select(o => o.Offer.ServiceFamily).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            if (families > MaxServices)
            {
                Error("TooManyServiceFamilies", $"The catalogue names {families} service families; at most {MaxServices} are supported.", 1, 1);
            }

            foreach (var pool in kept.Where(o => o.Offer.SeatPool != null && o.Offer.MaxSeats != null).GroupBy(o => o.Offer.SeatPool!, StringComparer.OrdinalIgnoreCase))
            {
                int limit = pool.Min(o => o.Offer.MaxSeats!.Value);
                result.PoolLimits[pool.Key] = limit;
                foreach (var other in pool.Where(o => o.Offer.MaxSeats != limit))
                {
                    diagnostics.Add(new FileDiagnostic(path, DiagnosticSeverity.Warning, "SeatPoolMismatch",
                        $"Offer '{other.Offer.OfferId}' allows {other.Offer.MaxSeats} seats but its pool '{pool.Key}' is capped at {limit} (the smallest maxSeats in the pool).", other.Line, other.Column));
                }
            }
        }

        private static void CheckPaths(string path, ParseResult result, List<ParsedPath> paths, List<FileDiagnostic> diagnostics)
        {
            void Error(string code, string message, int line, int column) =>
                diagnostics.Add(new FileDiagnostic(path, DiagnosticSeverity.Error, code, message, line, column));

            var ids = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);
            foreach (var parsed in result.Offers)
            {
                ids[parsed.Offer.OfferId] = parsed.Offer;
            }
            var sourceLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in paths)
            {
                if (p.Source is null)
                {
                    continue;
                }
                if (!ids.TryGetValue(p.Source, out var source))
                {
                    Error("UnknownOffer", $"Upgrade path source '{p.Source}' is not an offer id of this catalogue.", p.SourceLine, p.SourceColumn);
                    continue;
                }
                if (sourceLines.TryGetValue(source.OfferId, out int firstLine))
                {
                    Error("DuplicatePathSource", $"Offer '{source.OfferId}' already has its upgrade paths at line {firstLine}; list all its targets there.", p.SourceLine, p.SourceColumn);
                    continue;
                }
                sourceLines[source.OfferId] = p.SourceLine;

                var targets = new List<string>();
                foreach (var (id, line, column) in p.Targets)
                {
                    if (!ids.TryGetValue(id, out var target))
                    {
                        Error("UnknownOffer", $"Upgrade target '{id}' of '{source.OfferId}' is not an offer id of this catalogue.", line, column);
                    }
                    else if (target == source)
                    {
                        Error("SelfUpgrade", $"Offer '{source.OfferId}' lists itself as an upgrade target.", line, column);
                    }
                    else if (targets.Contains(target.OfferId))
                    {
                        diagnostics.Add(new FileDiagnostic(path, DiagnosticSeverity.Warning, "DuplicateTarget", $"Upgrade target '{id}' of '{source.OfferId}' is listed twice.", line, column));
                    }
                    else
                    {
                        targets.Add(target.OfferId);
                    }
                }
                result.Paths[source.OfferId] = targets;
            }
        }

    }
}
