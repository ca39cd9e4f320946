using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// Issue 13's "Done means" on an inventory, as an admin types it: every new-commerce subscription's options with reasons;
    /// a partial upgrade of 4 of 10 Business Basic seats to Business Standard; seats moved into an existing subscription; a
    /// change scheduled at renewal; each re-run safely. On examples/new-commerce.yaml.
    /// </summary>
    public class NewCommerceCmdletTests
    {
        private const string Adatum = "7d1f5a20-3c4b-4e6d-8f90-a1b2c3d4e5f6";
        private const string Basic = "aa000001-0000-4000-8000-000000000001";
        private const string Standard = "aa000002-0000-4000-8000-000000000002";
        private const string InWindow = "aa000003-0000-4000-8000-000000000003";
        private const string Monthly = "aa000004-0000-4000-8000-000000000004";
        private const string EndsEarly = "aa000005-0000-4000-8000-000000000005";
        private const string Suspended = "aa000006-0000-4000-8000-000000000006";
        private const string ExchangeNoRenew = "aa000007-0000-4000-8000-000000000007";
        private const string FourthCoffee = "4c9e2b71-8a3d-4f5e-b6c7-d8e9f0a1b2c3";
        private const string CoffeeBasic = "fc000001-0000-4000-8000-000000000001";
        private const string CoffeeExchange = "fc000003-0000-4000-8000-000000000003";

        private static (Shell Shell, string File) Connected(TempDir dir)
        {
            string file = Path.Combine(dir.Path, "new-commerce.yaml");
            File.Copy(Path.Combine(Shell.Repo, "examples", "new-commerce.yaml"), file);
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -LiteralPath $p | Out-Null", new Dictionary<string, object?> { ["p"] = file });
            return (shell, file);
        }

        private static string Check(string customer, string subscription, string target, string rest = "") =>
            $"Test-CspUpgradeEligibility -CustomerId {customer} -SubscriptionId {subscription} -TargetOffer {target} {rest}";

        [Fact]
        public void Every_new_commerce_subscription_shows_its_options_with_kind_reasons_and_existing_targets()
        {
            using var dir = new TempDir();
            var (shell, _) = Connected(dir);
            using (shell)
            {
                var results = shell.Run("Get-CspSubscription -Status Active | Test-CspUpgradeEligibility").Of("EligibilityResult");

                var basic = results.Where(r => r.SubscriptionId == Basic).ToArray();
                Assert.Equal(new[] { "M365_BUSINESS_STANDARD", "M365_BUSINESS_PREMIUM", "O365_E1_NCE", "O365_E3_NCE", "O365_E5_NCE", "M365_E3", "M365_E5" },
                    basic.Select(r => (string)r.TargetOfferId));
                Assert.All(basic, r => Assert.Equal("NewCommerce", r.Commerce.ToString()));
                Assert.All(basic, r => Assert.Equal("Full", r.Kind.ToString()));
                var toStandard = basic[0];
                Assert.True((bool)toStandard.IsEligible, (string)toStandard.ReasonSummary);
                Assert.Equal(new[] { Standard, InWindow, Monthly, EndsEarly }, ((IEnumerable<string>)toStandard.ExistingTargetSubscriptionIds).ToArray());

                var coffee = results.First(r => r.SubscriptionId == CoffeeBasic && r.TargetOfferId == "M365_BUSINESS_STANDARD");
                Assert.Equal("TargetOfferAlreadyOwned", (string)coffee.ReasonCodes);
                Assert.Contains("fc000002-0000-4000-8000-000000000002", (string)coffee.ReasonSummary);
                Assert.Contains("bought directly from Microsoft", (string)coffee.ReasonSummary);

                // The table shows Kind and stays within 119 columns.
                string table = string.Join("\n", shell.Ok("Get-CspSubscription -CustomerId " + Adatum + " | Test-CspUpgradeEligibility | Out-String -Width 120 -Stream").Select(o => o.ToString()));
                Assert.Matches(@"SubscriptionId\s+TargetOfferId\s+Kind\s+Eligible\s+ReasonCodes", table);
                Assert.All(table.Split('\n'), line => Assert.True(line.Length <= 119, line));
            }
        }

        [Fact]
        public void Every_new_reason_code_the_local_rules_produce_comes_from_the_example_with_what_to_do()
        {
            using var dir = new TempDir();
            var (shell, _) = Connected(dir);
            using (shell)
            {
                var cases = new Dictionary<string, string>
                {
                    ["UpgradeQuantityInvalid"] = Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-Quantity 11"),
                    ["AutoRenewDisabled"] = Check(Adatum, ExchangeNoRenew, "EXCHANGE_ONLINE_P2_NCE", "-AtRenewal"),
                    ["TargetSubscriptionNotActive"] = Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId " + Suspended),
                    ["TargetSubscriptionInCancellationWindow"] = Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId " + InWindow),
                    ["TargetSubscriptionTermShorter"] = Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId " + Monthly),
                    ["TargetSubscriptionEndsBeforeSource"] = Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId " + EndsEarly),
                    ["TargetSubscriptionMismatch"] = Check(FourthCoffee, CoffeeBasic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId " + CoffeeExchange),
                    ["TargetOfferAlreadyOwned"] = Check(FourthCoffee, CoffeeBasic, "M365_BUSINESS_STANDARD"),
                };
                foreach (var (code, command) in cases)
                {
                    var result = Assert.Single(shell.Run(command).Of("EligibilityResult"));
                    Assert.False((bool)result.IsEligible);
                    var reason = ((IEnumerable<dynamic>)result.Reasons).First(r => r.Code.ToString() == code);
                    Assert.False(string.IsNullOrWhiteSpace((string)reason.Remediation), code);
                }

                var window = Assert.Single(shell.Run(cases["TargetSubscriptionInCancellationWindow"]).Of("EligibilityResult"));
                Assert.Contains("-ToSubscriptionId " + Standard, (string)window.ReasonSummary);
                Assert.Equal("IntoExisting", window.Kind.ToString());
                Assert.Equal(InWindow, (string)window.ToSubscriptionId);

                // An id the customer does not have is SubscriptionNotFound for the item.
                var missing = shell.Run(Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId nope"));
                Assert.StartsWith("SubscriptionNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId);
                // -ToSubscriptionId and -AtRenewal are different parameter sets.
                var both = shell.Run(Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-ToSubscriptionId " + Standard + " -AtRenewal"));
                Assert.NotNull(both.Terminating ?? both.Errors.FirstOrDefault());
                Assert.Contains("AmbiguousParameterSet", (both.Terminating ?? both.Errors[0]).FullyQualifiedErrorId);
            }
        }

        [Fact]
        public void A_partial_upgrade_of_4_of_10_Basic_seats_makes_a_subscription_of_4_leaves_6_and_4_seats_to_assign()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                string upgrade = $"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer 'Microsoft 365 Business Standard' -Quantity 4";
                int before = shell.Host.Text.Length;
                shell.Ok(upgrade + " -WhatIf");
                string whatIf = shell.Host.Text.Substring(before);
                Assert.Contains("partial: a new subscription of 4 seats, 6 stay on " + Basic + ", 4 seats to assign", whatIf);
                Assert.Contains("irreversible", whatIf);

                var run = shell.Run(upgrade + " -Force");
                var result = Assert.Single(run.Of("UpgradeResult"));
                Assert.Equal(("Completed", "Partial", 4, 4), (result.Status.ToString(), result.Kind.ToString(), (int)result.Quantity, (int)result.SeatsToAssign));
                Assert.Equal(2, (int)result.AffectedAccountCount);
                Assert.All((IEnumerable<dynamic>)result.AffectedAccounts, a => Assert.Equal("LicenseNotTransferred", a.Reason.ToString()));
                Assert.Contains(run.Warnings, w => w.Contains("4 seat(s) wait for an assignment"));
                string created = result.TargetSubscriptionId;

                var subscriptions = shell.Ok($"Get-CspSubscription -CustomerId {Adatum}").Select(o => (dynamic)o.BaseObject).ToArray();
                var source = subscriptions.Single(s => s.SubscriptionId == Basic);
                var target = subscriptions.Single(s => s.SubscriptionId == created);
                Assert.Equal((6, "M365_BUSINESS_BASIC"), ((int)source.Quantity, (string)source.OfferId));
                Assert.Equal((4, "M365_BUSINESS_STANDARD", Basic, "P1Y"), ((int)target.Quantity, (string)target.OfferId, (string)target.UpgradedFrom, target.TermDuration.ToString()));

                // The table shows Kind and the seats to assign within 119 columns.
                string table = string.Join("\n", shell.Ok("$r = Invoke-CspSubscriptionUpgrade -CustomerId " + Adatum + " -SubscriptionId " + Basic + " -TargetOffer M365_BUSINESS_STANDARD -Quantity 1 -Force; $r | Out-String -Width 120 -Stream").Select(o => o.ToString()));
                Assert.Matches(@"SubscriptionId\s+TargetOfferId\s+Status\s+Kind\s+Affected\s+ToAssign\s+BillingNet", table);
                Assert.All(table.Split('\n'), line => Assert.True(line.Length <= 119, line));
                // Asked for again, a partial move is a new move: the source is at 5 now.
                Assert.Equal(5, (int)shell.Ok($"(Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Basic}).Quantity")[0].BaseObject);
            }
        }

        [Fact]
        public void Seats_move_into_an_existing_subscription_from_a_piped_check_and_a_changed_kind_is_refused()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                // Piped results name the target by id and by a display name legacy and new commerce share; either resolves.
                const string Piped = " | Invoke-CspSubscriptionUpgrade -Force";
                var moved = shell.Run(Check(Adatum, Basic, "M365_BUSINESS_STANDARD", $"-Quantity 3 -ToSubscriptionId {Standard}") + Piped);
                var result = Assert.Single(moved.Of("UpgradeResult"));
                Assert.Equal(("IntoExisting", Standard, 3), (result.Kind.ToString(), (string)result.TargetSubscriptionId, (int)result.SeatsToAssign));
                Assert.Equal(8, (int)shell.Ok($"(Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Standard}).Quantity")[0].BaseObject);
                Assert.Equal(7, (int)shell.Ok($"(Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Basic}).Quantity")[0].BaseObject);

                // A check made before seats changed: it was Partial (3 of 10); with 3 of 3 left it would be Full now.
                shell.Ok($"$check = {Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-Quantity 3")}");
                shell.Ok($"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer M365_BUSINESS_STANDARD -Quantity 4 -ToSubscriptionId {Standard} -Force | Out-Null");
                byte[] bytes = File.ReadAllBytes(file);
                var stale = shell.Run("$check" + Piped);
                Assert.Empty(stale.Output);
                var error = Assert.Single(stale.Errors);
                Assert.StartsWith("NotEligible", error.FullyQualifiedErrorId);
                Assert.Contains("checked as Partial but is now Full", error.Exception.Message);
                Assert.Equal(bytes, File.ReadAllBytes(file));

                // All remaining seats moved: the source goes, its users' licenses follow.
                var rest = Assert.Single(shell.Run($"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer M365_BUSINESS_STANDARD -ToSubscriptionId {Standard} -Force").Of("UpgradeResult"));
                Assert.Equal(0, (int)rest.SeatsToAssign);
                var source = shell.Ok($"Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Basic}")[0].BaseObject as dynamic;
                Assert.Equal(("Deleted", 0), (source!.Status.ToString(), (int)source.Quantity));
                Assert.Equal(15, (int)shell.Ok($"(Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Standard}).Quantity")[0].BaseObject);
            }
        }

        [Fact]
        public void A_change_at_renewal_is_scheduled_then_AlreadyScheduled_and_an_immediate_upgrade_clears_it_with_a_warning()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                string schedule = $"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer M365_BUSINESS_STANDARD -Quantity 12 -AtRenewal -TermDuration P3Y -BillingCycle Annual -Force";
                var first = Assert.Single(shell.Run(schedule).Of("UpgradeResult"));
                Assert.Equal(("Scheduled", "AtRenewal", Basic), (first.Status.ToString(), first.Kind.ToString(), (string)first.TargetSubscriptionId));
                var subscription = shell.Ok($"Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Basic}")[0].BaseObject as dynamic;
                Assert.Equal(("M365_BUSINESS_BASIC", 10), ((string)subscription!.OfferId, (int)subscription.Quantity));
                Assert.Equal("M365_BUSINESS_STANDARD x 12 (P3Y, Annual)", subscription.ScheduledChange.ToString());

                byte[] bytes = File.ReadAllBytes(file);
                var again = Assert.Single(shell.Run(schedule).Of("UpgradeResult"));
                Assert.Equal("AlreadyScheduled", again.Status.ToString());
                Assert.Equal(bytes, File.ReadAllBytes(file));

                // A check piped with Kind AtRenewal means -AtRenewal (here with the subscription's own term and cycle): the
                // recorded change is replaced, nothing changes now, and the same pipeline again is AlreadyScheduled.
                string piped = Check(Adatum, Basic, "M365_BUSINESS_STANDARD", "-Quantity 12 -AtRenewal")
                    + " | Invoke-CspSubscriptionUpgrade -Force";
                var replaced = shell.Run(piped);
                Assert.Equal(("Scheduled", "AtRenewal"), (Assert.Single(replaced.Of("UpgradeResult")).Status.ToString(), Assert.Single(replaced.Of("UpgradeResult")).Kind.ToString()));
                Assert.Contains(replaced.Warnings, w => w.Contains("(M365_BUSINESS_STANDARD x 12 (P3Y, Annual)) was replaced"));
                subscription = shell.Ok($"Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Basic}")[0].BaseObject as dynamic;
                Assert.Equal(("M365_BUSINESS_BASIC", "M365_BUSINESS_STANDARD x 12 (P1Y, Monthly)"), ((string)subscription!.OfferId, subscription.ScheduledChange.ToString()));
                Assert.Equal("AlreadyScheduled", Assert.Single(shell.Run(piped).Of("UpgradeResult")).Status.ToString());

                var now = shell.Run($"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer M365_BUSINESS_STANDARD -Force");
                Assert.Equal("Completed", Assert.Single(now.Of("UpgradeResult")).Status.ToString());
                Assert.Contains(now.Warnings, w => w.Contains("was deleted by this immediate upgrade"));
                subscription = shell.Ok($"Get-CspSubscription -CustomerId {Adatum} -SubscriptionId {Basic}")[0].BaseObject as dynamic;
                Assert.Null(subscription!.ScheduledChange);
                Assert.Equal("M365_BUSINESS_STANDARD", (string)subscription.OfferId);

                // A full upgrade run again is AlreadyUpgraded on the same subscription.
                var rerun = Assert.Single(shell.Run($"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer M365_BUSINESS_STANDARD -Force").Of("UpgradeResult"));
                Assert.Equal(("AlreadyUpgraded", Basic), (rerun.Status.ToString(), (string)rerun.TargetSubscriptionId));
            }
        }

        [Fact]
        public void ToSubscriptionId_completes_the_candidates_of_the_target()
        {
            using var dir = new TempDir();
            var (shell, _) = Connected(dir);
            using (shell)
            {
                string line = $"Invoke-CspSubscriptionUpgrade -CustomerId {Adatum} -SubscriptionId {Basic} -TargetOffer M365_BUSINESS_STANDARD -ToSubscriptionId ";
                var matches = shell.Ok("(TabExpansion2 -inputScript $l -cursorColumn $l.Length).CompletionMatches | ForEach-Object CompletionText",
                    new Dictionary<string, object?> { ["l"] = line }).Select(o => o.ToString()!.Trim('\'')).ToArray();

                Assert.Equal(new[] { Standard, InWindow, Monthly, EndsEarly }, matches);
            }
        }
    }
}
