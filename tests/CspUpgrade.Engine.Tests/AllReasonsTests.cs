using System.Linq;
using static CspUpgrade.Engine.Tests.Ids;

namespace CspUpgrade.Engine.Tests;

/// <summary>SPEC 1.4: "Every failed condition is reported, not only the first", in condition order.</summary>
public class AllReasonsTests
{
    [Fact]
    public void OneCheckFailingConditions123567ReportsEveryOneInConditionOrder()
    {
        var source = Build.Sub("src-1", Business, 25, SubscriptionStatus.Suspended, SalesChannel.Partner, BillingCycle.Annual, "ADDON-1"); // 1, 5
        var conflict = Build.Sub("exo-1", Exchange, 5, channel: SalesChannel.OtherPartner);                                            // 3
        var customer = Build.Customer("US", new DelegatedAdminInfo { Type = DelegatedAdminType.None }, source, conflict);               // 2

        var result = Build.Check(customer, source, Premium, quantity: 301, partner: Build.Partner(PartnerRole.BillingAdmin));           // 6, 7

        Assert.False(result.IsEligible);
        Assert.Equal(
            new[]
            {
                ReasonCode.SubscriptionStatusNotActive,        // 1
                ReasonCode.DelegatedAdminPermissionsDisabled,  // 2
                ReasonCode.ConflictingServiceTypes,            // 3
                ReasonCode.SubscriptionAddOnsPresent,          // 5
                ReasonCode.SeatLimitExceeded,                  // 6
                ReasonCode.PartnerRoleNotPermitted,            // 7
            },
            Build.Codes(result));
        Assert.Equal(
            "SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled, ConflictingServiceTypes, SubscriptionAddOnsPresent, SeatLimitExceeded, PartnerRoleNotPermitted",
            result.ReasonCodes);
        Assert.Equal("exo-1", result.Reasons[2].RelatedSubscriptionId);
        Assert.All(result.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        Assert.All(result.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Remediation)));
    }

    [Fact]
    public void AllSevenConditionsFailingAreReportedInOrder()
    {
        var source = Build.Sub("src-1", Business, 25, SubscriptionStatus.Suspended, SalesChannel.Partner, BillingCycle.Annual, "ADDON-1"); // 1, 5
        var conflict = Build.Sub("exo-1", Exchange, 5, channel: SalesChannel.Direct);                                                   // 3
        var owned = Build.Sub("prem-1", Premium, 5, channel: SalesChannel.OtherPartner);                                                // 4
        var customer = Build.Customer("US", Build.Dap("Azure"), source, conflict, owned);                                              // 2

        var result = Build.Check(customer, source, Premium, quantity: 301, partner: Build.Partner(PartnerRole.ReferralsAdmin));        // 6, 7

        Assert.Equal(
            new[]
            {
                ReasonCode.SubscriptionStatusNotActive,        // 1
                ReasonCode.DelegatedAdminPermissionsDisabled,  // 2
                ReasonCode.ConflictingServiceTypes,            // 3
                ReasonCode.TargetOfferAlreadyOwned,            // 4
                ReasonCode.SubscriptionAddOnsPresent,          // 5
                ReasonCode.SeatLimitExceeded,                  // 6
                ReasonCode.PartnerRoleNotPermitted,            // 7
            },
            Build.Codes(result));
        Assert.Equal("exo-1", result.Reasons[2].RelatedSubscriptionId);
        Assert.Equal("prem-1", result.Reasons[3].RelatedSubscriptionId);
    }

    [Fact]
    public void SeveralFailuresWithinOneConditionAreAllReported()
    {
        // Condition 1 (provisioning), 2 (GDAP reader with license transfer), 4, and condition 5 twice: add-ons and billing cycle.
        var source = Build.Sub("src-1", Business, 25, SubscriptionStatus.Provisioning, SalesChannel.Partner, BillingCycle.Monthly, "ADDON-1");
        var owned = Build.Sub("pp-1", ProPlus, 5, channel: SalesChannel.OtherPartner);
        var customer = Build.Customer("US", Build.Gdap(GdapRole.DirectoryReader), source, owned);

        var result = Build.Check(customer, source, ProPlus, UpgradeType.UpgradeWithLicenseTransfer, partner: Build.Partner(PartnerRole.ReferralsAdmin),
            catalog: TestCatalogs.BillingLimited); // ProPlus annual only


        Assert.Equal(
            new[]
            {
                ReasonCode.SubscriptionNotProvisioned,            // 1
                ReasonCode.InsufficientGranularAdminPermissions,  // 2
                ReasonCode.TargetOfferAlreadyOwned,               // 4
                ReasonCode.SubscriptionAddOnsPresent,             // 5
                ReasonCode.OfferDoesNotSupportBillingCycle,       // 5
                ReasonCode.PartnerRoleNotPermitted,               // 7
            },
            Build.Codes(result));
        Assert.Equal("pp-1", result.Reasons.Single(r => r.Code == ReasonCode.TargetOfferAlreadyOwned).RelatedSubscriptionId);
    }

    [Fact]
    public void ConflictsComeBeforeOwnershipAndSeatsAfterTheMatrix()
    {
        // Business -> Business Premium: Exchange conflicts (3), a Premium is owned (4), 290 more Business seats exceed the
        // pool (6) along with the India market restriction for an IN customer asking the global Premium (5).
        var source = Build.Sub("src-1", BusinessIn, 20);
        var conflict = Build.Sub("exo-1", Exchange, 5, channel: SalesChannel.OtherPartner);
        var owned = Build.Sub("prem-1", Premium, 290, channel: SalesChannel.Direct);
        var customer = Build.Customer("IN", null, source, conflict, owned);

        var result = Build.Check(customer, source, Premium, quantity: 20);

        Assert.Equal(
            new[]
            {
                ReasonCode.ConflictingServiceTypes,
                ReasonCode.TargetOfferAlreadyOwned,
                ReasonCode.MarketRestriction,
                ReasonCode.SeatLimitExceeded,
            },
            Build.Codes(result));
        Assert.Equal(new[] { "exo-1", "prem-1" }, result.Reasons.Take(2).Select(r => r.RelatedSubscriptionId));
    }
}
