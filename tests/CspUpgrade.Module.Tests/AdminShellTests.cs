using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    /// <summary>What an admin types in a real shell: piped id lists, -Verbose, tab completion, wildcards, padded CSV cells.</summary>
    public class AdminShellTests
    {
        // Inventories.Basic plus a customer whose Business subscriptions are in every status but Active.
        private const string Inventory = Inventories.Basic + @"  - customerId: c5
    name: Fourth Coffee
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s10, offer: O365_BUSINESS, status: Deleted, quantity: 5 }
      - { subscriptionId: s11, offer: O365_BUSINESS, status: Suspended, quantity: 5 }
      - { subscriptionId: s12, offer: O365_BUSINESS, status: Provisioning, quantity: 5 }
      - { subscriptionId: s13, offer: O365_BUSINESS, status: Active, quantity: 5 }
";

        private static Shell Connected(TempDir dir)
        {
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", Inventory) });
            shell.Ok("Set-Location -LiteralPath $d", new Dictionary<string, object?> { ["d"] = dir.Path });
            return shell;
        }

        private static string[] Complete(Shell shell, string input) => CompletionTests.Complete(shell, input);

        [Fact]
        public void Plain_subscription_ids_pipe_into_Get_CspSubscription_and_customer_ids_into_Get_CspCustomer()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            File.WriteAllText(Path.Combine(dir.Path, "ids.txt"), "s4\ns1\n");
            File.WriteAllText(Path.Combine(dir.Path, "customers.txt"), "c2\nc3\n");

            Assert.Equal(new[] { "s4", "s1" }, shell.Of("Subscription", "Get-Content ./ids.txt | Get-CspSubscription").Strings(s => s.SubscriptionId));
            Assert.Equal(new[] { "Tailspin India", "Northwind Traders" }, shell.Of("Customer", "Get-Content ./customers.txt | Get-CspCustomer").Strings(c => c.CustomerName));
            // Customer ids reach their subscriptions through Get-CspCustomer, so a piped string never means two things.
            Assert.Equal(new[] { "s3", "s4" }, shell.Of("Subscription", "Get-Content ./customers.txt | Get-CspCustomer | Get-CspSubscription").Strings(s => s.SubscriptionId));

            var missing = shell.Run("'s4', 'nope' | Get-CspSubscription");
            Assert.Equal("s4", Assert.Single(missing.Of("Subscription")).SubscriptionId);
            Assert.StartsWith("SubscriptionNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void UpgradeAvailable_is_true_only_for_active_subscriptions_with_a_path()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var subscriptions = shell.Of("Subscription", "Get-CspSubscription -CustomerId c5");
            Assert.Equal(new[] { "s10:Deleted:False", "s11:Suspended:False", "s12:Provisioning:False", "s13:Active:True" },
                subscriptions.Strings(s => $"{s.SubscriptionId}:{s.Status}:{s.UpgradeAvailable}"));
        }

        public static IEnumerable<object[]> VerboseCommands() => new[]
        {
            new object[] { "Connect-CspInventory -Path ./inv.yaml", "Loading inventory" },
            new object[] { "Get-CspConnection", "The session uses inventory" },
            new object[] { "Get-CspOffer O365_E*", "Listing the offers named O365_E*" },
            new object[] { "Get-CspCustomer", "Listing every customer" },
            new object[] { "Get-CspCustomer -CustomerId c1", "Looking up customer 'c1'" },
            new object[] { "Get-CspSubscription -CustomerId c1", "Reading the subscriptions of customer Contoso Ltd" },
            new object[] { "Get-CspUpgradeOption -Offer O365_BUSINESS", "Reading the upgrade paths of 'O365_BUSINESS'" },
            new object[] { "Get-CspUpgradeOption -CustomerId c3 -SubscriptionId s4", "Checking the upgrade paths of subscription s4" },
            new object[] { "Test-CspUpgradeEligibility -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3", "Checking subscription s4 of customer c3 against O365_E3" },
            new object[] { "Test-CspOfferCatalog -Path ./catalog.yaml", "Validating catalogue" },
            new object[] { "Import-CspOfferCatalog -Path ./catalog.yaml", "Loading and validating catalogue" },
            new object[] { "Invoke-CspSubscriptionUpgrade -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3 -Force", "Subscription s4: Completed" },
            new object[] { "Add-CspSubscriptionLicense -CustomerId c3 -SubscriptionId s4 -Count 1 -Confirm:$false", "Checking whether 1 seat(s) can be added to subscription s4" },
            new object[] { "Disconnect-CspConnection", "Disconnected from" },
        };

        [Theory]
        [MemberData(nameof(VerboseCommands))]
        public void Verbose_says_what_every_cmdlet_is_doing(string command, string expected)
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            File.Copy(Path.Combine(Shell.Repo, "module", "DefaultCatalog.yaml"), Path.Combine(dir.Path, "catalog.yaml"));
            var verbose = shell.Ok($"{command} -Verbose 4>&1 | Where-Object {{ $_ -is [System.Management.Automation.VerboseRecord] }} | ForEach-Object Message")
                .Select(o => o.ToString()).ToList();
            Assert.True(verbose.Any(v => v.Contains(expected, StringComparison.Ordinal)), $"{command} -Verbose said: {string.Join(" | ", verbose)}");
        }

        [Fact]
        public void Get_CspCustomer_Name_completes_customer_names()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            Assert.Equal(new[] { "'Northwind Traders'" }, Complete(shell, "Get-CspCustomer -Name Nor"));
            Assert.Equal(new[] { "'Contoso Ltd'" }, Complete(shell, "Get-CspCustomer Con"));
        }

        [Fact]
        public void TargetOffer_completes_only_the_targets_of_the_named_subscription()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            Assert.Equal(new[] { "O365_BUSINESS_PREMIUM", "O365_E1", "O365_E3", "O365_E5" }, Complete(shell, "Test-CspUpgradeEligibility -CustomerId c3 -SubscriptionId s4 -TargetOffer "));
            Assert.Equal(new[] { "O365_E1", "O365_E3", "O365_E5" }, Complete(shell, "Invoke-CspSubscriptionUpgrade -SubscriptionId s4 -TargetOffer O365_E"));
            // Without a subscription every offer is offered, as before.
            Assert.Contains("O365_BUSINESS_IN", Complete(shell, "Test-CspUpgradeEligibility -CustomerId c3 -TargetOffer "));
        }

        [Fact]
        public void Get_CspSubscription_Offer_takes_wildcards_and_a_wrong_name_is_still_OfferNotFound()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            var matches = shell.Of("Subscription", "Get-CspSubscription -Offer 'O365_B*' -Status Active");
            Assert.Equal(new[] { "s1", "s3", "s4", "s13" }, matches.Strings(s => s.SubscriptionId));
            Assert.Empty(shell.Ok("Get-CspSubscription -Offer 'NOPE*'"));
            var wrong = shell.Run("Get-CspSubscription -Offer NOPE");
            Assert.StartsWith("OfferNotFound", wrong.Terminating!.FullyQualifiedErrorId);
        }

        [Fact]
        public void Blanks_around_SubscriptionId_and_CustomerId_cells_are_trimmed_like_the_other_cells()
        {
            using var dir = new TempDir();
            using var shell = Connected(dir);
            File.WriteAllText(Path.Combine(dir.Path, "worklist.csv"), "CustomerId,SubscriptionId,TargetOffer\nc3 ,s4 , O365_E3 \n");

            var result = shell.Of("EligibilityResult", "Import-Csv ./worklist.csv | Test-CspUpgradeEligibility").Single();
            Assert.Equal("s4:O365_E3:True", $"{result.SubscriptionId}:{result.TargetOfferId}:{result.IsEligible}");
            Assert.Equal("s4", shell.Of("Subscription", "Import-Csv ./worklist.csv | Get-CspSubscription").Single().SubscriptionId);
            Assert.Equal("Completed", shell.Of("UpgradeResult", "Import-Csv ./worklist.csv | Invoke-CspSubscriptionUpgrade -Force").Single().Status.ToString());
        }

        [Fact]
        public void An_offer_without_upgrade_paths_says_so_instead_of_printing_nothing()
        {
            using var shell = new Shell();
            var result = shell.Run("Get-CspUpgradeOption -Offer O365_E3");
            Assert.Empty(result.Output);
            Assert.Empty(result.Errors);
            Assert.Equal("O365_E3 (Office 365 Enterprise E3) has no upgrade paths in the catalogue: it is not a source of any path.", Assert.Single(result.Warnings));
            // Offers piped in, or matched by a pattern, are a listing: only -Verbose mentions those without paths.
            Assert.Empty(shell.Run("Get-CspOffer O365_E* | Get-CspUpgradeOption").Warnings);
        }
    }
}
