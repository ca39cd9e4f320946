using System;
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
    public void DefaultCatalogueHasTheTwelveLegacyOffersWithCurrentNamesAliasesAndPartnerCenterIds()
    {
        var catalog = OfferCatalog.Default;
        var legacy = catalog.Offers.Where(o => o.Commerce == Commerce.Legacy).ToList();
        Assert.Equal(All.OrderBy(x => x), legacy.Select(o => o.OfferId).OrderBy(x => x));
        var partnerCenterIds = new Dictionary<string, string?>
        {
            [Business] = "5C9FD4CC-EDCE-44A8-8E91-07DF09744609",
            [Premium] = "031C9E47-4802-4248-838E-778FB1D2CC05",
            [Essentials] = "BD938F12-058F-4927-BBA3-AE36B1D2501C",
            [ProPlus] = "BE57FF4C-100C-4F1F-B82D-F1C5AB63A665",
            [E1] = "91FD106F-4B2C-4938-95AC-F54F74E9A239",
            [E3] = "796B6B5F-613C-4E24-A17C-EBA730D49C02",
            [E5] = "A044B16A-1861-4308-8086-A3A3B506FAC2",
            [BusinessIn] = null, // not public (SPEC 1.3)
            [PremiumIn] = null,
            [EssentialsIn] = null,
            [Exchange] = "195416C1-3447-423A-B37B-EE59A99A19C4",
            [SharePoint] = "FF7A4F5B-4973-4241-8C43-80F2BE39311D",
        };
        foreach (var offer in legacy)
        {
            Assert.Equal(Names[offer.OfferId], offer.Offer);
            Assert.Equal(Aliases.TryGetValue(offer.OfferId, out var aliases) ? aliases : new string[0], offer.Aliases);
            Assert.Equal("Office365", offer.ServiceFamily);
            Assert.Equal(partnerCenterIds[offer.OfferId], offer.PartnerCenterOfferId);
            Assert.Null(offer.PartnerCenterProductId);
            Assert.Empty(offer.TermDurations);
        }
        Assert.True(catalog.IsDefault);
    }

    [Fact]
    public void DefaultCatalogueHasTheTwelveNewCommerceOffersWithTheirProductIds()
    {
        var catalog = OfferCatalog.Default;
        var nce = catalog.Offers.Where(o => o.Commerce == Commerce.NewCommerce).ToList();
        Assert.Equal(AllNewCommerce.OrderBy(x => x), nce.Select(o => o.OfferId).OrderBy(x => x));
        Assert.Equal(24, catalog.Offers.Count);
        foreach (var offer in nce)
        {
            Assert.Equal(NewCommerce[offer.OfferId].Name, offer.Offer);
            Assert.Equal(NewCommerce[offer.OfferId].ProductId, offer.PartnerCenterProductId);
            Assert.Null(offer.PartnerCenterOfferId);
            Assert.Null(offer.Market); // SPEC 1.9: the new-commerce offers shipped have no market limit
            Assert.Empty(offer.Aliases);
        }
    }

    [Fact]
    public void DefaultCatalogueRestrictsNoBillingCycleOrTerm()
    {
        // Which cycles and terms are sold per offer is not public (SPEC 1.3): no offer is restricted, ProPlus included.
        foreach (var offer in OfferCatalog.Default.Offers)
        {
            Assert.Empty(offer.BillingCycles);
            Assert.Empty(offer.TermDurations);
            Assert.All(new[] { BillingCycle.Monthly, BillingCycle.Annual, BillingCycle.Triennial }, c => Assert.True(offer.SupportsBillingCycle(c)));
            Assert.All(new[] { TermDuration.P1M, TermDuration.P1Y, TermDuration.P3Y }, t => Assert.True(offer.SupportsTermDuration(t)));
        }
    }

    [Fact]
    public void DefaultCatalogueResolvesFormerNamesAndSharedNamesByCommerce()
    {
        var catalog = OfferCatalog.Default;
        Assert.Equal(ProPlus, catalog.Find("office 365 proplus")!.OfferId);
        Assert.Equal(PremiumIn, catalog.Find("Office 365 Business Premium India")!.OfferId);
        Assert.Equal(E3, catalog.Find("Office 365 Enterprise E3")!.OfferId);
        // "Microsoft 365 Business Basic" is legacy Business Essentials' current name and the new-commerce product's.
        Assert.Null(catalog.Find("Microsoft 365 Business Basic"));
        Assert.Equal(new[] { Essentials, NceBasic }, catalog.FindAll("microsoft 365 business basic").Select(o => o.OfferId));
        Assert.Equal(Essentials, catalog.Find("Microsoft 365 Business Basic", Commerce.Legacy)!.OfferId);
        Assert.Equal(NceBasic, catalog.Find("Microsoft 365 Business Basic", Commerce.NewCommerce)!.OfferId);
        // A name only one commerce has resolves to it whatever the source's commerce (the rules then refuse a cross-commerce target).
        Assert.Equal(E3, catalog.Find("Office 365 Enterprise E3", Commerce.NewCommerce)!.OfferId);
        Assert.Equal(NceE3, catalog.Find("O365_E3_NCE", Commerce.Legacy)!.OfferId);
        Assert.Null(catalog.FindById("Office 365 ProPlus"));
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
            // New commerce (SPEC 1.9, exactly as listed)
            [NceBasic] = new[] { NceStandard, NcePremium, NceE1, NceE3, NceE5, M365E3, M365E5 },
            [NceStandard] = new[] { NcePremium, NceE3, NceE5, M365E3, M365E5 },
            [NcePremium] = new[] { M365E3, M365E5 },
            [NceAppsBusiness] = new[] { NceAppsEnterprise, NceStandard, NcePremium, NceE3, NceE5, M365E3, M365E5 },
            [NceAppsEnterprise] = new[] { NceE3, NceE5, M365E3, M365E5 },
            [NceE1] = new[] { NceE3, NceE5, M365E3, M365E5 },
            [NceE3] = new[] { NceE5, M365E3, M365E5 },
            [NceE5] = new[] { M365E5 },
            [M365E3] = new[] { M365E5 },
            [NceExchangeP1] = new[] { NceExchangeP2 },
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
        // New commerce (SPEC 2.2)
        services[NceBasic] = services[Essentials];
        services[NceE1] = services[E1];
        services[NceStandard] = services[Premium];
        services[NcePremium] = services[Premium].Concat(new[] { "Intune", "EntraIdP1", "DefenderBusiness" }).ToArray();
        services[NceAppsBusiness] = new[] { "OfficeApps", "OneDrive" };
        services[NceAppsEnterprise] = new[] { "OfficeApps", "OneDrive" };
        services[NceE3] = services[E3];
        services[NceE5] = services[E5];
        services[M365E3] = services[E3].Concat(new[] { "Intune", "EntraIdP1", "WindowsEnterprise" }).ToArray();
        services[M365E5] = services[E5].Concat(new[] { "Intune", "EntraIdP2", "WindowsEnterprise", "DefenderEndpoint" }).ToArray();
        services[NceExchangeP1] = new[] { "Exchange" };
        services[NceExchangeP2] = new[] { "Exchange" };
        var businessFamily = new[] { Business, Premium, Essentials, BusinessIn, PremiumIn, EssentialsIn, NceBasic, NceStandard, NcePremium, NceAppsBusiness };
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
        Assert.Single(businessFamily.Select(id => catalog.FindById(id)!.SeatPool).Distinct());
    }

    [Fact]
    public void ShippedFileIsTheDefaultCatalogueAndValidatesClean()
    {
        var text = OfferCatalog.DefaultCatalogText();
        Assert.Empty(CatalogLoader.Validate("DefaultCatalog.yaml", new StringReader(text)));
        var loaded = CatalogLoader.Load("DefaultCatalog.yaml", new StringReader(text));
        Assert.Equal(24, loaded.Offers.Count);
        Assert.False(loaded.IsDefault);
        // The shipped text says why each unpublished fact is left out, and no longer claims ProPlus is annual only.
        Assert.Contains("India variants' offer ids are NOT public", text);
        Assert.Contains("No billingCycles or termDurations", text);
        Assert.DoesNotContain("annual billing only", text);
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

    // ---- Aliases, commerce and the new-commerce keys (SPEC 2.2) ----

    // A legacy offer and a new-commerce offer sharing a name, each with its own path; tests edit one line.
    private const string TwoCommerces =
        "offers:\n" +                                   // 1
        "  - id: LEG_A\n" +                             // 2
        "    name: Plan A\n" +                          // 3
        "    aliases: [Old Plan A, Older Plan A]\n" +   // 4
        "    serviceFamily: Office365\n" +              // 5
        "    services: [Exchange]\n" +                  // 6
        "    partnerCenterOfferId: 11111111-1111-1111-1111-111111111111\n" + // 7
        "  - id: LEG_B\n" +                             // 8
        "    name: Plan B\n" +                          // 9
        "    serviceFamily: Office365\n" +              // 10
        "    services: [Exchange, SharePoint]\n" +      // 11
        "  - id: NCE_A\n" +                             // 12
        "    name: Plan A\n" +                          // 13
        "    commerce: NewCommerce\n" +                 // 14
        "    serviceFamily: Office365\n" +              // 15
        "    services: [Exchange]\n" +                  // 16
        "    termDurations: [P1M, P1Y]\n" +             // 17
        "    billingCycles: [Monthly, Annual, Triennial]\n" + // 18
        "    partnerCenterProductId: CFQ7TTC0AAAA\n" +  // 19
        "  - id: NCE_B\n" +                             // 20
        "    name: Plan B\n" +                          // 21
        "    commerce: NewCommerce\n" +                 // 22
        "    serviceFamily: Office365\n" +              // 23
        "    services: [Exchange, SharePoint]\n" +      // 24
        "    partnerCenterProductId: CFQ7TTC0BBBB:0001\n" + // 25
        "upgradePaths:\n" +                             // 26
        "  - source: LEG_A\n" +                         // 27
        "    targets: [LEG_B]\n" +                      // 28
        "  - source: NCE_A\n" +                         // 29
        "    targets: [NCE_B]\n";                       // 30

    private static string EditTwo(string from, string to)
    {
        Assert.Contains(from, TwoCommerces);
        return TwoCommerces.Replace(from, to);
    }

    [Fact]
    public void AliasesCommerceTermsAndProductIdsAreRead()
    {
        Assert.Empty(Validate(TwoCommerces));
        var catalog = CatalogLoader.Load(FilePath, new StringReader(TwoCommerces));
        var legacy = catalog.FindById("LEG_A")!;
        var nce = catalog.FindById("NCE_A")!;
        Assert.Equal(new[] { "Old Plan A", "Older Plan A" }, legacy.Aliases);
        Assert.Equal(Commerce.Legacy, legacy.Commerce);
        Assert.Empty(legacy.BillingCycles); // omitted: not restricted
        Assert.True(legacy.SupportsBillingCycle(BillingCycle.Monthly));
        Assert.Equal(Commerce.NewCommerce, nce.Commerce);
        Assert.Equal(new[] { TermDuration.P1M, TermDuration.P1Y }, nce.TermDurations);
        Assert.False(nce.SupportsTermDuration(TermDuration.P3Y));
        Assert.Equal(new[] { BillingCycle.Monthly, BillingCycle.Annual, BillingCycle.Triennial }, nce.BillingCycles);
        Assert.Equal("CFQ7TTC0AAAA", nce.PartnerCenterProductId);
        Assert.Equal("CFQ7TTC0BBBB:0001", catalog.FindById("NCE_B")!.PartnerCenterProductId);
        Assert.Same(legacy, catalog.Find("older plan a"));
        Assert.Same(nce, catalog.Find("Plan A", Commerce.NewCommerce));
        Assert.Same(legacy, catalog.Find("Plan A", Commerce.Legacy));
    }

    [Fact]
    public void NameRepeatedWithinOneCommerceIsReportedAtTheName()
    {
        // The clashing offer is left out, so the path naming it is reported too (after it).
        var d = Errors(EditTwo("  - id: NCE_B\n    name: Plan B\n", "  - id: NCE_B\n    name: Plan A\n"))[0];
        AssertAt(d, "DuplicateOfferName", (21, 11));
        Assert.Contains("line 12", d.Message);
    }

    [Fact]
    public void AliasAndNameSharedWithinOneCommerceAreReportedAtTheLaterOne()
    {
        var d = Errors(EditTwo("[Old Plan A, Older Plan A]", "[Old Plan A, Plan B]"))[0];
        AssertAt(d, "DuplicateOfferAlias", (9, 11));
        // Reported at the second offer: LEG_B's name is the one that clashes with LEG_A's alias.
        Assert.Contains("Plan B", d.Message);
    }

    [Fact]
    public void OfferIdThatIsAnEarlierAliasIsReported()
    {
        var d = Errors(EditTwo("[Old Plan A, Older Plan A]", "[Old Plan A, LEG_B]"))[0];
        AssertAt(d, "AmbiguousOfferName", (8, 5));
        Assert.Contains("LEG_B", d.Message);
    }

    [Fact]
    public void UpgradePathAcrossCommerceIsReportedAtTheTarget()
    {
        var d = Assert.Single(Errors(EditTwo("    targets: [NCE_B]\n", "    targets: [NCE_B, LEG_B]\n")));
        AssertAt(d, "CommerceMismatch", (30, 22));
        Assert.Contains("LEG_B", d.Message);
    }

    [Theory]
    [InlineData("    partnerCenterOfferId: 11111111-1111-1111-1111-111111111111\n", "    termDurations: [P1Y]\n", 7, 20, "termDurations")]
    [InlineData("    partnerCenterOfferId: 11111111-1111-1111-1111-111111111111\n", "    partnerCenterProductId: CFQ7TTC0CCCC\n", 7, 29, "partnerCenterProductId")]
    [InlineData("    partnerCenterProductId: CFQ7TTC0AAAA\n", "    partnerCenterOfferId: 22222222-2222-2222-2222-222222222222\n", 19, 27, "partnerCenterOfferId")]
    public void KeyOfTheOtherCommerceIsReportedAtTheKey(string from, string to, int line, int column, string key)
    {
        var d = Assert.Single(Errors(EditTwo(from, to)));
        AssertAt(d, "KeyNotForCommerce", (line, column));
        Assert.Contains(key, d.Message);
    }

    [Fact]
    public void TriennialBillingOnALegacyOfferIsRefused()
    {
        var text = EditTwo("    services: [Exchange, SharePoint]\n  - id: NCE_A", "    services: [Exchange, SharePoint]\n    billingCycles: [Annual, Triennial]\n  - id: NCE_A");
        AssertAt(Assert.Single(Errors(text)), "InvalidValue", (12, 20));
    }

    [Fact]
    public void DuplicateProductIdIsReportedAtTheSecondOne()
    {
        var d = Assert.Single(Errors(EditTwo("CFQ7TTC0BBBB:0001", "cfq7ttc0aaaa")));
        AssertAt(d, "DuplicatePartnerCenterProductId", (25, 29));
        Assert.Contains("NCE_A", d.Message);
    }

    [Theory]
    [InlineData("CFQ7TTC0BBBB:0001", "CFQ7TTC0BBBB:0001:0002")]
    [InlineData("CFQ7TTC0BBBB:0001", "CFQ7TTC0BBBB::0001")]
    public void ProductIdWithAnAvailabilityOrAnEmptyPartIsRefused(string from, string to)
    {
        AssertAt(Assert.Single(Errors(EditTwo(from, to))), "InvalidValue", (25, 29));
    }

    [Theory]
    [InlineData("    commerce: NewCommerce\n    serviceFamily: Office365\n    services: [Exchange]\n", "    commerce: Nce\n    serviceFamily: Office365\n    services: [Exchange]\n", "InvalidValue", 14, 15)]
    [InlineData("    commerce: NewCommerce\n    serviceFamily: Office365\n    services: [Exchange]\n", "    commerce:\n    serviceFamily: Office365\n    services: [Exchange]\n", "MissingValue", 14, 14)]
    [InlineData("    aliases: [Old Plan A, Older Plan A]\n", "    Aliases: [Old Plan A]\n", "WrongKeyCase", 4, 5)]
    [InlineData("    aliases: [Old Plan A, Older Plan A]\n", "    aliases: ~\n", "MissingValue", 4, 14)]
    [InlineData("    termDurations: [P1M, P1Y]\n", "    termDurations: [P6M]\n", "InvalidValue", 17, 21)]
    [InlineData("    termDurations: [P1M, P1Y]\n", "    termDurations: []\n", "InvalidValue", 17, 20)]
    public void NewKeysAreAsStrictAsTheOthers(string from, string to, string code, int line, int column)
    {
        // First in file order; an offer whose commerce cannot be read is left out, so its path is reported after it.
        var d = Errors(EditTwo(from, to))[0];
        Assert.Equal(code, d.Code);
        Assert.Equal(line, d.Line);
        Assert.InRange(d.Column, Math.Min(column, 5), column);
    }

    [Fact]
    public void BillingCyclesAndTermsLeftOutMeanNotRestricted()
    {
        var catalog = CatalogLoader.Load(FilePath, new StringReader(EditTwo("    termDurations: [P1M, P1Y]\n    billingCycles: [Monthly, Annual, Triennial]\n", "")));
        var nce = catalog.FindById("NCE_A")!;
        Assert.Empty(nce.TermDurations);
        Assert.True(nce.SupportsTermDuration(TermDuration.P3Y));
        Assert.True(nce.SupportsBillingCycle(BillingCycle.Triennial));
    }
}
