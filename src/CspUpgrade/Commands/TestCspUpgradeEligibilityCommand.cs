using System;
using System.Collections.Generic;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Whether subscriptions can be upgraded, with every reason why not. Binds CustomerId, SubscriptionId and TargetOffer
    /// from piped objects or CSV rows; a customer alone checks all its (non-deleted) subscriptions. Against a remote backend
    /// (Partner Center) up to -ThrottleLimit piped items are checked at once; results still come out in input order.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspUpgradeEligibility")]
    [OutputType(typeof(EligibilityResult))]
    [OutputType(typeof(bool))]
    public sealed class TestCspUpgradeEligibilityCommand : CspCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string CustomerId { get; set; } = null!;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        public string? SubscriptionId { get; set; }

        /// <summary>Target offer id or display name; without it, every upgrade path is checked.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("TargetOfferId")]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string? TargetOffer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public UpgradeType UpgradeType { get; set; } = UpgradeType.UpgradeWithLicenseTransfer;

        /// <summary>Seats on the target; defaults to the source subscription's quantity.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [EmptyAsNull]
        [ValidateSeatCount]
        public int? Quantity { get; set; }

        /// <summary>Returns only true or false for each result.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>With a remote backend (Partner Center), how many piped items are checked at once. The local backend ignores it.</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;

        private readonly CustomerContextCache _contexts = new CustomerContextCache();
        private ICspBackend _backend = null!;
        private EligibilityEngine _engine = null!;

        // Piped rows usually repeat the same customer and target: remember the last ones instead of looking them up again.
        private string? _lastCustomerId;
        private CustomerRecord? _lastCustomer;
        private string? _lastTargetName;
        private CatalogOffer? _lastTarget;

        private ProgressRecord? _progress;
        private int _checked;
        private RemoteChecks? _remote;

        protected override void BeginProcessing()
        {
            RefreshBackend();
            _backend = Backend;
            _engine = Session.Engine;
            if (_backend is IRemoteBackend)
            {
                _remote = new RemoteChecks(this);
            }
        }

        protected override void ProcessRecord()
        {
            if (_remote != null)
            {
                _remote.Add(new CheckRequest(CustomerId, SubscriptionId, TargetOffer, UpgradeType, Quantity));
                return;
            }

            var customer = FindCustomer(CustomerId);
            if (customer is null)
            {
                WriteCustomerNotFound(CustomerId);
                return;
            }

            CatalogOffer? target = null;
            if (!string.IsNullOrWhiteSpace(TargetOffer))
            {
                target = FindTarget(TargetOffer!);
                if (target is null)
                {
                    WriteOfferNotFound(new OfferNotFoundException(TargetOffer!), TargetOffer);
                    return;
                }
            }

            var context = _contexts.Get(_engine, customer, _backend.Partner);
            if (!string.IsNullOrWhiteSpace(SubscriptionId))
            {
                var subscription = customer.FindSubscription(SubscriptionId!);
                if (subscription is null)
                {
                    WriteSubscriptionNotFound(customer.CustomerId, SubscriptionId!);
                    return;
                }
                Check(context, subscription, target);
                return;
            }

            // A customer alone means its live subscriptions; deleted ones (e.g. upgraded sources) are history.
            foreach (var subscription in customer.Subscriptions)
            {
                if (subscription.Status != SubscriptionStatus.Deleted)
                {
                    Check(context, subscription, target);
                }
            }
        }

        protected override void EndProcessing()
        {
            _remote?.Finish();
            if (_progress != null)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(_progress);
            }
        }

        private void Check(CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target)
        {
            try
            {
                if (target != null)
                {
                    Write(_backend.CheckEligibility(_engine, context, subscription, target, UpgradeType, Quantity, Cancellation));
                }
                else
                {
                    foreach (var result in _backend.CheckAllPaths(_engine, context, subscription, UpgradeType, Quantity, Cancellation))
                    {
                        Write(result);
                    }
                }
            }
            catch (OfferNotFoundException ex)
            {
                WriteOfferNotFound(ex, subscription.SubscriptionId);
            }
            catch (PartnerCenterException ex)
            {
                WritePartnerCenterError(ex, subscription.SubscriptionId);
            }
            ReportProgress(context.Customer);
        }

        private void Write(EligibilityResult result)
        {
            if (Quiet)
            {
                WriteObject(result.IsEligible);
            }
            else
            {
                WriteObject(result);
            }
        }

        private CustomerRecord? FindCustomer(string customerId)
        {
            if (_lastCustomer != null && string.Equals(customerId, _lastCustomerId, StringComparison.Ordinal))
            {
                return _lastCustomer;
            }
            _lastCustomerId = customerId;
            return _lastCustomer = _backend.GetCustomer(customerId, Cancellation);
        }

        private CatalogOffer? FindTarget(string name)
        {
            if (_lastTarget != null && string.Equals(name, _lastTargetName, StringComparison.Ordinal))
            {
                return _lastTarget;
            }
            _lastTargetName = name;
            return _lastTarget = _engine.Catalog.Find(name);
        }

        private void ReportProgress(CustomerRecord customer)
        {
            // Bulk runs show progress; a handful of checks does not flicker a bar.
            if (++_checked % 250 != 0)
            {
                return;
            }
            _progress ??= new ProgressRecord(1, "Checking upgrade eligibility", "Starting");
            _progress.StatusDescription = $"{_checked} subscriptions checked; now {customer.Name}";
            WriteProgress(_progress);
        }

        public void Dispose() => _remote?.Dispose();

        /// <summary>One piped item, captured on the pipeline thread (the parameters change with every item).</summary>
        private sealed class CheckRequest
        {
            public CheckRequest(string customerId, string? subscriptionId, string? targetOffer, UpgradeType upgradeType, int? quantity)
            {
                CustomerId = customerId;
                SubscriptionId = subscriptionId;
                TargetOffer = targetOffer;
                UpgradeType = upgradeType;
                Quantity = quantity;
            }

            public string CustomerId { get; }
            public string? SubscriptionId { get; }
            public string? TargetOffer { get; }
            public UpgradeType UpgradeType { get; }
            public int? Quantity { get; }
        }

        /// <summary>
        /// Checks against a remote backend with bounded concurrency. Worker threads only call the backend and collect results,
        /// error records and status updates; everything is written on the pipeline thread, in input order.
        /// </summary>
        private sealed class RemoteChecks : IDisposable
        {
            private readonly TestCspUpgradeEligibilityCommand _cmdlet;
            private readonly OrderedWorkQueue<List<object>> _queue;
            private readonly System.Collections.Concurrent.ConcurrentDictionary<CustomerRecord, CustomerContext> _contexts =
                new System.Collections.Concurrent.ConcurrentDictionary<CustomerRecord, CustomerContext>();
            private readonly int _backlog;
            private int _done;

            public RemoteChecks(TestCspUpgradeEligibilityCommand cmdlet)
            {
                _cmdlet = cmdlet;
                cmdlet.PrepareStatusQueue();
                _queue = new OrderedWorkQueue<List<object>>(cmdlet.ThrottleLimit, cmdlet.Cancellation);
                _backlog = Math.Max(16, cmdlet.ThrottleLimit * 8);
            }

            public void Add(CheckRequest request)
            {
                _queue.Add(cancellation => Evaluate(request, cancellation));
                Drain(untilBelow: _backlog);
            }

            public void Finish()
            {
                _queue.Complete();
                Drain(untilBelow: 1);
            }

            public void Dispose() => _queue.Dispose();

            /// <summary>Writes what has finished, in order; waits (still writing status) while more than allowed is pending.</summary>
            private void Drain(int untilBelow)
            {
                while (true)
                {
                    _cmdlet.WriteQueuedStatus();
                    while (_queue.TryTakeCompleted(out var slot))
                    {
                        Write(slot!);
                    }
                    if (_queue.Pending < untilBelow)
                    {
                        return;
                    }
                    if (_cmdlet.Cancellation.IsCancellationRequested)
                    {
                        throw new PipelineStoppedException();
                    }
                    _queue.WaitForCompletion(TimeSpan.FromMilliseconds(100));
                }
            }

            private void Write(OrderedWorkQueue<List<object>>.Slot slot)
            {
                switch (slot.Error)
                {
                    case null:
                        break;
                    case PartnerCenterUnauthorizedException unauthorized:
                        _queue.Dispose();
                        _cmdlet.ThrowTerminatingError(PartnerCenterError(unauthorized, null));
                        return;
                    case OperationCanceledException _:
                    case PipelineStoppedException _:
                        throw new PipelineStoppedException();
                    default:
                        throw slot.Error;
                }
                foreach (object item in slot.Result!)
                {
                    if (item is ErrorRecord error)
                    {
                        _cmdlet.WriteError(error);
                    }
                    else if (item is EligibilityResult result)
                    {
                        _cmdlet.Write(result);
                    }
                }
                _done++;
                var progress = _cmdlet._progress ??= new ProgressRecord(1, "Checking upgrade eligibility", "Starting");
                progress.StatusDescription = $"{_done} item(s) checked, {_queue.Pending} waiting or in progress";
                _cmdlet.WriteProgress(progress);
            }

            /// <summary>Runs on a worker thread: everything one piped item produces, errors included, as a list.</summary>
            private List<object> Evaluate(CheckRequest request, System.Threading.CancellationToken cancellation)
            {
                var output = new List<object>();
                var backend = _cmdlet._backend;
                var engine = _cmdlet._engine;
                try
                {
                    var customer = backend.GetCustomer(request.CustomerId, cancellation);
                    if (customer is null)
                    {
                        output.Add(CustomerNotFoundError(request.CustomerId, backend));
                        return output;
                    }
                    CatalogOffer? target = null;
                    if (!string.IsNullOrWhiteSpace(request.TargetOffer))
                    {
                        target = engine.Catalog.Find(request.TargetOffer!);
                        if (target is null)
                        {
                            output.Add(OfferNotFoundError(new OfferNotFoundException(request.TargetOffer!), request.TargetOffer));
                            return output;
                        }
                    }
                    var context = _contexts.GetOrAdd(customer, c => engine.CreateContext(c, backend.Partner));
                    if (!string.IsNullOrWhiteSpace(request.SubscriptionId))
                    {
                        var subscription = customer.FindSubscription(request.SubscriptionId!);
                        if (subscription is null)
                        {
                            output.Add(SubscriptionNotFoundError(customer.CustomerId, request.SubscriptionId!));
                            return output;
                        }
                        CheckOne(output, backend, engine, context, subscription, target, request, cancellation);
                        return output;
                    }
                    foreach (var subscription in customer.Subscriptions)
                    {
                        if (subscription.Status != SubscriptionStatus.Deleted)
                        {
                            CheckOne(output, backend, engine, context, subscription, target, request, cancellation);
                        }
                    }
                }
                catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
                {
                    output.Add(PartnerCenterError(ex, request.SubscriptionId ?? request.CustomerId));
                }
                return output;
            }

            private static void CheckOne(List<object> output, ICspBackend backend, EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target, CheckRequest request, System.Threading.CancellationToken cancellation)
            {
                try
                {
                    if (target != null)
                    {
                        output.Add(backend.CheckEligibility(engine, context, subscription, target, request.UpgradeType, request.Quantity, cancellation));
                    }
                    else
                    {
                        output.AddRange(backend.CheckAllPaths(engine, context, subscription, request.UpgradeType, request.Quantity, cancellation));
                    }
                }
                catch (OfferNotFoundException ex)
                {
                    output.Add(OfferNotFoundError(ex, subscription.SubscriptionId));
                }
                catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
                {
                    output.Add(PartnerCenterError(ex, subscription.SubscriptionId));
                }
            }
        }
    }
}
