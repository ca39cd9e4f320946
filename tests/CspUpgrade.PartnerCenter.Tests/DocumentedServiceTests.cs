using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Partner Center as documented (SPEC 1.8), where it is stricter or stranger than the client once assumed: each test is a
    /// behaviour of the fake modelling the documentation, and the client or backend meeting it.
    /// </summary>
    public sealed class DocumentedServiceTests : FakeServiceTests
    {
        [Theory]
        [InlineData("https://api.partnercenter.microsoft.com", "https://api.partnercenter.microsoft.com/v1/")]
        [InlineData("https://api.partnercenter.microsoft.com/", "https://api.partnercenter.microsoft.com/v1/")]
        [InlineData("https://api.partnercenter.microsoft.com/v1/", "https://api.partnercenter.microsoft.com/v1/")]
        [InlineData("https://api.partnercenter.microsoft.com/v1", "https://api.partnercenter.microsoft.com/v1/")]
        [InlineData("https://proxy.example/pc/", "https://proxy.example/pc/v1/")]
        public void The_endpoint_is_the_API_root_with_v1_added_or_a_URL_already_ending_in_v1(string given, string used)
        {
            Assert.Equal(new Uri(used), PartnerCenterClient.NormalizeEndpoint(new Uri(given)));
        }

        [Fact]
        public void Connecting_by_the_API_root_reaches_the_resources_under_v1()
        {
            using var backend = Backend(endpoint: _fake.Root);
            Assert.Equal(_fake.Endpoint, backend.Endpoint);
            Assert.Equal(7, backend.GetCustomers(default).Count());
            Assert.DoesNotContain(_fake.Log, r => r.Status == 404);
            Assert.DoesNotContain(_fake.Log, r => r.Path.StartsWith("/", StringComparison.Ordinal)); // nothing asked outside v1/
        }

        [Fact]
        public void Customer_pages_follow_links_next_with_its_headers_until_there_is_none()
        {
            // The client asks for 100 a page; the service gives 3 and names the next page's request in links.next.
            using var backend = Backend();
            var customers = backend.GetCustomers(default).ToList();

            Assert.Equal(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7" }, customers.Select(c => c.CustomerId));
            var pages = _fake.Log.Where(r => r.Path == "customers").ToList();
            Assert.Equal(new[] { "?size=100", "?size=3&seek_operation=next", "?size=3&seek_operation=next" }, pages.Select(p => p.Query));
            Assert.Equal(new[] { "", "ct-3-3", "ct-6-3" }, pages.Select(p => p.Header("MS-ContinuationToken")));
            Assert.All(pages, p => Assert.Equal(200, p.Status));
        }

        [Fact]
        public void Market_and_delegated_access_come_from_each_customers_own_resource_read_once_per_connection()
        {
            _fake.AddCustomer("c8", "Fabrikam India", country: "IN");
            using var backend = Backend();
            var customers = backend.GetCustomers(default).ToDictionary(c => c.CustomerId);

            Assert.Equal("IN", customers["c8"].Market);
            Assert.Equal("US", customers["c1"].Market);
            Assert.Equal(DelegatedAdminType.None, customers["c3"].DelegatedAdmin.Type);
            Assert.Equal(DelegatedAdminType.DAP, customers["c1"].DelegatedAdmin.Type);
            // The list really lacks them: they came from GET customers/{id}, one per customer.
            Assert.All(_fake.Customers, c => Assert.Null(c.ToListItem()["billingProfile"]));
            Assert.Equal(8, _fake.Log.Count(r => r.Method == "GET" && r.Path.StartsWith("customers/") && r.Path.Count(ch => ch == '/') == 1));

            // Another command (Refresh) lists customers again but reads no details again; nor does one customer's lookup.
            backend.Refresh();
            backend.GetCustomers(default).ToList();
            Assert.Equal("IN", backend.GetCustomer("c8", default)!.Market);
            Assert.Equal(8, _fake.Log.Count(r => r.Method == "GET" && r.Path.StartsWith("customers/") && r.Path.Count(ch => ch == '/') == 1));
        }

        [Fact]
        public void The_billing_period_ends_at_billingCycleEndDate_not_at_the_end_of_the_term()
        {
            var c9 = _fake.AddCustomer("c9", "Proseware");
            c9.Subscriptions.Add(FakePartnerCenter.Subscription("s90", "O365_BUSINESS", "Microsoft 365 Apps for business", 10,
                billingCycle: "monthly", commitmentEnd: "2027-05-31T00:00:00Z", billingCycleEnd: "2026-07-31T00:00:00Z"));
            using var backend = Backend();
            Assert.Equal(new DateTime(2026, 7, 31), backend.GetCustomer("c9", default)!.FindSubscription("s90")!.PeriodEnd);
        }

        [Fact]
        public void Legacy_subscriptions_carry_Partner_Centers_public_offer_ids_and_map_to_the_catalogue()
        {
            Assert.Equal("5C9FD4CC-EDCE-44A8-8E91-07DF09744609", (string?)_fake.FindSubscription("c1", "s1")!["offerId"]);
            Assert.Equal("BD938F12-058F-4927-BBA3-AE36B1D2501C", (string?)_fake.FindSubscription("c2", "s2")!["offerId"]);
            Assert.True(Guid.TryParse(FakePartnerCenter.PcOfferId("O365_BUSINESS_IN"), out _)); // not public: still a GUID, as legacy ids are
            using var backend = Backend();
            Assert.Equal("O365_BUSINESS", backend.GetCustomer("c1", default)!.FindSubscription("s1")!.OfferId);
        }

        [Fact]
        public void A_202_is_followed_at_its_Location_under_the_API_root_until_the_quantity_shows_the_change()
        {
            _fake.PatchAccepted = true;
            _fake.StaleReadsAfterAccept = 3;
            using var backend = Backend(new PartnerCenterClientOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
            var engine = Session.Engine;
            SubscriptionRecord updated;
            using (Listen(backend.Channel))
            {
                updated = backend.AddLicenses("c2", "s2", 5, default);
            }

            Assert.Equal(45, updated.Quantity);
            var patch = Assert.Single(_fake.Log, r => r.Method == "PATCH");
            Assert.Equal(202, patch.Status);
            var reads = _fake.Log.Where(r => r.Index > patch.Index).ToList();
            Assert.All(reads, r => Assert.Equal("customers/c2/subscriptions/s2", r.Path)); // the Location, resolved under v1/
            Assert.Equal(4, reads.Count); // three reads still showing 40 seats, then 45
            Assert.DoesNotContain(_status, s => s.IsWarning);
            var journal = File.ReadAllLines(_dir.File("journal.jsonl"));
            Assert.Contains("\"phase\":\"committed\"", journal.Last());
        }

        [Fact]
        public void A_change_accepted_and_still_not_visible_at_the_bound_is_a_warning_and_the_journal_keeps_the_intent()
        {
            _fake.PatchAccepted = true;
            _fake.StaleReadsAfterAccept = 1000;
            _fake.AcceptedRetryAfterSeconds = 0;
            using var backend = Backend(new PartnerCenterClientOptions { PollInterval = TimeSpan.FromMilliseconds(20), MaxPolls = 3 });
            var engine = Session.Engine;
            SubscriptionRecord shown;
            using (Listen(backend.Channel))
            {
                shown = backend.AddLicenses("c2", "s2", 5, default);
            }

            Assert.Equal(40, shown.Quantity); // as Partner Center shows it
            Assert.Equal("s2", shown.SubscriptionId);
            var warning = Assert.Single(_status, s => s.IsWarning);
            Assert.Contains("accepted 45 seats for subscription s2 but still shows 40", warning.Message);
            Assert.Equal(3, _fake.Log.Count(r => r.Method == "GET" && r.Path == "customers/c2/subscriptions/s2" && r.Index > _fake.Log.Single(p => p.Method == "PATCH").Index));
            var journal = File.ReadAllLines(_dir.File("journal.jsonl"));
            var line = Assert.Single(journal); // the intent, for a later run to settle
            Assert.Contains("\"phase\":\"intent\"", line);
        }

        [Fact]
        public void Every_re_send_of_a_write_carries_the_same_MS_RequestId()
        {
            using var backend = Backend();
            var engine = Session.Engine;
            _fake.FailNextPostsBeforeApplying = 1;
            _fake.ThrottleWhen = r => r.Method == "POST";
            _fake.ThrottleNext = 1;
            _fake.RetryAfterSeconds = 0;
            var result = backend.Upgrade("c1", "s1", engine.Catalog.Find("O365_E3")!, UpgradeChoice.Default, default);

            Assert.Equal(UpgradeStatus.Completed, result.Status);
            var posts = _fake.Posts;
            Assert.Equal(new[] { 429, 503, 200 }, posts.Select(p => p.Status)); // throttled, failed before acting (read back: unchanged), done
            Assert.Single(posts.Select(p => p.Header("MS-RequestId")).Distinct());
            Assert.NotEqual(string.Empty, posts[0].Header("MS-RequestId"));
            // Reads have their own ids.
            Assert.DoesNotContain(_fake.Log.Where(r => r.Method == "GET"), r => r.Header("MS-RequestId") == posts[0].Header("MS-RequestId"));
        }

        [Fact]
        public void The_fake_acts_once_on_a_write_re_sent_with_the_same_MS_RequestId()
        {
            using var client = new PartnerCenterClient(_fake.Endpoint, Data.Secure(FakePartnerCenter.Token));
            var upgrade = (JObject)_fake.Upgrades["s1"][2].DeepClone();
            upgrade["quantity"] = 25;
            string id = Guid.NewGuid().ToString();
            _fake.LoseNextPostResponses = 1;
            Assert.Throws<PartnerCenterOutcomeUnknownException>(() => client.Write(HttpMethod.Post, "customers/c1/subscriptions/s1/upgrades", upgrade, default, requestId: id));
            var again = client.Write(HttpMethod.Post, "customers/c1/subscriptions/s1/upgrades", upgrade, default, requestId: id);

            Assert.Equal("s1-up1", (string?)again.Body!["targetSubscriptionId"]);
            Assert.True(_fake.Posts[1].Duplicate);
            Assert.Single(_fake.Customers.Single(c => c.Id == "c1").Subscriptions, s => (string?)s["status"] == "active"); // one upgrade, not two
            // Another id is another operation: refused, since the source is gone now.
            Assert.Throws<PartnerCenterException>(() => client.Write(HttpMethod.Post, "customers/c1/subscriptions/s1/upgrades", upgrade, default, requestId: Guid.NewGuid().ToString()));
        }
    }
}
