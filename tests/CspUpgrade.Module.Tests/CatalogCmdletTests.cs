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
            Assert.Equal(12, shell.Of("CatalogOffer", "Get-CspOffer").Length);
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
            Assert.Equal(12, shell.Of("CatalogOffer", "Get-CspOffer").Length);

            shell.Ok("Import-CspOfferCatalog -Path $p", new Dictionary<string, object?> { ["p"] = good });
            Assert.Equal(new[] { "A", "B" }, shell.Of("CatalogOffer", "Get-CspOffer").Strings(o => o.OfferId));
            Assert.Equal("B", shell.Of("UpgradeOption", "Get-CspUpgradeOption Alpha").Single().TargetOfferId);

            shell.Ok("Import-CspOfferCatalog -Default");
            Assert.Equal(12, shell.Of("CatalogOffer", "Get-CspOffer").Length);
        }
    }
}
