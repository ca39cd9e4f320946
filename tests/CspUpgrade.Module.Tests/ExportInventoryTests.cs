using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// Export-CspInventory from a local inventory: the snapshot is the inventory's own data (users included, nothing assumed),
    /// and the file rules every export shares (OutputFileExists, PathNotFound, OutputWriteFailed, -WhatIf).
    /// (Against Partner Center: CspUpgrade.PartnerCenter.Tests/ExportCmdletTests.)
    /// </summary>
    public class ExportInventoryTests
    {
        private static readonly string ExampleInventory = Path.Combine(Shell.Repo, "examples", "contoso.yaml");

        private static Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

        /// <summary>Every eligibility result of every customer, as text that compares (ids, target, verdict, codes, accounts).</summary>
        private const string AllChecks =
            "Get-CspCustomer | Test-CspUpgradeEligibility | ForEach-Object { '{0} {1} {2} {3} {4} {5}' -f $_.CustomerId, $_.SubscriptionId, $_.TargetOfferId, $_.IsEligible, $_.ReasonCodes, $_.AffectedAccountCount }";

        [Theory]
        [InlineData("snapshot.yaml")]
        [InlineData("snapshot.json")]
        public void A_snapshot_of_an_inventory_keeps_its_users_assumes_nothing_and_decides_every_check_the_same(string name)
        {
            using var dir = new TempDir();
            string snapshot = Path.Combine(dir.Path, name);
            using var shell = new Shell();
            var vars = Vars(("i", ExampleInventory), ("s", snapshot));
            var export = shell.Run("Connect-CspInventory -Path $i | Out-Null; Export-CspInventory -Path $s", vars);
            Assert.Null(export.Terminating);
            Assert.Empty(export.Errors);
            Assert.Empty(export.Warnings);
            Assert.Equal(snapshot, Assert.IsType<FileInfo>(Assert.Single(export.Output).BaseObject).FullName);

            var original = shell.Ok(AllChecks).Select(o => o.ToString()).ToList();
            var originalCustomers = shell.Ok("Get-CspCustomer | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.CustomerId, $_.Market, $_.DelegatedAdmin, $_.SubscriptionCount, $_.UserCount }").Select(o => o.ToString()).ToList();
            Assert.Contains(originalCustomers, c => !c.EndsWith(" 0", StringComparison.Ordinal));

            shell.Ok("Connect-CspInventory -Path $s | Out-Null", vars);
            Assert.Equal(originalCustomers, shell.Ok("Get-CspCustomer | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.CustomerId, $_.Market, $_.DelegatedAdmin, $_.SubscriptionCount, $_.UserCount }").Select(o => o.ToString()));
            Assert.Equal(original, shell.Ok(AllChecks).Select(o => o.ToString()));

            string text = File.ReadAllText(snapshot);
            Assert.DoesNotContain("Assumed", text);
            Assert.DoesNotContain("omitted", text);
            Assert.Contains("ann@contoso.example", text);
        }

        [Fact]
        public void An_existing_file_is_OutputFileExists_and_unchanged_without_Force_and_replaced_with_it()
        {
            using var dir = new TempDir();
            string snapshot = dir.Write("snapshot.yaml", "keep me");
            using var shell = new Shell();
            var vars = Vars(("i", ExampleInventory), ("s", snapshot));
            var refused = shell.Run("Connect-CspInventory -Path $i | Out-Null; Export-CspInventory -Path $s", vars);
            Assert.NotNull(refused.Terminating);
            Assert.StartsWith("OutputFileExists", refused.Terminating!.FullyQualifiedErrorId);
            Assert.Equal("ResourceExists", refused.Terminating.CategoryInfo.Category.ToString());
            Assert.Equal(snapshot, refused.Terminating.TargetObject);
            Assert.Contains("-Force", refused.Terminating.ToString());
            Assert.Equal("keep me", File.ReadAllText(snapshot));

            shell.Ok("Export-CspInventory -Path $s -Force | Out-Null", vars);
            Assert.Contains("customerId: 3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10", File.ReadAllText(snapshot));
            Assert.Single(Directory.GetFiles(dir.Path));
        }

        private const string Report = "Get-CspCustomer | Test-CspUpgradeEligibility | Export-CspUpgradeReport -Path $t";
        private const string Snapshot = "Export-CspInventory -Path $t";

        /// <summary>Both export cmdlets resolve their file through Infrastructure/OutputPath.cs: the same refusals.</summary>
        [Theory]
        [InlineData(Report, "folder")]
        [InlineData(Report, "missing/report.html")]
        [InlineData(Report, "Env:/report.html")]
        [InlineData(Snapshot, "folder")]
        [InlineData(Snapshot, "missing/snapshot.yaml")]
        [InlineData(Snapshot, "Env:/snapshot.yaml")]
        [InlineData(Snapshot, "snapshot.txt")]
        public void A_directory_a_missing_folder_a_path_outside_the_file_system_or_another_format_is_PathNotFound(string command, string target)
        {
            using var dir = new TempDir();
            Directory.CreateDirectory(Path.Combine(dir.Path, "folder"));
            using var shell = new Shell();
            shell.Ok("Set-Location -LiteralPath $d", Vars(("d", dir.Path)));
            var result = shell.Run("Connect-CspInventory -Path $i | Out-Null; " + command, Vars(("i", ExampleInventory), ("t", target)));
            Assert.NotNull(result.Terminating);
            Assert.StartsWith("PathNotFound", result.Terminating!.FullyQualifiedErrorId);
            Assert.Equal(new[] { Path.Combine(dir.Path, "folder") }, Directory.GetFileSystemEntries(dir.Path));
            if (target.EndsWith(".txt", StringComparison.Ordinal))
            {
                Assert.Contains("YAML (.yaml or .yml) or JSON (.json)", result.Terminating.ToString());
            }
        }

        [SkippableFact]
        public void A_folder_that_cannot_be_written_is_OutputWriteFailed_and_leaves_nothing_behind()
        {
            // /proc takes no new files, even for root (a read-only folder would not stop root).
            Skip.IfNot(OperatingSystem.IsLinux(), "needs /proc");
            using var shell = new Shell();
            var result = shell.Run("Connect-CspInventory -Path $i | Out-Null; Export-CspInventory -LiteralPath /proc/snapshot.yaml", Vars(("i", ExampleInventory)));
            Assert.NotNull(result.Terminating);
            Assert.StartsWith("OutputWriteFailed", result.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("Nothing was written", result.Terminating.ToString());
            Assert.False(File.Exists("/proc/snapshot.yaml"));
        }

        [Fact]
        public void WhatIf_writes_nothing_and_NotConnected_stops_before_anything_is_written()
        {
            using var dir = new TempDir();
            string snapshot = Path.Combine(dir.Path, "snapshot.yaml");
            using var shell = new Shell();
            var notConnected = shell.Run("Export-CspInventory -Path $s", Vars(("s", snapshot)));
            Assert.StartsWith("NotConnected", notConnected.Terminating!.FullyQualifiedErrorId);
            Assert.False(File.Exists(snapshot));

            Assert.Empty(shell.Ok("Connect-CspInventory -Path $i | Out-Null; Export-CspInventory -Path $s -WhatIf", Vars(("i", ExampleInventory), ("s", snapshot))));
            Assert.False(File.Exists(snapshot));
            Assert.Contains("What if:", shell.Host.Text);
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        }

        [Fact]
        public void Customers_piped_from_Get_CspCustomer_are_the_ones_exported()
        {
            using var dir = new TempDir();
            string snapshot = Path.Combine(dir.Path, "two.yaml");
            using var shell = new Shell();
            var vars = Vars(("i", ExampleInventory), ("s", snapshot));
            var chosen = shell.Ok("Connect-CspInventory -Path $i | Out-Null; Get-CspCustomer | Select-Object -Skip 1 -First 2 | ForEach-Object CustomerId", vars).Select(o => o.ToString()).ToList();
            shell.Ok("Get-CspCustomer | Select-Object -Skip 1 -First 2 | Export-CspInventory -Path $s | Out-Null", vars);
            Assert.Equal(chosen, shell.Ok("Connect-CspInventory -Path $s | Out-Null; Get-CspCustomer | ForEach-Object CustomerId", vars).Select(o => o.ToString()));
        }
    }
}
