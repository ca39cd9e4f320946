using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// A CSV cell a parameter cannot take (UpgradeType 'Upgrade-Only', Quantity '3O' or '0', Count '3O') is an error for its
    /// row and nothing is done for that row; PowerShell alone would leave the parameter unbound and run the row with the
    /// default (license transfer, the full quantity). The rows come from real files through Import-Csv.
    /// </summary>
    public class SafeInputTests
    {
        // Four customers alike: Business Essentials, 40 seats, eligible for O365_E3.
        private static readonly string Inventory = "partner:\n  name: Fabrikam Cloud Partner\n  roles: [AdminAgent]\ncustomers:\n" + string.Concat(
            Enumerable.Range(1, 4).Select(i => $@"  - customerId: d{i}
    name: Customer {i}
    market: US
    delegatedAdmin: {{ type: DAP, services: [Office365] }}
    subscriptions:
      - {{ subscriptionId: e{i}, offer: O365_BUSINESS_ESSENTIALS, status: Active, quantity: 40, billingCycle: Annual }}
"));

        private const string BadCells = @"CustomerId,SubscriptionId,TargetOffer,UpgradeType,Quantity
d1,e1,O365_E3,Upgrade-Only,
d2,e2,O365_E3,,3O
d3,e3,O365_E3,UpgradeOnly,0
d4,e4,O365_E3,upgradeonly,
";

        private static (Shell Shell, string Dir) Connected(TempDir dir)
        {
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", Inventory) });
            shell.Ok("Set-Location -LiteralPath $d", new Dictionary<string, object?> { ["d"] = dir.Path });
            return (shell, dir.Path);
        }

        private static void AssertBadCellErrors(ShellResult result, string command)
        {
            Assert.Null(result.Terminating);
            Assert.Equal(3, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal("ParameterArgumentValidationError," + command, e.FullyQualifiedErrorId));
            Assert.All(result.Errors, e => Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.Equal(new[] { "e1", "e2", "e3" }, result.Errors.Select(e => e.TargetObject?.ToString()).ToArray());
            Assert.Contains("'Upgrade-Only' is not a valid UpgradeType; use one of: UpgradeWithLicenseTransfer, UpgradeOnly.", result.Errors[0].ToString());
            Assert.Contains("'3O' is not a valid Quantity; give a whole number, 1 or more.", result.Errors[1].ToString());
            Assert.Contains("'0' is not a valid Quantity", result.Errors[2].ToString());
            Assert.All(result.Errors, e => Assert.Contains("Nothing was done for", e.ToString()));
        }

        [Fact]
        public void Invoke_CspSubscriptionUpgrade_does_nothing_for_a_row_with_a_bad_cell_and_upgrades_the_rest()
        {
            using var dir = new TempDir();
            var (shell, path) = Connected(dir);
            using (shell)
            {
                File.WriteAllText(Path.Combine(path, "worklist.csv"), BadCells);
                var result = shell.Run("Import-Csv ./worklist.csv | Invoke-CspSubscriptionUpgrade -Force");

                AssertBadCellErrors(result, "CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand");
                var upgraded = result.Of("UpgradeResult").Single();
                Assert.Equal("e4", upgraded.SubscriptionId);
                Assert.Equal("UpgradeOnly", upgraded.UpgradeType.ToString());
                Assert.Equal(40, upgraded.Quantity);

                // The rows with a bad cell are untouched: still one active Business Essentials subscription of 40 seats.
                foreach (string customer in new[] { "d1", "d2", "d3" })
                {
                    var subscription = shell.Of("Subscription", "Get-CspSubscription -CustomerId $c", new Dictionary<string, object?> { ["c"] = customer }).Single();
                    Assert.Equal("O365_BUSINESS_ESSENTIALS", subscription.OfferId);
                    Assert.Equal("Active", subscription.Status.ToString());
                    Assert.Equal(40, subscription.Quantity);
                }
            }
        }

        [Fact]
        public void Test_CspUpgradeEligibility_reports_a_bad_cell_for_its_row_and_checks_the_rest()
        {
            using var dir = new TempDir();
            var (shell, path) = Connected(dir);
            using (shell)
            {
                File.WriteAllText(Path.Combine(path, "worklist.csv"), BadCells + "d1,e1,O365_E3, UpgradeOnly , 12 \n");
                var result = shell.Run("Import-Csv ./worklist.csv | Test-CspUpgradeEligibility");

                AssertBadCellErrors(result, "CspUpgrade.Commands.TestCspUpgradeEligibilityCommand");
                var checkedRows = result.Of("EligibilityResult");
                Assert.Equal(new[] { "e4:UpgradeOnly:40", "e1:UpgradeOnly:12" }, checkedRows.Strings(r => $"{r.SubscriptionId}:{r.UpgradeType}:{r.Quantity}"));
            }
        }

        [Fact]
        public void Add_CspSubscriptionLicense_names_a_bad_Count_cell_and_adds_the_other_rows()
        {
            using var dir = new TempDir();
            var (shell, path) = Connected(dir);
            using (shell)
            {
                File.WriteAllText(Path.Combine(path, "seats.csv"), "CustomerId,SubscriptionId,Count\nd1,e1,3O\nd2,e2,5\nd3,e3,100001\n");
                var result = shell.Run("Import-Csv ./seats.csv | Add-CspSubscriptionLicense -Confirm:$false -PassThru");

                Assert.Equal(new[] { "e2:45" }, result.Of("Subscription").Strings(s => $"{s.SubscriptionId}:{s.Quantity}"));
                Assert.Equal(2, result.Errors.Count);
                Assert.All(result.Errors, e => Assert.Equal("ParameterArgumentValidationError,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand", e.FullyQualifiedErrorId));
                Assert.Contains("'3O' is not a valid Count; give a whole number from 1 to 100000.", result.Errors[0].ToString());
                Assert.Equal("e1", result.Errors[0].TargetObject);
                Assert.Contains("'100001' is not a valid Count", result.Errors[1].ToString());
                Assert.Equal(new[] { "40", "45", "40" }, shell.Ok("(Get-CspSubscription -CustomerId d1, d2, d3).Quantity").Select(o => o.ToString()).ToArray());
            }
        }

        [Theory]
        [InlineData("Test-CspUpgradeEligibility -CustomerId d1 -UpgradeType Upgrade-Only", "TestCspUpgradeEligibilityCommand")]
        [InlineData("Invoke-CspSubscriptionUpgrade d1 e1 O365_E3 -Quantity 3O -Force", "InvokeCspSubscriptionUpgradeCommand")]
        [InlineData("Add-CspSubscriptionLicense d1 e1 -Count 0 -Confirm:$false", "AddCspSubscriptionLicenseCommand")]
        public void A_bad_value_typed_on_the_command_line_stops_the_command_before_anything_is_done(string command, string cmdlet)
        {
            using var dir = new TempDir();
            var (shell, _) = Connected(dir);
            using (shell)
            {
                var result = shell.Run(command);
                Assert.NotNull(result.Terminating);
                Assert.Equal("ParameterArgumentValidationError,CspUpgrade.Commands." + cmdlet, result.Terminating!.FullyQualifiedErrorId);
                Assert.Empty(result.Output);
                var subscription = shell.Of("Subscription", "Get-CspSubscription -CustomerId d1").Single();
                Assert.Equal("O365_BUSINESS_ESSENTIALS:40", $"{subscription.OfferId}:{subscription.Quantity}");
            }
        }

        [Fact]
        public void UpgradeType_keeps_its_names_in_completion_and_help()
        {
            using var shell = new Shell();
            Assert.Equal(new[] { "UpgradeWithLicenseTransfer", "UpgradeOnly" }, CompletionTests.Complete(shell, "Invoke-CspSubscriptionUpgrade -UpgradeType "));

            string syntax = Regex.Replace(string.Join("\n", shell.Ok("Get-Help Test-CspUpgradeEligibility | Out-String -Width 400").Select(o => o.ToString())), @"\s+", " ");
            Assert.Contains("[-UpgradeType {UpgradeWithLicenseTransfer | UpgradeOnly}]", syntax);
        }
    }
}
