using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>The REST client and the backend on their own (no PowerShell), against the fake.</summary>
    public sealed class ClientTests : FakeServiceTests
    {
        private PartnerCenterClient Client(PartnerCenterClientOptions? options = null, string token = FakePartnerCenter.Token) =>
            new PartnerCenterClient(_fake.Endpoint, Data.Secure(token), options);

        [Fact]
        public void Customers_are_read_across_every_page_sending_the_continuation_token_back_as_a_header()
        {
            using var backend = Backend();
            backend.CustomerPageSize = 3;
            var customers = backend.GetCustomers(default).ToList();

            Assert.Equal(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7" }, customers.Select(c => c.CustomerId));
            Assert.Equal("Contoso Ltd", customers[0].Name);
            Assert.Equal("US", customers[0].Market);
            Assert.Equal(DelegatedAdminType.None, customers[2].DelegatedAdmin.Type);
            var pages = _fake.Log.Where(r => r.Path == "customers").ToList();
            Assert.Equal(3, pages.Count);
            Assert.Equal(new[] { "", "ct-3-3", "ct-6-3" }, pages.Select(p => p.Header("MS-ContinuationToken")));

            // Cached for the command: asking again sends nothing; Refresh() forgets.
            backend.GetCustomers(default).ToList();
            Assert.Equal(3, _fake.Log.Count(r => r.Path == "customers"));
            backend.Refresh();
            backend.GetCustomers(default).ToList();
            Assert.Equal(6, _fake.Log.Count(r => r.Path == "customers"));
        }

        [Fact]
        public void Subscriptions_map_to_catalogue_offers_and_unmapped_offers_pass_through()
        {
            var c9 = _fake.AddCustomer("c9", "Proseware");
            var odd = FakePartnerCenter.Subscription("s90", "SOMETHING_ELSE", "Dynamics 365 Something", 3, status: "pending");
            c9.Subscriptions.Add(odd);
            c9.Subscriptions.Add(FakePartnerCenter.Subscription("s91", "O365_E3", "Office 365 E3", 7, status: "deleted", billingCycle: "annual"));
            using var backend = Backend();

            var customer = backend.GetCustomer("c9", default)!;
            var s90 = customer.FindSubscription("s90")!;
            Assert.Equal(FakePartnerCenter.PcOfferId("SOMETHING_ELSE"), s90.OfferId);
            Assert.Equal("Dynamics 365 Something", s90.OfferName);
            Assert.Equal(SubscriptionStatus.Provisioning, s90.Status);
            var s91 = customer.FindSubscription("s91")!;
            Assert.Equal("O365_E3", s91.OfferId);
            Assert.Null(s91.OfferName);
            Assert.Equal(SubscriptionStatus.Deleted, s91.Status);
            Assert.Equal(BillingCycle.Annual, s91.BillingCycle);
            Assert.Equal(new DateTime(2026, 12, 31), s91.PeriodEnd);
            Assert.Null(backend.GetCustomer("nobody", default));
        }

        [Fact]
        public void A_429_is_waited_out_for_Retry_After_and_repeats_back_off()
        {
            using var client = Client();
            _fake.ThrottleNext = 2;
            _fake.RetryAfterSeconds = 1;
            using (Listen(client.Channel))
            {
                var response = client.Get("customers/c1/subscriptions", default);
                Assert.Equal(200, response.StatusCode);
            }

            var log = _fake.Log;
            Assert.Equal(new[] { 429, 429, 200 }, log.Select(r => r.Status));
            Assert.True(log[1].At - log[0].AnsweredAt >= TimeSpan.FromSeconds(1), $"first retry came {(log[1].At - log[0].AnsweredAt).TotalSeconds:0.000}s after the 429");
            Assert.True(log[2].At - log[1].AnsweredAt >= TimeSpan.FromSeconds(2), $"second retry came {(log[2].At - log[1].AnsweredAt).TotalSeconds:0.000}s after the 429 (backoff doubles)");
            Assert.Contains(_status, s => s.Message.Contains("throttling") && s.Wait == TimeSpan.FromSeconds(1));
            Assert.Contains(_status, s => s.Message.Contains("throttling") && s.Wait == TimeSpan.FromSeconds(2));
            Assert.Contains(_status, s => s.Resumed);
        }

        [Fact]
        public void Retry_After_is_capped_and_throttling_that_never_ends_fails_with_the_request_id()
        {
            using var client = Client(new PartnerCenterClientOptions { MaxThrottleRetries = 2, MaxRetryAfter = TimeSpan.FromSeconds(1) });
            _fake.ThrottleNext = 100;
            _fake.RetryAfterSeconds = 3600;
            var watch = Stopwatch.StartNew();
            var ex = Assert.Throws<PartnerCenterThrottledException>(() => client.Get("customers", default));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Equal(429, ex.StatusCode);
            Assert.Equal(3, ex.Attempts);
            Assert.Equal(3, _fake.Log.Count);
            Assert.Equal(_fake.Log[2].Header("MS-RequestId"), ex.RequestId);
            Assert.Contains(ex.RequestId!, ex.Message);
            Assert.Equal("429", ex.ErrorCode);
        }

        [Fact]
        public void A_5xx_on_GET_is_retried_with_backoff_and_reported_with_code_and_ids_when_it_persists()
        {
            using var client = Client(new PartnerCenterClientOptions { TransientBackoff = TimeSpan.FromMilliseconds(200), MaxTransientRetries = 2 });
            _fake.FailNextGets = 2;
            Assert.Equal(200, client.Get("customers/c2/subscriptions", default).StatusCode);
            Assert.Equal(new[] { 503, 503, 200 }, _fake.Log.Select(r => r.Status));
            Assert.True(_fake.Log[2].At - _fake.Log[1].AnsweredAt >= TimeSpan.FromMilliseconds(400));

            _fake.FailNextGets = 10;
            var ex = Assert.Throws<PartnerCenterException>(() => client.Get("customers/c2/subscriptions", default));
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal("5503", ex.ErrorCode);
            Assert.Equal("The service is temporarily unavailable.", ex.ErrorMessage);
            Assert.NotNull(ex.RequestId);
            Assert.NotNull(ex.CorrelationId);
            Assert.Contains("GET customers/c2/subscriptions", ex.Message);
            Assert.Contains(ex.CorrelationId!, ex.Message);
        }

        [Fact]
        public void A_401_fails_at_once_without_a_retry_and_never_shows_the_token()
        {
            const string wrong = "expired-token-ZZ91x";
            using var client = Client(token: wrong);
            var ex = Assert.Throws<PartnerCenterUnauthorizedException>(() => client.Get("customers", default));
            Assert.Single(_fake.Log);
            Assert.Equal("Bearer " + wrong, _fake.Log[0].Header("Authorization"));
            Assert.Equal(401, ex.StatusCode);
            Assert.Contains("run Connect-CspPartnerCenter again", ex.Message);
            Assert.DoesNotContain(wrong, ex.ToString());
            Assert.DoesNotContain(wrong, client.ToString());
        }

        [Theory]
        [InlineData("https://api.partnercenter.microsoft.com/v1/", true)]
        [InlineData("https://example.test/pc", true)]
        [InlineData("http://127.0.0.1:5000/v1/", true)]
        [InlineData("http://localhost:8080/", true)]
        [InlineData("http://[::1]:8080/", true)]
        [InlineData("http://api.partnercenter.microsoft.com/v1/", false)]
        [InlineData("http://10.0.0.5/v1/", false)]
        [InlineData("ftp://127.0.0.1/", false)]
        public void Only_https_endpoints_are_allowed_except_loopback(string endpoint, bool allowed)
        {
            Assert.Equal(allowed, PartnerCenterClient.IsAllowedEndpoint(new Uri(endpoint), out string? problem));
            Assert.Equal(allowed, problem is null);
            if (!allowed)
            {
                Assert.Throws<ArgumentException>(() => new PartnerCenterClient(new Uri(endpoint), Data.Secure("x")));
            }
            else
            {
                Assert.EndsWith("/", PartnerCenterClient.NormalizeEndpoint(new Uri(endpoint)).AbsolutePath);
            }
        }

        [Fact]
        public void Cancelling_during_a_long_Retry_After_ends_the_wait_promptly()
        {
            using var client = Client();
            _fake.ThrottleNext = 1;
            _fake.RetryAfterSeconds = 30;
            using var cancel = new CancellationTokenSource();
            var call = Task.Run(() => client.Get("customers", cancel.Token));
            var watch = Stopwatch.StartNew();
            while (_fake.Log.Count == 0 || _fake.Log[0].Status != 429)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the request never arrived");
                Thread.Sleep(20);
            }
            Thread.Sleep(300);
            watch.Restart();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => call.GetAwaiter().GetResult());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {watch.Elapsed.TotalSeconds:0.0}s");
            Assert.Single(_fake.Log);
        }

        [Theory]
        [InlineData("3", ReasonCode.ConflictingServiceTypes, null)]
        [InlineData("11", ReasonCode.InsufficientGranularAdminPermissions, null)]
        [InlineData("\"delegated_admin_permissions_disabled\"", ReasonCode.DelegatedAdminPermissionsDisabled, null)]
        [InlineData("\"SubscriptionAddOnsPresent\"", ReasonCode.SubscriptionAddOnsPresent, null)]
        [InlineData("\"7\"", ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, null)]
        [InlineData("0", ReasonCode.Other, null)]
        [InlineData("42", ReasonCode.Other, "42")]
        [InlineData("\"brand_new_reason\"", ReasonCode.Other, "brand_new_reason")]
        [InlineData("\"seat_limit_exceeded\"", ReasonCode.Other, "seat_limit_exceeded")]
        public void Upgrade_error_codes_map_from_integers_and_snake_case_names(string json, ReasonCode expected, string? original)
        {
            var (code, kept) = PartnerCenterReasons.Map(JToken.Parse(json));
            Assert.Equal(expected, code);
            Assert.Equal(original, kept);
        }

        [Fact]
        public void A_catalogue_imported_mid_connection_maps_the_next_read_and_decides_the_next_check_without_reconnecting()
        {
            using var backend = Backend();
            var s1 = backend.GetCustomer("c1", default)!.FindSubscription("s1")!;
            Assert.Equal("O365_BUSINESS", s1.OfferId);

            // As Import-CspOfferCatalog does: the session's catalogue is replaced; the backend is not told.
            Session.Catalog = CatalogLoader.Load("imported.yaml", new StringReader($@"offers:
  - {{ id: BIZ, name: Business Basic Renamed, serviceFamily: Office365, services: [A], billingCycles: [Monthly, Annual], partnerCenterOfferId: {FakePartnerCenter.PcOfferId("O365_BUSINESS")} }}
upgradePaths: []
"));

            var customer = backend.GetCustomer("c1", default)!;
            var mapped = customer.FindSubscription("s1")!;
            Assert.Equal("BIZ", mapped.OfferId);
            var results = backend.CheckAllPaths(Session.Engine.CreateContext(customer, backend.Partner), mapped, UpgradeChoice.Default, default);
            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.Equal("BIZ", r.OfferId));
            Assert.All(results, r => Assert.Equal("Business Basic Renamed", r.Offer));
        }

        [Fact]
        public void Eligibility_is_Partner_Centers_answer_with_mixed_code_forms_mapped()
        {
            using var backend = Backend();
            var engine = Session.Engine;
            var c3 = backend.GetCustomer("c3", default)!;
            var context = engine.CreateContext(c3, backend.Partner);
            var results = backend.CheckAllPaths(context, c3.FindSubscription("s4")!, UpgradeChoice.Default, default);

            Assert.Equal(new[] { "O365_BUSINESS_PREMIUM", "O365_PROPLUS", "O365_E3", "O365_E5" }, results.Select(r => r.TargetOfferId));
            Assert.All(results, r =>
            {
                Assert.False(r.IsEligible);
                Assert.Equal("PartnerCenter", r.Source);
                Assert.Equal(new[] { ReasonCode.SubscriptionStatusNotActive, ReasonCode.DelegatedAdminPermissionsDisabled }.OrderBy(c => c), r.Reasons.Select(x => x.Code).OrderBy(c => c));
                Assert.Null(r.Disagreement);
                Assert.Equal("SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled", r.LocalReasonCodes);
            });
            Assert.Equal("Partner Center says no (delegated_admin_permissions_disabled). details for delegated_admin_permissions_disabled", results[0].Reasons[1].Message);
            Assert.Contains("delegated admin", results[0].Reasons[1].Remediation);

            var s1 = backend.GetCustomer("c1", default)!;
            var premium = backend.CheckEligibility(engine.CreateContext(s1, backend.Partner), s1.FindSubscription("s1")!, engine.Catalog.Find("O365_E3")!, UpgradeChoice.Default, default);
            Assert.True(premium.IsEligible);
            Assert.Equal("Eligible", premium.LocalReasonCodes);
            Assert.Equal(new[] { "Compliance", "Exchange", "OfficeWeb", "SharePoint", "Teams" }, premium.AdditionalServices.OrderBy(s => s));
            // One GET of upgrades per subscription per command.
            Assert.Equal(2, _fake.Log.Count(r => r.Path.EndsWith("/upgrades")));
        }

        [Fact]
        public void Where_the_local_rules_disagree_the_result_says_so_and_unknown_codes_keep_their_text()
        {
            var c8 = _fake.AddCustomer("c8", "Proseware");
            c8.Subscriptions.Add(FakePartnerCenter.Subscription("s80", "O365_BUSINESS", "Office 365 Business", 10));
            c8.Subscriptions.Add(FakePartnerCenter.Subscription("s81", "EXCHANGE_ONLINE_P1", "Exchange Online (Plan 1)", 10));
            _fake.SetUpgrades("s80",
                FakePartnerCenter.Upgrade("O365_E3", "Office 365 Enterprise E3", true),
                FakePartnerCenter.Upgrade("O365_PROPLUS", "Office 365 ProPlus", false, "brand_new_reason", 42),
                FakePartnerCenter.Upgrade("SOMETHING_NEW", "Microsoft 365 Something", true));
            using var backend = Backend();
            var engine = Session.Engine;
            var customer = backend.GetCustomer("c8", default)!;
            var results = backend.CheckAllPaths(engine.CreateContext(customer, backend.Partner), customer.FindSubscription("s80")!, UpgradeChoice.Default, default);

            var e3 = results[0];
            Assert.True(e3.IsEligible);
            Assert.Equal("ConflictingServiceTypes", e3.LocalReasonCodes);
            Assert.Contains("Partner Center allows this upgrade, but this module's rules refuse it (ConflictingServiceTypes)", e3.Disagreement);

            var proplus = results[1];
            Assert.False(proplus.IsEligible);
            Assert.Equal(new[] { ReasonCode.Other, ReasonCode.Other }, proplus.Reasons.Select(r => r.Code));
            Assert.Equal(new[] { "brand_new_reason", "42" }, proplus.Reasons.Select(r => r.OriginalCode));
            // The shipped catalogue does not restrict billing cycles (not public): the local rules allow it, and say so.
            Assert.Equal("Eligible", proplus.LocalReasonCodes);
            Assert.Contains("but this module's rules allow it; Partner Center decides", proplus.Disagreement);

            var unmapped = results[2];
            Assert.True(unmapped.IsEligible);
            Assert.Equal(FakePartnerCenter.PcOfferId("SOMETHING_NEW"), unmapped.TargetOfferId);
            Assert.Equal("Microsoft 365 Something", unmapped.TargetOffer);
            Assert.Null(unmapped.LocalReasonCodes);
        }

        private static string[] JournalLines(string file) => File.Exists(file) ? File.ReadAllLines(file) : Array.Empty<string>();

        [Fact]
        public void An_upgrade_whose_answer_is_lost_is_read_back_not_posted_again()
        {
            using var backend = Backend();
            var engine = Session.Engine;
            _fake.LoseNextPostResponses = 1;
            UpgradeResult result;
            using (Listen(backend.Channel))
            {
                result = backend.Upgrade("c1", "s1", engine.Catalog.Find("O365_BUSINESS_PREMIUM")!, UpgradeChoice.Default, default);
            }

            Assert.Equal(UpgradeStatus.AlreadyUpgraded, result.Status);
            Assert.Equal("s1-up1", result.TargetSubscriptionId);
            var post = Assert.Single(_fake.Posts);
            Assert.False(post.AlreadyApplied);
            Assert.Equal(0, post.Status);
            Assert.Contains(_status, s => s.Message.Contains("not sending the upgrade again"));
            var lines = JournalLines(_dir.File("journal.jsonl"));
            Assert.Equal(2, lines.Length);
            Assert.Contains("\"phase\":\"intent\"", lines[0]);
            Assert.Contains("\"phase\":\"committed\"", lines[1]);
            Assert.Contains("s1-up1", lines[1]);

            // Running it again changes nothing and posts nothing.
            backend.Refresh();
            var again = backend.Upgrade("c1", "s1", engine.Catalog.Find("O365_BUSINESS_PREMIUM")!, UpgradeChoice.Default, default);
            Assert.Equal(UpgradeStatus.AlreadyUpgraded, again.Status);
            Assert.Equal("s1-up1", again.TargetSubscriptionId);
            Assert.Single(_fake.Posts);
        }

        [Fact]
        public void A_5xx_before_the_upgrade_took_effect_is_sent_once_more_after_reading_state()
        {
            using var backend = Backend();
            var engine = Session.Engine;
            _fake.FailNextPostsBeforeApplying = 1;
            var result = backend.Upgrade("c1", "s1", engine.Catalog.Find("O365_E3")!, new UpgradeChoice(quantity: 30), default);

            Assert.Equal(UpgradeStatus.Completed, result.Status);
            Assert.Equal(30, result.Quantity);
            Assert.Equal(new[] { 503, 200 }, _fake.Posts.Select(p => p.Status));
            Assert.All(_fake.Posts, p => Assert.False(p.AlreadyApplied));
            // Between the two POSTs the subscriptions were read back.
            var log = _fake.Log;
            int first = log.ToList().FindIndex(r => r.Method == "POST");
            Assert.Contains(log.Skip(first + 1).TakeWhile(r => r.Method != "POST"), r => r.Path == "customers/c1/subscriptions");
            var affected = Assert.Single(result.AffectedAccounts);
            Assert.Equal("ann@contoso.example", affected.UserPrincipalName);
            Assert.Equal(AffectedAccountReason.LicenseTransferFailed, affected.Reason);
            Assert.Contains("license_conflict", affected.Detail);
        }

        [Fact]
        public void A_5xx_after_the_upgrade_took_effect_is_AlreadyUpgraded_and_never_posted_twice()
        {
            using var backend = Backend();
            var engine = Session.Engine;
            _fake.FailNextPostsAfterApplying = 1;
            var result = backend.Upgrade("c1", "s1", engine.Catalog.Find("O365_E3")!, UpgradeChoice.Default, default);
            Assert.Equal(UpgradeStatus.AlreadyUpgraded, result.Status);
            Assert.Single(_fake.Posts);
        }

        [Fact]
        public void Adding_licenses_follows_a_202_to_completion_and_a_lost_PATCH_answer_is_read_back()
        {
            using var backend = Backend();
            var engine = Session.Engine;
            _fake.PatchAccepted = true;
            _fake.StaleReadsAfterAccept = 1;
            var updated = backend.AddLicenses("c2", "s2", 5, default);
            Assert.Equal(45, updated.Quantity);
            Assert.Equal("O365_BUSINESS_ESSENTIALS", updated.OfferId);
            var patch = Assert.Single(_fake.Log, r => r.Method == "PATCH");
            Assert.Equal(202, patch.Status);
            Assert.Equal(45, (int)JObject.Parse(patch.Body)["quantity"]!);
            Assert.Equal("etag-s2", (string?)JObject.Parse(patch.Body).SelectToken("attributes.etag")); // the full subscription was sent
            var polls = _fake.Log.Where(r => r.Index > patch.Index && r.Path == "customers/c2/subscriptions/s2").ToList();
            Assert.Equal(2, polls.Count); // the old quantity once, then the new one
            Assert.True(polls[0].At - patch.AnsweredAt >= TimeSpan.FromSeconds(1)); // the 202's Retry-After

            _fake.PatchAccepted = false;
            _fake.LoseNextPatchResponses = 1;
            backend.Refresh();
            updated = backend.AddLicenses("c2", "s2", 5, default);
            Assert.Equal(50, updated.Quantity);
            Assert.Equal(2, _fake.Log.Count(r => r.Method == "PATCH"));
            var lines = JournalLines(_dir.File("journal.jsonl"));
            Assert.Equal(4, lines.Length);
            Assert.Contains("confirmed by reading Partner Center", lines[3]);
        }

        [Fact]
        public void A_Location_on_another_host_is_not_followed_with_the_token()
        {
            using var client = Client();
            var ex = Assert.Throws<PartnerCenterException>(() => client.Get("https://elsewhere.example/v1/operations/1", default));
            Assert.Contains("not the connected endpoint", ex.Message);
            Assert.Empty(_fake.Log);
        }
    }
}
