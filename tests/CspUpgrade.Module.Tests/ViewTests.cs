using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Module.Tests
{
    public class ViewTests
    {
        private static string Render(Shell shell, string command)
        {
            int before = shell.Host.Text.Length;
            shell.Ok(command + " | Out-Default");
            return shell.Host.Text.Substring(before);
        }

        private static string[] HeaderOf(string rendered) =>
            rendered.Split('\n').First(l => l.Trim().Length > 0).Split(' ', System.StringSplitOptions.RemoveEmptyEntries);

        [Theory]
        [InlineData("Get-CspOffer O365_E3", "OfferId Offer Market MaxSeats Services", "Exchange, SharePoint")]
        [InlineData("Get-CspUpgradeOption O365_BUSINESS", "OfferId TargetOfferId TargetOffer MaxSeats AdditionalServices Eligible ReasonCodes", "O365_PROPLUS")]
        [InlineData("Get-CspCustomer", "CustomerId CustomerName Market DelegatedAdmin Subscriptions Users", "Tailspin India")]
        [InlineData("Get-CspSubscription -CustomerId c1", "CustomerName SubscriptionId OfferId Status Quantity Channel UpgradeAvailable", "OtherPartner")]
        [InlineData("Test-CspUpgradeEligibility c1 s1 O365_E3", "CustomerName SubscriptionId OfferId TargetOfferId Eligible ReasonCodes", "ConflictingServiceTypes")]
        [InlineData("(Test-CspUpgradeEligibility c1 s1 O365_E3).Reasons", "Code Message Remediation", "another partner")]
        [InlineData("Get-CspConnection", "Backend PartnerName PartnerRoles Location", "Fabrikam")]
        [InlineData("Invoke-CspSubscriptionUpgrade c3 s4 O365_E3 -Force", "CustomerName SubscriptionId TargetSubscriptionId TargetOfferId Status Affected BillingNet", "Completed")]
        [InlineData("(Invoke-CspSubscriptionUpgrade c3 s4 O365_E5 -Force).BillingImpact", "Credit Charge Net Currency DaysRemaining DaysInPeriod UnavailableReason", "no unit price")]
        public void Each_output_type_renders_as_its_table_view(string command, string header, string content)
        {
            using var dir = new TempDir();
            using var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", Inventories.Basic) });
            string rendered = Render(shell, command);
            Assert.Equal(header.Split(' '), HeaderOf(rendered));
            Assert.Contains(content, rendered);
        }

        [Fact]
        public void Catalogue_diagnostics_render_grouped_by_file()
        {
            using var dir = new TempDir();
            string bad = dir.Write("bad.yaml", "offers:\n  - { id: A, nme: Alpha }\n");
            using var shell = new Shell();
            string rendered = Render(shell, $"Test-CspOfferCatalog -LiteralPath '{bad}'");
            Assert.Contains("Path: " + bad, rendered);
            Assert.Contains("Severity Code", rendered);
            Assert.Contains("UnknownKey", rendered);
        }
    }
}
