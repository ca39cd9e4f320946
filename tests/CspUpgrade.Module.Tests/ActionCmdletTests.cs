using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    public class ActionCmdletTests
    {
        // c4: Business held by three users, one of whom also holds ProPlus (it gives OfficeApps and OneDrive, which
        // Business Premium has too, without conflicting: they are not services the upgrade adds).
        private const string WithUsers = Inventories.Basic + @"  - customerId: c4
    name: Wide World Importers
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s5, offer: O365_BUSINESS, status: Active, quantity: 3, billingCycle: Monthly, periodEnd: 2026-12-31 }
      - { subscriptionId: s6, offer: O365_PROPLUS, status: Active, quantity: 1, billingCycle: Annual }
      - { subscriptionId: s7, offer: O365_PROPLUS, status: Suspended, quantity: 4, billingCycle: Annual }
    users:
      - { upn: ann@wwi.example, licenses: [s5] }
      - { upn: bob@wwi.example, licenses: [s5, s6] }
      - { upn: cy@wwi.example, licenses: [s5] }
";

        private static (Shell Shell, string File) Connected(TempDir dir, string inventory = WithUsers)
        {
            string file = dir.Write("inv.yaml", inventory);
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = file });
            return (shell, file);
        }

        private static byte[]? Bytes(string file) => File.Exists(file) ? File.ReadAllBytes(file) : null;

        [Fact]
        public void WhatIf_prints_the_plan_per_item_and_leaves_file_and_journal_byte_for_byte()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                shell.Ok("Add-CspSubscriptionLicense -CustomerId c3 -SubscriptionId s4 -Count 1 -Confirm:$false"); // creates the journal
                byte[] inventory = Bytes(file)!;
                byte[] journal = Bytes(file + ".journal.jsonl")!;
                byte[]? backup = Bytes(file + ".bak");
                int before = shell.Host.Text.Length;

                var output = shell.Ok(@"
                    Invoke-CspSubscriptionUpgrade -CustomerId c4 -SubscriptionId s5 -TargetOffer O365_BUSINESS_PREMIUM -Quantity 2 -WhatIf
                    Invoke-CspSubscriptionUpgrade -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3 -WhatIf -Force
                    Add-CspSubscriptionLicense -CustomerId c3 -SubscriptionId s4 -Count 5 -WhatIf");

                Assert.Empty(output);
                string text = shell.Host.Text.Substring(before);
                Assert.Contains("What if: Performing the operation \"Upgrade O365_BUSINESS -> O365_BUSINESS_PREMIUM (UpgradeWithLicenseTransfer), 2 seats, 2 affected account(s), billing net unknown", text);
                Assert.Contains("on target \"Subscription s5 (Microsoft 365 Apps for business) of Wide World Importers\"", text);
                Assert.Contains("Upgrade O365_BUSINESS_ESSENTIALS -> O365_E3 (UpgradeWithLicenseTransfer), 41 seats, 0 affected account(s)", text);
                Assert.Contains("Add 5 license(s): 41 -> 46 seats", text);

                Assert.Equal(inventory, Bytes(file));
                Assert.Equal(journal, Bytes(file + ".journal.jsonl"));
                Assert.Equal(backup, Bytes(file + ".bak"));
            }
        }

        [Fact]
        public void Eligible_rows_complete_while_ineligible_rows_are_NotEligible_errors_in_the_same_pipeline()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                var result = shell.Run(@"
                    @(
                        [pscustomobject]@{ CustomerId = 'c1'; SubscriptionId = 's1'; TargetOffer = 'O365_E3' }
                        [pscustomobject]@{ CustomerId = 'c4'; SubscriptionId = 's5'; TargetOffer = 'Microsoft 365 Business Standard'; Quantity = '2' }
                        [pscustomobject]@{ CustomerId = 'c4'; SubscriptionId = 's7'; TargetOffer = 'O365_E3' }
                        [pscustomobject]@{ CustomerId = 'c3'; SubscriptionId = 's4'; TargetOffer = 'O365_E1'; UpgradeType = 'UpgradeOnly' }
                    ) | Invoke-CspSubscriptionUpgrade -Confirm:$false");

                var results = result.Of("UpgradeResult");
                Assert.Equal(new[] { "s5", "s4" }, results.Strings(r => r.SubscriptionId));
                Assert.All(results, r => Assert.Equal("Completed", r.Status.ToString()));

                var premium = results[0];
                Assert.Equal("O365_BUSINESS_PREMIUM", premium.TargetOfferId);
                Assert.Equal(2, premium.Quantity);
                Assert.Equal(
                    new[] { "bob@wwi.example:AlreadyLicensed", "cy@wwi.example:NoSeatAvailable" },
                    ((IEnumerable<object>)premium.AffectedAccounts).Cast<dynamic>().Strings(a => a.UserPrincipalName + ":" + a.Reason));
                Assert.Equal(2, premium.AffectedAccountCount);
                Assert.Null(premium.BillingNet);
                Assert.Contains("no unit price", (string)premium.BillingImpact.UnavailableReason);

                Assert.Equal(2, result.Errors.Count);
                Assert.All(result.Errors, e => Assert.StartsWith("NotEligible", e.FullyQualifiedErrorId));
                Assert.Equal("s1", result.Errors[0].TargetObject);
                Assert.Contains("ConflictingServiceTypes", result.Errors[0].Exception.Message);
                Assert.Contains("fix: The customer must cancel subscription s2", result.Errors[0].Exception.Message);
                Assert.Contains("SubscriptionStatusNotActive", result.Errors[1].Exception.Message);

                // The file holds the two upgrades and nothing of the refused rows.
                var subscriptions = shell.Of("Subscription", "Get-CspSubscription");
                string Status(string id) => subscriptions.Single(s => (string)s.SubscriptionId == id).Status.ToString();
                Assert.Equal(("Deleted", "Deleted", "Active", "Suspended"), (Status("s5"), Status("s4"), Status("s1"), Status("s7")));
                var created = subscriptions.Single(s => (string?)s.UpgradedFrom == "s5");
                Assert.Equal((string)premium.TargetSubscriptionId, (string)created.SubscriptionId);
                Assert.Contains("upgradedFrom: s5", File.ReadAllText(file));
            }
        }

        [Fact]
        public void The_eligibility_pipeline_feeds_upgrades_and_a_rerun_reports_AlreadyUpgraded_changing_nothing()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                const string batch = "Test-CspUpgradeEligibility -CustomerId c3 -TargetOffer O365_E5 | Where-Object IsEligible | Invoke-CspSubscriptionUpgrade -Confirm:$false";
                var first = shell.Of("UpgradeResult", batch).Single();
                Assert.Equal("Completed", first.Status.ToString());
                byte[] afterFirst = Bytes(file)!;
                byte[] journal = Bytes(file + ".journal.jsonl")!;

                var again = shell.Of("UpgradeResult", "Invoke-CspSubscriptionUpgrade -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E5 -Confirm:$false").Single();
                Assert.Equal("AlreadyUpgraded", again.Status.ToString());
                Assert.Equal((string)first.TargetSubscriptionId, (string)again.TargetSubscriptionId);
                Assert.Equal(afterFirst, Bytes(file));
                Assert.Equal(journal, Bytes(file + ".journal.jsonl"));

                var lines = File.ReadAllLines(file + ".journal.jsonl");
                Assert.Equal(2, lines.Length);
                Assert.Contains("\"phase\":\"intent\"", lines[0]);
                Assert.Contains("\"phase\":\"committed\"", lines[1]);
                Assert.Contains("\"operation\":\"Upgrade\"", lines[1]);
            }
        }

        [Fact]
        public void Bulk_upgrades_report_progress_to_the_host()
        {
            using var dir = new TempDir();
            var (shell, _) = Connected(dir);
            using (shell)
            {
                shell.Ok("Get-CspSubscription -CustomerId c3 | Invoke-CspSubscriptionUpgrade -TargetOffer O365_E3 -Force | Out-Null");
                var progress = shell.Host.TextUI.Progress;
                Assert.Contains(progress, p => p.Activity == "Upgrading subscriptions" && p.StatusDescription.Contains("s4 -> O365_E3"));
                Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, progress.Last(p => p.Activity == "Upgrading subscriptions").RecordType);
            }
        }

        [Fact]
        public void A_partner_without_an_allowed_role_is_refused_before_anything_happens()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir, WithUsers.Replace("roles: [AdminAgent]", "roles: [BillingAdmin]"));
            using (shell)
            {
                byte[] before = Bytes(file)!;
                foreach (string command in new[]
                {
                    "Invoke-CspSubscriptionUpgrade c3 s4 O365_E3 -Force",
                    "Add-CspSubscriptionLicense c3 s4 1 -Confirm:$false",
                })
                {
                    var error = shell.Run(command).Terminating!;
                    Assert.StartsWith("PartnerRoleNotPermitted", error.FullyQualifiedErrorId);
                    Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
                    Assert.Contains("BillingAdmin", error.Exception.Message);
                }
                Assert.Equal(before, Bytes(file));
                Assert.False(File.Exists(file + ".journal.jsonl"));
            }
        }

        [Fact]
        public void Force_skips_the_confirmation_that_a_high_impact_upgrade_otherwise_asks_for()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                // This host cannot answer prompts: asking fails, and nothing changes.
                var asked = shell.Run("Invoke-CspSubscriptionUpgrade c3 s4 O365_E3");
                Assert.NotNull(asked.Terminating ?? asked.Errors.FirstOrDefault());
                Assert.Empty(asked.Of("UpgradeResult"));
                Assert.DoesNotContain("O365_E3", File.ReadAllText(file));

                var forced = shell.Of("UpgradeResult", "Invoke-CspSubscriptionUpgrade c3 s4 O365_E3 -Force").Single();
                Assert.Equal("Completed", forced.Status.ToString());
            }
        }

        [Fact]
        public void Adding_licenses_passes_the_updated_subscription_and_refuses_what_the_rules_forbid()
        {
            using var dir = new TempDir();
            var (shell, file) = Connected(dir);
            using (shell)
            {
                var updated = shell.Of("Subscription", "Add-CspSubscriptionLicense -CustomerId c3 -SubscriptionId s4 -Count 10 -PassThru -Confirm:$false").Single();
                Assert.Equal(50, updated.Quantity);
                Assert.Empty(shell.Ok("Add-CspSubscriptionLicense -CustomerId c3 -SubscriptionId s4 -Count 1 -Confirm:$false"));

                var result = shell.Run(@"
                    [pscustomobject]@{ CustomerId = 'c3'; SubscriptionId = 's4'; Count = 300 },
                    [pscustomobject]@{ CustomerId = 'c4'; SubscriptionId = 's7'; Count = 1 },
                    [pscustomobject]@{ CustomerId = 'c4'; SubscriptionId = 's6'; Count = 2 } | Add-CspSubscriptionLicense -PassThru -Confirm:$false");
                Assert.Equal(new[] { "SeatLimitExceeded", "SubscriptionNotActive" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
                Assert.Contains("O365_E3", result.Errors[0].Exception.Message);
                Assert.Equal(ErrorCategory.LimitsExceeded, result.Errors[0].CategoryInfo.Category);
                Assert.Equal(3, result.Of("Subscription").Single().Quantity);
                Assert.Contains("quantity: 51", File.ReadAllText(file));
            }
        }
    }
}
