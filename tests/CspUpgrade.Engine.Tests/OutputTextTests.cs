using System.Collections.Generic;
using System.Linq;
using static CspUpgrade.Engine.Tests.Ids;

namespace CspUpgrade.Engine.Tests;

/// <summary>What output objects become as text (a CSV cell, "$x", ToString): their items and reasons, never a type name.</summary>
public class OutputTextTests
{
    private const string SourceId = "9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50";
    private const string OtherId = "290de879-64f6-415c-890c-bd55aa168686";

    [Fact]
    public void ReasonSummary_holds_every_reason_with_its_remediation_on_one_line()
    {
        var source = Build.Sub(SourceId, Business, status: SubscriptionStatus.Suspended);
        var exchange = Build.Sub(OtherId, Exchange, channel: SalesChannel.OtherPartner);
        var result = Build.Check(Build.Customer("US", null, source, exchange), source, Premium);

        Assert.Equal(new[] { ReasonCode.SubscriptionStatusNotActive, ReasonCode.ConflictingServiceTypes }, Build.Codes(result));
        string summary = result.ReasonSummary;
        Assert.DoesNotContain("\n", summary);
        Assert.Equal(string.Join(" | ", result.Reasons.Select(r => $"{r.Code}: {r.Message} Remediation: {r.Remediation}")), summary);
        Assert.Contains($"Remediation: The customer must cancel subscription {OtherId}", summary);
        Assert.Equal(summary, result.Reasons.ToString());
    }

    [Fact]
    public void An_eligible_result_has_an_empty_summary()
    {
        var source = Build.Sub(SourceId, Business);
        var result = Build.Check(Build.Customer("US", null, source), source, E3);
        Assert.True(result.IsEligible);
        Assert.Equal(string.Empty, result.ReasonSummary);
        Assert.Equal(string.Empty, result.Reasons.ToString());
    }

    [Fact]
    public void Reasons_decided_elsewhere_print_their_original_code_and_text()
    {
        var reasons = new List<EligibilityReason>
        {
            new EligibilityReason(ReasonCode.Other, "Partner Center says no.", "Ask Partner Center support.", originalCode: "brand_new_reason"),
            new EligibilityReason(ReasonCode.UserContextRequired, "A user must sign in.", string.Empty),
        };
        var result = new EligibilityResult("c", "Contoso", "s", Business, "Office 365 Business", E3, "Office 365 Enterprise E3", UpgradeType.UpgradeOnly, 5, reasons, "PartnerCenter");

        Assert.Equal("Other (brand_new_reason): Partner Center says no. Remediation: Ask Partner Center support. | UserContextRequired: A user must sign in.", result.ReasonSummary);
        Assert.IsType<ItemList<EligibilityReason>>(result.Reasons);
    }

    [Fact]
    public void Collection_properties_print_their_items()
    {
        var offer = OfferCatalog.Default.Find(Business)!;
        Assert.Equal("OfficeApps; OneDrive", offer.Services.ToString());
        Assert.Equal("O365_BUSINESS_PREMIUM; O365_PROPLUS; O365_E3; O365_E5", offer.UpgradeTargets.ToString());

        var source = Build.Sub(SourceId, Business);
        var result = Build.Check(Build.Customer("US", null, source), source, Premium);
        Assert.Equal("Exchange; SharePoint; Teams; OfficeWeb", result.AdditionalServices.ToString());

        var option = new UpgradeOption(offer, OfferCatalog.Default.Find(Premium)!, OfferCatalog.Default);
        Assert.Equal("Exchange; SharePoint; Teams; OfficeWeb", option.AdditionalServices.ToString());
        Assert.Equal(string.Empty, option.Reasons.ToString());
        Assert.Null(option.ReasonSummary);
    }

    [Fact]
    public void Affected_accounts_print_user_reason_and_services()
    {
        var lost = new AffectedAccount("c", "s", "ann@contoso.example", AffectedAccountReason.LosesServices, new[] { "Exchange", "Teams" }, "detail");
        var seat = new AffectedAccount("c", "s", "ben@contoso.example", AffectedAccountReason.NoSeatAvailable, new string[0], "detail");
        Assert.Equal("ann@contoso.example: LosesServices (Exchange, Teams)", lost.ToString());
        Assert.Equal("Exchange; Teams", lost.Services.ToString());

        var result = new UpgradeResult("c", "Contoso", "s", "t", Business, E3, "Office 365 Enterprise E3", UpgradeType.UpgradeWithLicenseTransfer, 1,
            UpgradeStatus.Completed, new List<AffectedAccount> { lost, seat }, BillingImpact.Unavailable("no prices"));
        Assert.Equal("ann@contoso.example: LosesServices (Exchange, Teams); ben@contoso.example: NoSeatAvailable", result.AffectedAccounts.ToString());
        Assert.Equal(2, result.AffectedAccountCount);
    }

    [Fact]
    public void An_item_list_wraps_arrays_and_lists_without_copying_and_reads_like_one()
    {
        var array = new[] { "a", "b" };
        var list = ItemList<string>.Of(array);
        Assert.Same(list, ItemList<string>.Of(list));
        array[0] = "changed";
        Assert.Equal("changed; b", list.ToString());
        Assert.Equal(2, list.Count);
        Assert.Equal("b", list[1]);
        Assert.Equal(string.Empty, ItemList<string>.Of(null).ToString());
        Assert.Equal("x | y", ItemList<string>.Of(new List<string> { "x", "y" }, ItemList.SentenceSeparator).ToString());
        Assert.Throws<System.NotSupportedException>(() => ((IList<string>)list).Add("c"));
    }
}
