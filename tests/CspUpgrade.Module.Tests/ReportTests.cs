using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CspUpgrade.Module.Tests
{
    /// <summary>Export-CspUpgradeReport as an admin uses it: what the file holds, where it goes, and what it refuses.</summary>
    public class ReportTests
    {
        private static readonly string ExampleInventory = Path.Combine(Shell.Repo, "examples", "contoso.yaml");

        /// <summary>What makes a page fetch or run anything: the report must have none of it (internal #anchors are fine).</summary>
        internal static IEnumerable<string> ExternalReferences(string html) =>
            Regex.Matches(html, @"<script\b|<link\b|<img\b|<iframe\b|<object\b|<embed\b|\bsrc\s*=|@import|url\s*\(|\bhref\s*=\s*(?![""']?#)[^\s>]*", RegexOptions.IgnoreCase)
                .Select(m => m.Value);

        private static Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

        [Fact]
        public void Checks_and_upgrades_make_one_self_contained_report_with_totals_charts_and_every_reason_with_its_fix()
        {
            using var dir = new TempDir();
            string inventory = Path.Combine(dir.Path, "contoso.yaml");
            File.Copy(ExampleInventory, inventory);
            string report = Path.Combine(dir.Path, "report.html");
            using var shell = new Shell();
            var output = shell.Ok(@"
                Connect-CspInventory -Path $i | Out-Null
                $checks = @(Get-CspCustomer | Test-CspUpgradeEligibility)
                $upgrades = @($checks | Where-Object { $_.IsEligible -and $_.TargetOfferId -eq 'O365_E3' } | Invoke-CspSubscriptionUpgrade -Confirm:$false)
                @($checks) + @($upgrades) | Export-CspUpgradeReport -Path $r -Title 'Contoso & friends'",
                Vars(("i", inventory), ("r", report)));

            var file = Assert.IsType<FileInfo>(Assert.Single(output).BaseObject);
            Assert.Equal(report, file.FullName);
            string html = File.ReadAllText(report);
            Assert.Empty(ExternalReferences(html));
            Assert.Contains("<title>Contoso &amp; friends</title>", html);

            var checks = shell.Ok("$checks").Select(o => (dynamic)o.BaseObject).ToList();
            var upgrades = shell.Ok("$upgrades").Select(o => (dynamic)o.BaseObject).ToList();
            Assert.NotEmpty(upgrades);
            int eligible = checks.Count(c => (bool)c.IsEligible);
            Assert.Matches($"id=\"total-checks\"><span class=\"value\">{checks.Count}</span>", html);
            Assert.Matches($"id=\"total-eligible\"><span class=\"value\">{eligible}</span>", html);
            Assert.Matches($"id=\"total-not-eligible\"><span class=\"value\">{checks.Count - eligible}</span>", html);
            Assert.Matches($"id=\"total-completed\"><span class=\"value\">{upgrades.Count}</span>", html);

            // The reason chart has one bar per code with its count; the target chart one row per target.
            var reasons = checks.SelectMany(c => ShellExtensions.Codes((object)c)).GroupBy(c => c).ToList();
            string reasonChart = Regex.Match(html, "<figure class=\"chart\" id=\"reason-chart\">.*?</figure>", RegexOptions.Singleline).Value;
            Assert.All(reasons, g => Assert.Matches($"<th scope=\"row\">{g.Key}</th><td class=\"track\"><span class=\"bar reason\"[^>]*></span></td><td class=\"num\">{g.Count()}</td>", reasonChart));
            string targetChart = Regex.Match(html, "<figure class=\"chart\" id=\"target-chart\">.*?</figure>", RegexOptions.Singleline).Value;
            Assert.All(checks.Select(c => (string?)c.TargetOfferId ?? "(no upgrade path)").Distinct(), t => Assert.Contains($"<th scope=\"row\">{t}", targetChart));

            // Every customer has a section, and every reason its message and remediation, encoded.
            foreach (var check in checks)
            {
                Assert.Contains(System.Net.WebUtility.HtmlEncode((string)check.CustomerName), html);
                foreach (var reason in (IEnumerable<dynamic>)check.Reasons)
                {
                    Assert.Contains(System.Net.WebUtility.HtmlEncode((string)reason.Message), html);
                    Assert.Contains(System.Net.WebUtility.HtmlEncode((string)reason.Remediation), html);
                }
            }
            Assert.Contains("klaus@adatum.example", html);
            Assert.Contains("@media print", html);
            Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        }

        [Fact]
        public void Names_and_texts_from_the_inventory_are_HTML_encoded_so_they_cannot_inject_markup()
        {
            using var dir = new TempDir();
            string inventory = dir.Write("hostile.yaml", Inventories.Basic.Replace("name: Contoso Ltd", "name: \"<script>alert('x')</script> & <img src=http://evil.example/a.png>\""));
            string report = Path.Combine(dir.Path, "report.html");
            using var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $i | Out-Null; Get-CspCustomer | Test-CspUpgradeEligibility | Export-CspUpgradeReport -Path $r | Out-Null",
                Vars(("i", inventory), ("r", report)));
            string html = File.ReadAllText(report);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=http://evil.example/a.png&gt;", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
        }

        [Fact]
        public void An_existing_file_is_OutputFileExists_and_unchanged_without_Force_and_replaced_with_it()
        {
            using var dir = new TempDir();
            string report = dir.Write("report.html", "keep me");
            using var shell = new Shell();
            var vars = Vars(("i", ExampleInventory), ("r", report));
            var refused = shell.Run("Connect-CspInventory -Path $i | Out-Null; Get-CspCustomer | Test-CspUpgradeEligibility | Export-CspUpgradeReport -Path $r", vars);
            Assert.NotNull(refused.Terminating);
            Assert.StartsWith("OutputFileExists", refused.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("-Force", refused.Terminating.ToString());
            Assert.Equal("keep me", File.ReadAllText(report));

            shell.Ok("Get-CspCustomer | Test-CspUpgradeEligibility | Export-CspUpgradeReport -Path $r -Force | Out-Null", vars);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(report));
            Assert.Single(Directory.GetFiles(dir.Path));
        }

        // A folder, a missing folder or a path outside the file system: ExportInventoryTests, for both export cmdlets.

        [Fact]
        public void Paths_resolve_against_the_PowerShell_location_and_LiteralPath_takes_brackets_as_written()
        {
            using var dir = new TempDir();
            using var shell = new Shell();
            var files = shell.Ok(@"
                Set-Location -LiteralPath $d
                Connect-CspInventory -Path $i | Out-Null
                $r = Get-CspCustomer | Test-CspUpgradeEligibility
                $r | Export-CspUpgradeReport -Path ./relative.html
                $r | Export-CspUpgradeReport -LiteralPath './q[1].html'", Vars(("d", dir.Path), ("i", ExampleInventory)))
                .Select(o => ((FileInfo)o.BaseObject).FullName).ToList();
            Assert.Equal(new[] { Path.Combine(dir.Path, "relative.html"), Path.Combine(dir.Path, "q[1].html") }, files);
            Assert.All(files, f => Assert.True(File.Exists(f), f));
        }

        [Fact]
        public void WhatIf_writes_nothing_and_other_input_is_a_binding_error_for_that_item_only()
        {
            using var dir = new TempDir();
            string report = Path.Combine(dir.Path, "report.html");
            using var shell = new Shell();
            var vars = Vars(("i", ExampleInventory), ("r", report));
            Assert.Empty(shell.Ok("Connect-CspInventory -Path $i | Out-Null; Get-CspCustomer | Test-CspUpgradeEligibility | Export-CspUpgradeReport -Path $r -WhatIf", vars));
            Assert.False(File.Exists(report));
            Assert.Contains("What if:", shell.Host.Text);

            var result = shell.Run("@('not a result') + @(Get-CspCustomer | Test-CspUpgradeEligibility) | Export-CspUpgradeReport -Path $r", vars);
            Assert.Null(result.Terminating);
            Assert.StartsWith("InputObjectNotBound", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.True(File.Exists(report));
            Assert.Contains("Contoso Ltd", File.ReadAllText(report));
        }
    }
}
