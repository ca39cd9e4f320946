using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using static CspUpgrade.Module.Tests.ExampleInventory;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// Every output type through Export-Csv and back with Import-Csv, as an admin keeps a report: no cell holds a type name
    /// (collections print their items), and the reasons and what to do about them are in the file.
    /// </summary>
    public class CsvRoundTripTests
    {
        private static readonly Dictionary<string, string> s_outputs = new Dictionary<string, string>
        {
            ["customers"] = "Get-CspCustomer",
            ["subscriptions"] = "Get-CspSubscription",
            ["offers"] = "Get-CspOffer",
            ["offer options"] = "Get-CspUpgradeOption -Offer O365_BUSINESS, O365_BUSINESS_ESSENTIALS",
            ["piped options"] = "Get-CspSubscription | Get-CspUpgradeOption",
            ["eligibility results"] = "Get-CspCustomer | Test-CspUpgradeEligibility",
            ["reasons"] = "(Get-CspCustomer | Test-CspUpgradeEligibility).Reasons",
            ["upgrade results"] = Upgrade,
            ["affected accounts"] = "$(" + Upgrade + ").AffectedAccounts",
            ["billing impact"] = "$(" + Upgrade + ").BillingImpact",
            ["license -PassThru"] = "Add-CspSubscriptionLicense -CustomerId " + NorthwindId + " -SubscriptionId " + NorthwindSub + " -Count 2 -PassThru",
            ["connection"] = "Get-CspConnection",
            ["catalogue diagnostics"] = "Test-CspOfferCatalog -LiteralPath (Join-Path $dir 'bad-catalog.yaml')",
        };

        public static IEnumerable<object[]> Outputs => s_outputs.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Outputs))]
        public void No_cell_of_an_exported_output_prints_as_a_type_name(string output)
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            var (objects, rows) = RoundTrip(shell, dir, s_outputs[output]);

            Assert.NotEmpty(rows);
            Assert.Equal(objects, rows.Count);
            foreach (var row in rows)
            {
                foreach (var cell in row.Properties)
                {
                    string text = cell.Value?.ToString() ?? string.Empty;
                    Assert.False(text.Contains("System.") || text.Contains("CspUpgrade.") || text.Contains("`1["),
                        $"{output}: column {cell.Name} holds a type name: {text}");
                }
            }
        }

        [Fact]
        public void Exported_eligibility_keeps_every_reason_and_its_remediation()
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            shell.Ok("$x = @(Get-CspCustomer | Test-CspUpgradeEligibility)");
            var (_, rows) = RoundTrip(shell, dir, "$x");

            var results = shell.Ok("$x").Select(o => (dynamic)o.BaseObject).ToArray();
            Assert.Contains(results, r => !(bool)r.IsEligible);
            for (int i = 0; i < results.Length; i++)
            {
                var row = rows[i];
                Assert.Equal((string)results[i].ReasonCodes, Cell(row, "ReasonCodes"));
                Assert.Equal(string.Join("; ", ((IEnumerable<object>)results[i].AdditionalServices).Select(s => s.ToString())), Cell(row, "AdditionalServices"));
                foreach (dynamic reason in (IEnumerable<object>)results[i].Reasons)
                {
                    foreach (string column in new[] { "ReasonSummary", "Reasons" })
                    {
                        Assert.Contains(reason.Code.ToString() + ": " + (string)reason.Message, Cell(row, column));
                        Assert.Contains("Remediation: " + (string)reason.Remediation, Cell(row, column));
                    }
                }
                if ((bool)results[i].IsEligible)
                {
                    Assert.Equal(string.Empty, Cell(row, "ReasonSummary"));
                }
            }
            // Multichannel conflicts say what the customer must cancel, in the file an admin forwards.
            Assert.Contains(rows, r => Cell(r, "ReasonSummary").Contains("Remediation: The customer must cancel subscription 290de879-64f6-415c-890c-bd55aa168686"));
        }

        [Fact]
        public void Exported_piped_upgrade_options_keep_their_reasons_and_the_customer()
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            var (_, rows) = RoundTrip(shell, dir, "Get-CspSubscription -CustomerId " + LitwareId + " | Get-CspUpgradeOption");
            Assert.All(rows, r => Assert.Equal("Litware Inc", Cell(r, "CustomerName")));
            var conflict = rows.First(r => Cell(r, "ReasonCodes").Contains("ConflictingServiceTypes"));
            Assert.Contains("Remediation: The customer must cancel subscription", Cell(conflict, "ReasonSummary"));
            Assert.Equal("Exchange; SharePoint; Teams; OfficeWeb", Cell(rows.First(r => Cell(r, "TargetOfferId") == "O365_BUSINESS_PREMIUM"), "AdditionalServices"));
        }

        [Fact]
        public void Exported_collections_list_their_items()
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            var (_, offers) = RoundTrip(shell, dir, "Get-CspOffer O365_BUSINESS");
            Assert.Equal("OfficeApps; OneDrive", Cell(offers[0], "Services"));
            Assert.Equal("Office 365 Business", Cell(offers[0], "Aliases"));
            Assert.Equal("", Cell(offers[0], "BillingCycles")); // the shipped catalogue restricts none
            Assert.Equal("O365_BUSINESS_PREMIUM; O365_PROPLUS; O365_E3; O365_E5", Cell(offers[0], "UpgradeTargets"));
            var (_, limited) = RoundTrip(shell, dir, "Import-CspOfferCatalog -Path (Join-Path $repo 'tests/Fixtures/billing-limited-catalog.yaml'); Get-CspOffer O365_E3");
            Assert.Equal("Monthly; Annual", Cell(limited[0], "BillingCycles"));
            shell.Ok("Import-CspOfferCatalog -Default");

            var (_, customers) = RoundTrip(shell, dir, "Get-CspCustomer -CustomerId " + ContosoId);
            Assert.Equal("DirectoryWriter", Cell(customers[0], "GdapRoles"));
            Assert.Equal("Office365", Cell(customers[0], "DelegatedServices"));

            var (_, connection) = RoundTrip(shell, dir, "Get-CspConnection");
            Assert.Equal("AdminAgent", Cell(connection[0], "PartnerRoles"));

            var (_, upgrades) = RoundTrip(shell, dir, Upgrade);
            Assert.Equal("1", Cell(upgrades[0], "AffectedAccountCount"));
            Assert.Equal("ben@contoso.example: NoSeatAvailable", Cell(upgrades[0], "AffectedAccounts"));
            // The net depends on the days left in the period (today's date); with prices it is a plain number.
            Assert.True(decimal.TryParse(Cell(upgrades[0], "BillingNet"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _), Cell(upgrades[0], "BillingNet"));
        }

        [Fact]
        public void Collections_print_their_items_in_strings_and_default_tables()
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            Assert.Equal("OfficeApps; OneDrive", shell.Ok("(Get-CspOffer O365_BUSINESS).Services.ToString()")[0].ToString());
            Assert.Equal("Services: OfficeApps OneDrive", shell.Ok("$o = Get-CspOffer O365_BUSINESS; \"Services: $($o.Services)\"")[0].ToString());
            string table = string.Concat(shell.Ok("Get-CspOffer O365_BUSINESS | Format-Table OfferId, Services, Aliases | Out-String -Width 120").Select(o => o.ToString()));
            Assert.Contains("{OfficeApps, OneDrive}", table);
            Assert.Contains("{Office 365 Business}", table);
            string limited = string.Concat(shell.Ok("Import-CspOfferCatalog -Path (Join-Path $repo 'tests/Fixtures/billing-limited-catalog.yaml'); " +
                "Get-CspOffer O365_E3 | Format-Table OfferId, BillingCycles | Out-String -Width 120").Select(o => o.ToString()));
            Assert.Contains("{Monthly, Annual}", limited);
        }

        /// <summary>How many objects the command wrote, and the rows Import-Csv reads back from its Export-Csv file.</summary>
        private static (int Objects, List<PSObject> Rows) RoundTrip(Shell shell, TempDir dir, string command)
        {
            string csv = Path.Combine(dir.Path, "out-" + System.Guid.NewGuid().ToString("N") + ".csv");
            int objects = (int)shell.Ok("$y = @(" + command + "); $y | Export-Csv -LiteralPath $csv -NoTypeInformation; $y.Count",
                new Dictionary<string, object?> { ["csv"] = csv })[0].BaseObject;
            var rows = shell.Ok("Import-Csv -LiteralPath $csv", new Dictionary<string, object?> { ["csv"] = csv });
            return (objects, rows);
        }

        private static string Cell(PSObject row, string column) => row.Properties[column]?.Value?.ToString() ?? string.Empty;
    }
}
