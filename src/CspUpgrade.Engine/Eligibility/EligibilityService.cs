using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// Answers eligibility requests for one command: finds the customer, the target and the subscriptions a request names,
    /// asks the backend (whose verdict it is: local rules, or Partner Center's with the local rules as a second opinion) and
    /// hands back outcomes in request order. Not-found items and failed Partner Center requests are outcomes; a 401
    /// (<see cref="PartnerCenterUnauthorizedException"/>) and a cancellation end the run as exceptions.
    /// <para>
    /// A local backend is asked on the calling thread, one request at a time, with lookups remembered between requests. A
    /// remote backend (<see cref="IRemoteBackend"/>) is asked on up to throttleLimit worker threads; outcomes, progress and
    /// <c>whileWaiting</c> still happen only on the thread that reads them, so a cmdlet can write them directly.
    /// </para>
    /// </summary>
    internal sealed class EligibilityService : IDisposable
    {
        private readonly ICspBackend _backend;
        private readonly ICatalogSource _session;
        private readonly IProgress<EligibilityProgress>? _progress;
        private readonly Action? _whileWaiting;
        private readonly CancellationToken _cancellation;

        // Checks on the calling thread: piped rows usually repeat the same customer and target, so the last ones are remembered.
        private readonly CustomerContextCache _contexts = new CustomerContextCache();
        private string? _lastCustomerId;
        private CustomerRecord? _lastCustomer;
        private string? _lastTargetName;
        private IReadOnlyList<CatalogOffer>? _lastTargets;
        private OfferCatalog? _lastTargetsCatalog;
        private int _checked;
        private readonly List<EligibilityOutcome> _local = new List<EligibilityOutcome>();

        /// <summary>Local checks: every this many subscriptions the progress carries the rate (the cmdlet shows those).</summary>
        internal const int LocalMeasureEvery = 250;

        // Concurrent checks (a remote backend): worker threads share only thread-safe lookups.
        private readonly bool _concurrent;
        private readonly ConcurrentDictionary<CustomerRecord, CustomerContext>? _sharedContexts;
        private readonly int _throttleLimit;
        private OrderedWorkQueue<List<EligibilityOutcome>>? _queue;
        private int _handedBack;
        private int _submitted;

        /// <summary>
        /// Requests a remote run keeps outstanding before Submit waits. Large on purpose: the command's own thread then keeps
        /// reading (the next customers' subscriptions) while the workers check, so the whole input, and with it the total for the
        /// time left, is known long before the end; each request held costs a few hundred bytes.
        /// </summary>
        internal const int MaxOutstanding = 100_000;

        /// <summary>Counts, rate and time left for the progress reports (replaceable for tests: its clock).</summary>
        internal EligibilityProgressMeter Meter { get; set; } = new EligibilityProgressMeter();

        /// <param name="session">Where the engine (and so the catalogue) comes from, read at each request as the backend reads it: a
        /// catalogue imported while the command runs decides from the next request on.</param>
        /// <param name="backend">The session's backend as this command sees it (a cmdlet wraps a remote one to report its waits); null: the session's own.</param>
        /// <param name="throttleLimit">A remote backend: how many requests are checked at once; null: enough to keep the
        /// connection's pace busy (<see cref="DefaultThrottleLimit"/>).</param>
        /// <param name="progress">Told how far the run has come, on the thread that reads the outcomes.</param>
        /// <param name="whileWaiting">A remote backend: called on the reading thread each time it looks for finished requests, so the caller can
        /// write what the backend's calls on worker threads queued (e.g. throttling waits).</param>
        /// <param name="cancellation">Stops the run; an <see cref="OperationCanceledException"/> comes out of the outcome being read.</param>
        public EligibilityService(
            CspSession session,
            ICspBackend? backend = null,
            int? throttleLimit = null,
            IProgress<EligibilityProgress>? progress = null,
            Action? whileWaiting = null,
            CancellationToken cancellation = default)
        {
            if (session is null)
            {
                throw new ArgumentNullException(nameof(session));
            }
            _backend = backend ?? session.Backend ?? throw new InvalidOperationException("The session has no backend.");
            _session = session;
            _progress = progress;
            _whileWaiting = whileWaiting;
            _cancellation = cancellation;
            if (_backend is IRemoteBackend)
            {
                _concurrent = true;
                _sharedContexts = new ConcurrentDictionary<CustomerRecord, CustomerContext>();
                _throttleLimit = throttleLimit ?? DefaultThrottleLimit((session.Backend as IPacedBackend)?.RequestsPerMinute);
            }
        }

        /// <summary>
        /// How many requests a remote run checks at once by default: as many as the pace lets start in 1.5 s (Partner Center's
        /// eligibility answers take up to about 1.2 s, so fewer would leave the budget unused: at 500 a minute, 13), at least
        /// 4 and at most 32. Workers beyond that cost only a thread each: they wait their turn outside the pace
        /// (<see cref="PartnerCenter.RequestLane"/>) and never delay the command's own reads.
        /// </summary>
        internal static int DefaultThrottleLimit(int? requestsPerMinute) =>
            requestsPerMinute is int perMinute && perMinute > 0 ? Math.Min(32, Math.Max(4, (int)Math.Ceiling(perMinute / 60.0 * 1.5))) : 4;

        /// <summary>The catalogue the next request is decided with.</summary>
        public OfferCatalog Catalog => _session.Catalog;

        /// <summary>
        /// Takes one request and hands back what is ready, in request order: with a local backend the request's own outcomes
        /// (computed at once, in a list reused by the next request); with a remote backend the outcomes of earlier requests that have finished, waiting
        /// while too many are outstanding. Read the result before submitting the next request; <see cref="Complete"/> hands back the rest.
        /// </summary>
        public IEnumerable<EligibilityOutcome> Submit(EligibilityRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }
            if (!_concurrent)
            {
                Meter.Start();
                // Checked here and now, into one list the caller reads before the next request: a bulk run makes no
                // iterator or list per piped item.
                _local.Clear();
                Check(request, _cancellation, _local);
                return _local;
            }
            _queue ??= new OrderedWorkQueue<List<EligibilityOutcome>>(_throttleLimit, _cancellation);
            Meter.Start();
            _submitted++;
            _queue.Add(cancellation =>
            {
                // The workers' requests yield to the reads on the command's own thread that feed them.
                using (RequestLane.Background())
                {
                    var outcomes = new List<EligibilityOutcome>();
                    Check(request, cancellation, outcomes);
                    return outcomes;
                }
            });
            return Drain(untilBelow: MaxOutstanding);
        }

        /// <summary>No more requests: hands back the outcomes still outstanding, in request order.</summary>
        public IEnumerable<EligibilityOutcome> Complete()
        {
            if (_queue is null)
            {
                return Array.Empty<EligibilityOutcome>();
            }
            _queue.Complete();
            Meter.SetTotal(_submitted); // every item is known now: the time left can be told
            _progress?.Report(Meter.Measure(_handedBack, _queue.Pending, null));
            return Drain(untilBelow: 1);
        }

        /// <summary>
        /// The upgrade paths of one subscription as options with their eligibility, for the paths the catalogue maps; a path it
        /// cannot show (none at all, or a Partner Center offer the catalogue does not map) is a note. Checked on the calling thread.
        /// </summary>
        public IEnumerable<EligibilityOutcome> Options(string customerId, string subscriptionId, UpgradeType upgradeType)
        {
            CustomerRecord? customer;
            try
            {
                customer = _backend.GetCustomer(customerId, _cancellation);
            }
            catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
            {
                return new[] { EligibilityOutcome.RequestFailed(ex, subscriptionId) };
            }
            if (customer is null)
            {
                return new[] { EligibilityOutcome.CustomerNotFound(customerId) };
            }
            var subscription = customer.FindSubscription(subscriptionId);
            if (subscription is null)
            {
                return new[] { EligibilityOutcome.SubscriptionNotFound(customerId, subscriptionId) };
            }
            var engine = _session.Engine;
            var context = ContextOf(engine, customer);
            var catalog = engine.Catalog;
            var source = catalog.Find(subscription.OfferId);
            if (source is null)
            {
                return new[] { EligibilityOutcome.OfferNotFound(new OfferNotFoundException(subscription.OfferId), subscription.SubscriptionId) };
            }
            IReadOnlyList<EligibilityResult> results;
            try
            {
                results = _backend.CheckAllPaths(context, subscription, UpgradeChoice.Of(upgradeType, null), _cancellation);
            }
            catch (OfferNotFoundException ex)
            {
                return new[] { EligibilityOutcome.OfferNotFound(ex, subscription.SubscriptionId) };
            }
            catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
            {
                return new[] { EligibilityOutcome.RequestFailed(ex, subscriptionId) };
            }
            var outcomes = new List<EligibilityOutcome>(results.Count);
            foreach (var result in results)
            {
                if (result.TargetOfferId is null)
                {
                    outcomes.Add(EligibilityOutcome.Noted($"Subscription {subscription.SubscriptionId} ({source.Offer}) has no upgrade paths."));
                }
                else if (catalog.Find(result.TargetOfferId) is CatalogOffer target)
                {
                    outcomes.Add(EligibilityOutcome.Of(new UpgradeOption(source, target, catalog, result)));
                }
                else
                {
                    outcomes.Add(EligibilityOutcome.Noted($"Partner Center offers {result.TargetOffer} ({result.TargetOfferId}) for subscription {subscription.SubscriptionId}, which the catalogue does not map (no partnerCenterOfferId); use Test-CspUpgradeEligibility to see it."));
                }
            }
            return outcomes;
        }

        /// <summary>Stops the worker threads of a remote run (their calls see the cancellation) without waiting for them.</summary>
        public void Dispose() => _queue?.Dispose();

        /// <summary>
        /// Everything one request asks for: its customer, the target (if named), then the one subscription named or every
        /// non-deleted one (deleted ones, e.g. upgraded sources, are history). On a worker thread for a remote backend.
        /// The session's engine is read once per request, as the backend's calls read it.
        /// </summary>
        private void Check(EligibilityRequest request, CancellationToken cancellation, List<EligibilityOutcome> outcomes)
        {
            var engine = _session.Engine;
            CustomerRecord? customer;
            EligibilityOutcome? failed = null;
            try
            {
                customer = FindCustomer(request.CustomerId, cancellation);
            }
            catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
            {
                customer = null;
                failed = EligibilityOutcome.RequestFailed(ex, request.SubscriptionId ?? request.CustomerId);
            }
            if (customer is null)
            {
                outcomes.Add(failed ?? EligibilityOutcome.CustomerNotFound(request.CustomerId));
                return;
            }
            // The target by id, name or alias; a name a legacy and a new-commerce offer share is decided per subscription.
            IReadOnlyList<CatalogOffer> targets = Array.Empty<CatalogOffer>();
            bool allPaths = string.IsNullOrWhiteSpace(request.TargetOffer);
            // A name the catalogue does not know may still be a target the backend offers each subscription (SPEC 1.8).
            var offered = _backend as IOfferedTargets;
            if (!allPaths)
            {
                targets = FindTargets(engine.Catalog, request.TargetOffer!);
                if (targets.Count == 0 && offered is null)
                {
                    outcomes.Add(EligibilityOutcome.OfferNotFound(new OfferNotFoundException(request.TargetOffer!), request.TargetOffer));
                    return;
                }
            }
            var context = ContextOf(engine, customer);
            IReadOnlyList<SubscriptionRecord> subscriptions = customer.Subscriptions;
            bool named = !string.IsNullOrWhiteSpace(request.SubscriptionId);
            if (named)
            {
                var subscription = customer.FindSubscription(request.SubscriptionId!);
                if (subscription is null)
                {
                    outcomes.Add(EligibilityOutcome.SubscriptionNotFound(customer.CustomerId, request.SubscriptionId!));
                    return;
                }
                subscriptions = new[] { subscription };
            }
            foreach (var subscription in subscriptions)
            {
                if (!named && subscription.Status == SubscriptionStatus.Deleted)
                {
                    continue;
                }
                EligibilityResult? one = null;
                IReadOnlyList<EligibilityResult>? all = null;
                EligibilityOutcome? failure = null;
                CatalogOffer? target = targets.Count == 0 ? null : TargetFor(engine.Catalog, targets, request.TargetOffer!, subscription, out failure);
                try
                {
                    if (!allPaths && targets.Count == 0)
                    {
                        target = offered!.FindOfferedTarget(customer.CustomerId, subscription.SubscriptionId, request.TargetOffer!, cancellation);
                        if (target is null)
                        {
                            failure = EligibilityOutcome.OfferNotFound(new OfferNotFoundException(request.TargetOffer!), request.TargetOffer);
                        }
                    }
                    if (allPaths)
                    {
                        all = _backend.CheckAllPaths(context, subscription, request.Choice, cancellation);
                    }
                    else if (target != null)
                    {
                        one = _backend.CheckEligibility(context, subscription, target, request.Choice, cancellation);
                    }
                }
                catch (OfferNotFoundException ex)
                {
                    failure = EligibilityOutcome.OfferNotFound(ex, subscription.SubscriptionId);
                }
                catch (SubscriptionNotFoundException ex)
                {
                    // -ToSubscriptionId named no subscription of this customer.
                    failure = EligibilityOutcome.SubscriptionNotFound(ex.CustomerId, ex.SubscriptionId);
                }
                catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
                {
                    failure = EligibilityOutcome.RequestFailed(ex, subscription.SubscriptionId);
                }
                if (failure != null)
                {
                    outcomes.Add(failure);
                }
                else if (one != null)
                {
                    outcomes.Add(EligibilityOutcome.Of(one));
                }
                else
                {
                    foreach (var result in all!)
                    {
                        outcomes.Add(EligibilityOutcome.Of(result));
                    }
                }
                if (!_concurrent && _progress != null)
                {
                    // Measured (rate) only every LocalMeasureEvery subscriptions: a local check costs well under a microsecond.
                    _progress.Report(++_checked % LocalMeasureEvery == 0 ? Meter.Measure(_checked, null, customer.Name) : new EligibilityProgress(_checked, null, customer.Name));
                }
            }
        }

        /// <summary>Hands back finished requests' outcomes in request order; waits (calling <c>whileWaiting</c>) while <paramref name="untilBelow"/> or more are outstanding.</summary>
        private IEnumerable<EligibilityOutcome> Drain(int untilBelow)
        {
            var queue = _queue!;
            while (true)
            {
                _whileWaiting?.Invoke();
                while (queue.TryTakeCompleted(out var slot))
                {
                    if (slot!.Error != null)
                    {
                        if (slot.Error is PartnerCenterUnauthorizedException)
                        {
                            // Every further call would fail the same way: stop the workers before the run ends.
                            queue.Dispose();
                        }
                        ExceptionDispatchInfo.Capture(slot.Error).Throw();
                    }
                    foreach (var outcome in slot.Result!)
                    {
                        yield return outcome;
                    }
                    ++_handedBack;
                    _progress?.Report(Meter.Measure(_handedBack, queue.Pending, null));
                }
                if (queue.Pending < untilBelow)
                {
                    yield break;
                }
                _cancellation.ThrowIfCancellationRequested();
                queue.WaitForCompletion(TimeSpan.FromMilliseconds(100));
            }
        }

        private CustomerRecord? FindCustomer(string customerId, CancellationToken cancellation)
        {
            if (_concurrent)
            {
                return _backend.GetCustomer(customerId, cancellation);
            }
            if (_lastCustomer != null && string.Equals(customerId, _lastCustomerId, StringComparison.Ordinal))
            {
                return _lastCustomer;
            }
            _lastCustomerId = customerId;
            return _lastCustomer = _backend.GetCustomer(customerId, cancellation);
        }

        private IReadOnlyList<CatalogOffer> FindTargets(OfferCatalog catalog, string name)
        {
            if (_concurrent)
            {
                return catalog.FindAll(name);
            }
            if (_lastTargets != null && catalog == _lastTargetsCatalog && string.Equals(name, _lastTargetName, StringComparison.Ordinal))
            {
                return _lastTargets;
            }
            _lastTargetName = name;
            _lastTargetsCatalog = catalog;
            return _lastTargets = catalog.FindAll(name);
        }

        /// <summary>
        /// The target for one subscription: the only offer named, or of a shared name the one of the source's commerce. A
        /// source the catalogue does not know cannot decide: OfferAmbiguous for this item.
        /// </summary>
        private static CatalogOffer? TargetFor(OfferCatalog catalog, IReadOnlyList<CatalogOffer> targets, string name, SubscriptionRecord subscription, out EligibilityOutcome? failure)
        {
            failure = null;
            if (targets.Count == 1)
            {
                return targets[0];
            }
            var source = catalog.FindById(subscription.OfferId);
            var target = source is null ? null : targets.FirstOrDefault(t => t.Commerce == source.Commerce);
            if (target is null)
            {
                failure = EligibilityOutcome.OfferAmbiguous(new OfferAmbiguousException(name, targets), subscription.SubscriptionId);
            }
            return target;
        }

        private CustomerContext ContextOf(EligibilityEngine engine, CustomerRecord customer)
        {
            if (!_concurrent)
            {
                return _contexts.Get(engine, customer, _backend.Partner);
            }
            var context = _sharedContexts!.GetOrAdd(customer, c => engine.CreateContext(c, _backend.Partner));
            if (context.Catalog != engine.Catalog)
            {
                // Made before a catalogue was imported: the request decides with the new one throughout.
                _sharedContexts[customer] = context = engine.CreateContext(customer, _backend.Partner);
            }
            return context;
        }
    }
}
