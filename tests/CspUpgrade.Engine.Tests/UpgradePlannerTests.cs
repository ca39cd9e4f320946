using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>SPEC 1.6 (affected accounts, billing, idempotence) and 1.7 (adding licenses).</summary>
public class UpgradePlannerTests
{
    // SRC -> TGT adds C; SRC -> NARROW loses B. OTHER gives A, which TGT also has. Prices per seat per month.
    private const string PricedCatalog = @"offers:
  - { id: SRC, name: Source Plan, serviceFamily: Office365, services: [A, B], maxSeats: 300, unitPrice: 8.25, currency: USD, billingCycles: [Monthly, Annual] }
  - { id: TGT, name: Target Plan, serviceFamily: Office365, services: [A, B, C], unitPrice: 20.00, currency: USD, billingCycles: [Monthly, Annual] }
  - { id: NARROW, name: Narrow Plan, serviceFamily: Office365, services: [A, C], unitPrice: 10, currency: USD, billingCycles: [Monthly, Annual] }
  - { id: OTHER, name: Other Plan, serviceFamily: Office365, services: [A], billingCycles: [Monthly, Annual] }
  - { id: CHEAP, name: Cheap Plan, serviceFamily: Office365, services: [A, B], unitPrice: 0.15, currency: USD, billingCycles: [Monthly] }
upgradePaths:
  - { source: SRC, targets: [TGT, NARROW] }
  - { source: CHEAP, targets: [TGT] }
";

    private static readonly OfferCatalog Catalog = CatalogLoader.Load("priced.yaml", new StringReader(PricedCatalog));

    private static CatalogOffer Offer(string id) => Catalog.Find(id)!;

    private static (CustomerRecord Customer, SubscriptionRecord Source) Customer(int quantity = 25, BillingCycle billing = BillingCycle.Monthly, DateTime? periodEnd = null, params string[] holders)
    {
        var source = new SubscriptionRecord
        {
            SubscriptionId = "src-1", OfferId = "SRC", Status = SubscriptionStatus.Active, Quantity = quantity, BillingCycle = billing,
            PeriodEnd = periodEnd ?? new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
        };
        var other = new SubscriptionRecord { SubscriptionId = "other-1", OfferId = "OTHER", Status = SubscriptionStatus.Active, Quantity = 5 };
        var customer = Build.Customer("US", Build.Dap(), source, other);
        customer.Users = holders.Select(h => new UserRecord { Upn = h.TrimEnd('+'), Licenses = h.EndsWith("+") ? new List<string> { "src-1", "other-1" } : new List<string> { "src-1" } }).ToList();
        customer.Users.Add(new UserRecord { Upn = "bystander@x.test", Licenses = new List<string> { "other-1" } });
        return (customer, source);
    }

    private static UpgradePlan Plan(CustomerRecord customer, SubscriptionRecord source, string target, DateTime today, UpgradeType type = UpgradeType.UpgradeWithLicenseTransfer, int? quantity = null)
    {
        var engine = new EligibilityEngine(Catalog);
        return UpgradePlanner.Plan(engine, engine.CreateContext(customer, Build.Partner()), source, Offer(target), type, quantity, today);
    }

    private static DateTime Day(int year, int month, int day) => new(year, month, day, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Monthly_proration_credits_the_source_and_charges_the_target_for_the_days_left()
    {
        // December: D = 31; from the 16th to the 31st inclusive: d = 16.
        var billing = BillingCalculator.Calculate(Offer("SRC"), 25, Offer("TGT"), 30, BillingCycle.Monthly, new DateTime(2026, 12, 31), Day(2026, 12, 16));
        Assert.Equal((16, 31), (billing.DaysRemaining, billing.DaysInPeriod));
        Assert.Equal(106.45m, billing.Credit);  // 8.25 x 25 x 16/31 = 106.4516
        Assert.Equal(309.68m, billing.Charge);  // 20 x 30 x 16/31 = 309.6774
        Assert.Equal(203.23m, billing.Net);
        Assert.Equal("USD", billing.Currency);
        Assert.Null(billing.UnavailableReason);
    }

    [Fact]
    public void Annual_proration_uses_twelve_months_over_the_days_of_the_year()
    {
        // Period 2026-04-01..2027-03-31: D = 365; from 2026-11-24: d = 7 + 31 + 31 + 28 + 31 = 128.
        var billing = BillingCalculator.Calculate(Offer("SRC"), 10, Offer("TGT"), 10, BillingCycle.Annual, new DateTime(2027, 3, 31), Day(2026, 11, 24));
        Assert.Equal((128, 365), (billing.DaysRemaining, billing.DaysInPeriod));
        Assert.Equal(347.18m, billing.Credit);  // 8.25 x 12 x 10 x 128/365 = 347.178
        Assert.Equal(841.64m, billing.Charge);  // 20 x 12 x 10 x 128/365 = 841.643
        Assert.Equal(494.46m, billing.Net);
    }

    [Fact]
    public void Half_cents_round_away_from_zero()
    {
        // November: D = 30, on the 30th d = 1; 0.15 / 30 = 0.005 exactly, which banker's rounding would make 0.00.
        var billing = BillingCalculator.Calculate(Offer("CHEAP"), 1, Offer("TGT"), 0, BillingCycle.Monthly, new DateTime(2026, 11, 30), Day(2026, 11, 30));
        Assert.Equal(0.01m, billing.Credit);
        Assert.Equal(-0.01m, billing.Net);
    }

    [Fact]
    public void Billing_without_prices_or_period_says_why_it_is_empty()
    {
        var noPrice = BillingCalculator.Calculate(OfferCatalog.Default.Find("O365_BUSINESS")!, 10, OfferCatalog.Default.Find("O365_E3")!, 10, BillingCycle.Monthly, new DateTime(2026, 12, 31), Day(2026, 12, 1));
        Assert.Null(noPrice.Net);
        Assert.Contains("no unit price for O365_BUSINESS and O365_E3", noPrice.UnavailableReason);

        var noPeriod = BillingCalculator.Calculate(Offer("SRC"), 10, Offer("TGT"), 10, BillingCycle.Monthly, null, Day(2026, 12, 1));
        Assert.Contains("no periodEnd", noPeriod.UnavailableReason);

        var ended = BillingCalculator.Calculate(Offer("SRC"), 10, Offer("TGT"), 10, BillingCycle.Monthly, new DateTime(2026, 11, 30), Day(2026, 12, 1));
        Assert.Contains("ended on 2026-11-30", ended.UnavailableReason);
    }

    [Fact]
    public void A_user_who_would_lose_a_service_the_target_lacks_is_affected()
    {
        var (customer, source) = Customer(holders: "ann@x.test");
        var plan = Plan(customer, source, "NARROW", Day(2026, 12, 1));
        var account = plan.AffectedAccounts.Single(a => a.Reason == AffectedAccountReason.LosesServices);
        Assert.Equal("ann@x.test", account.UserPrincipalName);
        Assert.Equal(new[] { "B" }, account.Services);
        Assert.Contains("Narrow Plan does not include B", account.Detail);
    }

    [Fact]
    public void A_user_already_licensed_for_a_target_service_elsewhere_is_affected()
    {
        var (customer, source) = Customer(holders: new[] { "ann@x.test", "bob@x.test+" });
        var plan = Plan(customer, source, "TGT", Day(2026, 12, 1));
        Assert.True(plan.Eligibility.IsEligible, plan.Eligibility.ReasonCodes);
        var account = Assert.Single(plan.AffectedAccounts);
        Assert.Equal(("bob@x.test", AffectedAccountReason.AlreadyLicensed), (account.UserPrincipalName, account.Reason));
        Assert.Equal(new[] { "A" }, account.Services);
        Assert.Contains("Other Plan (other-1)", account.Detail);
    }

    [Fact]
    public void Users_beyond_the_target_seats_are_affected()
    {
        var (customer, source) = Customer(holders: new[] { "ann@x.test", "bob@x.test", "cy@x.test" });
        var plan = Plan(customer, source, "TGT", Day(2026, 12, 1), quantity: 2);
        var account = Assert.Single(plan.AffectedAccounts);
        Assert.Equal(("cy@x.test", AffectedAccountReason.NoSeatAvailable), (account.UserPrincipalName, account.Reason));
        Assert.Equal(2, plan.Quantity);
    }

    [Fact]
    public void Upgrade_only_leaves_every_holder_to_be_licensed_by_hand()
    {
        var (customer, source) = Customer(holders: new[] { "ann@x.test", "bob@x.test" });
        var plan = Plan(customer, source, "TGT", Day(2026, 12, 1), UpgradeType.UpgradeOnly);
        Assert.Equal(new[] { "ann@x.test", "bob@x.test" }, plan.AffectedAccounts.Select(a => a.UserPrincipalName));
        Assert.All(plan.AffectedAccounts, a => Assert.Equal(AffectedAccountReason.LicenseNotTransferred, a.Reason));
    }

    [Fact]
    public void Applying_creates_the_target_cancels_the_source_moves_licenses_and_a_second_plan_is_already_done()
    {
        var (customer, source) = Customer(quantity: 25, holders: new[] { "ann@x.test", "bob@x.test", "cy@x.test" });
        var plan = Plan(customer, source, "TGT", Day(2026, 12, 1), quantity: 2);
        var created = UpgradePlanner.Apply(plan, "new-1");

        Assert.Equal(SubscriptionStatus.Deleted, source.Status);
        Assert.Equal(("TGT", SubscriptionStatus.Active, 2, "src-1"), (created.OfferId, created.Status, created.Quantity, created.UpgradedFrom));
        Assert.Equal(source.PeriodEnd, created.PeriodEnd);
        Assert.Equal(new[] { "new-1" }, customer.Users[0].Licenses);
        Assert.Equal(new[] { "new-1" }, customer.Users[1].Licenses);
        Assert.Empty(customer.Users[2].Licenses); // no seat left for the third
        Assert.Equal(new[] { "other-1" }, customer.Users[3].Licenses);

        var again = Plan(customer, source, "TGT", Day(2026, 12, 2));
        Assert.True(again.IsAlreadyDone);
        var result = again.ToResult(again.ExistingUpgrade!.SubscriptionId, UpgradeStatus.AlreadyUpgraded);
        Assert.Equal(("new-1", UpgradeStatus.AlreadyUpgraded, 0), (result.TargetSubscriptionId, result.Status, result.AffectedAccountCount));
    }

    [Fact]
    public void Adding_licenses_beyond_the_cap_names_the_targets_that_allow_the_seats()
    {
        var business = Build.Sub("b-1", "O365_BUSINESS", quantity: 290);
        var customer = Build.Customer("US", Build.Dap(), business);
        var engine = new EligibilityEngine(OfferCatalog.Default);

        Assert.Equal(300, LicensePlanner.Check(engine, customer, business, 10, Build.Partner()));
        var refused = Assert.Throws<ActionRefusedException>(() => LicensePlanner.Check(engine, customer, business, 20, Build.Partner()));
        Assert.Equal(ActionRefusal.SeatLimitExceeded, refused.Refusal);
        Assert.Contains("310 seats exceed the 300-seat limit", refused.Message);
        Assert.Contains("O365_E3", refused.Message);
        Assert.Contains("O365_E5", refused.Message);
        Assert.DoesNotContain("O365_BUSINESS_PREMIUM", refused.Message);
    }

    [Fact]
    public void Adding_licenses_respects_the_business_pool_and_refuses_inactive_subscriptions_and_other_roles()
    {
        var business = Build.Sub("b-1", "O365_BUSINESS", quantity: 100);
        var essentials = Build.Sub("e-1", "O365_BUSINESS_ESSENTIALS", quantity: 190);
        var suspended = Build.Sub("s-1", "O365_E3", quantity: 5, status: SubscriptionStatus.Suspended);
        var customer = Build.Customer("US", Build.Dap(), business, essentials, suspended);
        var engine = new EligibilityEngine(OfferCatalog.Default);

        var pool = Assert.Throws<ActionRefusedException>(() => LicensePlanner.Check(engine, customer, business, 20, Build.Partner()));
        Assert.Equal(ActionRefusal.SeatLimitExceeded, pool.Refusal);
        Assert.Contains("190 other seats", pool.Message);
        Assert.Equal(110, LicensePlanner.Check(engine, customer, business, 10, Build.Partner()));

        Assert.Equal(ActionRefusal.SubscriptionNotActive, Assert.Throws<ActionRefusedException>(() => LicensePlanner.Check(engine, customer, suspended, 1, Build.Partner())).Refusal);
        Assert.Equal(ActionRefusal.PartnerRoleNotPermitted, Assert.Throws<ActionRefusedException>(() => LicensePlanner.Check(engine, customer, business, 1, Build.Partner(PartnerRole.BillingAdmin))).Refusal);
    }
}
