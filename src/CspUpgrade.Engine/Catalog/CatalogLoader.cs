using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CspUpgrade.Engine.Documents;

namespace CspUpgrade.Engine.Catalog
{
    /// <summary>Reads and validates a catalogue file (SPEC 2.2), reporting every problem with its line and column.</summary>
    internal static class CatalogLoader
    {
        private static readonly string[] RootKeys = { "offers", "upgradePaths" };

        /// <summary>The keys of an offer (SPEC 2.2): each with whether it is required and how it is read.</summary>
        private static readonly FieldTable<OfferDraft> OfferFields = new FieldTable<OfferDraft>(
            ("id", true, (r, o) => { o.Id = DocumentFields.ReadRequiredString(r, "the offer id"); }),
            ("name", true, (r, o) => { o.NameAt = (r.Line, r.Column); o.Name = DocumentFields.ReadRequiredString(r, "the offer name"); }),
            ("aliases", false, (r, o) => { o.AliasesAt = (r.Line, r.Column); ReadAliases(r, o); }),
            ("commerce", false, (r, o) => { o.Commerce = DocumentFields.ReadRequiredEnum<Commerce>(r, "commerce"); }),
            ("market", false, (r, o) => { o.MarketAt = (r.Line, r.Column); o.Market = DocumentFields.ReadMarket(r, "market", required: false); }),
            ("variantOf", false, (r, o) => { o.VariantAt = (r.Line, r.Column); o.VariantOf = DocumentFields.ReadOptionalString(r, "variantOf"); }),
            ("serviceFamily", true, (r, o) => { o.Family = DocumentFields.ReadRequiredString(r, "serviceFamily"); }),
            ("services", true, (r, o) => { o.Services = ReadServices(r); }),
            ("maxSeats", false, (r, o) => { o.MaxSeats = DocumentFields.ReadInt(r, "maxSeats", 1); }),
            ("seatPool", false, (r, o) => { o.Pool = DocumentFields.ReadOptionalString(r, "seatPool"); }),
            ("unitPrice", false, (r, o) => { o.Price = DocumentFields.ReadDecimal(r, "unitPrice"); }),
            ("currency", false, (r, o) => { o.Currency = DocumentFields.ReadOptionalString(r, "currency"); }),
            ("billingCycles", false, (r, o) => { o.CyclesAt = (r.Line, r.Column); o.Cycles = ReadList(r, o, DocumentFields.ReadRequiredEnumList<BillingCycle>, "billing cycle"); }),
            ("termDurations", false, (r, o) => { o.TermsAt = (r.Line, r.Column); o.Terms = ReadList(r, o, DocumentFields.ReadRequiredEnumList<TermDuration>, "term duration"); }),
            ("partnerCenterOfferId", false, (r, o) => { o.OfferIdAt = (r.Line, r.Column); o.PartnerCenterOfferId = DocumentFields.ReadOptionalString(r, "partnerCenterOfferId"); }),
            ("partnerCenterProductId", false, (r, o) => { o.ProductIdAt = (r.Line, r.Column); o.PartnerCenterProductId = ReadProductId(r); }));

        /// <summary>The keys of an upgrade path.</summary>
        private static readonly FieldTable<PathDraft> PathFields = new FieldTable<PathDraft>(
            ("source", true, (r, p) => { p.SourceAt = (r.Line, r.Column); p.Source = DocumentFields.ReadRequiredString(r, "the path source"); }),
            ("targets", true, ReadTargets));

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
            return new OfferCatalog(path, parsed.Offers.Select(o => o.Offer!).ToList(), parsed.Paths, parsed.PoolLimits);
        }

        /// <summary>Validates a catalogue file; returns every problem, or nothing when the file is valid.</summary>
        public static IReadOnlyList<FileDiagnostic> Validate(string path)
        {
            using var text = File.OpenText(path);
            return Validate(path, text);
        }

        public static IReadOnlyList<FileDiagnostic> Validate(string path, TextReader text) => Parse(path, text).Diagnostics;

        private static CatalogChecks Parse(string path, TextReader text)
        {
            var offers = new List<OfferDraft>();
            var paths = new List<PathDraft>();
            var read = DocumentFields.ReadDocument(path, text, DocumentFields.IsJsonPath(path), MaxDepth, "the catalogue", RootKeys, 1, (r, key) =>
            {
                if (key == 0)
                {
                    ReadOffers(r, offers);
                }
                else
                {
                    ReadPaths(r, paths);
                }
            });
            var checks = new CatalogChecks(path);
            if (read.Any(DocumentFields.EndedReading))
            {
                checks.Diagnostics.AddRange(read);
                return checks;
            }
            checks.Run(offers, paths);
            checks.Diagnostics.AddRange(read);
            checks.Diagnostics.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
            return checks;
        }

        private static void ReadOffers(DocumentReader r, List<OfferDraft> offers)
        {
            if (!DocumentFields.EnterSequence(r, "offers"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                var o = new OfferDraft { At = (r.Line, r.Column) };
                if (!DocumentFields.EnterMapping(r, "an offer"))
                {
                    continue;
                }
                var seen = OfferFields.Read(r, o, d => d.What, o.At.Line, o.At.Column);
                Finish(r, o, seen);
                if (o.Id != null && o.Name != null && o.Family != null && o.Services != null && o.Commerce is Commerce commerce)
                {
                    o.Offer = new CatalogOffer(o.Id, o.Name, o.Market, o.VariantOf, o.Family, o.Services, o.MaxSeats, o.Pool, o.Price, o.Currency,
                        o.Cycles ?? new List<BillingCycle>(), o.PartnerCenterOfferId)
                    {
                        Aliases = o.Aliases.Select(a => a.Alias).ToList(),
                        Commerce = commerce,
                        PartnerCenterProductId = o.PartnerCenterProductId,
                        TermDurations = o.Terms ?? new List<TermDuration>(),
                    };
                    offers.Add(o);
                }
            }
        }

        /// <summary>The checks within one offer that need all of its keys read.</summary>
        private static void Finish(DocumentReader r, OfferDraft o, FieldsSeen seen)
        {
            string what = DocumentFields.Capitalize(o.What);
            if (o.Cycles is { Count: 0 } && !o.BadList)
            {
                r.Error("InvalidValue", $"{what} must list at least one billing cycle, or leave billingCycles out (every cycle).", o.CyclesAt.Line, o.CyclesAt.Column);
            }
            if (o.Terms is { Count: 0 } && !o.BadList)
            {
                r.Error("InvalidValue", $"{what} must list at least one term duration, or leave termDurations out (every term).", o.TermsAt.Line, o.TermsAt.Column);
            }
            if (o.Price != null && o.Currency is null)
            {
                r.Warning("MissingCurrency", $"{what} has a unitPrice but no currency; USD is assumed.", o.At.Line, o.At.Column);
                o.Currency = "USD";
            }
            if (o.Pool != null && o.MaxSeats is null && !seen.Has("maxSeats"))
            {
                r.Error("MissingKey", $"{what} is in seat pool '{o.Pool}' but has no maxSeats; a pool needs its cap.", o.At.Line, o.At.Column);
            }

            // Keys that belong to one commerce model only: a legacy offer maps by offer id, a new-commerce one by product id.
            // With no readable commerce (already reported) there is nothing to check them against.
            if (o.Commerce is null)
            {
                return;
            }
            bool newCommerce = o.Commerce == Commerce.NewCommerce;
            void NotFor(string key, (int Line, int Column) at, string only) =>
                r.Error("KeyNotForCommerce", $"{what} is a {(newCommerce ? "NewCommerce" : "Legacy")} offer; '{key}' is for {only} offers only.", at.Line, at.Column);
            if (!newCommerce && seen.Has("termDurations"))
            {
                NotFor("termDurations", o.TermsAt, "NewCommerce");
            }
            if (!newCommerce && seen.Has("partnerCenterProductId"))
            {
                NotFor("partnerCenterProductId", o.ProductIdAt, "NewCommerce");
            }
            if (newCommerce && seen.Has("partnerCenterOfferId"))
            {
                NotFor("partnerCenterOfferId", o.OfferIdAt, "Legacy");
            }
            if (!newCommerce && o.Cycles != null && o.Cycles.Contains(BillingCycle.Triennial))
            {
                r.Error("InvalidValue", $"{what} is a Legacy offer; Triennial billing exists in new commerce only.", o.CyclesAt.Line, o.CyclesAt.Column);
            }
        }

        /// <summary>Reads a list of values, remembering when an item was refused (so an emptied list is not reported twice).</summary>
        private static List<TItem>? ReadList<TItem>(DocumentReader r, OfferDraft o, Func<DocumentReader, string, List<TItem>?> read, string what)
        {
            int before = r.Diagnostics.Count;
            var list = read(r, what);
            o.BadList |= r.Diagnostics.Skip(before).Any(d => d.Severity == DiagnosticSeverity.Error);
            return list;
        }

        private static void ReadAliases(DocumentReader r, OfferDraft o)
        {
            if (!DocumentFields.RequireValue(r, "aliases") || !DocumentFields.EnterSequence(r, "aliases"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                int line = r.Line, column = r.Column;
                string? alias = DocumentFields.ReadRequiredString(r, "an alias");
                if (alias is null)
                {
                    continue;
                }
                alias = alias.Trim();
                if (alias.Length == 0)
                {
                    r.Error("InvalidValue", "An alias must not be empty.", line, column);
                }
                else if (o.Aliases.Any(a => string.Equals(a.Alias, alias, StringComparison.OrdinalIgnoreCase)))
                {
                    r.Warning("DuplicateAlias", $"Alias '{alias}' is listed twice.", line, column);
                }
                else
                {
                    o.Aliases.Add((alias, line, column));
                }
            }
        }

        /// <summary>Partner Center's productId, or productId:skuId (the stable part of a catalogItemId).</summary>
        private static string? ReadProductId(DocumentReader r)
        {
            int line = r.Line, column = r.Column;
            string? id = DocumentFields.ReadOptionalString(r, "partnerCenterProductId");
            if (id is null)
            {
                return null;
            }
            id = id.Trim();
            var parts = id.Split(':');
            if (parts.Length > 2 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
            {
                r.Error("InvalidValue", $"partnerCenterProductId '{id}' must be a productId or productId:skuId (e.g. CFQ7TTC0LH18), without the availability id.", line, column);
                return null;
            }
            return id;
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

        private static void ReadPaths(DocumentReader r, List<PathDraft> paths)
        {
            if (!DocumentFields.EnterSequence(r, "upgradePaths"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                var parsed = new PathDraft { At = (r.Line, r.Column) };
                if (!DocumentFields.EnterMapping(r, "an upgrade path"))
                {
                    continue;
                }
                PathFields.Read(r, parsed, "an upgrade path", parsed.At.Line, parsed.At.Column);
                paths.Add(parsed);
            }
        }

        private static void ReadTargets(DocumentReader r, PathDraft parsed)
        {
            if (!DocumentFields.RequireValue(r, "targets") || !DocumentFields.EnterSequence(r, "targets"))
            {
                return;
            }
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

    /// <summary>An offer as read, with where each of its keys was, for the checks across offers.</summary>
    internal sealed class OfferDraft
    {
        public (int Line, int Column) At, NameAt, AliasesAt, MarketAt, VariantAt, CyclesAt, TermsAt, OfferIdAt, ProductIdAt;
        public string? Id, Name, Market, VariantOf, Family, Pool, Currency, PartnerCenterOfferId, PartnerCenterProductId;
        /// <summary>Legacy unless the file says otherwise; null when its value could not be read.</summary>
        public Commerce? Commerce = CspUpgrade.Commerce.Legacy;
        public bool BadList;
        public List<(string Alias, int Line, int Column)> Aliases = new List<(string, int, int)>();
        public List<string>? Services;
        public List<BillingCycle>? Cycles;
        public List<TermDuration>? Terms;
        public int? MaxSeats;
        public decimal? Price;
        public CatalogOffer? Offer;

        public string What => Id is null ? "an offer" : $"offer '{Id}'";
    }

    /// <summary>An upgrade path as read.</summary>
    internal sealed class PathDraft
    {
        public string? Source;
        public (int Line, int Column) At, SourceAt;
        public List<(string Id, int Line, int Column)> Targets = new List<(string, int, int)>();
    }
}
