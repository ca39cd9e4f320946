using System;
using System.Collections.Generic;
using System.Linq;
using static CspUpgrade.Module.Tests.ExampleInventory;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// The default views as an admin sees them: every output type rendered with Out-String -Width 120 (the columns SPEC 2
    /// asks for, every value whole) and -Width 80 (no line past the console, no column cut into slivers), on the example
    /// inventory, whose ids are real-length GUIDs.
    /// </summary>
    public class ViewTests
    {
        public sealed record Case(string Command, string[] Header, string[] Properties, string? GroupBy = null);

        private static readonly Dictionary<string, Case> s_cases = new Dictionary<string, Case>
        {
            ["offers"] = new Case("Get-CspOffer",
                new[] { "OfferId", "Offer", "Commerce", "Market", "MaxSeats", "Services", "Aliases" },
                new[] { "OfferId", "Offer", "Commerce", "Market", "MaxSeats", "Services", "Aliases" }),
            ["offer options"] = new Case("Get-CspUpgradeOption -Offer O365_BUSINESS, O365_BUSINESS_IN, O365_BUSINESS_ESSENTIALS",
                new[] { "OfferId", "TargetOfferId", "TargetOffer", "MaxSeats", "AdditionalServices" },
                new[] { "OfferId", "TargetOfferId", "TargetOffer", "MaxSeats", "AdditionalServices" }),
            ["piped options"] = new Case("Get-CspSubscription | Get-CspUpgradeOption",
                new[] { "SubscriptionId", "TargetOfferId", "Eligible", "ReasonCodes" },
                new[] { "SubscriptionId", "TargetOfferId", "IsEligible", "ReasonCodes" }, GroupBy: "CustomerName"),
            ["customers"] = new Case("Get-CspCustomer",
                new[] { "CustomerId", "CustomerName", "Market", "DelegatedAdmin", "Subscriptions", "Users" },
                new[] { "CustomerId", "CustomerName", "Market", "DelegatedAdmin", "SubscriptionCount", "UserCount" }),
            ["subscriptions"] = new Case("Get-CspSubscription",
                new[] { "CustomerName", "SubscriptionId", "OfferId", "Status", "Quantity", "UpgradeAvailable" },
                new[] { "CustomerName", "SubscriptionId", "OfferId", "Status", "Quantity", "UpgradeAvailable" }),
            ["eligibility"] = new Case("Get-CspCustomer | Test-CspUpgradeEligibility",
                new[] { "SubscriptionId", "TargetOfferId", "Kind", "Eligible", "ReasonCodes" },
                new[] { "SubscriptionId", "TargetOfferId", "Kind", "IsEligible", "ReasonCodes" }, GroupBy: "CustomerName"),
            ["reasons"] = new Case("(Get-CspCustomer | Test-CspUpgradeEligibility).Reasons",
                new[] { "Code", "Message", "Remediation" },
                new[] { "Code", "Message", "Remediation" }),
            ["connection"] = new Case("Get-CspConnection",
                new[] { "Backend", "PartnerName", "PartnerRoles", "Location", "TokenExpiresOn" },
                new[] { "Backend", "PartnerName", "PartnerRoles" }),
            ["upgrade result"] = new Case(Upgrade,
                new[] { "SubscriptionId", "TargetOfferId", "Status", "Kind", "Affected", "ToAssign", "BillingNet" },
                new[] { "SubscriptionId", "TargetOfferId", "Status", "Kind", "AffectedAccountCount", "SeatsToAssign", "BillingNet" }, GroupBy: "CustomerName"),
            ["affected accounts"] = new Case("$(" + Upgrade + ").AffectedAccounts",
                new[] { "UserPrincipalName", "Reason", "Services", "Detail" },
                new[] { "UserPrincipalName", "Reason", "Services", "Detail" }),
            ["billing impact"] = new Case("$(" + Upgrade + ").BillingImpact",
                new[] { "Credit", "Charge", "Net", "Currency", "DaysRemaining", "DaysInPeriod", "UnavailableReason" },
                new[] { "Credit", "Charge", "Net", "Currency", "DaysRemaining", "DaysInPeriod" }),
            ["catalogue diagnostics"] = new Case("Test-CspOfferCatalog -LiteralPath (Join-Path $dir 'bad-catalog.yaml')",
                new[] { "Severity", "Code", "Line", "Column", "Message" },
                new[] { "Severity", "Code", "Line", "Column", "Message" }, GroupBy: "Path"),
        };

        public static IEnumerable<object[]> Cases => s_cases.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Cases))]
        public void Default_view_shows_its_columns_with_every_value_whole_at_120_columns(string name)
        {
            var view = s_cases[name];
            var (rendered, values, groups) = Render(view, 120);

            AssertFits(rendered, 119);
            Assert.Equal(view.Header, HeaderOf(rendered));
            Assert.NotEmpty(values.SelectMany(v => v.Value));
            foreach (string value in values.SelectMany(v => v.Value))
            {
                AssertWhole(rendered, value);
            }
            foreach (string group in groups)
            {
                Assert.Contains($"{view.GroupBy}: {group}", rendered);
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Default_view_at_80_columns_drops_whole_columns_instead_of_cutting_them(string name)
        {
            var view = s_cases[name];
            var (rendered, values, _) = Render(view, 80);

            AssertFits(rendered, 80);
            // The leading columns that fit keep their labels and values whole; a column that does not fit is left out,
            // not squeezed into a sliver that cuts its label and values mid-word.
            string[] header = HeaderOf(rendered);
            Assert.NotEmpty(header);
            Assert.Equal(view.Header.Take(header.Length), header);
            foreach (string property in view.Properties.Take(header.Length))
            {
                foreach (string value in values[property])
                {
                    AssertWhole(rendered, value);
                }
            }
            Assert.DoesNotContain("System.", rendered);
        }

        [Fact]
        public void Piped_upgrade_options_and_options_of_an_offer_get_different_views()
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            var piped = shell.Ok("Get-CspSubscription -CustomerId " + ContosoId + " | Get-CspUpgradeOption | Select-Object -First 1");
            var offer = shell.Ok("Get-CspUpgradeOption -Offer O365_BUSINESS | Select-Object -First 1");
            Assert.Equal("CspUpgrade.UpgradeOption#Subscription", piped[0].TypeNames[0]);
            Assert.Equal("CspUpgrade.UpgradeOption", offer[0].TypeNames[0]);
            // Still the same .NET type: scripts that test [CspUpgrade.UpgradeOption] or pipe it on are unaffected.
            Assert.Equal(offer[0].BaseObject.GetType(), piped[0].BaseObject.GetType());
            Assert.True((bool)shell.Ok("$o = Get-CspSubscription -CustomerId " + ContosoId + " | Get-CspUpgradeOption | Select-Object -First 1; $o -is [CspUpgrade.UpgradeOption]")[0].BaseObject);
        }

        [Theory]
        [InlineData("Get-CspCustomer -Name Litware* | Test-CspUpgradeEligibility", new[] { "Customer", "Subscription", "Target", "AdditionalServices", "Eligible", "Reasons", "Remediation" })]
        [InlineData("Get-CspSubscription -CustomerId " + ContosoId + " | Get-CspUpgradeOption", new[] { "Customer", "SubscriptionId", "Offer", "Target", "MaxSeats", "AdditionalServices", "Eligible" })]
        [InlineData("Get-CspUpgradeOption -Offer O365_BUSINESS", new[] { "Offer", "Target", "MaxSeats", "AdditionalServices" })]
        [InlineData(Upgrade, new[] { "Customer", "Subscription", "Target", "TargetSubscriptionId", "Status", "AffectedAccounts", "Billing" })]
        public void Long_forms_are_list_views_whose_text_wraps_at_words_at_120_and_80_columns(string command, string[] labels)
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            shell.Ok("$x = @(" + command + ")");
            // Every word of every reason, remediation and affected account must come out whole (the list wraps at spaces).
            var texts = shell.Ok(
                "$x | ForEach-Object { if ($_.PSObject.Properties['Reasons']) { $_.Reasons | ForEach-Object { $_.Message; $_.Remediation } }; " +
                "if ($_.PSObject.Properties['AffectedAccounts']) { $_.AffectedAccounts | ForEach-Object { $_.Detail } } }").Select(t => t.ToString()).ToList();
            foreach (int width in new[] { 120, 80 })
            {
                string rendered = string.Concat(shell.Ok($"$x | Format-List | Out-String -Width {width}").Select(o => o.ToString()));
                AssertFits(rendered, width);
                foreach (string label in labels)
                {
                    Assert.Matches($"(?m)^{label} +: ", rendered);
                }
                foreach (string text in texts)
                {
                    AssertWhole(rendered, text);
                }
            }
        }

        /// <summary>The command's output rendered at <paramref name="width"/>, the values of its columns as text, and its group values.</summary>
        private static (string Rendered, Dictionary<string, List<string>> Values, List<string> Groups) Render(Case view, int width)
        {
            using var dir = new TempDir();
            using var shell = ExampleInventory.Connect(dir);
            shell.Ok("$x = @(" + view.Command + ")");
            string rendered = string.Concat(shell.Ok($"$x | Out-String -Width {width}").Select(o => o.ToString()));
            var values = view.Properties.ToDictionary(p => p, p => shell.Ok(
                "foreach ($o in $x) { foreach ($v in @($o.$p)) { if ($null -ne $v -and \"$v\" -ne '') { \"$v\" } } }",
                new Dictionary<string, object?> { ["p"] = p }).Select(o => o.ToString()).ToList());
            var groups = view.GroupBy is null
                ? new List<string>()
                : shell.Ok("$x | ForEach-Object { $_.$g } | Select-Object -Unique", new Dictionary<string, object?> { ["g"] = view.GroupBy }).Select(o => o.ToString()).ToList();
            return (rendered, values, groups);
        }

        private static string[] Lines(string rendered) => rendered.Replace("\r\n", "\n").Split('\n');

        private static void AssertFits(string rendered, int width)
        {
            foreach (string line in Lines(rendered))
            {
                Assert.True(line.TrimEnd().Length <= width, $"Line wider than {width} columns ({line.TrimEnd().Length}): {line}");
            }
        }

        /// <summary>Labels of the first table header (the line above a line of dashes).</summary>
        private static string[] HeaderOf(string rendered)
        {
            var lines = Lines(rendered);
            for (int i = 0; i + 1 < lines.Length; i++)
            {
                string under = lines[i + 1].Trim();
                if (under.Length > 0 && under.All(c => c == '-' || c == ' '))
                {
                    return lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                }
            }
            return Array.Empty<string>();
        }

        /// <summary>Every word of <paramref name="value"/> appears unbroken: a column cut mid-word would split one across lines.</summary>
        private static void AssertWhole(string rendered, string value)
        {
            foreach (string word in value.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(rendered.Contains(word, StringComparison.Ordinal), $"'{word}' (of '{value}') is not shown whole in:\n{rendered}");
            }
        }
    }
}
