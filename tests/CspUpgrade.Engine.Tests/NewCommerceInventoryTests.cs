using System;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// New commerce on the inventory (SPEC 2.1, 1.6, 1.9): its keys read as strictly as the rest and refused on the other kind
/// of subscription, written back, journaled with offer and scheduled change; full, partial, into-existing and at-renewal
/// upgrades performed, re-run safely, and settled correctly when interrupted.
/// </summary>
public sealed class NewCommerceInventoryTests
{
    internal const string Inventory = @"partner: { name: Fabrikam, roles: [AdminAgent] }
customers:
  - customerId: c1
    name: Contoso
    market: US
    delegatedAdmin: { type: GDAP, services: [Office365], roles: [DirectoryWriter] }
    subscriptions:
      - subscriptionId: basic
        offer: M365_BUSINESS_BASIC   # ten Business Basic seats
        status: Active
        quantity: 10
        channel: Partner
        billingCycle: Monthly
        periodEnd: 2026-12-31
        upgradedFrom: null
        termDuration: P1Y
        termEndDate: 2027-05-31
        autoRenew: true
        cancellableUntil: null
        scheduledChange: null
      - { subscriptionId: std, offer: M365_BUSINESS_STANDARD, status: Active, quantity: 5, billingCycle: Monthly, periodEnd: 2026-12-31, termDuration: P1Y, termEndDate: 2027-06-30, autoRenew: true }
      - { subscriptionId: legacy, offer: EXCHANGE_ONLINE_P1, status: Active, quantity: 3, billingCycle: Annual, periodEnd: 2026-12-31, addOns: [] }
    users:
      - { upn: ann@contoso.example, licenses: [basic] }
      - { upn: bob@contoso.example, licenses: [basic] }
      - { upn: cy@contoso.example, licenses: [std] }
";

    private static readonly DateTime Today = new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

    private static InventoryBackend Open(InventoryFolder folder)
    {
        var backend = folder.Open();
        backend.UtcNow = () => Today;
        return backend;
    }

    private static SubscriptionRecord Sub(InventoryFolder folder, string id) => folder.Load().Customers[0].FindSubscription(id)!;

    private static FileDiagnostic[] Problems(string text, string name = "inventory.yaml")
    {
        using var folder = new InventoryFolder(text, name);
        var invalid = Assert.Throws<InventoryInvalidException>(() => folder.Load());
        return invalid.Diagnostics.ToArray();
    }

    [Fact]
    public void The_new_commerce_keys_load_with_their_values()
    {
        using var folder = new InventoryFolder(Inventory.Replace("cancellableUntil: null", "cancellableUntil: 2026-12-08T09:30:00Z")
            .Replace("scheduledChange: null", "scheduledChange: { offer: M365_BUSINESS_STANDARD, quantity: 12, termDuration: P3Y, billingCycle: Triennial }"));
        var basic = Sub(folder, "basic");

        Assert.Equal(Commerce.NewCommerce, basic.Commerce);
        Assert.Equal(TermDuration.P1Y, basic.TermDuration);
        Assert.Equal(new DateTime(2027, 5, 31), basic.TermEndDate);
        Assert.True(basic.AutoRenew);
        Assert.Equal(new DateTime(2026, 12, 8, 9, 30, 0, DateTimeKind.Utc), basic.CancellableUntil);
        Assert.Equal(new ScheduledChange("M365_BUSINESS_STANDARD", 12, TermDuration.P3Y, BillingCycle.Triennial), basic.ScheduledChange);
        Assert.Equal(Commerce.Legacy, Sub(folder, "legacy").Commerce);
    }

    [Theory]
    [InlineData("        termDuration: P1Y\n", "        termDuration: P2Y\n", "InvalidValue")]
    [InlineData("        termDuration: P1Y\n", "        termDuration: null\n", "MissingValue")]
    [InlineData("        termEndDate: 2027-05-31\n", "        termEndDate: 31/05/2027\n", "InvalidValue")]
    [InlineData("        autoRenew: true\n", "        autoRenew: \"true\"\n", "InvalidValue")]
    [InlineData("        autoRenew: true\n", "        autoRenew: yes\n", "InvalidValue")]
    [InlineData("        cancellableUntil: null\n", "        cancellableUntil: 2026-12-08T09:30:00\n", "InvalidValue")]
    [InlineData("        scheduledChange: null\n", "        scheduledChange: { offer: NOPE, quantity: 3 }\n", "UnknownOffer")]
    [InlineData("        scheduledChange: null\n", "        scheduledChange: { offer: M365_BUSINESS_STANDARD, quantity: 0 }\n", "InvalidValue")]
    [InlineData("        scheduledChange: null\n", "        scheduledChange: { offer: M365_BUSINESS_STANDARD }\n", "MissingKey")]
    [InlineData("        scheduledChange: null\n", "        scheduledChange: { offer: M365_BUSINESS_STANDARD, quantity: 3, seats: 4 }\n", "UnknownKey")]
    [InlineData("        scheduledChange: null\n", "        scheduledChange: { offer: O365_E3, quantity: 3 }\n", "InvalidValue")]
    public void A_bad_new_commerce_value_is_reported_where_it_is(string good, string bad, string code)
    {
        string text = Inventory.Replace(good, bad);
        Assert.NotEqual(Inventory, text);

        var problem = Assert.Single(Problems(text));

        Assert.Equal(code, problem.Code);
        Assert.Equal(TextPos.Of(text, bad).Line, problem.Line);
    }

    [Fact]
    public void A_new_commerce_subscription_without_its_term_keys_is_reported_for_each()
    {
        string text = Inventory.Replace("        termDuration: P1Y\n        termEndDate: 2027-05-31\n        autoRenew: true\n", string.Empty);

        var problems = Problems(text);

        Assert.Equal(new[] { "MissingKey", "MissingKey", "MissingKey" }, problems.Select(p => p.Code));
        Assert.Contains(problems, p => p.Message.Contains("'termDuration'"));
        Assert.Contains(problems, p => p.Message.Contains("'termEndDate'"));
        Assert.Contains(problems, p => p.Message.Contains("'autoRenew'"));
    }

    [Fact]
    public void Legacy_only_keys_are_refused_on_new_commerce_and_new_commerce_keys_on_legacy()
    {
        string text = Inventory
            .Replace("        upgradedFrom: null\n        termDuration", "        addOns: []\n        upgradedFrom: null\n        termDuration")
            .Replace("billingCycle: Annual, periodEnd: 2026-12-31, addOns: [] }", "billingCycle: Triennial, periodEnd: 2026-12-31, autoRenew: true, termDuration: P1Y }");

        var problems = Problems(text);

        Assert.Equal(new[] { "InvalidValue", "LegacyOnlyKey", "NewCommerceOnlyKey", "NewCommerceOnlyKey" }, problems.Select(p => p.Code).OrderBy(c => c, StringComparer.Ordinal));
        Assert.Equal(TextPos.Of(text, "addOns: []").Line, problems.Single(p => p.Code == "LegacyOnlyKey").Line);
        var renew = problems.Single(p => p.Message.Contains("'autoRenew'"));
        Assert.Equal(TextPos.Of(text, "autoRenew: true, termDuration"), (renew.Line, renew.Column - "autoRenew: ".Length));
        Assert.Contains(problems, p => p.Code == "NewCommerceOnlyKey" && p.Message.Contains("'termDuration'"));
        Assert.Contains(problems, p => p.Code == "InvalidValue" && p.Message.Contains("Triennial"));
    }

    [Fact]
    public void Json_takes_the_same_keys_with_a_real_truth_value()
    {
        using var yaml = new InventoryFolder(Inventory);
        var document = yaml.Load();
        document.Customers[0].FindSubscription("basic")!.ScheduledChange = new ScheduledChange("M365_BUSINESS_PREMIUM", 8, null, BillingCycle.Annual);
        string json = InventoryWriter.ToText(document, json: true);

        Assert.Contains("\"autoRenew\": true", json);
        using var folder = new InventoryFolder(json, "inventory.json");
        var basic = Sub(folder, "basic");
        Assert.Equal(new ScheduledChange("M365_BUSINESS_PREMIUM", 8, null, BillingCycle.Annual), basic.ScheduledChange);
        Assert.DoesNotContain("addOns", json.Substring(json.IndexOf("\"basic\"", StringComparison.Ordinal), 300));

        var problems = Problems(json.Replace("\"autoRenew\": true", "\"autoRenew\": \"true\""), "inventory.json");
        Assert.Equal(2, problems.Length); // both new-commerce subscriptions
        Assert.All(problems, p => Assert.Equal("InvalidValue", p.Code));
    }

    // Performing (SPEC 1.6, 1.9).

    [Fact]
    public void A_full_upgrade_changes_the_offer_in_place_and_a_re_run_is_AlreadyUpgraded()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        var done = backend.Upgrade("c1", "basic", standard, UpgradeChoice.Default, default);

        Assert.Equal((UpgradeStatus.Completed, UpgradeKind.Full, "basic", 0), (done.Status, done.Kind, done.TargetSubscriptionId, done.SeatsToAssign));
        var basic = Sub(folder, "basic");
        Assert.Equal(("M365_BUSINESS_STANDARD", 10, SubscriptionStatus.Active), (basic.OfferId, basic.Quantity, basic.Status));
        Assert.Equal(2, folder.Load().Customers[0].Users.Count(u => u.Licenses.Contains("basic")));
        Assert.Contains("# ten Business Basic seats", File.ReadAllText(folder.File));

        var again = backend.Upgrade("c1", "basic", standard, UpgradeChoice.Default, default);
        Assert.Equal((UpgradeStatus.AlreadyUpgraded, "basic"), (again.Status, again.TargetSubscriptionId));
        Assert.Equal("M365_BUSINESS_STANDARD", Sub(folder, "basic").OfferId);
    }

    [Fact]
    public void The_HTML_report_says_the_kind_of_each_new_commerce_check_and_upgrade_and_the_seats_to_assign()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        var upgrade = backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: 4), default);
        var check = new EligibilityResult("c1", "Contoso", "basic", "M365_BUSINESS_BASIC", "Microsoft 365 Business Basic", "M365_BUSINESS_STANDARD",
            "Microsoft 365 Business Standard", UpgradeType.UpgradeOnly, 4, System.Array.Empty<EligibilityReason>())
        { Commerce = Commerce.NewCommerce, Kind = UpgradeKind.IntoExisting, ToSubscriptionId = "std1" };
        var report = new UpgradeReport("NCE", System.DateTime.UtcNow);
        report.Add(check);
        report.Add(upgrade);
        using var writer = new System.IO.StringWriter();
        report.WriteHtml(writer);
        string html = writer.ToString();

        Assert.Contains("IntoExisting (new commerce) into std1, UpgradeOnly", html);
        Assert.Contains("4 seat(s), Partial, UpgradeWithLicenseTransfer, 4 seat(s) to assign", html);
    }

    [Fact]
    public void A_partial_upgrade_of_4_of_10_makes_a_new_subscription_of_4_leaves_6_and_4_seats_to_assign()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;

        var result = backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: 4), default);

        Assert.Equal((UpgradeStatus.Completed, UpgradeKind.Partial, 4, 4), (result.Status, result.Kind, result.Quantity, result.SeatsToAssign));
        Assert.Equal(new[] { "ann@contoso.example", "bob@contoso.example" }, result.AffectedAccounts.Select(a => a.UserPrincipalName));
        Assert.All(result.AffectedAccounts, a => Assert.Equal(AffectedAccountReason.LicenseNotTransferred, a.Reason));
        var document = folder.Load();
        var created = document.Customers[0].FindSubscription(result.TargetSubscriptionId)!;
        Assert.Equal(("M365_BUSINESS_STANDARD", 4, "basic", Commerce.NewCommerce), (created.OfferId, created.Quantity, created.UpgradedFrom, created.Commerce));
        Assert.Equal((TermDuration.P1Y, new DateTime(2027, 5, 31), BillingCycle.Monthly, true), (created.TermDuration!.Value, created.TermEndDate!.Value, created.BillingCycle, created.AutoRenew!.Value));
        Assert.Equal((6, SubscriptionStatus.Active), (Sub(folder, "basic").Quantity, Sub(folder, "basic").Status));
        Assert.All(document.Customers[0].Users.Take(2), u => Assert.Equal(new[] { "basic" }, u.Licenses));

        // Asked for again, a partial move is a new move.
        var second = backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: 4), default);
        Assert.NotEqual(result.TargetSubscriptionId, second.TargetSubscriptionId);
        Assert.Equal(2, Sub(folder, "basic").Quantity);
    }

    [Fact]
    public void Moving_seats_into_an_existing_subscription_grows_it_and_all_seats_remove_the_source_with_the_licenses()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;

        var some = backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: 3, toSubscriptionId: "std"), default);

        Assert.Equal((UpgradeKind.IntoExisting, "std", 3, 3), (some.Kind, some.TargetSubscriptionId, some.Quantity, some.SeatsToAssign));
        Assert.Equal(8, Sub(folder, "std").Quantity);
        Assert.Equal(7, Sub(folder, "basic").Quantity);
        Assert.All(some.AffectedAccounts, a => Assert.Equal(AffectedAccountReason.LicenseNotTransferred, a.Reason));

        var rest = backend.Upgrade("c1", "basic", standard, new UpgradeChoice(toSubscriptionId: "std"), default);

        Assert.Equal((UpgradeKind.IntoExisting, 7, 0), (rest.Kind, rest.Quantity, rest.SeatsToAssign));
        Assert.Equal(15, Sub(folder, "std").Quantity);
        Assert.Equal((0, SubscriptionStatus.Deleted), (Sub(folder, "basic").Quantity, Sub(folder, "basic").Status));
        Assert.All(folder.Load().Customers[0].Users, u => Assert.Equal(new[] { "std" }, u.Licenses));
    }

    [Fact]
    public void A_change_at_renewal_is_recorded_not_made_and_a_re_run_is_AlreadyScheduled_an_immediate_upgrade_clears_it()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var premium = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        var choice = new UpgradeChoice(quantity: 12, atRenewal: true, termDuration: TermDuration.P3Y);

        var scheduled = backend.Upgrade("c1", "basic", premium, choice, default);

        Assert.Equal((UpgradeStatus.Scheduled, UpgradeKind.AtRenewal, "basic"), (scheduled.Status, scheduled.Kind, scheduled.TargetSubscriptionId));
        Assert.Null(scheduled.BillingNet);
        var basic = Sub(folder, "basic");
        Assert.Equal(("M365_BUSINESS_BASIC", 10), (basic.OfferId, basic.Quantity));
        Assert.Equal(new ScheduledChange("M365_BUSINESS_STANDARD", 12, TermDuration.P3Y, BillingCycle.Monthly), basic.ScheduledChange);
        string text = File.ReadAllText(folder.File);
        Assert.Contains("offer: M365_BUSINESS_STANDARD, quantity: 12, termDuration: P3Y, billingCycle: Monthly", text);
        Assert.Contains("# ten Business Basic seats", text);

        var again = backend.Upgrade("c1", "basic", premium, choice, default);
        Assert.Equal(UpgradeStatus.AlreadyScheduled, again.Status);
        Assert.Equal(2, JournalFile.Read(folder.Journal).Count); // intent and commit of the first run only

        var plan = backend.PlanUpgrade("c1", "basic", premium, new UpgradeChoice(quantity: 4), default);
        Assert.Equal(new ScheduledChange("M365_BUSINESS_STANDARD", 12, TermDuration.P3Y, BillingCycle.Monthly), plan.ClearsScheduledChange);
        Assert.Contains("deletes the scheduled renewal change", plan.Describe());
        backend.Upgrade("c1", "basic", premium, new UpgradeChoice(quantity: 4), default);
        Assert.Null(Sub(folder, "basic").ScheduledChange);
    }

    [Fact]
    public void A_piped_kind_that_no_longer_holds_is_refused_naming_both_and_nothing_is_done()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        byte[] before = File.ReadAllBytes(folder.File);

        var refused = Assert.Throws<ActionRefusedException>(() =>
            backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: 10, expectedKind: UpgradeKind.Partial), default));

        Assert.Equal(ActionRefusal.NotEligible, refused.Refusal);
        Assert.Contains("checked as Partial but is now Full", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(folder.File));
    }

    [Fact]
    public void Adding_licenses_to_a_new_commerce_subscription_opens_a_cancellation_window_of_168_hours()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);

        backend.AddLicenses("c1", "basic", 2, default);
        backend.AddLicenses("c1", "legacy", 1, default);

        Assert.Equal(Today.AddHours(168), Sub(folder, "basic").CancellableUntil);
        Assert.Contains("cancellableUntil: 2026-12-09T09:00:00Z", File.ReadAllText(folder.File));
        Assert.Null(Sub(folder, "legacy").CancellableUntil);
        // Now in its window: no seats can move into it.
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        backend.AddLicenses("c1", "std", 1, default);
        // "std" is a flow mapping without the key: the key is added inside its braces, and the rest of the file keeps its layout.
        string text = File.ReadAllText(folder.File);
        Assert.Contains("termEndDate: 2027-06-30, autoRenew: true, cancellableUntil: 2026-12-09T09:00:00Z }", text);
        Assert.Contains("# ten Business Basic seats", text);
        var plan = backend.PlanUpgrade("c1", "basic", standard, new UpgradeChoice(toSubscriptionId: "std"), default);
        Assert.Equal(new[] { ReasonCode.TargetSubscriptionInCancellationWindow }, Build.Codes(plan.Eligibility));
    }

    [Fact]
    public void A_block_subscription_without_cancellableUntil_gets_the_key_on_a_line_of_its_own()
    {
        using var folder = new InventoryFolder(Inventory.Replace("        cancellableUntil: null\n", string.Empty));
        var backend = Open(folder);

        backend.AddLicenses("c1", "basic", 1, default);

        string text = File.ReadAllText(folder.File);
        Assert.Contains("        scheduledChange: null\n        cancellableUntil: 2026-12-09T09:00:00Z\n      - { subscriptionId: std", text);
        Assert.Contains("# ten Business Basic seats", text);
        Assert.Equal(11, Sub(folder, "basic").Quantity);
    }

    [Fact]
    public void Billing_prorates_the_moved_seats_and_a_triennial_period_is_36_months()
    {
        var catalog = OfferCatalog.Default;
        var basic = catalog.Find("M365_BUSINESS_BASIC")!;
        Assert.Equal(36m, BillingCalculator.Months(BillingCycle.Triennial));
        Assert.Equal(new DateTime(2024, 1, 1), BillingCalculator.PeriodStart(new DateTime(2026, 12, 31), BillingCycle.Triennial));
        // The shipped catalogue has no prices: the impact says why it is empty.
        var none = BillingCalculator.CalculateInto(basic, BillingCycle.Monthly, new DateTime(2026, 12, 31), basic, BillingCycle.Annual, new DateTime(2027, 3, 31), 4, Today);
        Assert.Null(none.Net);
        Assert.Contains("unit price", none.UnavailableReason);
    }

    // The journal (SPEC 2.1): offer and scheduled change in before and after, so interrupted transitions settle correctly.

    [Fact]
    public void The_journal_records_offer_and_scheduled_change_and_reads_them_back()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        backend.Upgrade("c1", "basic", standard, new UpgradeChoice(atRenewal: true), default);

        string line = File.ReadAllLines(folder.Journal)[0];
        Assert.Contains("\"before\":{\"status\":\"Active\",\"quantity\":10,\"offer\":\"M365_BUSINESS_BASIC\",\"scheduledChange\":null}", line);
        Assert.Contains("\"scheduledChange\":{\"offer\":\"M365_BUSINESS_STANDARD\",\"quantity\":10,\"termDuration\":\"P1Y\",\"billingCycle\":\"Monthly\"}", line);
        var entry = JournalFile.Read(folder.Journal)[0];
        Assert.Equal("ScheduleChange", entry.Operation);
        Assert.Equal(new ScheduledChange("M365_BUSINESS_STANDARD", 10, TermDuration.P1Y, BillingCycle.Monthly), entry.Subscriptions[0].After.ScheduledChange);
    }

    public static TheoryData<string, int?, string?, bool> Kinds => new()
    {
        { "Full", null, null, false },
        { "Partial", 4, null, false },
        { "IntoExisting", 3, "std", false },
        { "AtRenewal", null, null, true },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_intent_without_commit_that_never_reached_the_file_settles_as_abandoned(string kind, int? seats, string? into, bool atRenewal)
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        byte[] before = File.ReadAllBytes(folder.File);
        // The process dies after the intent, before the file is replaced.
        backend.Store.BeforeStep = step =>
        {
            if (step == "temporary")
            {
                throw new ProcessKilled();
            }
        };
        Assert.Throws<ProcessKilled>(() => backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: seats, toSubscriptionId: into, atRenewal: atRenewal), default));
        Assert.Equal(before, File.ReadAllBytes(folder.File));
        var open = Assert.Single(JournalFile.Interrupted(JournalFile.Read(folder.Journal)));
        Assert.Equal(atRenewal ? "ScheduleChange" : "Upgrade" + kind, open.Operation);

        backend.Store.BeforeStep = null;
        backend.AddLicenses("c1", "legacy", 1, default);

        var settled = JournalFile.Read(folder.Journal).Single(e => e.OperationId == open.OperationId && e.Phase != JournalEntry.Intent);
        Assert.Equal(JournalEntry.Abandoned, settled.Phase);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void An_intent_without_commit_whose_change_is_in_the_file_settles_as_committed(string kind, int? seats, string? into, bool atRenewal)
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = Open(folder);
        var standard = OfferCatalog.Default.Find("M365_BUSINESS_STANDARD")!;
        // The process dies after the file is replaced, before the commit line.
        backend.Store.BeforeStep = step =>
        {
            if (step == "committed")
            {
                throw new ProcessKilled();
            }
        };
        Assert.Throws<ProcessKilled>(() => backend.Upgrade("c1", "basic", standard, new UpgradeChoice(quantity: seats, toSubscriptionId: into, atRenewal: atRenewal), default));
        var open = Assert.Single(JournalFile.Interrupted(JournalFile.Read(folder.Journal)));
        Assert.Contains(kind == "AtRenewal" ? "Schedule" : kind, open.Operation);

        backend.Store.BeforeStep = null;
        backend.Refresh();
        backend.AddLicenses("c1", "legacy", 1, default);

        var settled = JournalFile.Read(folder.Journal).Single(e => e.OperationId == open.OperationId && e.Phase != JournalEntry.Intent);
        Assert.Equal(JournalEntry.Committed, settled.Phase);
    }

    [Fact]
    public void A_line_written_before_offers_were_journaled_is_still_told_by_status_and_quantity()
    {
        var old = new SubscriptionState(SubscriptionStatus.Active, 10);
        var record = new SubscriptionRecord { SubscriptionId = "s", OfferId = "ANY", Status = SubscriptionStatus.Active, Quantity = 10 };

        Assert.True(old.Matches(record));
        Assert.False(new SubscriptionState(SubscriptionStatus.Active, 10, "OTHER", null).Matches(record));
        Assert.False(new SubscriptionState(SubscriptionStatus.Active, 10, "ANY", new ScheduledChange("X", 1, null, null)).Matches(record));
        Assert.True(new SubscriptionState(SubscriptionStatus.Active, 10, "any", null).Matches(record));
    }

    /// <summary>Stands for the process dying at a step: nothing after it runs, nothing catches it.</summary>
    private sealed class ProcessKilled : Exception
    {
    }
}
