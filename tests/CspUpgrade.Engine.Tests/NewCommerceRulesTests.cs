using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 1.9's local rules N1-N9 and the decision table for new-commerce sources, on the shipped catalogue: every ordered
/// pair of the new-commerce offers against the paths SPEC 1.9 lists, every new reason code, every cell of the "when" and
/// "seats" rows, and remediations a partner can act on.
/// </summary>
public class NewCommerceRulesTests
{
    private static readonly DateTime Now = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The upgrade paths of SPEC 1.9, written out here (not read from the catalogue).</summary>
    private static readonly Dictionary<string, string[]> SpecPaths = new()
    {
        [Ids.NceBasic] = new[] { Ids.NceStandard, Ids.NcePremium, Ids.NceE1, Ids.NceE3, Ids.NceE5, Ids.M365E3, Ids.M365E5 },
        [Ids.NceStandard] = new[] { Ids.NcePremium, Ids.NceE3, Ids.NceE5, Ids.M365E3, Ids.M365E5 },
        [Ids.NcePremium] = new[] { Ids.M365E3, Ids.M365E5 },
        [Ids.NceAppsBusiness] = new[] { Ids.NceAppsEnterprise, Ids.NceStandard, Ids.NcePremium, Ids.NceE3, Ids.NceE5, Ids.M365E3, Ids.M365E5 },
        [Ids.NceAppsEnterprise] = new[] { Ids.NceE3, Ids.NceE5, Ids.M365E3, Ids.M365E5 },
        [Ids.NceE1] = new[] { Ids.NceE3, Ids.NceE5, Ids.M365E3, Ids.M365E5 },
        [Ids.NceE3] = new[] { Ids.NceE5, Ids.M365E3, Ids.M365E5 },
        [Ids.NceE5] = new[] { Ids.M365E5 },
        [Ids.M365E3] = new[] { Ids.M365E5 },
        [Ids.M365E5] = Array.Empty<string>(),
        [Ids.NceExchangeP1] = new[] { Ids.NceExchangeP2 },
        [Ids.NceExchangeP2] = Array.Empty<string>(),
    };

    internal static SubscriptionRecord Nce(string id, string offer, int quantity = 10, SalesChannel channel = SalesChannel.Partner,
        SubscriptionStatus status = SubscriptionStatus.Active, TermDuration term = TermDuration.P1Y, DateTime? termEnd = null, bool autoRenew = true,
        BillingCycle billing = BillingCycle.Monthly, DateTime? cancellableUntil = null) => new()
        {
            SubscriptionId = id,
            OfferId = offer,
            Commerce = Commerce.NewCommerce,
            Quantity = quantity,
            Status = status,
            Channel = channel,
            BillingCycle = billing,
            PeriodEnd = new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
            TermDuration = term,
            TermEndDate = termEnd ?? new DateTime(2027, 5, 31, 0, 0, 0, DateTimeKind.Utc),
            AutoRenew = autoRenew,
            CancellableUntil = cancellableUntil,
        };

    private static EligibilityResult Check(CustomerRecord customer, SubscriptionRecord source, string target, UpgradeChoice? choice = null, OfferCatalog? catalog = null, PartnerInfo? partner = null)
    {
        catalog ??= OfferCatalog.Default;
        var engine = new EligibilityEngine(catalog);
        var context = engine.CreateContext(customer, partner ?? Build.Partner(), Now);
        return engine.Check(context, source, catalog.Find(target) ?? throw new ArgumentException("test bug: " + target), choice ?? UpgradeChoice.Default);
    }

    public static IEnumerable<object[]> OrderedPairs =>
        from source in Ids.AllNewCommerce from target in Ids.AllNewCommerce where source != target select new object[] { source, target };

    [Theory]
    [MemberData(nameof(OrderedPairs))]
    public void Every_ordered_pair_of_new_commerce_offers_is_eligible_exactly_when_SPEC_lists_the_path(string source, string target)
    {
        var subscription = Nce("s1", source);
        var result = Check(Build.Customer("US", Build.Gdap(), subscription), subscription, target);

        bool listed = SpecPaths[source].Contains(target);
        Assert.True(listed == result.IsEligible, $"{source} -> {target}: {Build.Describe(result)}");
        Assert.Equal(Commerce.NewCommerce, result.Commerce);
        Assert.Equal(UpgradeKind.Full, result.Kind);
        if (!listed)
        {
            var expected = SpecPaths[source].Length == 0 ? ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths : ReasonCode.SubscriptionTargetOfferNotFound;
            Assert.Equal(new[] { expected }, Build.Codes(result));
        }
    }

    [Theory]
    [InlineData(Ids.NceBasic, Ids.Premium)]        // new commerce to legacy
    [InlineData(Ids.NceE3, Ids.E5)]
    public void A_legacy_target_for_a_new_commerce_source_is_not_on_its_paths(string source, string target)
    {
        var subscription = Nce("s1", source);
        var result = Check(Build.Customer("US", Build.Gdap(), subscription), subscription, target);

        Assert.Equal(new[] { ReasonCode.SubscriptionTargetOfferNotFound }, Build.Codes(result));
        Assert.Contains("legacy offer", result.Reasons[0].Message);
    }

    [Theory]
    [InlineData(Ids.Essentials, Ids.NceStandard)]  // legacy to new commerce
    [InlineData(Ids.Premium, Ids.M365E5)]
    public void A_new_commerce_target_for_a_legacy_source_is_not_on_its_paths(string source, string target)
    {
        var subscription = Build.Sub("s1", source);
        var result = Build.Check(Build.Customer("US", Build.Gdap(), subscription), subscription, target);

        Assert.Contains(ReasonCode.SubscriptionTargetOfferNotFound, Build.Codes(result));
        Assert.Equal(UpgradeKind.Full, result.Kind);
        Assert.Equal(Commerce.Legacy, result.Commerce);
    }

    // The decision table's "when" and "seats" rows.

    [Fact]
    public void Decision_table_kind_and_seats_follow_the_choice()
    {
        var basic = Nce("basic", Ids.NceBasic, quantity: 10);
        var existing = Nce("std", Ids.NceStandard, quantity: 5, termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var customer = Build.Customer("US", Build.Gdap(), basic, existing);

        var full = Check(customer, basic, Ids.NceStandard);
        var fullNamed = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(quantity: 10));
        var partial = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(quantity: 4));
        var into = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: "std"));
        var intoSome = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(quantity: 3, toSubscriptionId: "std"));
        var renewal = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(atRenewal: true));
        var renewalMore = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(quantity: 25, atRenewal: true));

        Assert.Equal((UpgradeKind.Full, 10), (full.Kind, full.Quantity));
        Assert.Equal((UpgradeKind.Full, 10), (fullNamed.Kind, fullNamed.Quantity));
        Assert.Equal((UpgradeKind.Partial, 4), (partial.Kind, partial.Quantity));
        Assert.Equal((UpgradeKind.IntoExisting, 10, "std"), (into.Kind, into.Quantity, into.ToSubscriptionId));
        Assert.Equal((UpgradeKind.IntoExisting, 3), (intoSome.Kind, intoSome.Quantity));
        Assert.Equal((UpgradeKind.AtRenewal, 10), (renewal.Kind, renewal.Quantity));
        // At renewal the seats may go up (within caps); an upgrade now moves at most the source's.
        Assert.Equal((UpgradeKind.AtRenewal, 25), (renewalMore.Kind, renewalMore.Quantity));
        foreach (var result in new[] { full, fullNamed, partial, into, intoSome, renewal, renewalMore })
        {
            Assert.True(result.IsEligible, Build.Describe(result));
            // The customer's own Business Standard subscription is a candidate, not a conflict.
            Assert.Equal(new[] { "std" }, result.ExistingTargetSubscriptionIds);
        }
        Assert.Null(full.ToSubscriptionId);
    }

    [Fact]
    public void A_piped_kind_of_AtRenewal_means_at_renewal()
    {
        var choice = new UpgradeChoice(expectedKind: UpgradeKind.AtRenewal);
        Assert.True(choice.AtRenewal);
        Assert.Equal(UpgradeKind.AtRenewal, choice.KindFor(Commerce.NewCommerce, 10));
        Assert.Equal(UpgradeKind.Full, choice.KindFor(Commerce.Legacy, 10));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(300)]
    public void Seats_beyond_the_source_are_UpgradeQuantityInvalid_and_the_remediation_says_to_add_licenses(int seats)
    {
        var basic = Nce("basic", Ids.NceBasic, quantity: 10);
        var result = Check(Build.Customer("US", Build.Gdap(), basic), basic, Ids.NceStandard, new UpgradeChoice(quantity: seats));

        Assert.Equal(new[] { ReasonCode.UpgradeQuantityInvalid }, Build.Codes(result));
        Assert.Contains("at most the source's", result.Reasons[0].Message);
        Assert.Contains("Add-CspSubscriptionLicense", result.Reasons[0].Remediation);
    }

    [Fact]
    public void The_business_pool_counts_both_commerce_models_after_the_move()
    {
        // 250 legacy Business Essentials seats + 40 Basic: moving 10 Basic seats to Standard keeps the pool at 290; at renewal with
        // 60 seats it would reach 310.
        var legacy = Build.Sub("legacy", Ids.Essentials, quantity: 250);
        var basic = Nce("basic", Ids.NceBasic, quantity: 40);
        var customer = Build.Customer("US", Build.Gdap(), legacy, basic);

        Assert.True(Check(customer, basic, Ids.NcePremium, new UpgradeChoice(quantity: 10)).IsEligible);
        var renewal = Check(customer, basic, Ids.NcePremium, new UpgradeChoice(quantity: 60, atRenewal: true));

        Assert.Equal(new[] { ReasonCode.SeatLimitExceeded }, Build.Codes(renewal));
        Assert.Contains("310", renewal.Reasons[0].Message);
    }

    [Fact]
    public void Moving_into_an_existing_subscription_past_its_cap_is_SeatLimitExceeded_naming_it()
    {
        var basic = Nce("basic", Ids.NceBasic, quantity: 10);
        var std = Nce("std", Ids.NceStandard, quantity: 295, termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var result = Check(Build.Customer("US", Build.Gdap(), basic, std), basic, Ids.NceStandard, new UpgradeChoice(quantity: 10, toSubscriptionId: "std"));

        Assert.Contains(ReasonCode.SeatLimitExceeded, Build.Codes(result));
        var reason = result.Reasons.First(r => r.Code == ReasonCode.SeatLimitExceeded);
        Assert.Contains("std has 295 seats", reason.Message);
        Assert.Contains("305", reason.Message);
    }

    // N8: the existing target's four conditions, and -ToSubscriptionId's own.

    [Fact]
    public void Each_failing_condition_of_an_existing_target_is_its_own_code_and_names_a_target_that_meets_them()
    {
        var basic = Nce("basic", Ids.NceBasic, quantity: 10, term: TermDuration.P1Y, termEnd: new DateTime(2027, 5, 31, 0, 0, 0, DateTimeKind.Utc));
        var suspended = Nce("suspended", Ids.NceStandard, status: SubscriptionStatus.Suspended, termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var fresh = Nce("fresh", Ids.NceStandard, cancellableUntil: Now.AddHours(5), termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var monthly = Nce("monthly", Ids.NceStandard, term: TermDuration.P1M, termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var early = Nce("early", Ids.NceStandard, termEnd: new DateTime(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc));
        var good = Nce("good", Ids.NceStandard, termEnd: new DateTime(2027, 5, 31, 0, 0, 0, DateTimeKind.Utc), cancellableUntil: Now.AddHours(-1));
        var customer = Build.Customer("US", Build.Gdap(), basic, suspended, fresh, monthly, early, good);

        var cases = new Dictionary<string, ReasonCode>
        {
            ["suspended"] = ReasonCode.TargetSubscriptionNotActive,
            ["fresh"] = ReasonCode.TargetSubscriptionInCancellationWindow,
            ["monthly"] = ReasonCode.TargetSubscriptionTermShorter,
            ["early"] = ReasonCode.TargetSubscriptionEndsBeforeSource,
        };
        foreach (var (id, code) in cases)
        {
            var result = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: id));
            Assert.Equal(new[] { code }, Build.Codes(result));
            var reason = result.Reasons[0];
            Assert.Equal(id, reason.RelatedSubscriptionId);
            Assert.Contains(id, reason.Message);
            Assert.Contains("four conditions", reason.Remediation);
            Assert.Contains("-ToSubscriptionId good", reason.Remediation);
            Assert.Contains("without -ToSubscriptionId", reason.Remediation);
        }
        Assert.True(Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: "good")).IsEligible);
        // Only the active ones are candidates.
        Assert.Equal(new[] { "fresh", "monthly", "early", "good" }, Check(customer, basic, Ids.NceStandard).ExistingTargetSubscriptionIds);
    }

    [Fact]
    public void A_target_subscription_of_another_offer_another_channel_or_the_source_itself_is_TargetSubscriptionMismatch()
    {
        var basic = Nce("basic", Ids.NceBasic);
        var premium = Nce("premium", Ids.NcePremium, termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var theirs = Nce("theirs", Ids.NceStandard, channel: SalesChannel.OtherPartner, termEnd: new DateTime(2027, 6, 30, 0, 0, 0, DateTimeKind.Utc));
        var customer = Build.Customer("US", Build.Gdap(), basic, premium, theirs);

        var other = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: "premium"));
        var channel = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: "theirs"));
        var itself = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: "basic"));

        Assert.Contains(ReasonCode.TargetSubscriptionMismatch, Build.Codes(other));
        Assert.Contains("Microsoft 365 Business Premium", other.Reasons.First(r => r.Code == ReasonCode.TargetSubscriptionMismatch).Message);
        Assert.Contains(ReasonCode.TargetSubscriptionMismatch, Build.Codes(channel));
        Assert.Contains("another partner", channel.Reasons.First(r => r.Code == ReasonCode.TargetSubscriptionMismatch).Message);
        Assert.Contains(ReasonCode.TargetSubscriptionMismatch, Build.Codes(itself));
        Assert.Contains("the source itself", itself.Reasons.First(r => r.Code == ReasonCode.TargetSubscriptionMismatch).Message);
    }

    [Fact]
    public void A_target_subscription_id_the_customer_does_not_have_is_SubscriptionNotFound()
    {
        var basic = Nce("basic", Ids.NceBasic);
        var customer = Build.Customer("US", Build.Gdap(), basic);

        var missing = Assert.Throws<SubscriptionNotFoundException>(() => Check(customer, basic, Ids.NceStandard, new UpgradeChoice(toSubscriptionId: "nope")));
        Assert.Equal("nope", missing.SubscriptionId);
    }

    [Fact]
    public void Owning_the_target_through_another_channel_is_TargetOfferAlreadyOwned_naming_that_subscription()
    {
        var basic = Nce("basic", Ids.NceBasic);
        var direct = Nce("direct-std", Ids.NceStandard, channel: SalesChannel.Direct);
        var result = Check(Build.Customer("US", Build.Gdap(), basic, direct), basic, Ids.NceStandard);

        Assert.Equal(new[] { ReasonCode.TargetOfferAlreadyOwned }, Build.Codes(result));
        var reason = result.Reasons[0];
        Assert.Equal("direct-std", reason.RelatedSubscriptionId);
        Assert.Contains("direct-std", reason.Message);
        Assert.Contains("directly from Microsoft", reason.Message);
        Assert.Contains("must cancel subscription direct-std", reason.Remediation);
        Assert.Empty(result.ExistingTargetSubscriptionIds);
    }

    // N9: at renewal.

    [Fact]
    public void At_renewal_needs_auto_renew_and_a_term_and_cycle_the_target_is_sold_with()
    {
        var catalog = TestCatalogs.BillingLimited; // Business Standard: P1Y/P3Y, Annual/Triennial
        var off = Nce("off", Ids.NceBasic, autoRenew: false, term: TermDuration.P1M, billing: BillingCycle.Monthly);
        var customer = Build.Customer("US", Build.Gdap(), off);

        var asIs = Check(customer, off, Ids.NceStandard, new UpgradeChoice(atRenewal: true), catalog);
        Assert.Equal(new[] { ReasonCode.AutoRenewDisabled, ReasonCode.TermDurationNotSupported, ReasonCode.OfferDoesNotSupportBillingCycle }, Build.Codes(asIs));
        Assert.Contains("Turn on auto-renewal", asIs.Reasons[0].Remediation);
        Assert.Contains("P1M", asIs.Reasons[1].Message);
        Assert.Contains("-TermDuration", asIs.Reasons[1].Remediation);
        Assert.Contains("-BillingCycle", asIs.Reasons[2].Remediation);

        off.AutoRenew = true;
        var chosen = Check(customer, off, Ids.NceStandard, new UpgradeChoice(atRenewal: true, termDuration: TermDuration.P3Y, billingCycle: BillingCycle.Triennial), catalog);
        Assert.True(chosen.IsEligible, Build.Describe(chosen));
    }

    [Fact]
    public void An_upgrade_now_keeps_the_source_term_and_cycle_so_the_target_must_be_sold_with_them()
    {
        var catalog = TestCatalogs.BillingLimited;
        var monthly = Nce("m", Ids.NceBasic, term: TermDuration.P1M, billing: BillingCycle.Monthly);
        var result = Check(Build.Customer("US", Build.Gdap(), monthly), monthly, Ids.NceStandard, null, catalog);

        Assert.Equal(new[] { ReasonCode.TermDurationNotSupported, ReasonCode.OfferDoesNotSupportBillingCycle }, Build.Codes(result));
        Assert.Contains("-AtRenewal", result.Reasons[0].Remediation);
    }

    [Fact]
    public void Every_failed_rule_is_reported_together_in_rule_order()
    {
        var basic = Nce("basic", Ids.NceBasic, quantity: 10, status: SubscriptionStatus.Suspended);
        var theirs = Nce("theirs", Ids.NceStandard, channel: SalesChannel.OtherPartner);
        var exchange = Build.Sub("exo", Ids.Premium, channel: SalesChannel.Direct); // legacy Business Premium: gives OfficeApps
        var customer = Build.Customer("US", Build.Dap("Dynamics"), basic, theirs, exchange);

        var result = Check(customer, basic, Ids.NceStandard, new UpgradeChoice(quantity: 12), partner: Build.Partner(PartnerRole.BillingAdmin));

        Assert.Equal(
            new[]
            {
                ReasonCode.SubscriptionStatusNotActive, ReasonCode.DelegatedAdminPermissionsDisabled, ReasonCode.ConflictingServiceTypes,
                ReasonCode.TargetOfferAlreadyOwned, ReasonCode.UpgradeQuantityInvalid, ReasonCode.PartnerRoleNotPermitted,
            },
            Build.Codes(result));
        Assert.Equal("exo", result.Reasons[2].RelatedSubscriptionId);
        Assert.Equal("theirs", result.Reasons[3].RelatedSubscriptionId);
        Assert.Equal(string.Join(", ", Build.Codes(result)), result.ReasonCodes);
    }

    [Fact]
    public void A_legacy_source_refuses_new_commerce_choices_with_a_reason()
    {
        var legacy = Build.Sub("s1", Ids.Business);
        var other = Build.Sub("s2", Ids.Premium);
        var customer = Build.Customer("US", Build.Gdap(), legacy);
        var engine = new EligibilityEngine(OfferCatalog.Default);
        var context = engine.CreateContext(customer, Build.Partner());

        var into = engine.Check(context, legacy, OfferCatalog.Default.Find(Ids.Premium)!, new UpgradeChoice(toSubscriptionId: other.SubscriptionId));
        var renewal = engine.Check(context, legacy, OfferCatalog.Default.Find(Ids.Premium)!, new UpgradeChoice(atRenewal: true));

        Assert.Equal(new[] { ReasonCode.TargetSubscriptionMismatch }, Build.Codes(into));
        Assert.Contains("Leave out -ToSubscriptionId", into.Reasons[0].Remediation);
        Assert.Equal(new[] { ReasonCode.SubscriptionTargetOfferNotFound }, Build.Codes(renewal));
        Assert.Contains("without -AtRenewal", renewal.Reasons[0].Remediation);
    }
}
