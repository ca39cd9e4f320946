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
            "InsufficientGranularAdminPermissions", "TargetOfferAlreadyOwned", "MarketRestriction",
            "SeatLimitExceeded", "PartnerRoleNotPermitted",
            // OfferDoesNotSupportBillingCycle needs a catalogue that restricts billing cycles; the shipped one does not
            // (not public), see The_test_catalogue_restricting_billing_cycles_gives_OfferDoesNotSupportBillingCycle.
        };

        private static string Script(string name) => Path.Combine(Shell.Repo, "examples", name);

        [Fact]
        public void The_main_job_script_returns_result_objects_with_every_local_reason_code_and_writes_nothing_to_the_host()
        {
            using var shell = new Shell();
            var output = shell.Ok("$x = & $s; $x", new Dictionary<string, object?> { ["s"] = Script("check-eligibility.ps1") });
            Assert.NotEmpty(output);
            Assert.All(output, o => Assert.Equal("CspUpgrade.EligibilityResult", o.TypeNames[0]));
            var codes = output.SelectMany(o => ShellExtensions.Codes(o.BaseObject)).ToHashSet();
            Assert.All(LocalReasonCodes, code => Assert.Contains(code, codes));
            Assert.Contains(output, o => (bool)((dynamic)o.BaseObject).IsEligible);
            Assert.Contains(output, o => (string)((dynamic)o.BaseObject).CustomerName == "Contoso Ltd");
            // Without -Show nothing goes around the pipeline: > file, $x = ... and Start-Transcript get everything.
            Assert.Equal(string.Empty, shell.Host.Text.Trim());
        }

        [Fact]
        public void The_main_job_script_with_Show_walks_through_every_reason_and_fix_on_the_host()
        {
            using var shell = new Shell();
            shell.Ok("& $s -Show | Out-Null", new Dictionary<string, object?> { ["s"] = Script("check-eligibility.ps1") });
            string text = shell.Host.Text;
            Assert.Contains("=== Contoso Ltd", text);
            Assert.All(LocalReasonCodes, code => Assert.Contains(code + ":", text));
            Assert.Contains("fix: ", text);
            Assert.Matches(@"Summary: \d+ checks, \d+ eligible, \d+ not eligible", text);
        }

        [Fact]
        public void The_main_job_script_writes_the_CSV_and_the_HTML_report_of_what_it_returns()
        {
            using var dir = new TempDir();
            string csv = Path.Combine(dir.Path, "eligibility.csv");
            string report = Path.Combine(dir.Path, "report.html");
            using var shell = new Shell();
            var output = shell.Ok("& $s -CsvPath $c -ReportPath $r", new Dictionary<string, object?> { ["s"] = Script("check-eligibility.ps1"), ["c"] = csv, ["r"] = report });
            var rows = shell.Ok("Import-Csv -LiteralPath $c", new Dictionary<string, object?> { ["c"] = csv });
            Assert.Equal(output.Count, rows.Count);
            Assert.Equal(
                output.Select(o => (string)((dynamic)o.BaseObject).SubscriptionId),
                rows.Select(r => r.Properties["SubscriptionId"].Value.ToString()));
            string html = File.ReadAllText(report);
            Assert.Contains($"id=\"total-checks\"><span class=\"value\">{output.Count}</span>", html);
            Assert.Empty(ReportTests.ExternalReferences(html));

            // An existing file is kept unless -Force says otherwise.
            var again = shell.Run("& $s -ReportPath $r", new Dictionary<string, object?> { ["s"] = Script("check-eligibility.ps1"), ["r"] = report });
            Assert.StartsWith("OutputFileExists", (again.Terminating ?? again.Errors.First()).FullyQualifiedErrorId);
            Assert.Equal(html, File.ReadAllText(report));
            shell.Ok("& $s -ReportPath $r -CsvPath $c -Force | Out-Null", new Dictionary<string, object?> { ["s"] = Script("check-eligibility.ps1"), ["r"] = report, ["c"] = csv });
        }

        [Fact]
        public void The_main_job_script_leaves_the_callers_connection_and_disconnects_only_what_it_connected()
        {
            using var dir = new TempDir();
            string mine = Path.Combine(dir.Path, "mine.yaml");
            File.Copy(Script("restricted-partner.yaml"), mine);
            using var shell = new Shell();
            var vars = new Dictionary<string, object?> { ["s"] = Script("check-eligibility.ps1"), ["m"] = mine };
            shell.Ok("Connect-CspInventory -Path $m | Out-Null; $null = & $s", vars);
            Assert.Equal(mine, shell.Ok("(Get-CspConnection).Path").Single().ToString());
            Assert.Equal("Fabrikam Cloud Partner (billing desk)", shell.Ok("(Get-CspConnection).PartnerName").Single().ToString());

            shell.Ok("Disconnect-CspConnection; $null = & $s", vars);
            var after = shell.Run("Get-CspConnection");
            Assert.StartsWith("NotConnected", Assert.Single(after.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void The_upgrade_runbook_upgrades_a_copy_returns_the_upgrades_and_leaves_the_example_alone()
        {
            string example = Path.Combine(Shell.Repo, "examples", "contoso.yaml");
            byte[] original = File.ReadAllBytes(example);
            using var dir = new TempDir();
            using var shell = new Shell();
            string report = Path.Combine(dir.Path, "batch.html");
            var output = shell.Ok("& $s -TargetOffer O365_E3 -WorkFolder $w -Show -ReportPath $r", new Dictionary<string, object?>
            {
                ["s"] = Script("upgrade-batch.ps1"),
                ["w"] = dir.Path,
                ["r"] = report,
            });
            Assert.NotEmpty(output);
            Assert.All(output, o => Assert.Equal("CspUpgrade.UpgradeResult", o.TypeNames[0]));
            Assert.Contains(output, o => (string)((dynamic)o.BaseObject).SubscriptionId == "9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50");
            string text = shell.Host.Text;
            Assert.Contains("Contoso Ltd: 9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50 -> O365_E3", text);
            Assert.Contains("klaus@adatum.example [AlreadyLicensed]", text);
            Assert.Matches(@"Billing summary: \d+ upgrade\(s\) priced; charges [0-9.]+, credits [0-9.]+, net [0-9.]+ USD", text);
            Assert.Equal(original, File.ReadAllBytes(example));
            Assert.Contains("\"phase\":\"committed\"", File.ReadAllText(Path.Combine(dir.Path, "contoso.yaml.journal.jsonl")));
            Assert.Contains($"id=\"total-completed\"><span class=\"value\">{output.Count}</span>", File.ReadAllText(report));
        }

        [Fact]
        public void The_upgrade_runbook_keeps_the_callers_connection_and_catalogue()
        {
            using var dir = new TempDir();
            string mine = Path.Combine(dir.Path, "mine.yaml");
            File.Copy(Script("restricted-partner.yaml"), mine);
            using var shell = new Shell();
            // The caller uses its own connection and the default catalogue (no prices); the runbook uses the priced one.
            shell.Ok("Connect-CspInventory -Path $m | Out-Null; $null = & $s -WorkFolder $w", new Dictionary<string, object?>
            {
                ["s"] = Script("upgrade-batch.ps1"),
                ["m"] = mine,
                ["w"] = Path.Combine(dir.Path, "work"),
            });
            Assert.Equal(mine, shell.Ok("(Get-CspConnection).Path").Single().ToString());
            Assert.Empty(shell.Ok("Get-CspOffer | Where-Object UnitPrice"));

            // A caller with a catalogue of its own keeps it too (the old runbook reset it to the default).
            shell.Ok("Import-CspOfferCatalog -Path $p; $null = & $s -WorkFolder $w", new Dictionary<string, object?>
            {
                ["s"] = Script("upgrade-batch.ps1"),
                ["p"] = Script("priced-catalog.yaml"),
                ["w"] = Path.Combine(dir.Path, "work2"),
            });
            Assert.NotEmpty(shell.Ok("Get-CspOffer | Where-Object UnitPrice"));
            Assert.Equal(mine, shell.Ok("(Get-CspConnection).Path").Single().ToString());
        }

        [Fact]
        public void The_test_catalogue_restricting_billing_cycles_gives_OfferDoesNotSupportBillingCycle()
        {
            // Contoso's Business subscription is billed monthly; tests/Fixtures/billing-limited-catalog.yaml sells ProPlus annually only.
            using var shell = new Shell();
            var args = new Dictionary<string, object?>
            {
                ["p"] = Path.Combine(Shell.Repo, "examples", "contoso.yaml"),
                ["c"] = Path.Combine(Shell.Repo, "tests", "Fixtures", "billing-limited-catalog.yaml"),
            };
            string check = "Test-CspUpgradeEligibility -CustomerId " + ExampleInventory.ContosoId + " -SubscriptionId " + ExampleInventory.ContosoSub +
                " -TargetOffer 'Office 365 ProPlus'";
            var shipped = shell.Of("EligibilityResult", "Connect-CspInventory -Path $p | Out-Null; " + check, args);
            Assert.True((bool)Assert.Single(shipped).IsEligible);
            var limited = shell.Of("EligibilityResult", "Import-CspOfferCatalog -Path $c; " + check, args);
            var result = Assert.Single(limited);
            Assert.Equal("OfferDoesNotSupportBillingCycle", (string)result.ReasonCodes);
            Assert.Equal("O365_PROPLUS", (string)result.TargetOfferId);
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
