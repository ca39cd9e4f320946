using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Module.Tests
{
    public class ExampleTests
    {
        private static readonly string[] LocalReasonCodes =
        {
            "DelegatedAdminPermissionsDisabled", "SubscriptionStatusNotActive", "ConflictingServiceTypes", "SubscriptionAddOnsPresent",
            "SubscriptionDoesNotHaveAnyUpgradePaths", "SubscriptionTargetOfferNotFound", "SubscriptionNotProvisioned",
            "OfferDoesNotSupportBillingCycle", "InsufficientGranularAdminPermissions", "TargetOfferAlreadyOwned", "MarketRestriction",
            "SeatLimitExceeded", "PartnerRoleNotPermitted",
        };

        [Fact]
        public void The_main_job_script_runs_without_errors_and_shows_every_local_reason_code()
        {
            using var shell = new Shell();
            shell.Ok("& $s", new Dictionary<string, object?> { ["s"] = Path.Combine(Shell.Repo, "examples", "check-eligibility.ps1") });
            string text = shell.Host.Text;
            Assert.Contains("=== Contoso Ltd", text);
            Assert.All(LocalReasonCodes, code => Assert.Contains(code + ":", text));
            Assert.Contains("eligible", text);
        }

        [Fact]
        public void The_upgrade_runbook_upgrades_a_copy_reports_affected_accounts_and_billing_and_leaves_the_example_alone()
        {
            string example = Path.Combine(Shell.Repo, "examples", "contoso.yaml");
            byte[] original = File.ReadAllBytes(example);
            using var dir = new TempDir();
            using var shell = new Shell();
            shell.Ok("& $s -TargetOffer O365_E3 -WorkFolder $w", new Dictionary<string, object?>
            {
                ["s"] = Path.Combine(Shell.Repo, "examples", "upgrade-batch.ps1"),
                ["w"] = dir.Path,
            });
            string text = shell.Host.Text;
            Assert.Contains("Contoso Ltd: 9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50 -> O365_E3", text);
            Assert.Contains("klaus@adatum.example [AlreadyLicensed]", text);
            Assert.Matches(@"Billing summary: \d+ upgrade\(s\) priced; charges [0-9.]+, credits [0-9.]+, net [0-9.]+ USD", text);
            Assert.Equal(original, File.ReadAllBytes(example));
            Assert.Contains("\"phase\":\"committed\"", File.ReadAllText(Path.Combine(dir.Path, "contoso.yaml.journal.jsonl")));
        }

        [Fact]
        public void The_example_inventory_produces_every_local_reason_code_without_explicit_targets_except_the_target_ones()
        {
            using var shell = new Shell();
            var results = shell.Of("EligibilityResult", "Connect-CspInventory -Path $p | Out-Null; Get-CspCustomer | Test-CspUpgradeEligibility",
                new Dictionary<string, object?> { ["p"] = Path.Combine(Shell.Repo, "examples", "contoso.yaml") });
            var codes = results.SelectMany(r => ShellExtensions.Codes((object)r)).Distinct().ToHashSet();
            var expected = LocalReasonCodes.Except(new[] { "MarketRestriction", "SubscriptionTargetOfferNotFound", "PartnerRoleNotPermitted" });
            Assert.All(expected, code => Assert.Contains(code, codes));
            Assert.Contains(results, r => (bool)r.IsEligible);
        }
    }
}
