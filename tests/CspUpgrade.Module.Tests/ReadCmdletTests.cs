using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    public class ReadCmdletTests
    {
        private static Shell Connected(TempDir dir, string inventory = Inventories.Basic)
        {
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", inventory) });
            return shell;
        }

        [Fact]
        public void Backend_cmdlets_fail_with_NotConnected_and_say_how_to_connect()
        {
            using var shell = new Shell();
            foreach (string command in new[] { "Get-CspCustomer", "Get-CspSubscription", "Test-CspUpgradeEligibility -CustomerId c1" })
            {
                var result = shell.Run(command);
                var error = result.Terminating ?? result.Errors.Single();
                Assert.StartsWith("NotConnected", error.FullyQualifiedErrorId);
                Assert.Contains("Connect-CspInventory", error.Exception.Message);
            }
            var connection = shell.Run("Get-CspConnection");
            Assert.StartsWith("NotConnected", connection.Errors.Single().FullyQualifiedErrorId);
        }

        [Fact]
        public void Connection_is_per_runspace()
        {
            using var dir = new TempDir();
            using var connected = Connected(dir);
            using var other = new Shell();
            Assert.Single(connected.Of("ConnectionInfo", "Get-CspConnection"));
            Assert.StartsWith("NotConnected", other.Run("Get-CspCustomer").Terminating!.FullyQualifiedErrorId);
        }

        [Fact]
        public void Path_resolves_against_the_PowerShell_location_not_the_process_directory()
        {
            using var dir = new TempDir();
            dir.Write("inv.yaml", Inventories.Basic);
            using var shell = new Shell();
            var connection = shell.Of("ConnectionInfo", "$ExecutionContext.SessionState.Path.SetLocation($d) | Out-Null; Connect-CspInventory -Path ./inv.yaml", new Dictionary<string, object?> { ["d"] = dir.Path }).Single();
            Assert.Equal(System.IO.Path.Combine(dir.Path, "inv.yaml"), connection.Path);
            Assert.Equal("Inventory", connection.Backend);
            Assert.Equal("Fabrikam Cloud Partner", connection.PartnerName);
        }

        [Fact]
        public void Invalid_inventory_is_a_terminating_InventoryInvalid_naming_file_line_and_column()
        {
            using var dir = new TempDir();
            string file = dir.Write("bad.yaml", Inventories.Basic.Replace("    market: IN", "    market: IN\n    colour: blue"));
            using var shell = new Shell();
            var error = shell.Run("Connect-CspInventory -LiteralPath $p", new Dictionary<string, object?> { ["p"] = file }).Terminating!;
            Assert.StartsWith("InventoryInvalid", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains(file + ":18:5", error.Exception.Message);
            Assert.Contains("colour", error.Exception.Message);
            Assert.StartsWith("NotConnected", shell.Run("Get-CspConnection").Errors.Single().FullyQualifiedErrorId);
        }

        [Fact]
        public void Customers_and_subscriptions_flow_through_the_pipeline()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var customers = shell.Of("Customer", "Get-CspCustomer");
            Assert.Equal(new[] { "c1", "c2", "c3" }, customers.Strings(c => c.CustomerId));

            var subscriptions = shell.Of("Subscription", "Get-CspCustomer -Name 'Contoso*' | Get-CspSubscription");
            Assert.Equal(new[] { "s1", "s2", "s9" }, subscriptions.Strings(s => s.SubscriptionId));
            Assert.All(subscriptions, s => Assert.Equal("Contoso Ltd", s.CustomerName));
            Assert.True(subscriptions[0].UpgradeAvailable);
            Assert.False(subscriptions[1].UpgradeAvailable);
            Assert.Equal("Microsoft 365 Apps for business", subscriptions[0].Offer);

            // By the former name (an alias) and by the current one.
            var byOffer = shell.Of("Subscription", "Get-CspSubscription -Offer 'office 365 business (india)'");
            Assert.Equal("s3", byOffer.Single().SubscriptionId);
            Assert.Equal("s3", shell.Of("Subscription", "Get-CspSubscription -Offer 'Microsoft 365 Apps for business (India)'").Single().SubscriptionId);
            var active = shell.Of("Subscription", "Get-CspSubscription -CustomerId c1 -Status Deleted");
            Assert.Equal("s9", active.Single().SubscriptionId);
        }

        [Fact]
        public void Unknown_customer_in_a_list_is_one_error_and_the_rest_continue()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var result = shell.Run("'c1', 'nope', 'c3' | ForEach-Object { [pscustomobject]@{ CustomerId = $_ } } | Get-CspCustomer");
            Assert.Equal(new[] { "c1", "c3" }, result.Of("Customer").Strings(c => c.CustomerId));
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("CustomerNotFound", error.FullyQualifiedErrorId);
            Assert.Equal("nope", error.TargetObject);
        }
    }
}
