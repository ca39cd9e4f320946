using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    public class CatalogCmdletTests
    {
        private const string SmallCatalog = @"offers:
  - { id: A, name: Alpha, serviceFamily: Office365, services: [Mail], billingCycles: [Monthly] }
  - { id: B, name: Beta, serviceFamily: Office365, services: [Mail, Chat], billingCycles: [Monthly] }
upgradePaths:
  - { source: A, targets: [B] }
";

        [Fact]
        public void Get_CspOffer_finds_by_id_name_and_wildcard_and_reports_unknown_names()
        {
            using var shell = new Shell();
            Assert.Equal(24, shell.Of("CatalogOffer", "Get-CspOffer").Length);
            Assert.Equal("O365_E3", shell.Of("CatalogOffer", "Get-CspOffer 'office 365 enterprise e3'").Single().OfferId);
            Assert.Equal(new[] { "O365_BUSINESS_IN", "O365_BUSINESS_PREMIUM_IN", "O365_BUSINESS_ESSENTIALS_IN" },
                shell.Of("CatalogOffer", "Get-CspOffer '*(India)'").Strings(o => o.OfferId));
            var result = shell.Run("Get-CspOffer O365_E3, NOPE");
            Assert.Single(result.Of("CatalogOffer"));
            Assert.StartsWith("OfferNotFound", result.Errors.Single().FullyQualifiedErrorId);
        }

        [Fact]
        public void Test_CspOfferCatalog_reports_every_problem_and_nothing_for_a_valid_file()
        {
            using var dir = new TempDir();
            string good = dir.Write("good.yaml", SmallCatalog);
            string bad = dir.Write("bad.yaml", SmallCatalog.Replace("{ source: A, targets: [B] }", "{ source: A, targets: [A, C] }").Replace("name: Beta,", "name: Beta, colour: red,"));
            using var shell = new Shell();
            Assert.Empty(shell.Ok("Test-CspOfferCatalog -Path $p", new Dictionary<string, object?> { ["p"] = good }));

            var diagnostics = shell.Of("FileDiagnostic", $"Test-CspOfferCatalog -LiteralPath '{bad}'");
            Assert.Equal(new[] { "UnknownKey", "SelfUpgrade", "UnknownOffer" }, diagnostics.Strings(d => d.Code));
            Assert.All(diagnostics, d => Assert.Equal(bad, d.Path));
            Assert.Equal((3, 26), ((int)diagnostics[0].Line, (int)diagnostics[0].Column));
            Assert.Equal((5, 28), ((int)diagnostics[1].Line, (int)diagnostics[1].Column));
        }

        [Fact]
        public void Import_replaces_the_catalogue_only_when_valid_and_Default_restores_it()
        {
            using var dir = new TempDir();
            string good = dir.Write("good.yaml", SmallCatalog);
            string bad = dir.Write("bad.yaml", SmallCatalog.Replace("id: B", "id: A"));
            using var shell = new Shell();

            var error = shell.Run("Import-CspOfferCatalog -Path $p", new Dictionary<string, object?> { ["p"] = bad }).Terminating!;
            Assert.StartsWith("CatalogInvalid", error.FullyQualifiedErrorId);
            Assert.Contains(bad + ":3:", error.Exception.Message);
            Assert.Equal(24, shell.Of("CatalogOffer", "Get-CspOffer").Length);

            shell.Ok("Import-CspOfferCatalog -Path $p", new Dictionary<string, object?> { ["p"] = good });
            Assert.Equal(new[] { "A", "B" }, shell.Of("CatalogOffer", "Get-CspOffer").Strings(o => o.OfferId));
            Assert.Equal("B", shell.Of("UpgradeOption", "Get-CspUpgradeOption Alpha").Single().TargetOfferId);

            shell.Ok("Import-CspOfferCatalog -Default");
            Assert.Equal(24, shell.Of("CatalogOffer", "Get-CspOffer").Length);
        }

        [Fact]
        public void Get_CspOffer_finds_former_names_and_lists_both_offers_of_a_shared_name()
        {
            using var shell = new Shell();
            // Former names (aliases), exact and by wildcard.
            Assert.Equal("O365_PROPLUS", shell.Of("CatalogOffer", "Get-CspOffer 'Office 365 ProPlus'").Single().OfferId);
            Assert.Equal(new[] { "O365_BUSINESS_PREMIUM", "O365_BUSINESS_PREMIUM_IN" },
                shell.Of("CatalogOffer", "Get-CspOffer 'office 365 business premium*'").Strings(o => o.OfferId));
            var proPlus = shell.Of("CatalogOffer", "Get-CspOffer O365_PROPLUS").Single();
            Assert.Equal("Microsoft 365 Apps for enterprise", (string)proPlus.Offer);
            Assert.Equal(new[] { "Office 365 ProPlus" }, ((IEnumerable<string>)proPlus.Aliases).ToArray());
            // A name a legacy and a new-commerce offer share: a filter matches both; -Commerce keeps one.
            Assert.Equal(new[] { "O365_BUSINESS_ESSENTIALS", "M365_BUSINESS_BASIC" },
                shell.Of("CatalogOffer", "Get-CspOffer 'Microsoft 365 Business Basic'").Strings(o => o.OfferId));
            Assert.Equal(new[] { "M365_BUSINESS_BASIC" },
                shell.Of("CatalogOffer", "Get-CspOffer 'Microsoft 365 Business Basic' -Commerce NewCommerce").Strings(o => o.OfferId));
            Assert.Equal(12, shell.Of("CatalogOffer", "Get-CspOffer -Commerce NewCommerce").Length);
            Assert.All(shell.Of("CatalogOffer", "Get-CspOffer -Commerce Legacy"), o => Assert.Equal("Legacy", o.Commerce.ToString()));
        }

        [Fact]
        public void Get_CspUpgradeOption_for_a_shared_name_is_OfferAmbiguous_naming_both_ids()
        {
            using var shell = new Shell();
            var result = shell.Run("Get-CspUpgradeOption -Offer 'Microsoft 365 Business Basic', 'Office 365 Business'");
            var error = result.Errors.Single();
            Assert.StartsWith("OfferAmbiguous", error.FullyQualifiedErrorId);
            Assert.Contains("O365_BUSINESS_ESSENTIALS", error.Exception.Message);
            Assert.Contains("M365_BUSINESS_BASIC", error.Exception.Message);
            Assert.Equal("Microsoft 365 Business Basic", error.TargetObject);
            // The rest of the list still answers: the former name of Apps for business is not shared.
            Assert.Equal(4, result.Of("UpgradeOption").Length);
            Assert.All(result.Of("UpgradeOption"), o => Assert.Equal("O365_BUSINESS", (string)o.OfferId));
            // By id there is nothing to decide.
            Assert.Equal(7, shell.Of("UpgradeOption", "Get-CspUpgradeOption -Offer M365_BUSINESS_BASIC").Length);
        }
    }
}
