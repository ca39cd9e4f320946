using System.Collections.Generic;
using System.Linq;
using static CspUpgrade.Engine.Tests.Ids;

namespace CspUpgrade.Engine.Tests;

/// <summary>SPEC 1.4 conditions and the SPEC 1.5 mapping of each to its reason code, one focused case each.</summary>
public class ReasonCodeTests
{
    private const string SourceId = "9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50";

    private static SubscriptionRecord Source(
        string offer = Business,
        int quantity = 25,
        SubscriptionStatus status = SubscriptionStatus.Active,
        BillingCycle billing = BillingCycle.Annual,
        params string[] addOns) =>
        Build.Sub(SourceId, offer, quantity, status, SalesChannel.Partner, billing, addOns);

    // ---- Condition 1: active ----

    [Theory]
    [InlineData(SubscriptionStatus.Suspended)]
    [InlineData(SubscriptionStatus.Deleted)]
    public void SuspendedOrDeletedIsSubscriptionStatusNotActive(SubscriptionStatus status)
    {
        var source = Source(status: status);
        var result = Build.Check(Build.Customer("US", null, source), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.SubscriptionStatusNotActive, reason.Code);
        Assert.Contains(SourceId, reason.Message);
        Assert.Contains(status.ToString(), reason.Message);
    }

    [Fact]
    public void ProvisioningIsSubscriptionNotProvisioned()
    {
        var source = Source(status: SubscriptionStatus.Provisioning);
        var result = Build.Check(Build.Customer("US", null, source), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.SubscriptionNotProvisioned, reason.Code);
        Assert.Contains(SourceId, reason.Message);
    }

    // ---- Condition 2: delegated admin ----

    [Fact]
    public void NoDelegationIsDelegatedAdminPermissionsDisabled()
    {
        var source = Source();
        var none = new DelegatedAdminInfo { Type = DelegatedAdminType.None };
        var result = Build.Check(Build.Customer("US", none, source), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.DelegatedAdminPermissionsDisabled, reason.Code);
        Assert.Contains(Build.CustomerName, reason.Message);
    }

    [Fact]
    public void DapNotCoveringOffice365IsDelegatedAdminPermissionsDisabled()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Dap("Azure"), source), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.DelegatedAdminPermissionsDisabled, reason.Code);
        Assert.Contains("Office365", reason.Message);
        Assert.Contains("Office365", reason.Remediation);
    }

    [Fact]
    public void GdapWithNoServicesIsDelegatedAdminPermissionsDisabled()
    {
        var source = Source();
        var gdap = Build.Gdap(GdapRole.DirectoryWriter);
        gdap.Services.Clear();
        var result = Build.Check(Build.Customer("US", gdap, source), source, Premium);

        Assert.Equal(new[] { ReasonCode.DelegatedAdminPermissionsDisabled }, Build.Codes(result));
    }

    [Fact]
    public void DapCoveringOffice365IsEnough()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Dap(), source), source, Premium);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void GdapDirectoryReaderWithLicenseTransferIsInsufficientGranularAdminPermissions()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Gdap(GdapRole.DirectoryReader), source), source, Premium, UpgradeType.UpgradeWithLicenseTransfer);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.InsufficientGranularAdminPermissions, reason.Code);
        Assert.Contains("DirectoryWriter", reason.Message);
        Assert.Contains("UpgradeOnly", reason.Remediation);
    }

    [Theory]
    [InlineData(GdapRole.DirectoryReader)]
    [InlineData(GdapRole.GlobalReader)]
    public void GdapReaderRoleIsEnoughForUpgradeOnly(GdapRole role)
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Gdap(role), source), source, Premium, UpgradeType.UpgradeOnly);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void GdapGlobalReaderWithLicenseTransferIsInsufficient()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Gdap(GdapRole.GlobalReader), source), source, Premium, UpgradeType.UpgradeWithLicenseTransfer);
        Assert.Equal(new[] { ReasonCode.InsufficientGranularAdminPermissions }, Build.Codes(result));
    }

    [Fact]
    public void GdapDirectoryWriterAllowsLicenseTransfer()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Gdap(GdapRole.DirectoryWriter), source), source, Premium, UpgradeType.UpgradeWithLicenseTransfer);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Theory]
    [InlineData(GdapRole.BillingAdministrator)]
    [InlineData(GdapRole.SecurityReader)]
    [InlineData(GdapRole.HelpdeskAdministrator)]
    public void GdapWithoutReaderRolesIsInsufficientEvenForUpgradeOnly(GdapRole role)
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", Build.Gdap(role), source), source, Premium, UpgradeType.UpgradeOnly);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.InsufficientGranularAdminPermissions, reason.Code);
        Assert.Contains("DirectoryReader or GlobalReader", reason.Message);
    }

    // ---- Condition 3: conflicting services ----

    [Fact]
    public void EachConflictingSubscriptionIsItsOwnReasonNamingIt()
    {
        // Business -> Business Premium adds Exchange, SharePoint, Teams, OfficeWeb (SPEC 1.3).
        var source = Source();
        var exchange = Build.Sub("exo-1", Exchange, 5, channel: SalesChannel.OtherPartner);
        var sharePoint = Build.Sub("spo-1", SharePoint, 5, channel: SalesChannel.Direct);
        var result = Build.Check(Build.Customer("US", null, source, exchange, sharePoint), source, Premium);

        Assert.Equal(new[] { ReasonCode.ConflictingServiceTypes, ReasonCode.ConflictingServiceTypes }, Build.Codes(result));
        Assert.Equal(new[] { "exo-1", "spo-1" }, result.Reasons.Select(r => r.RelatedSubscriptionId).OrderBy(x => x));
        var exoReason = result.Reasons.Single(r => r.RelatedSubscriptionId == "exo-1");
        Assert.Contains("exo-1", exoReason.Message);
        Assert.Contains("Exchange", exoReason.Message);
        var spoReason = result.Reasons.Single(r => r.RelatedSubscriptionId == "spo-1");
        Assert.Contains("SharePoint", spoReason.Message);
    }

    [Theory]
    [InlineData(SalesChannel.Partner)]
    [InlineData(SalesChannel.OtherPartner)]
    [InlineData(SalesChannel.Direct)]
    public void ConflictsCountFromAnyChannel(SalesChannel channel)
    {
        var source = Source();
        var exchange = Build.Sub("exo-1", Exchange, 5, channel: channel);
        var result = Build.Check(Build.Customer("US", null, source, exchange), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.ConflictingServiceTypes, reason.Code);
        Assert.Equal("exo-1", reason.RelatedSubscriptionId);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Suspended)]
    [InlineData(SubscriptionStatus.Provisioning)]
    public void ConflictsCountInAnyStatusButDeleted(SubscriptionStatus status)
    {
        var source = Source();
        var exchange = Build.Sub("exo-1", Exchange, 5, status: status, channel: SalesChannel.Direct);
        var result = Build.Check(Build.Customer("US", null, source, exchange), source, Premium);

        Assert.Equal(new[] { ReasonCode.ConflictingServiceTypes }, Build.Codes(result));
    }

    [Fact]
    public void DeletedConflictingSubscriptionsAreIgnored()
    {
        var source = Source();
        var exchange = Build.Sub("exo-old", Exchange, 5, status: SubscriptionStatus.Deleted, channel: SalesChannel.OtherPartner);
        var sharePoint = Build.Sub("spo-old", SharePoint, 5, status: SubscriptionStatus.Deleted, channel: SalesChannel.Direct);
        var result = Build.Check(Build.Customer("US", null, source, exchange, sharePoint), source, Premium);

        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void SubscriptionsThatOnlyShareTheSourceServicesDoNotConflict()
    {
        // ProPlus = OfficeApps, OneDrive: the same services Business already has, none of the additional ones.
        var source = Source();
        var proPlus = Build.Sub("pp-1", ProPlus, 5, channel: SalesChannel.OtherPartner);
        var result = Build.Check(Build.Customer("US", null, source, proPlus), source, Premium);

        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Theory]
    [InlineData(SalesChannel.OtherPartner, "another partner")]
    [InlineData(SalesChannel.Direct, "directly from Microsoft")]
    public void ConflictRemediationForAnotherChannelSaysTheCustomerMustCancelThatSubscription(SalesChannel channel, string channelText)
    {
        var source = Source();
        var exchange = Build.Sub("exo-77", Exchange, 5, channel: channel);
        var result = Build.Check(Build.Customer("US", null, source, exchange), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.ConflictingServiceTypes, reason.Code);
        Assert.Contains("customer must cancel", reason.Remediation);
        Assert.Contains("exo-77", reason.Remediation);
        Assert.Contains("Exchange Online (Plan 1)", reason.Remediation);
        Assert.Contains(channelText, reason.Remediation);
    }

    // ---- Condition 4: target already owned ----

    [Fact]
    public void OwningTheTargetIsTargetOfferAlreadyOwnedAndNotAlsoAConflict()
    {
        // Business Premium provides every service the upgrade adds, so it would also "conflict"; SPEC 1.5 says it must not.
        var source = Source();
        var owned = Build.Sub("prem-9", Premium, 5, channel: SalesChannel.OtherPartner);
        var result = Build.Check(Build.Customer("US", null, source, owned), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.TargetOfferAlreadyOwned, reason.Code);
        Assert.Equal("prem-9", reason.RelatedSubscriptionId);
        Assert.DoesNotContain(result.Reasons, r => r.Code == ReasonCode.ConflictingServiceTypes);
        Assert.Contains("prem-9", reason.Message);
        Assert.Contains("customer must cancel", reason.Remediation);
        Assert.Contains("prem-9", reason.Remediation);
        Assert.Contains(Ids.Names[Premium], reason.Remediation);
    }

    [Fact]
    public void OwningTheTargetAndAnotherConflictGivesBothEachNamingItsSubscription()
    {
        var source = Source();
        var owned = Build.Sub("prem-9", Premium, 5, channel: SalesChannel.Direct);
        var exchange = Build.Sub("exo-1", Exchange, 5, channel: SalesChannel.OtherPartner);
        var result = Build.Check(Build.Customer("US", null, source, owned, exchange), source, Premium);

        Assert.Equal(new[] { ReasonCode.ConflictingServiceTypes, ReasonCode.TargetOfferAlreadyOwned }, Build.Codes(result));
        Assert.Equal("exo-1", result.Reasons[0].RelatedSubscriptionId);
        Assert.Equal("prem-9", result.Reasons[1].RelatedSubscriptionId);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Suspended, true)]
    [InlineData(SubscriptionStatus.Provisioning, true)]
    [InlineData(SubscriptionStatus.Deleted, false)]
    public void OwnershipCountsInAnyStatusButDeleted(SubscriptionStatus status, bool counts)
    {
        var source = Source(Premium);
        var e3 = Build.Sub("e3-1", E3, 5, status: status, channel: SalesChannel.Direct);
        var result = Build.Check(Build.Customer("US", null, source, e3), source, E3);

        if (counts)
        {
            var reason = Assert.Single(result.Reasons);
            Assert.Equal(ReasonCode.TargetOfferAlreadyOwned, reason.Code);
            Assert.Equal("e3-1", reason.RelatedSubscriptionId);
        }
        else
        {
            Assert.True(result.IsEligible, Build.Describe(result));
        }
    }

    [Fact]
    public void OwnedTargetThroughThisPartnerSuggestsAddingLicensesToIt()
    {
        var source = Source(Premium);
        var e3 = Build.Sub("e3-ours", E3, 5, channel: SalesChannel.Partner);
        var result = Build.Check(Build.Customer("US", null, source, e3), source, E3);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.TargetOfferAlreadyOwned, reason.Code);
        Assert.Contains("e3-ours", reason.Remediation);
    }

    // ---- Condition 5: add-ons, billing cycle ----

    [Fact]
    public void AddOnsPresentIsSubscriptionAddOnsPresent()
    {
        var source = Source(addOns: "O365_ADVANCED_THREAT_PROTECTION");
        var result = Build.Check(Build.Customer("US", null, source), source, Premium);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.SubscriptionAddOnsPresent, reason.Code);
        Assert.Contains("O365_ADVANCED_THREAT_PROTECTION", reason.Message);
        Assert.Contains("O365_ADVANCED_THREAT_PROTECTION", reason.Remediation);
    }

    [Fact]
    public void MonthlyToProPlusIsOfferDoesNotSupportBillingCycle()
    {
        // The test catalogue sells ProPlus on annual billing only (the shipped one restricts nothing: not public).
        var source = Source(billing: BillingCycle.Monthly);
        var result = Build.Check(Build.Customer("US", null, source), source, ProPlus, catalog: TestCatalogs.BillingLimited);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.OfferDoesNotSupportBillingCycle, reason.Code);
        Assert.Contains("Monthly", reason.Message);
        Assert.Contains("Annual", reason.Remediation);
    }

    [Fact]
    public void MonthlyToProPlusIsFineWithTheShippedCatalogue()
    {
        var source = Source(billing: BillingCycle.Monthly);
        var result = Build.Check(Build.Customer("US", null, source), source, ProPlus);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void MonthlyToTargetsSoldMonthlyIsFine()
    {
        var source = Source(billing: BillingCycle.Monthly);
        var result = Build.Check(Build.Customer("US", null, source), source, E3);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    // ---- Condition 6: seats ----

    [Fact]
    public void MoreThan300SeatsOnABusinessTargetIsSeatLimitExceededNamingAnEnterpriseTarget()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", null, source), source, Premium, quantity: 301);

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.SeatLimitExceeded, reason.Code);
        Assert.Equal(301, result.Quantity);
        Assert.Contains("301", reason.Message);
        Assert.Contains("300", reason.Message);
        Assert.Contains(E3, reason.Remediation);
        Assert.Contains("Office 365 Enterprise E3", reason.Remediation);
        Assert.DoesNotContain(Premium, reason.Remediation);
    }

    [Fact]
    public void Exactly300SeatsOnABusinessTargetIsAllowed()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", null, source), source, Premium, quantity: 300);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void EnterpriseTargetsHaveNoSeatCap()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", null, source), source, E3, quantity: 5000);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    [Fact]
    public void BusinessPoolTotalCountsOtherBusinessSubscriptionsButNotTheSource()
    {
        // Source: 100 Business seats; another Business subscription: 250. Premium is in the Business pool (300 per customer).
        // The source's own seats leave the pool with it: 250 + 50 = 300 fits, 250 + 51 = 301 does not.
        var source = Source(quantity: 100);
        var other = Build.Sub("bus-2", Business, 250);
        var customer = Build.Customer("US", null, source, other);

        var fits = Build.Check(customer, source, Premium, quantity: 50);
        Assert.True(fits.IsEligible, Build.Describe(fits));

        var over = Build.Check(customer, source, Premium, quantity: 51);
        var reason = Assert.Single(over.Reasons);
        Assert.Equal(ReasonCode.SeatLimitExceeded, reason.Code);
        Assert.Contains("250", reason.Message);
        Assert.Contains(E3, reason.Remediation);
    }

    [Fact]
    public void BusinessPoolTotalUsesTheSourceQuantityWhenNoneIsRequested()
    {
        var source = Source(quantity: 60);
        var other = Build.Sub("bus-2", Business, 250); // same services as the source: no conflict
        var customer = Build.Customer("US", null, source, other);

        var result = Build.Check(customer, source, Premium);
        Assert.Equal(60, result.Quantity);
        Assert.Equal(new[] { ReasonCode.SeatLimitExceeded }, Build.Codes(result));
    }

    [Fact]
    public void HugeSubscriptionsInThePoolDoNotWrapTheTotalIntoRoom()
    {
        // Two Business subscriptions of 2,000,000,000 seats each sum past Int32.MaxValue; in 32 bits the total wrapped to a
        // negative number and a 50-seat Premium target "fitted" the 300-seat pool.
        var source = Source(quantity: 50);
        var customer = Build.Customer("US", null, source, Build.Sub("bus-2", Business, 2_000_000_000), Build.Sub("bus-3", Business, 2_000_000_000));

        var result = Build.Check(customer, source, Premium, quantity: 50);
        Assert.Equal(new[] { ReasonCode.SeatLimitExceeded }, Build.Codes(result));
    }

    [Fact]
    public void DeletedBusinessSubscriptionsDoNotCountTowardsThePool()
    {
        var source = Source(quantity: 100);
        var gone = Build.Sub("bus-old", Business, 290, status: SubscriptionStatus.Deleted);
        var result = Build.Check(Build.Customer("US", null, source, gone), source, Premium, quantity: 200);
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    // ---- Condition 7: partner role ----

    [Fact]
    public void BillingAdminIsPartnerRoleNotPermitted()
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", null, source), source, Premium, partner: Build.Partner(PartnerRole.BillingAdmin));

        var reason = Assert.Single(result.Reasons);
        Assert.Equal(ReasonCode.PartnerRoleNotPermitted, reason.Code);
        Assert.Contains("BillingAdmin", reason.Message);
        Assert.Contains("AdminAgent", reason.Remediation);
    }

    [Fact]
    public void NoPartnerRolesIsPartnerRoleNotPermitted()
    {
        var source = Source();
        var partner = new PartnerInfo { Name = "Fabrikam", Roles = new List<PartnerRole>() };
        var result = Build.Check(Build.Customer("US", null, source), source, Premium, partner: partner);

        Assert.Equal(new[] { ReasonCode.PartnerRoleNotPermitted }, Build.Codes(result));
    }

    [Theory]
    [InlineData(PartnerRole.GlobalAdmin)]
    [InlineData(PartnerRole.UserManagementAdmin)]
    [InlineData(PartnerRole.AdminAgent)]
    [InlineData(PartnerRole.SalesAgent)]
    [InlineData(PartnerRole.HelpdeskAgent)]
    public void EachSpecPartnerRoleIsPermittedAlongsideOthers(PartnerRole role)
    {
        var source = Source();
        var result = Build.Check(Build.Customer("US", null, source), source, Premium, partner: Build.Partner(PartnerRole.BillingAdmin, role));
        Assert.True(result.IsEligible, Build.Describe(result));
    }

    // ---- Codes that only Partner Center produces ----

    [Fact]
    public void LocalEngineNeverProducesOtherConcurrencyConflictsOrUserContextRequired()
    {
        var engine = new EligibilityEngine(OfferCatalog.Default);
        var seen = new HashSet<ReasonCode>();
        var delegations = new[]
        {
            Build.Gdap(GdapRole.DirectoryWriter), Build.Gdap(GdapRole.DirectoryReader), Build.Gdap(GdapRole.BillingAdministrator),
            Build.Dap(), Build.Dap("Azure"), new DelegatedAdminInfo { Type = DelegatedAdminType.None },
        };
        var partners = new[] { Build.Partner(PartnerRole.AdminAgent), Build.Partner(PartnerRole.BillingAdmin) };
        int checks = 0;
        foreach (var market in new[] { "US", "IN" })
        foreach (var status in new[] { SubscriptionStatus.Active, SubscriptionStatus.Suspended, SubscriptionStatus.Deleted, SubscriptionStatus.Provisioning })
        foreach (var delegation in delegations)
        foreach (var partner in partners)
        foreach (var source in All)
        {
            var subscription = Build.Sub("src", source, 120, status, SalesChannel.Partner, BillingCycle.Monthly, status == SubscriptionStatus.Active ? new string[0] : new[] { "ADDON" });
            var customer = Build.Customer(market, delegation, subscription,
                Build.Sub("o1", Exchange, 5, channel: SalesChannel.OtherPartner),
                Build.Sub("o2", E3, 5, SubscriptionStatus.Suspended, SalesChannel.Direct),
                Build.Sub("o3", Essentials, 200));
            var context = engine.CreateContext(customer, partner);
            foreach (var type in new[] { UpgradeType.UpgradeWithLicenseTransfer, UpgradeType.UpgradeOnly })
            {
                foreach (var quantity in new int?[] { null, 400 })
                {
                    var results = All.Select(t => engine.Check(context, subscription, OfferCatalog.Default.Find(t)!, type, quantity))
                        .Concat(engine.CheckAllPaths(context, subscription, type, quantity));
                    foreach (var result in results)
                    {
                        checks++;
                        seen.UnionWith(result.Reasons.Select(r => r.Code));
                        Assert.All(result.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
                    }
                }
            }
        }

        Assert.True(checks > 10000);
        Assert.DoesNotContain(ReasonCode.Other, seen);
        Assert.DoesNotContain(ReasonCode.ConcurrencyConflicts, seen);
        Assert.DoesNotContain(ReasonCode.UserContextRequired, seen);
        // And the sweep did reach every local code, so the absence above means something. OfferDoesNotSupportBillingCycle is
        // not among them: the shipped catalogue restricts no billing cycle (see MonthlyToProPlusIsOfferDoesNotSupportBillingCycle).
        var local = new[]
        {
            ReasonCode.DelegatedAdminPermissionsDisabled, ReasonCode.SubscriptionStatusNotActive, ReasonCode.ConflictingServiceTypes,
            ReasonCode.SubscriptionAddOnsPresent, ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, ReasonCode.SubscriptionTargetOfferNotFound,
            ReasonCode.SubscriptionNotProvisioned, ReasonCode.InsufficientGranularAdminPermissions,
            ReasonCode.TargetOfferAlreadyOwned, ReasonCode.MarketRestriction, ReasonCode.SeatLimitExceeded, ReasonCode.PartnerRoleNotPermitted,
        };
        Assert.Empty(local.Except(seen));
    }

    [Fact]
    public void ReasonCodeValuesMatchPartnerCenter()
    {
        // SPEC 1.5: Partner Center's UpgradeErrorCode by integer value.
        Assert.Equal(0, (int)ReasonCode.Other);
        Assert.Equal(1, (int)ReasonCode.DelegatedAdminPermissionsDisabled);
        Assert.Equal(2, (int)ReasonCode.SubscriptionStatusNotActive);
        Assert.Equal(3, (int)ReasonCode.ConflictingServiceTypes);
        Assert.Equal(4, (int)ReasonCode.ConcurrencyConflicts);
        Assert.Equal(5, (int)ReasonCode.UserContextRequired);
        Assert.Equal(6, (int)ReasonCode.SubscriptionAddOnsPresent);
        Assert.Equal(7, (int)ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths);
        Assert.Equal(8, (int)ReasonCode.SubscriptionTargetOfferNotFound);
        Assert.Equal(9, (int)ReasonCode.SubscriptionNotProvisioned);
        Assert.Equal(10, (int)ReasonCode.OfferDoesNotSupportBillingCycle);
        Assert.Equal(11, (int)ReasonCode.InsufficientGranularAdminPermissions);
    }
}
