using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>Offer ids and display names as SPEC 1.3 and 2.2 write them (not read from the catalogue code).</summary>
internal static class Ids
{
    public const string Business = "O365_BUSINESS";
    public const string Premium = "O365_BUSINESS_PREMIUM";
    public const string Essentials = "O365_BUSINESS_ESSENTIALS";
    public const string ProPlus = "O365_PROPLUS";
    public const string E1 = "O365_E1";
    public const string E3 = "O365_E3";
    public const string E5 = "O365_E5";
    public const string BusinessIn = "O365_BUSINESS_IN";
    public const string PremiumIn = "O365_BUSINESS_PREMIUM_IN";
    public const string EssentialsIn = "O365_BUSINESS_ESSENTIALS_IN";
    public const string Exchange = "EXCHANGE_ONLINE_P1";
    public const string SharePoint = "SHAREPOINT_ONLINE_P1";

    public static readonly string[] All =
    {
        Business, Premium, Essentials, ProPlus, E1, E3, E5, BusinessIn, PremiumIn, EssentialsIn, Exchange, SharePoint,
    };

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Business] = "Office 365 Business",
        [Premium] = "Office 365 Business Premium",
        [Essentials] = "Office 365 Business Essentials",
        [ProPlus] = "Office 365 ProPlus",
        [E1] = "Office 365 Enterprise E1",
        [E3] = "Office 365 Enterprise E3",
        [E5] = "Office 365 Enterprise E5",
        [BusinessIn] = "Office 365 Business (India)",
        [PremiumIn] = "Office 365 Business Premium (India)",
        [EssentialsIn] = "Office 365 Business Essentials (India)",
        [Exchange] = "Exchange Online (Plan 1)",
        [SharePoint] = "SharePoint Online (Plan 1)",
    };
}

/// <summary>Small builders for inventory records and one-call eligibility checks against the default catalogue.</summary>
internal static class Build
{
    public const string CustomerName = "Contoso Ltd";

    public static PartnerInfo Partner(params PartnerRole[] roles) => new()
    {
        Name = "Fabrikam Cloud Partner",
        Roles = roles.Length == 0 ? new List<PartnerRole> { PartnerRole.AdminAgent } : roles.ToList(),
    };

    public static DelegatedAdminInfo Gdap(params GdapRole[] roles) => new()
    {
        Type = DelegatedAdminType.GDAP,
        Services = new List<string> { "Office365" },
        Roles = roles.Length == 0 ? new List<GdapRole> { GdapRole.DirectoryWriter } : roles.ToList(),
    };

    public static DelegatedAdminInfo Dap(params string[] services) => new()
    {
        Type = DelegatedAdminType.DAP,
        Services = services.Length == 0 ? new List<string> { "Office365" } : services.ToList(),
    };

    public static SubscriptionRecord Sub(
        string id,
        string offer,
        int quantity = 10,
        SubscriptionStatus status = SubscriptionStatus.Active,
        SalesChannel channel = SalesChannel.Partner,
        BillingCycle billing = BillingCycle.Annual,
        params string[] addOns) => new()
        {
            SubscriptionId = id,
            OfferId = offer,
            Quantity = quantity,
            Status = status,
            Channel = channel,
            BillingCycle = billing,
            PeriodEnd = new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
            AddOns = addOns.ToList(),
        };

    public static CustomerRecord Customer(string market, DelegatedAdminInfo? delegation, params SubscriptionRecord[] subscriptions) => new()
    {
        CustomerId = "3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10",
        Name = CustomerName,
        Market = market,
        DelegatedAdmin = delegation ?? Gdap(),
        Subscriptions = subscriptions.ToList(),
    };

    public static EligibilityResult Check(
        CustomerRecord customer,
        SubscriptionRecord subscription,
        string target,
        UpgradeType type = UpgradeType.UpgradeWithLicenseTransfer,
        int? quantity = null,
        PartnerInfo? partner = null)
    {
        var engine = new EligibilityEngine(OfferCatalog.Default);
        var context = engine.CreateContext(customer, partner ?? Partner());
        var offer = OfferCatalog.Default.Find(target) ?? throw new ArgumentException($"test bug: unknown offer {target}");
        return engine.Check(context, subscription, offer, type, quantity);
    }

    public static IReadOnlyList<ReasonCode> Codes(EligibilityResult result) => result.Reasons.Select(r => r.Code).ToList();

    public static string Describe(EligibilityResult result) =>
        string.Join(" | ", result.Reasons.Select(r => $"{r.Code} [{r.RelatedSubscriptionId}]: {r.Message} => {r.Remediation}"));
}

/// <summary>Where a piece of text is in a file, 1-based, the way an editor shows it.</summary>
internal static class TextPos
{
    public static (int Line, int Column) Of(string text, string needle, int occurrence = 1)
    {
        int index = -1;
        for (int i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ArgumentException($"test bug: '{needle}' occurs fewer than {occurrence} times");
            }
        }
        int line = 1 + text.Take(index).Count(c => c == '\n');
        int lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0)
        {
            lineStart = 0;
        }
        return (line, index - lineStart + 1);
    }
}
