using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Export-CspInventory against the fake Partner Center: a snapshot to a file, then planning offline from it with the
    /// local rules, and what the snapshot says about what Partner Center does not say.
    /// </summary>
    public sealed class ExportCmdletTests : FakeServiceTests
    {
        /// <summary>
        /// Adds s9 to c1, a subscription of an offer the mapped catalogue does not know (Partner Center offers far more than
        /// the catalogue), connects a new shell to the fake and exports to <paramref name="name"/> in the test folder.
        /// </summary>
        private (PcShell Shell, string File, Run Export) ConnectAndExport(string name, string parameter = "-Path")
        {
            _fake.Customers.Single(c => c.Id == "c1").Subscriptions.Add(FakePartnerCenter.Subscription("s9", "DYNAMICS_365_SALES", "Dynamics 365 Sales Professional", 3));
            var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
            string file = _dir.File(name);
            var export = shell.Run($"Export-CspInventory {parameter} $p", Vars(("p", file)));
            Assert.Null(export.Terminating);
            Assert.Empty(export.Errors);
            return (shell, file, export);
        }

        private Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

        [Fact]
        public void A_snapshot_of_Partner_Center_loads_with_Connect_CspInventory_and_plans_offline_with_the_local_rules()
        {
            var (shell, snapshot, export) = ConnectAndExport("snapshot.yaml");
            using var _ = shell;
            var file = Assert.IsType<FileInfo>(Assert.Single(export.Output).BaseObject);
            Assert.Equal(snapshot, file.FullName);

            // Offline from here on: nothing more may reach Partner Center.
            int requests = _fake.Log.Count;
            shell.Ok("Set-Location -LiteralPath $d", Vars(("d", _dir.Path)));
            var connected = shell.Run("Connect-CspInventory snapshot.yaml | Out-Null; Get-CspConnection");
            Assert.Null(connected.Terminating);
            Assert.Empty(connected.Errors);
            Assert.Equal("Inventory", (string)Assert.Single(connected.Of("ConnectionInfo")).Backend);

            var subscriptions = shell.Ok("Get-CspSubscription").Select(o => (dynamic)o.BaseObject).ToList();
            Assert.Equal(new[] { "s1", "s2", "s3", "s4" }, subscriptions.Select(s => (string)s.SubscriptionId).OrderBy(s => s));
            var s2 = subscriptions.Single(s => (string)s.SubscriptionId == "s2");
            Assert.Equal(40, (int)s2.Quantity);
            Assert.Equal("Annual", s2.BillingCycle.ToString());

            var checks = shell.Run("Test-CspUpgradeEligibility -CustomerId c1 -SubscriptionId s1 -TargetOffer O365_E3");
            Assert.Empty(checks.Errors);
            Assert.True((bool)Assert.Single(checks.Of("EligibilityResult")).IsEligible);
            // c3: delegated access off in Partner Center, written as None: the local rules refuse (and s4 is suspended).
            var c3 = shell.Run("Test-CspUpgradeEligibility -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3");
            string c3Codes = (string)Assert.Single(c3.Of("EligibilityResult")).ReasonCodes;
            Assert.Contains("DelegatedAdminPermissionsDisabled", c3Codes);
            Assert.Contains("SubscriptionStatusNotActive", c3Codes);

            string before = File.ReadAllText(snapshot);
            var whatIf = shell.Run("Test-CspUpgradeEligibility -CustomerId c1 -SubscriptionId s1 -TargetOffer O365_E3 | Invoke-CspSubscriptionUpgrade -WhatIf");
            Assert.Null(whatIf.Terminating);
            Assert.Empty(whatIf.Errors);
            Assert.Empty(whatIf.Output);
            Assert.Contains("s1", shell.Host.Text);
            Assert.Equal(before, File.ReadAllText(snapshot));
            Assert.Equal(requests, _fake.Log.Count);
        }

        [Fact]
        public void The_comment_at_the_top_and_the_warning_say_what_was_assumed_left_out_and_omitted()
        {
            var (shell, snapshot, export) = ConnectAndExport("snapshot.yaml");
            using var _ = shell;

            string warning = Assert.Single(export.Warnings);
            var lines = File.ReadAllLines(snapshot);
            string comment = string.Join(" ", lines.TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()));
            foreach (string said in new[] { warning, comment })
            {
                Assert.Contains("partner roles [AdminAgent]", said);
                Assert.Contains("delegatedAdmin DAP over [", said);
                Assert.Contains("Office365", said);
                Assert.Contains("for 6 customers with delegated access on", said);
                Assert.Contains("delegatedAdmin None for 1 customer with delegated access off (c3)", said);
                Assert.Contains("subscription s9 of customer c1: offer " + FakePartnerCenter.PcOfferId("DYNAMICS_365_SALES") + " (Dynamics 365 Sales Professional) is not in the catalogue", said);
                Assert.Contains("Users omitted for 7 customers", said);
            }
            Assert.Contains("Partner Center", comment);
            Assert.DoesNotContain(lines, l => l.Contains("s9") && !l.StartsWith('#'));
            // Every line of the comment is a comment (an offer name with a line break cannot end it early).
            Assert.True(lines.TakeWhile(l => l.StartsWith('#')).Count() >= 3);
            Assert.Equal("partner:", lines.SkipWhile(l => l.StartsWith('#')).First());
            Assert.DoesNotContain(FakePartnerCenter.Token, File.ReadAllText(snapshot));
        }

        [Fact]
        public void JSON_has_no_comment_the_warning_says_it_all_and_the_file_loads_again()
        {
            var (shell, snapshot, export) = ConnectAndExport("snapshot.json", "-LiteralPath");
            using var _ = shell;
            string warning = Assert.Single(export.Warnings);
            Assert.Contains("JSON file cannot hold comments", warning);
            Assert.Contains("subscription s9 of customer c1", warning);

            var json = JObject.Parse(File.ReadAllText(snapshot));
            Assert.Equal("Fabrikam Cloud Partner", (string?)json["partner"]!["name"]);
            Assert.Equal(7, ((JArray)json["customers"]!).Count);

            var customers = shell.Ok("Connect-CspInventory -Path $p | Out-Null; Get-CspCustomer", Vars(("p", snapshot))).Select(o => (dynamic)o.BaseObject).ToList();
            Assert.Equal(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7" }, customers.Select(c => (string)c.CustomerId));
            Assert.Equal("None", customers.Single(c => (string)c.CustomerId == "c3").DelegatedAdmin.ToString());
            Assert.Equal("DAP", customers.Single(c => (string)c.CustomerId == "c1").DelegatedAdmin.ToString());
        }

        [Fact]
        public void CustomerId_and_piped_customers_choose_whom_to_export_and_an_unknown_id_is_CustomerNotFound_for_it_alone()
        {
            _fake.AddCustomer("c8", "Fabrikam India", country: "IN");
            using var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));

            string one = _dir.File("one.yaml");
            shell.Ok("Export-CspInventory -Path $p -CustomerId c2 3>$null | Out-Null", Vars(("p", one)));
            var ids = shell.Ok("Connect-CspInventory -Path $p | Out-Null; Get-CspSubscription | ForEach-Object SubscriptionId", Vars(("p", one)));
            Assert.Equal(new[] { "s2", "s3" }, ids.Select(o => o.ToString()));

            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
            string piped = _dir.File("piped.yaml");
            var run = shell.Run("'c8', 'c99', 'c1' | ForEach-Object { [pscustomobject]@{ CustomerId = $_ } } | Export-CspInventory -Path $p", Vars(("p", piped)));
            Assert.Null(run.Terminating);
            var error = Assert.Single(run.Errors);
            Assert.StartsWith("CustomerNotFound", error.FullyQualifiedErrorId);
            Assert.Equal("c99", error.TargetObject);
            Assert.Single(run.Output);
            var customers = shell.Ok("Connect-CspInventory -Path $p | Out-Null; Get-CspCustomer", Vars(("p", piped))).Select(o => (dynamic)o.BaseObject).ToList();
            Assert.Equal(new[] { "c8", "c1" }, customers.Select(c => (string)c.CustomerId));
            Assert.Equal("IN", (string)customers[0].Market);
        }
    }
}
