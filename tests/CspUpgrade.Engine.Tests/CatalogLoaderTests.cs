using System.Collections.Generic;
using System.IO;
using System.Linq;
using static CspUpgrade.Engine.Tests.Ids;

namespace CspUpgrade.Engine.Tests;

/// <summary>SPEC 1.3 (catalogue facts) and 2.2 (catalogue file): the default catalogue, and every problem reported with its position.</summary>
public class CatalogLoaderTests
{
    private const string FilePath = "my-catalog.yaml";

    // A valid two-offer catalogue; tests edit one line to make one problem.
    private const string Valid =
        "offers:\n" +                           // 1
        "  - id: OFFER_A\n" +                    // 2
        "    name: Offer A\n" +                  // 3
        "    serviceFamily: Office365\n" +       // 4
        "    services: [Exchange]\n" +           // 5
        "    billingCycles: [Monthly]\n" +       // 6
        "  - id: OFFER_B\n" +                    // 7
        "    name: Offer B\n" +                  // 8
        "    serviceFamily: Office365\n" +       // 9
        "    services: [Exchange, SharePoint]\n" + // 10
        "    billingCycles: [Monthly, Annual]\n" + // 11
        "upgradePaths:\n" +                      // 12
        "  - source: OFFER_A\n" +                // 13
        "    targets: [OFFER_B]\n";              // 14

    private static IReadOnlyList<FileDiagnostic> Validate(string text) => CatalogLoader.Validate(FilePath, new StringReader(text));

    private static IReadOnlyList<FileDiagnostic> Errors(string text) =>
        Validate(text).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static string Edit(string from, string to)
    {
        Assert.Contains(from, Valid);
        return Valid.Replace(from, to);
    }

    private static void AssertAt(FileDiagnostic diagnostic, string code, (int Line, int Column) at)
    {
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(FilePath, diagnostic.Path);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(at, (diagnostic.Line, diagnostic.Column));
    }

    // ---- The default catalogue ----

    [Fact]
    public void DefaultCatalogueHasTheTwelveSpecOffersWithTheirNames()
    {
        var catalog = OfferCatalog.Default;
        Assert.Equal(12, catalog.Offers.Count);
        Assert.Equal(All.OrderBy(x => x), catalog.Offers.Select(o => o.OfferId).OrderBy(x => x));
        foreach (var offer in catalog.Offers)
        {
            Assert.Equal(Names[offer.OfferId], offer.Offer);
            Assert.Equal("Office365", offer.ServiceFamily);
        }
        Assert.True(catalog.IsDefault);
    }

    [Fact]
    public void DefaultCatalogueHasExactlyTheSpecUpgradePaths()
    {
        var expected = new Dictionary<string, string[]>
        {
            [Business] = new[] { Premium, ProPlus, E3, E5 },
            [Premium] = new[] { E3, E5 },
            [Essentials] = new[] { Premium, E1, E3, E5 },
            [BusinessIn] = new[] { PremiumIn, ProPlus, E3, E5 },
            [PremiumIn] = new[] { E3, E5 },
            [EssentialsIn] = new[] { PremiumIn, E1, E3, E5 },
        };
        var catalog = OfferCatalog.Default;
        foreach (var offer in catalog.Offers)
        {
            var targets = catalog.GetTargets(offer).Select(t => t.OfferId).ToList();
            if (expected.TryGetValue(offer.OfferId, out var want))
            {
                Assert.Equal(want.OrderBy(x => x), targets.OrderBy(x => x));
                Assert.Equal(targets.Count, targets.Distinct().Count());
            }
            else
            {
                Assert.Empty(targets);
            }
        }
    }

    [Fact]
    public void DefaultCatalogueCarriesTheSpecFacts()
    {
        var catalog = OfferCatalog.Default;
        var services = new Dictionary<string, string[]>
        {
            [Business] = new[] { "OfficeApps", "OneDrive" },
            [Essentials] = new[] { "Exchange", "SharePoint", "Teams", "OneDrive", "OfficeWeb" },
            [Premium] = new[] { "OfficeApps", "Exchange", "SharePoint", "Teams", "OneDrive", "OfficeWeb" },
            [ProPlus] = new[] { "OfficeApps", "OneDrive" },
            [E1] = new[] { "Exchange", "SharePoint", "Teams", "OneDrive", "OfficeWeb" },
            [E3] = new[] { "Exchange", "SharePoint", "Teams", "OneDrive", "OfficeWeb", "OfficeApps", "Compliance" },
            [E5] = new[] { "Exchange", "SharePoint", "Teams", "OneDrive", "OfficeWeb", "OfficeApps", "Compliance", "PhoneSystem", "AudioConferencing", "PowerBI", "AdvancedSecurity" },
            [Exchange] = new[] { "Exchange" },
            [SharePoint] = new[] { "SharePoint" },
        };
        services[BusinessIn] = services[Business];
        services[PremiumIn] = services[Premium];
        services[EssentialsIn] = services[Essentials];
        var businessFamily = new[] { Business, Premium, Essentials, BusinessIn, PremiumIn, EssentialsIn };
        var indiaVariantOf = new Dictionary<string, string> { [BusinessIn] = Business, [PremiumIn] = Premium, [EssentialsIn] = Essentials };

        foreach (var offer in catalog.Offers)
        {
            Assert.Equal(services[offer.OfferId].OrderBy(s => s), offer.Services.OrderBy(s => s));
            if (businessFamily.Contains(offer.OfferId))
            {
                Assert.Equal(300, offer.MaxSeats);
                Assert.NotNull(offer.SeatPool);
            }
            else
            {
                Assert.Null(offer.MaxSeats);
            }
            if (indiaVariantOf.TryGetValue(offer.OfferId, out var global))
            {
                Assert.Equal("IN", offer.Market);
                Assert.Equal(global, offer.VariantOf);
            }
            else
            {
                Assert.Null(offer.Market);
                Assert.Null(offer.VariantOf);
            }
            Assert.Null(offer.UnitPrice); // SPEC 1.6: the default catalogue carries no prices
        }
        Assert.Single(businessFamily.Select(id => catalog.Find(id)!.SeatPool).Distinct());
    }

    [Fact]
    public void ShippedFileIsTheDefaultCatalogueAndValidatesClean()
    {
        var text = OfferCatalog.DefaultCatalogText();
        Assert.Empty(CatalogLoader.Validate("DefaultCatalog.yaml", new StringReader(text)));
        var loaded = CatalogLoader.Load("DefaultCatalog.yaml", new StringReader(text));
        Assert.Equal(12, loaded.Offers.Count);
        Assert.False(loaded.IsDefault);
    }

    [Fact]
    public void ValidFileHasNoDiagnostics()
    {
        Assert.Empty(Validate(Valid));
        var catalog = CatalogLoader.Load(FilePath, new StringReader(Valid));
        Assert.Equal(new[] { "OFFER_B" }, catalog.GetTargets(catalog.Find("OFFER_A")!).Select(t => t.OfferId));
    }

    // ---- One problem each, with its position ----

    [Fact]
    public void UnknownKeyIsReportedAtTheKey()
    {
        var text = Edit("    serviceFamily: Office365\n    services: [Exchange]\n", "    serviceFamily: Office365\n    colour: red\n    services: [Exchange]\n");
        var d = Assert.Single(Errors(text));
        AssertAt(d, "UnknownKey", (5, 5));
        Assert.Contains("colour", d.Message);
    }

    [Fact]
    public void WronglyCasedKeyIsReportedAtTheKeyWithTheRightSpelling()
    {
        var text = Edit("    name: Offer A\n", "    Name: Offer A\n");
        var d = Errors(text).First(e => e.Code == "WrongKeyCase");
        AssertAt(d, "WrongKeyCase", (3, 5));
        Assert.Contains("'Name'", d.Message);
        Assert.Contains("'name'", d.Message);
    }

    [Fact]
    public void DuplicateOfferIdIsReportedAtTheSecondOffer()
    {
        var text = Edit("  - id: OFFER_B\n", "  - id: OFFER_A\n").Replace("targets: [OFFER_B]", "targets: [OFFER_A]");
        var errors = Errors(text);
        var d = errors.First(e => e.Code == "DuplicateOfferId");
        Assert.Equal(7, d.Line);
        Assert.Contains(d.Column, new[] { 5, 9 }); // the offer's entry or its id value
        Assert.Contains("OFFER_A", d.Message);
        Assert.Contains("line 2", d.Message);
    }

    [Fact]
    public void DuplicateOfferNameIsReportedAtTheSecondOffer()
    {
        var text = Edit("    name: Offer B\n", "    name: Offer A\n");
        var errors = Errors(text);
        var d = errors[0];
        Assert.Equal("DuplicateOfferName", d.Code);
        Assert.Equal(FilePath, d.Path);
        Assert.Contains(d.Line, new[] { 7, 8 }); // the offer's entry or its name
        Assert.Contains("Offer A", d.Message);
    }

    [Fact]
    public void PathSourceNamingAnUnknownOfferIsReportedAtTheSource()
    {
        var text = Edit("  - source: OFFER_A\n", "  - source: OFFER_Z\n");
        var d = Assert.Single(Errors(text));
        AssertAt(d, "UnknownOffer", (13, 13));
        Assert.Contains("OFFER_Z", d.Message);
    }

    [Fact]
    public void PathTargetNamingAnUnknownOfferIsReportedAtTheTarget()
    {
        var text = Edit("    targets: [OFFER_B]\n", "    targets: [OFFER_B, OFFER_Z]\n");
        var d = Assert.Single(Errors(text));
        AssertAt(d, "UnknownOffer", (14, 24));
        Assert.Contains("OFFER_Z", d.Message);
    }

    [Fact]
    public void SelfUpgradeIsReportedAtTheTarget()
    {
        var text = Edit("    targets: [OFFER_B]\n", "    targets: [OFFER_B, OFFER_A]\n");
        var d = Assert.Single(Errors(text));
        AssertAt(d, "SelfUpgrade", (14, 24));
        Assert.Contains("OFFER_A", d.Message);
    }

    [Fact]
    public void VariantOfNamingAMissingOfferIsReportedAtVariantOf()
    {
        var text = Edit("    name: Offer B\n", "    name: Offer B\n    market: IN\n    variantOf: OFFER_NONE\n");
        var d = Assert.Single(Errors(text));
        Assert.Equal("UnknownVariantOf", d.Code);
        Assert.Equal(10, d.Line);
        Assert.Contains(d.Column, new[] { 5, 16 }); // the key or its value
        Assert.Contains("OFFER_NONE", d.Message);
    }

    [Fact]
    public void UnclosedFlowListIsASyntaxErrorDiagnosticNotACrash()
    {
        // Line 5 opens a list that is never closed; the next line is read as part of it.
        var text = Edit("    services: [Exchange]\n", "    services: [Exchange\n");
        var d = Errors(text).First();
        Assert.Equal("SyntaxError", d.Code);
        Assert.Equal(FilePath, d.Path);
        Assert.InRange(d.Line, 5, 6);
    }

    [Fact]
    public void BadIndentationIsASyntaxErrorAtTheBrokenLine()
    {
        var text = Edit("    serviceFamily: Office365\n", "   serviceFamily: Office365\n");
        var d = Assert.Single(Errors(text));
        AssertAt(d, "SyntaxError", (4, 4));
    }

    [Fact]
    public void UnterminatedQuoteIsASyntaxErrorNearTheQuote()
    {
        var text = Edit("    name: Offer A\n", "    name: \"Offer A\n");
        var d = Assert.Single(Errors(text));
        Assert.Equal("SyntaxError", d.Code);
        Assert.InRange(d.Line, 3, 4);
    }

    [Fact]
    public void SeveralProblemsInOneFileAreAllReportedInFileOrder()
    {
        var text = Valid
            .Replace("    serviceFamily: Office365\n    services: [Exchange]\n", "    serviceFamily: Office365\n    colour: red\n    services: [Exchange]\n") // line 5
            .Replace("  - id: OFFER_B\n", "  - id: OFFER_B\n    Market: IN\n")      // line 9
            .Replace("  - source: OFFER_A\n", "  - source: OFFER_Q\n")             // line 15
            .Replace("    targets: [OFFER_B]\n", "    targets: [OFFER_B]\n  - source: OFFER_B\n    targets: [OFFER_B, NOPE]\n"); // line 18

        var errors = Errors(text);
        Assert.Equal(
            new[] { ("UnknownKey", 5), ("WrongKeyCase", 9), ("UnknownOffer", 15), ("SelfUpgrade", 18), ("UnknownOffer", 18) },
            errors.Select(e => (e.Code, e.Line)));
        Assert.Equal((18, 15), (errors[3].Line, errors[3].Column));
        Assert.Equal((18, 24), (errors[4].Line, errors[4].Column));
    }

    [Fact]
    public void LoadThrowsCatalogInvalidCarryingEveryError()
    {
        var text = Valid.Replace("  - source: OFFER_A\n", "  - source: OFFER_Q\n").Replace("    name: Offer A\n", "    name: Offer A\n    colour: red\n");
        var ex = Assert.Throws<CatalogInvalidException>(() => CatalogLoader.Load(FilePath, new StringReader(text)));
        Assert.Equal(2, ex.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(FilePath, ex.Message);
        Assert.Contains("colour", ex.Message);
        Assert.Contains("OFFER_Q", ex.Message);
    }

    [Fact]
    public void MissingRequiredKeyIsReported()
    {
        var text = Edit("    serviceFamily: Office365\n    services: [Exchange]\n", "    services: [Exchange]\n");
        var d = Errors(text)[0];
        Assert.Equal("MissingKey", d.Code);
        Assert.Contains("serviceFamily", d.Message);
        Assert.Equal(2, d.Line);
    }
}
