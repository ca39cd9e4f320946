using System.IO;
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
        [Business] = "Microsoft 365 Apps for business",
        [Premium] = "Microsoft 365 Business Standard",
        [Essentials] = "Microsoft 365 Business Basic",
        [ProPlus] = "Microsoft 365 Apps for enterprise",
        [E1] = "Office 365 Enterprise E1",
        [E3] = "Office 365 Enterprise E3",
        [E5] = "Office 365 Enterprise E5",
        [BusinessIn] = "Microsoft 365 Apps for business (India)",
        [PremiumIn] = "Microsoft 365 Business Standard (India)",
        [EssentialsIn] = "Microsoft 365 Business Basic (India)",
        [Exchange] = "Exchange Online (Plan 1)",
        [SharePoint] = "SharePoint Online (Plan 1)",
    };

    /// <summary>The names before Microsoft's renaming of 21 April 2020 (SPEC 1.3), kept as aliases.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>
    {
        [Business] = new[] { "Office 365 Business" },
        [Premium] = new[] { "Office 365 Business Premium" },
        [Essentials] = new[] { "Office 365 Business Essentials" },
        [ProPlus] = new[] { "Office 365 ProPlus" },
        [BusinessIn] = new[] { "Office 365 Business (India)", "Office 365 Business India" },
        [PremiumIn] = new[] { "Office 365 Business Premium (India)", "Office 365 Business Premium India" },
        [EssentialsIn] = new[] { "Office 365 Business Essentials (India)", "Office 365 Business Essentials India" },
    };

    // New commerce (SPEC 1.9, 2.2).
    public const string NceBasic = "M365_BUSINESS_BASIC";
    public const string NceStandard = "M365_BUSINESS_STANDARD";
    public const string NcePremium = "M365_BUSINESS_PREMIUM";
    public const string NceAppsBusiness = "M365_APPS_BUSINESS";
    public const string NceAppsEnterprise = "M365_APPS_ENTERPRISE";
    public const string NceE1 = "O365_E1_NCE";
    public const string NceE3 = "O365_E3_NCE";
    public const string NceE5 = "O365_E5_NCE";
    public const string M365E3 = "M365_E3";
    public const string M365E5 = "M365_E5";
    public const string NceExchangeP1 = "EXCHANGE_ONLINE_P1_NCE";
    public const string NceExchangeP2 = "EXCHANGE_ONLINE_P2_NCE";

    public static readonly string[] AllNewCommerce =
    {
        NceBasic, NceStandard, NcePremium, NceAppsBusiness, NceAppsEnterprise, NceE1, NceE3, NceE5, M365E3, M365E5, NceExchangeP1, NceExchangeP2,
    };

    /// <summary>Name and Partner Center product id of each new-commerce offer (SPEC 1.9).</summary>
    public static readonly IReadOnlyDictionary<string, (string Name, string ProductId)> NewCommerce = new Dictionary<string, (string, string)>
    {
        [NceBasic] = ("Microsoft 365 Business Basic", "CFQ7TTC0LH18"),
        [NceStandard] = ("Microsoft 365 Business Standard", "CFQ7TTC0LDPB"),
        [NcePremium] = ("Microsoft 365 Business Premium", "CFQ7TTC0LCHC"),
        [NceAppsBusiness] = ("Microsoft 365 Apps for business", "CFQ7TTC0LH1G"),
        [NceAppsEnterprise] = ("Microsoft 365 Apps for enterprise", "CFQ7TTC0LGZT"),
        [NceE1] = ("Office 365 E1", "CFQ7TTC0LF8Q"),
        [NceE3] = ("Office 365 E3", "CFQ7TTC0LF8R"),
        [NceE5] = ("Office 365 E5", "CFQ7TTC0LF8S"),
        [M365E3] = ("Microsoft 365 E3", "CFQ7TTC0LFLX"),
        [M365E5] = ("Microsoft 365 E5", "CFQ7TTC0LFLZ"),
        [NceExchangeP1] = ("Exchange Online (Plan 1)", "CFQ7TTC0LH16"),
        [NceExchangeP2] = ("Exchange Online (Plan 2)", "CFQ7TTC0LH1P"),
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
        PartnerInfo? partner = null,
        OfferCatalog? catalog = null)
    {
        catalog ??= OfferCatalog.Default;
        var engine = new EligibilityEngine(catalog);
        var context = engine.CreateContext(customer, partner ?? Partner());
        var offer = catalog.Find(target) ?? throw new ArgumentException($"test bug: unknown offer {target}");
        return engine.Check(context, subscription, offer, type, quantity);
    }

    public static IReadOnlyList<ReasonCode> Codes(EligibilityResult result) => result.Reasons.Select(r => r.Code).ToList();

    public static string Describe(EligibilityResult result) =>
        string.Join(" | ", result.Reasons.Select(r => $"{r.Code} [{r.RelatedSubscriptionId}]: {r.Message} => {r.Remediation}"));
}

/// <summary>The test catalogues of tests/Fixtures (not shipped).</summary>
internal static class TestCatalogs
{
    private static readonly Lazy<OfferCatalog> s_billingLimited = new Lazy<OfferCatalog>(() => OfferCatalog.Load(Fixture("billing-limited-catalog.yaml")));

    /// <summary>ProPlus sold annually only, Business Standard (new commerce) on P1Y/P3Y with Annual/Triennial billing.</summary>
    public static OfferCatalog BillingLimited => s_billingLimited.Value;

    public static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CspUpgrade.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("test bug: repository root not found"), "tests", "Fixtures", name);
    }
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
