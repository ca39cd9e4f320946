using System.Collections.Generic;
using System.Linq;
using static CspUpgrade.Engine.Tests.Ids;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 1.3 (upgrade matrix, India rule) and 2.2 (MarketRestriction): every ordered pair of the 12 default offers, for a US
/// and an IN customer that is otherwise clean (active, GDAP DirectoryWriter on Office365, partner role AdminAgent, no other
/// subscriptions, Annual billing, 10 seats). The expected outcome is computed from tables written out here from the SPEC.
/// </summary>
public class UpgradeMatrixTests
{
    // SPEC 1.3, the table plus the India rows of its market paragraph.
    private static readonly Dictionary<string, string[]> SpecPaths = new()
    {
        [Business] = new[] { Premium, ProPlus, E3, E5 },
        [Premium] = new[] { E3, E5 },
        [Essentials] = new[] { Premium, E1, E3, E5 },
        [BusinessIn] = new[] { PremiumIn, ProPlus, E3, E5 },
        [PremiumIn] = new[] { E3, E5 },
        [EssentialsIn] = new[] { PremiumIn, E1, E3, E5 },
    };

    // SPEC 2.2: the India variants and the global offers they are variants of.
    private static readonly Dictionary<string, string> IndiaVariant = new()
    {
        [Business] = BusinessIn,
        [Premium] = PremiumIn,
        [Essentials] = EssentialsIn,
    };

    private static bool IsIndiaVariant(string offer) => IndiaVariant.ContainsValue(offer);

    // SPEC 1.3: "An offer with an India variant is sold in India only as that variant; offers without one are sold in every
    // market." SPEC 2.1/2.2: India offers are refused to customers outside India.
    private static bool SoldIn(string offer, string market) =>
        IsIndiaVariant(offer) ? market == "IN" : !(market == "IN" && IndiaVariant.ContainsKey(offer));

    // The form of an offer a customer of the market may buy.
    private static string InMarket(string offer, string market)
    {
        if (market == "IN" && IndiaVariant.TryGetValue(offer, out var variant))
        {
            return variant;
        }
        if (market != "IN" && IsIndiaVariant(offer))
        {
            return IndiaVariant.Single(p => p.Value == offer).Key;
        }
        return offer;
    }

    /// <summary>
    /// Expected outcome: null when eligible, otherwise the reason codes in condition order and, for MarketRestriction, the
    /// offer the remediation must name. A target not sold in the customer's market is always MarketRestriction (SPEC 2.2);
    /// when the market's own form of the target is allowed, that is the only problem, otherwise the missing path is
    /// reported too (SPEC 1.4: every failed condition).
    /// </summary>
    private static (ReasonCode[] Codes, string? UseInstead)? Expected(string source, string target, string market)
    {
        bool soldHere = SoldIn(target, market);
        string twin = InMarket(target, market);
        var codes = new List<ReasonCode>();
        if (!SpecPaths.TryGetValue(source, out var targets))
        {
            codes.Add(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths);
        }
        else if (!targets.Contains(target) && !(twin != target && targets.Contains(twin)))
        {
            codes.Add(ReasonCode.SubscriptionTargetOfferNotFound);
        }
        if (!soldHere)
        {
            codes.Add(ReasonCode.MarketRestriction);
        }
        return codes.Count == 0 ? null : (codes.ToArray(), soldHere ? null : twin);
    }

    public static IEnumerable<object[]> Pairs() =>
        from market in new[] { "US", "IN" }
        from source in All
        from target in All
        select new object[] { market, source, target };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryPairGivesTheSpecOutcome(string market, string source, string target)
    {
        var subscription = Build.Sub("sub-source", source, quantity: 10);
        var customer = Build.Customer(market, Build.Gdap(GdapRole.DirectoryWriter), subscription);

        var result = Build.Check(customer, subscription, target);

        Assert.Equal(subscription.SubscriptionId, result.SubscriptionId);
        Assert.Equal(source, result.OfferId);
        Assert.Equal(target, result.TargetOfferId);
        var expected = Expected(source, target, market);
        if (expected is null)
        {
            Assert.True(result.IsEligible, $"{market} {source} -> {target} should be eligible: {Build.Describe(result)}");
            Assert.Equal(string.Empty, result.ReasonCodes);
            return;
        }

        Assert.False(result.IsEligible, $"{market} {source} -> {target} should not be eligible");
        Assert.Equal(expected.Value.Codes, result.Reasons.Select(r => r.Code));
        Assert.Equal(string.Join(", ", expected.Value.Codes), result.ReasonCodes);
        foreach (var reason in result.Reasons)
        {
            switch (reason.Code)
            {
                case ReasonCode.MarketRestriction:
                    Assert.Contains(Names[expected.Value.UseInstead!], reason.Remediation);
                    Assert.Contains(expected.Value.UseInstead!, reason.Remediation);
                    Assert.Contains(target, reason.Message);
                    break;
                case ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths:
                    Assert.Contains(Names[source], reason.Message);
                    break;
                case ReasonCode.SubscriptionTargetOfferNotFound:
                    Assert.Contains(target, reason.Message);
                    Assert.Contains(source, reason.Message);
                    break;
            }
        }
    }

    [Fact]
    public void EligiblePairsAreExactlyTheSpecTableForEachMarket()
    {
        // The same matrix seen as a whole: the set of eligible (source, target) pairs, spelled out from SPEC 1.3.
        var expectedUs = new HashSet<(string, string)>
        {
            (Business, Premium), (Business, ProPlus), (Business, E3), (Business, E5),
            (Premium, E3), (Premium, E5),
            (Essentials, Premium), (Essentials, E1), (Essentials, E3), (Essentials, E5),
            // India-variant subscriptions keep their targets that are sold everywhere.
            (BusinessIn, ProPlus), (BusinessIn, E3), (BusinessIn, E5),
            (PremiumIn, E3), (PremiumIn, E5),
            (EssentialsIn, E1), (EssentialsIn, E3), (EssentialsIn, E5),
        };
        var expectedIn = new HashSet<(string, string)>
        {
            (BusinessIn, PremiumIn), (BusinessIn, ProPlus), (BusinessIn, E3), (BusinessIn, E5),
            (PremiumIn, E3), (PremiumIn, E5),
            (EssentialsIn, PremiumIn), (EssentialsIn, E1), (EssentialsIn, E3), (EssentialsIn, E5),
            (Business, ProPlus), (Business, E3), (Business, E5),
            (Premium, E3), (Premium, E5),
            (Essentials, E1), (Essentials, E3), (Essentials, E5),
        };

        Assert.Equal(expectedUs, EligiblePairs("US"));
        Assert.Equal(expectedIn, EligiblePairs("IN"));
    }

    private static HashSet<(string, string)> EligiblePairs(string market)
    {
        var eligible = new HashSet<(string, string)>();
        foreach (var source in All)
        {
            foreach (var target in All)
            {
                var subscription = Build.Sub("s", source);
                if (Build.Check(Build.Customer(market, null, subscription), subscription, target).IsEligible)
                {
                    eligible.Add((source, target));
                }
            }
        }
        return eligible;
    }

    [Fact]
    public void IndiaBusinessToIndiaPremiumIsAllowed()
    {
        var subscription = Build.Sub("in-1", BusinessIn);
        var result = Build.Check(Build.Customer("IN", null, subscription), subscription, PremiumIn);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void IndiaBusinessToGlobalPremiumIsMarketRestrictionNamingTheIndiaPremium()
    {
        var subscription = Build.Sub("in-1", BusinessIn);
        var result = Build.Check(Build.Customer("IN", null, subscription), subscription, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.MarketRestriction, reason.Code);
        Assert.NotEqual(ReasonCode.SubscriptionTargetOfferNotFound, reason.Code);
        Assert.Contains(Names[PremiumIn], reason.Remediation);
        Assert.Contains(PremiumIn, reason.Remediation);
    }

    [Fact]
    public void IndiaEssentialsToGlobalPremiumIsMarketRestriction()
    {
        var subscription = Build.Sub("in-2", EssentialsIn);
        var result = Build.Check(Build.Customer("IN", null, subscription), subscription, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.MarketRestriction, reason.Code);
        Assert.Contains(Names[PremiumIn], reason.Remediation);
    }

    [Theory]
    [InlineData(Business)]
    [InlineData(Essentials)]
    public void UsCustomerAskingForTheIndiaPremiumIsMarketRestrictionNamingTheGlobalOffer(string source)
    {
        var subscription = Build.Sub("us-1", source);
        var result = Build.Check(Build.Customer("US", null, subscription), subscription, PremiumIn);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.MarketRestriction, reason.Code);
        Assert.Contains($"{Names[Premium]} (O365_BUSINESS_PREMIUM)", reason.Remediation);
        Assert.DoesNotContain("(India)", reason.Remediation);
        Assert.Contains("US", reason.Message);
    }

    [Theory]
    [InlineData(ProPlus)]
    [InlineData(E1)]
    [InlineData(E3)]
    [InlineData(E5)]
    [InlineData(Exchange)]
    [InlineData(SharePoint)]
    public void SourcesWithoutPathsReportNoUpgradePathsAndCheckAllPathsGivesOneIneligibleResult(string source)
    {
        var subscription = Build.Sub("np-1", source);
        var customer = Build.Customer("US", null, subscription);
        var engine = new EligibilityEngine(OfferCatalog.Default);

        var results = engine.CheckAllPaths(engine.CreateContext(customer, Build.Partner()), subscription, UpgradeType.UpgradeWithLicenseTransfer, null);

        var result = Assert.Single(results);
        Assert.Null(result.TargetOfferId);
        Assert.Equal("np-1", result.SubscriptionId);
        Assert.Equal(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, Assert.Single(result.Reasons).Code);
    }

    [Theory]
    [InlineData("US", Business, new[] { Premium, ProPlus, E3, E5 })]
    [InlineData("US", Premium, new[] { E3, E5 })]
    [InlineData("US", Essentials, new[] { Premium, E1, E3, E5 })]
    [InlineData("IN", BusinessIn, new[] { PremiumIn, ProPlus, E3, E5 })]
    [InlineData("IN", PremiumIn, new[] { E3, E5 })]
    [InlineData("IN", EssentialsIn, new[] { PremiumIn, E1, E3, E5 })]
    public void CheckAllPathsGivesOneEligibleResultPerSpecTarget(string market, string source, string[] targets)
    {
        var subscription = Build.Sub("p-1", source);
        var customer = Build.Customer(market, null, subscription);
        var engine = new EligibilityEngine(OfferCatalog.Default);

        var results = engine.CheckAllPaths(engine.CreateContext(customer, Build.Partner()), subscription, UpgradeType.UpgradeOnly, null);

        Assert.Equal(targets.OrderBy(t => t), results.Select(r => r.TargetOfferId!).OrderBy(t => t));
        Assert.All(results, r => Assert.True(r.IsEligible, Build.Describe(r)));
        Assert.All(results, r => Assert.Equal(UpgradeType.UpgradeOnly, r.UpgradeType));
        Assert.All(results, r => Assert.Equal(10, r.Quantity));
    }

    [Fact]
    public void UnknownTargetIsAnOfferNotFoundErrorNotAResult()
    {
        // SPEC 1.5: an offer id or name the catalogue does not know is an OfferNotFound error.
        Assert.Null(OfferCatalog.Default.Find("O365_E7"));
        var subscription = Build.Sub("x-1", "O365_NOT_IN_CATALOGUE");
        var customer = Build.Customer("US", null, subscription);
        var engine = new EligibilityEngine(OfferCatalog.Default);
        var context = engine.CreateContext(customer, Build.Partner());

        var ex = Assert.Throws<OfferNotFoundException>(() => engine.Check(context, subscription, OfferCatalog.Default.Find(E3)!, UpgradeType.UpgradeOnly, null));
        Assert.Equal("O365_NOT_IN_CATALOGUE", ex.Offer);
    }

    [Theory]
    [InlineData("o365_business_premium")]
    [InlineData("Microsoft 365 Business Standard", Premium, Commerce.Legacy)]
    [InlineData("microsoft 365 business standard", "M365_BUSINESS_STANDARD", Commerce.NewCommerce)]
    [InlineData("Microsoft 365 Business Standard (India)", PremiumIn)]
    [InlineData("Office 365 Business Premium")] // the former name, an alias
    [InlineData("office 365 business premium")]
    [InlineData("office 365 business premium india", PremiumIn)]
    public void OffersAreFoundByIdOrNameOrAliasCaseInsensitively(string idOrName, string expected = Premium, Commerce commerce = Commerce.Legacy)
    {
        Assert.Equal(expected, OfferCatalog.Default.Find(idOrName, commerce)?.OfferId);
    }

    [Fact]
    public void AdditionalServicesAreTargetMinusSource()
    {
        // SPEC 1.3: Business = OfficeApps, OneDrive; Business Premium adds Exchange, SharePoint, Teams, OfficeWeb.
        var subscription = Build.Sub("a-1", Business);
        var result = Build.Check(Build.Customer("US", null, subscription), subscription, Premium);
        Assert.Equal(new[] { "Exchange", "OfficeWeb", "SharePoint", "Teams" }, result.AdditionalServices.OrderBy(s => s));
    }
}
