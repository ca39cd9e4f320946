using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// The eligibility flow of Test-CspUpgradeEligibility and Get-CspUpgradeOption without PowerShell: what one request is
/// answered with (results or a failure naming the item), in request order, for a local and a remote backend.
/// </summary>
public class EligibilityServiceTests
{
    private const string CustomerId = "3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10";

    private static CustomerRecord Contoso(params SubscriptionRecord[] subscriptions) => Build.Customer("US", Build.Dap(), subscriptions);

    private static EligibilityService Service(ICspBackend backend, CspSession? session = null, int throttleLimit = 4,
        IProgress<EligibilityProgress>? progress = null, CancellationToken cancellation = default)
    {
        session ??= new CspSession();
        session.Backend = backend;
        if (backend is FakeBackend fake)
        {
            fake.Session = session;
        }
        return new EligibilityService(session, null, throttleLimit, progress, null, cancellation);
    }

    /// <summary>Customers c1..cN, each with one Business subscription s1..sN.</summary>
    private static CustomerRecord[] OneSubscriptionEach(int count) =>
        Enumerable.Range(1, count)
            .Select(i => new CustomerRecord
            {
                CustomerId = "c" + i, Name = "Customer " + i, Market = "US", DelegatedAdmin = Build.Dap(),
                Subscriptions = new List<SubscriptionRecord> { Build.Sub("s" + i, Ids.Business) },
            })
            .ToArray();

    private static List<EligibilityOutcome> Run(EligibilityService service, params EligibilityRequest[] requests)
    {
        var outcomes = new List<EligibilityOutcome>();
        foreach (var request in requests)
        {
            outcomes.AddRange(service.Submit(request));
        }
        outcomes.AddRange(service.Complete());
        return outcomes;
    }

    private static int PathCount(string offerId) => OfferCatalog.Default.GetTargets(OfferCatalog.Default.Find(offerId)!).Count;

    [Fact]
    public void An_unknown_customer_is_CustomerNotFound_naming_the_id_asked()
    {
        using var service = Service(new FakeBackend(Contoso(Build.Sub("s1", Ids.Business))));

        var outcome = Assert.Single(Run(service, new EligibilityRequest("no-such-customer", "s1", Ids.E3)));

        Assert.Equal(EligibilityFailure.CustomerNotFound, outcome.Failure);
        Assert.Null(outcome.Result);
        Assert.Equal("no-such-customer", outcome.CustomerId);
        Assert.Equal("no-such-customer", outcome.FailedItem);
    }

    [Fact]
    public void An_unknown_subscription_is_SubscriptionNotFound_with_the_customers_own_id()
    {
        using var service = Service(new FakeBackend(Contoso(Build.Sub("s1", Ids.Business))));

        var outcome = Assert.Single(Run(service, new EligibilityRequest(CustomerId.ToUpperInvariant(), "s9")));

        Assert.Equal(EligibilityFailure.SubscriptionNotFound, outcome.Failure);
        Assert.Equal(CustomerId, outcome.CustomerId);
        Assert.Equal("s9", outcome.SubscriptionId);
        Assert.Equal("s9", outcome.FailedItem);
    }

    [Fact]
    public void An_unknown_target_is_OfferNotFound_naming_the_target_and_checks_nothing()
    {
        var backend = new FakeBackend(Contoso(Build.Sub("s1", Ids.Business)));
        using var service = Service(backend);

        var outcome = Assert.Single(Run(service, new EligibilityRequest(CustomerId, "s1", "NO_SUCH_OFFER")));

        Assert.Equal(EligibilityFailure.OfferNotFound, outcome.Failure);
        Assert.Equal("NO_SUCH_OFFER", outcome.FailedItem);
        Assert.Equal("NO_SUCH_OFFER", Assert.IsType<OfferNotFoundException>(outcome.Exception).Offer);
        Assert.Equal(0, backend.Checks);
    }

    [Fact]
    public void A_subscription_whose_offer_the_catalogue_lacks_is_OfferNotFound_naming_the_subscription_and_the_rest_are_checked()
    {
        using var service = Service(new FakeBackend(Contoso(Build.Sub("s1", "RETIRED_OFFER"), Build.Sub("s2", Ids.Business))));

        var outcomes = Run(service, new EligibilityRequest(CustomerId, targetOffer: Ids.E3));

        Assert.Equal(2, outcomes.Count);
        Assert.Equal(EligibilityFailure.OfferNotFound, outcomes[0].Failure);
        Assert.Equal("s1", outcomes[0].FailedItem);
        Assert.Equal("RETIRED_OFFER", Assert.IsType<OfferNotFoundException>(outcomes[0].Exception).Offer);
        Assert.Equal("s2", outcomes[1].Result!.SubscriptionId);
    }

    [Fact]
    public void A_failed_Partner_Center_request_is_RequestFailed_for_that_subscription_only()
    {
        var backend = new FakeRemoteBackend(Contoso(Build.Sub("s1", Ids.Business), Build.Sub("s2", Ids.Business)))
        {
            FailCheck = "s1",
        };
        using var service = Service(backend);

        var outcomes = Run(service, new EligibilityRequest(CustomerId, targetOffer: Ids.Premium));

        Assert.Equal(2, outcomes.Count);
        Assert.Equal(EligibilityFailure.RequestFailed, outcomes[0].Failure);
        Assert.Equal("s1", outcomes[0].FailedItem);
        Assert.Equal(403, Assert.IsType<PartnerCenterException>(outcomes[0].Exception).StatusCode);
        Assert.Equal("s2", outcomes[1].Result!.SubscriptionId);
    }

    [Fact]
    public void A_failed_customer_read_is_RequestFailed_naming_the_subscription_asked_or_else_the_customer()
    {
        var backend = new FakeRemoteBackend(Contoso(Build.Sub("s1", Ids.Business))) { FailCustomer = true };
        using var service = Service(backend);

        var outcomes = Run(service, new EligibilityRequest(CustomerId, "s1"), new EligibilityRequest(CustomerId));

        Assert.All(outcomes, o => Assert.Equal(EligibilityFailure.RequestFailed, o.Failure));
        Assert.Equal(new[] { "s1", CustomerId }, outcomes.Select(o => o.FailedItem));
    }

    [Fact]
    public void Without_a_target_every_upgrade_path_is_checked_and_with_one_only_that_target()
    {
        using var service = Service(new FakeBackend(Contoso(Build.Sub("s1", Ids.Business))));

        var all = Run(service, new EligibilityRequest(CustomerId, "s1"));
        var one = Run(service, new EligibilityRequest(CustomerId, "s1", Ids.Premium));

        Assert.True(PathCount(Ids.Business) > 1);
        Assert.Equal(
            OfferCatalog.Default.GetTargets(OfferCatalog.Default.Find(Ids.Business)!).Select(t => t.OfferId),
            all.Select(o => o.Result!.TargetOfferId));
        Assert.Equal(Ids.Premium, Assert.Single(one).Result!.TargetOfferId);
    }

    [Fact]
    public void A_customer_alone_means_its_non_deleted_subscriptions_but_a_deleted_one_named_is_checked()
    {
        var customer = Contoso(
            Build.Sub("active", Ids.Business),
            Build.Sub("gone", Ids.Business, status: SubscriptionStatus.Deleted),
            Build.Sub("suspended", Ids.Business, status: SubscriptionStatus.Suspended));
        using var service = Service(new FakeBackend(customer));

        var alone = Run(service, new EligibilityRequest(CustomerId, targetOffer: Ids.Premium));
        var named = Run(service, new EligibilityRequest(CustomerId, "gone", Ids.Premium));

        Assert.Equal(new[] { "active", "suspended" }, alone.Select(o => o.Result!.SubscriptionId));
        Assert.Equal("gone", Assert.Single(named).Result!.SubscriptionId);
    }

    [Fact]
    public void A_remote_backend_answering_out_of_order_with_concurrency_still_hands_back_outcomes_in_request_order()
    {
        var customers = OneSubscriptionEach(3);
        var backend = new FakeRemoteBackend(customers);
        // The first request's customer read waits until the last request has been answered.
        backend.HoldCustomer("c1", until: "s3");
        using var service = Service(backend, throttleLimit: 3);

        var outcomes = Run(service, customers.Select(c => new EligibilityRequest(c.CustomerId, targetOffer: Ids.Premium)).ToArray());

        Assert.Equal("s1", backend.Answered.Last());
        Assert.Equal(new[] { "s1", "s2", "s3" }, outcomes.Select(o => o.Result!.SubscriptionId));
    }

    [Fact]
    public void Progress_comes_on_the_reading_thread_per_subscription_locally_and_per_request_remotely()
    {
        var local = new RecordingProgress();
        using (var service = Service(new FakeBackend(Contoso(Build.Sub("s1", Ids.Business), Build.Sub("s2", Ids.Business))), progress: local))
        {
            Run(service, new EligibilityRequest(CustomerId, targetOffer: Ids.Premium));
        }
        var remote = new RecordingProgress();
        using (var service = Service(new FakeRemoteBackend(Contoso(Build.Sub("s1", Ids.Business))), progress: remote))
        {
            Run(service, new EligibilityRequest(CustomerId, "s1", Ids.Premium), new EligibilityRequest(CustomerId, "s1", Ids.E3));
        }

        Assert.Equal(new (int, int?, string?)[] { (1, null, Build.CustomerName), (2, null, Build.CustomerName) }, local.Reports.Select(r => (r.Checked, r.Pending, r.CustomerName)));
        // Remotely a request may be handed back while the next is still outstanding, or already on its own: only the count is fixed.
        // (plus one report when the input ends and the total becomes known, with whatever is done by then).
        Assert.Equal(new[] { 1, 2 }, remote.Reports.Select(r => r.Checked).Where(c => c > 0).Distinct());
        Assert.Equal(2, remote.Reports.Last().Total);
        Assert.All(remote.Reports, r => Assert.NotNull(r.Pending));
        Assert.Equal(0, remote.Reports.Last().Pending);
        Assert.All(local.Threads.Concat(remote.Threads), id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    [Fact]
    public void A_remote_run_takes_the_whole_input_while_the_head_is_still_out_and_tells_the_total_once_it_has_it()
    {
        var customers = OneSubscriptionEach(100);
        var backend = new FakeRemoteBackend(customers);
        // The first request is answered only after the last one: Submit must not wait for the head while the input goes on.
        backend.HoldCustomer("c1", until: "s100");
        var progress = new RecordingProgress();
        using var service = Service(backend, throttleLimit: 2, progress: progress);

        var outcomes = Run(service, customers.Select(c => new EligibilityRequest(c.CustomerId, targetOffer: Ids.Premium)).ToArray());

        Assert.Equal(customers.Select(c => "s" + c.CustomerId.Substring(1)), outcomes.Select(o => o.Result!.SubscriptionId));
        Assert.Equal(100, progress.Reports.Last().Checked);
        Assert.Equal(100, progress.Reports.Last().Total);
        Assert.All(backend.Lanes, background => Assert.True(background, "a worker's requests were not in the background lane"));
    }

    [Theory]
    [InlineData(500, 13)] // Partner Center's documented budget: 1.5 s of requests in flight
    [InlineData(100, 4)]
    [InlineData(2000, 32)]
    [InlineData(null, 4)] // not paced: the old default
    public void By_default_a_remote_run_checks_as_many_at_once_as_keep_the_pace_busy(int? requestsPerMinute, int expected) =>
        Assert.Equal(expected, EligibilityService.DefaultThrottleLimit(requestsPerMinute));

    [Fact]
    public void A_cancelled_remote_run_ends_with_OperationCanceledException()
    {
        var backend = new FakeRemoteBackend(Contoso(Build.Sub("s1", Ids.Business)));
        backend.HoldCustomer(CustomerId, until: "never");
        using var stop = new CancellationTokenSource();
        using var service = Service(backend, cancellation: stop.Token);

        Assert.Empty(service.Submit(new EligibilityRequest(CustomerId, "s1", Ids.Premium)));
        Assert.True(backend.Holding.Wait(TimeSpan.FromSeconds(30)), "the request never started");
        stop.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => service.Complete().ToList());
    }

    [Fact]
    public void A_cancelled_local_run_ends_with_OperationCanceledException()
    {
        using var stop = new CancellationTokenSource();
        using var service = Service(new FakeBackend(Contoso(Build.Sub("s1", Ids.Business))), cancellation: stop.Token);
        stop.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => service.Submit(new EligibilityRequest(CustomerId, "s1")).ToList());
    }

    [Fact]
    public void A_401_ends_the_run_after_the_outcomes_before_it()
    {
        var customers = new[] { "c1", "c2", "c3" }
            .Select(id => new CustomerRecord { CustomerId = id, Name = id, Market = "US", DelegatedAdmin = Build.Dap(), Subscriptions = new List<SubscriptionRecord> { Build.Sub(id + "-s", Ids.Business) } })
            .ToArray();
        var backend = new FakeRemoteBackend(customers) { UnauthorizedFor = "c2" };
        using var service = Service(backend, throttleLimit: 1);
        var outcomes = new List<EligibilityOutcome>();

        foreach (var customer in customers)
        {
            outcomes.AddRange(service.Submit(new EligibilityRequest(customer.CustomerId, targetOffer: Ids.Premium)));
        }
        Assert.Throws<PartnerCenterUnauthorizedException>(() =>
        {
            foreach (var outcome in service.Complete())
            {
                outcomes.Add(outcome);
            }
        });

        Assert.Equal("c1-s", Assert.Single(outcomes).Result!.SubscriptionId);
    }

    [Fact]
    public void The_catalogue_comes_from_the_session_so_one_imported_mid_run_decides_the_next_request_for_service_and_backend_alike()
    {
        var session = new CspSession();
        var imported = CatalogLoader.Load("small.yaml", new System.IO.StringReader(@"offers:
  - { id: O365_BUSINESS, name: Office 365 Business, serviceFamily: Office365, services: [A], billingCycles: [Monthly, Annual] }
upgradePaths: []
"));
        var backend = new FakeBackend(Contoso(Build.Sub("s1", Ids.Business)));
        using var service = Service(backend, session);

        Assert.Same(OfferCatalog.Default, service.Catalog);
        Assert.Equal(PathCount(Ids.Business), Run(service, new EligibilityRequest(CustomerId, "s1")).Count);
        Assert.Equal(Ids.E3, Assert.Single(Run(service, new EligibilityRequest(CustomerId, "s1", Ids.E3))).Result!.TargetOfferId);

        session.Catalog = imported;

        Assert.Same(imported, service.Catalog);
        // The backend decides with the new catalogue too: it has no paths from Business, and E3 is no offer of it.
        Assert.Null(Assert.Single(Run(service, new EligibilityRequest(CustomerId, "s1"))).Result!.TargetOfferId);
        Assert.Equal(EligibilityFailure.OfferNotFound, Assert.Single(Run(service, new EligibilityRequest(CustomerId, "s1", Ids.E3))).Failure);
    }

    [Fact]
    public void Options_are_the_mapped_paths_with_their_eligibility_and_a_subscription_without_paths_is_a_note()
    {
        var session = new CspSession();
        using var service = Service(new FakeBackend(Contoso(Build.Sub("s1", Ids.Business), Build.Sub("s2", Ids.E5))), session);

        var options = service.Options(CustomerId, "s1", UpgradeType.UpgradeWithLicenseTransfer).ToList();
        var none = service.Options(CustomerId, "s2", UpgradeType.UpgradeWithLicenseTransfer).ToList();
        var missing = Assert.Single(service.Options(CustomerId.ToUpperInvariant(), "s9", UpgradeType.UpgradeWithLicenseTransfer));

        Assert.Equal(PathCount(Ids.Business), options.Count);
        Assert.All(options, o => Assert.Equal("s1", o.Option!.SubscriptionId));
        Assert.Equal(0, PathCount(Ids.E5));
        Assert.Equal($"Subscription s2 ({Ids.Names[Ids.E5]}) has no upgrade paths.", Assert.Single(none).Note);
        Assert.Equal(EligibilityFailure.SubscriptionNotFound, missing.Failure);
        Assert.Equal(CustomerId.ToUpperInvariant(), missing.CustomerId);
    }

    private sealed class RecordingProgress : IProgress<EligibilityProgress>
    {
        public List<EligibilityProgress> Reports { get; } = new();
        public List<int> Threads { get; } = new();

        public void Report(EligibilityProgress value)
        {
            Reports.Add(value);
            Threads.Add(Environment.CurrentManagedThreadId);
        }
    }

    /// <summary>A local backend: the module's own rules on customers held in memory, like an inventory.</summary>
    private class FakeBackend : ICspBackend
    {
        private readonly Dictionary<string, CustomerRecord> _customers;
        private int _checks;

        public FakeBackend(params CustomerRecord[] customers) =>
            _customers = customers.ToDictionary(c => c.CustomerId, StringComparer.OrdinalIgnoreCase);

        public int Checks => _checks;

        /// <summary>The session the backend was connected for: its engine decides, read at each call as real backends do.</summary>
        public ICatalogSource Session { get; set; } = new CspSession();
        public ConnectionInfo Connection { get; } = new("Fake", null, null, "Fabrikam", new List<PartnerRole>(), DateTime.UtcNow);
        public PartnerInfo Partner { get; } = Build.Partner();

        public void Refresh()
        {
        }

        public IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation) => _customers.Values;

        public virtual CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            return _customers.TryGetValue(customerId, out var customer) ? customer : null;
        }

        public virtual EligibilityResult CheckEligibility(CustomerContext customer, SubscriptionRecord subscription, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            Interlocked.Increment(ref _checks);
            return Session.Engine.Check(customer, subscription, target, choice);
        }

        public virtual IReadOnlyList<EligibilityResult> CheckAllPaths(CustomerContext customer, SubscriptionRecord subscription, UpgradeChoice choice, CancellationToken cancellation)
        {
            Interlocked.Increment(ref _checks);
            return Session.Engine.CheckAllPaths(customer, subscription, choice);
        }

        public UpgradePlan PlanUpgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation) =>
            throw new NotSupportedException();

        public UpgradeResult Upgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation) =>
            throw new NotSupportedException();

        public SubscriptionRecord AddLicenses(string customerId, string subscriptionId, int count, CancellationToken cancellation) =>
            throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    /// <summary>A remote backend (called from worker threads) that can hold a call back, fail a request, or answer 401.</summary>
    private sealed class FakeRemoteBackend : FakeBackend, IRemoteBackend
    {
        private readonly ConcurrentDictionary<string, ManualResetEventSlim> _answered = new();
        private readonly Dictionary<string, string> _holds = new();

        public FakeRemoteBackend(params CustomerRecord[] customers)
            : base(customers)
        {
        }

        public BackendChannel Channel { get; } = new BackendChannel();

        public string? FailCheck { get; init; }
        public bool FailCustomer { get; init; }
        public string? UnauthorizedFor { get; init; }
        public ConcurrentQueue<string> Answered { get; } = new();
        public ConcurrentQueue<bool> Lanes { get; } = new();
        public ManualResetEventSlim Holding { get; } = new();

        /// <summary>Reads of <paramref name="customerId"/> wait until subscription <paramref name="until"/> has been answered (or the run is cancelled).</summary>
        public void HoldCustomer(string customerId, string until) => _holds[customerId] = until;

        public override CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation)
        {
            if (_holds.TryGetValue(customerId, out var until))
            {
                Holding.Set();
                if (!Answer(until).Wait(TimeSpan.FromSeconds(30), cancellation))
                {
                    throw new TimeoutException($"test bug: {until} was never answered");
                }
            }
            if (FailCustomer)
            {
                throw new PartnerCenterException("Reading the customer failed.", "GET", "customers/" + customerId, 500);
            }
            if (customerId == UnauthorizedFor)
            {
                throw new PartnerCenterUnauthorizedException("GET", "customers/" + customerId, null, "token expired", null, null);
            }
            return base.GetCustomer(customerId, cancellation);
        }

        public override EligibilityResult CheckEligibility(CustomerContext customer, SubscriptionRecord subscription, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            if (subscription.SubscriptionId == FailCheck)
            {
                throw new PartnerCenterException("Reading the upgrades failed.", "GET", "subscriptions/" + subscription.SubscriptionId + "/upgrades", 403);
            }
            var result = base.CheckEligibility(customer, subscription, target, choice, cancellation);
            Lanes.Enqueue(RequestLane.IsBackground);
            Answered.Enqueue(subscription.SubscriptionId);
            Answer(subscription.SubscriptionId).Set();
            return result;
        }

        private ManualResetEventSlim Answer(string subscriptionId) => _answered.GetOrAdd(subscriptionId, _ => new ManualResetEventSlim());
    }
}
