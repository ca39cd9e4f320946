using System;
using System.IO;
using System.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>The documented service (SPEC 1.8) as an admin meets it through the cmdlets.</summary>
    public sealed class DocumentedServiceCmdletTests : FakeServiceTests
    {
        [Fact]
        public void Connecting_by_the_API_root_lists_customers_across_pages_with_their_markets()
        {
            _fake.AddCustomer("c8", "Fabrikam India", country: "IN");
            using var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"), endpoint: _fake.Root);
            var run = shell.Run("Get-CspConnection; Get-CspCustomer");

            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(_fake.Endpoint, (Uri)Assert.Single(run.Of("ConnectionInfo")).Endpoint);
            var customers = run.Of("Customer");
            Assert.Equal(8, customers.Length);
            Assert.Equal("IN", (string)customers.Single(c => (string)c.CustomerId == "c8").Market);
            Assert.All(customers.Where(c => (string)c.CustomerId != "c8"), c => Assert.Equal("US", (string)c.Market));
        }

        [Fact]
        public void Licenses_accepted_and_not_visible_within_the_polling_bound_are_a_warning_and_PassThru_shows_Partner_Centers_quantity()
        {
            _fake.PatchAccepted = true;
            _fake.StaleReadsAfterAccept = 1000;
            _fake.AcceptedRetryAfterSeconds = 0;
            using var shell = new PcShell();
            string journal = _dir.File("pc.journal.jsonl");
            shell.ConnectPartnerCenter(_fake, journal);
            var run = shell.Run("Add-CspSubscriptionLicense -CustomerId c1 -SubscriptionId s1 -Count 5 -PassThru -Confirm:$false");

            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            var warning = Assert.Single(run.Warnings);
            Assert.Contains("accepted 30 seats for subscription s1 but still shows 25", warning);
            Assert.Equal(25, (int)Assert.Single(run.Of("Subscription")).Quantity);
            Assert.Contains("\"phase\":\"intent\"", Assert.Single(File.ReadAllLines(journal)));
        }
    }
}
