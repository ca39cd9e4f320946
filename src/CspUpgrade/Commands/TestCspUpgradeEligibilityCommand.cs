using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
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

        /// <summary>UpgradeWithLicenseTransfer (the default) or UpgradeOnly; text, read by the cmdlet (see RawArgument).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UpgradeTypeCompleter))]
        public string? UpgradeType { get; set; }

        /// <summary>Seats on the target (a whole number); defaults to the source subscription's quantity. Text, read by the cmdlet.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Quantity { get; set; }

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
        private bool _verbose;
        private RemoteChecks? _remote;
        private LocalSink? _local;

        protected override void BeginProcessing()
        {
            // Values given on the command line are read once, before anything is checked: a bad one stops the command.
            if (!RawArgument.TryReadUpgrade(UpgradeType, Quantity, null, out _, out _, out var invalid))
            {
                ThrowTerminatingError(invalid!);
            }
            RefreshBackend();
            _verbose = VerboseEnabled();
            _backend = Backend;
            _engine = Session.Engine;
            if (_backend is IRemoteBackend)
            {
                _remote = new RemoteChecks(this);
            }
            else
            {
                _local = new LocalSink(this);
            }
        }

        protected override void ProcessRecord()
        {
            // A piped value the parameter cannot take is this item's error; nothing is checked for it.
            if (!RawArgument.TryReadUpgrade(UpgradeType, Quantity, string.IsNullOrWhiteSpace(SubscriptionId) ? CustomerId : SubscriptionId, out var upgradeType, out var quantity, out var invalid))
            {
                WriteError(invalid!);
                return;
            }
            if (_verbose)
            {
                WriteVerbose($"Checking {(string.IsNullOrWhiteSpace(SubscriptionId) ? "every live subscription" : "subscription " + SubscriptionId)} of customer {CustomerId} " +
                    $"against {(string.IsNullOrWhiteSpace(TargetOffer) ? "every upgrade path" : TargetOffer)} ({upgradeType}{(quantity is int seats ? $", {seats} seats" : string.Empty)}).");
            }
            if (_remote != null)
            {
                _remote.Add(new CheckRequest(CustomerId, SubscriptionId, TargetOffer, upgradeType, quantity));
                return;
            }

            CheckItem(_backend, _engine, _local!, CustomerId, SubscriptionId, TargetOffer, upgradeType, quantity, Cancellation);
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

        /// <summary>
        /// Everything one piped item asks for: its customer, the target (if named), then the one subscription named or every live
        /// one. Not-found items and failed Partner Center requests become error records; a 401 ends the command.
        /// </summary>
        private static void CheckItem(ICspBackend backend, EligibilityEngine engine, ICheckSink sink, string customerId, string? subscriptionId, string? targetOffer, CspUpgrade.UpgradeType upgradeType, int? quantity, CancellationToken cancellation)
        {
            try
            {
                var customer = sink.FindCustomer(customerId, cancellation);
                if (customer is null)
                {
                    sink.Error(CustomerNotFoundError(customerId, backend));
                    return;
                }
                CatalogOffer? target = null;
                if (!string.IsNullOrWhiteSpace(targetOffer))
                {
                    target = sink.FindTarget(targetOffer!);
                    if (target is null)
                    {
                        sink.Error(OfferNotFoundError(new OfferNotFoundException(targetOffer!), targetOffer));
                        return;
                    }
                }
                var context = sink.ContextOf(customer);
                if (!string.IsNullOrWhiteSpace(subscriptionId))
                {
                    var subscription = customer.FindSubscription(subscriptionId!);
                    if (subscription is null)
                    {
                        sink.Error(SubscriptionNotFoundError(customer.CustomerId, subscriptionId!));
                        return;
                    }
                    CheckSubscription(backend, engine, sink, context, subscription, target, upgradeType, quantity, cancellation);
                    return;
                }
                // A customer alone means its live subscriptions; deleted ones (e.g. upgraded sources) are history.
                foreach (var subscription in customer.Subscriptions)
                {
                    if (subscription.Status != SubscriptionStatus.Deleted)
                    {
                        CheckSubscription(backend, engine, sink, context, subscription, target, upgradeType, quantity, cancellation);
                    }
                }
            }
            catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
            {
                sink.Error(PartnerCenterError(ex, subscriptionId ?? customerId));
            }
        }

        private static void CheckSubscription(ICspBackend backend, EligibilityEngine engine, ICheckSink sink, CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target, CspUpgrade.UpgradeType upgradeType, int? quantity, CancellationToken cancellation)
        {
            try
            {
                if (target != null)
                {
                    sink.Result(backend.CheckEligibility(engine, context, subscription, target, upgradeType, quantity, cancellation));
                }
                else
                {
                    foreach (var result in backend.CheckAllPaths(engine, context, subscription, upgradeType, quantity, cancellation))
                    {
                        sink.Result(result);
                    }
                }
            }
            catch (OfferNotFoundException ex)
            {
                sink.Error(OfferNotFoundError(ex, subscription.SubscriptionId));
            }
            catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
            {
                sink.Error(PartnerCenterError(ex, subscription.SubscriptionId));
            }
            sink.Checked(context.Customer);
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

        /// <summary>Where one piped item's lookups come from and its results and errors go.</summary>
        private interface ICheckSink
        {
            CustomerRecord? FindCustomer(string customerId, CancellationToken cancellation);

            CatalogOffer? FindTarget(string name);

            CustomerContext ContextOf(CustomerRecord customer);

            void Result(EligibilityResult result);

            void Error(ErrorRecord error);

            void Checked(CustomerRecord customer);
        }

        /// <summary>The local backend: checked on the pipeline thread and written at once, with progress on bulk runs.</summary>
        private sealed class LocalSink : ICheckSink
        {
            private readonly TestCspUpgradeEligibilityCommand _cmdlet;

            public LocalSink(TestCspUpgradeEligibilityCommand cmdlet)
            {
                _cmdlet = cmdlet;
            }

            public CustomerRecord? FindCustomer(string customerId, CancellationToken cancellation) => _cmdlet.FindCustomer(customerId);

            public CatalogOffer? FindTarget(string name) => _cmdlet.FindTarget(name);

            public CustomerContext ContextOf(CustomerRecord customer) => _cmdlet._contexts.Get(_cmdlet._engine, customer, _cmdlet._backend.Partner);

            public void Result(EligibilityResult result) => _cmdlet.Write(result);

            public void Error(ErrorRecord error) => _cmdlet.WriteError(error);

            public void Checked(CustomerRecord customer) => _cmdlet.ReportProgress(customer);
        }

        /// <summary>One piped item, captured on the pipeline thread (the parameters change with every item).</summary>
        private sealed class CheckRequest
        {
            public CheckRequest(string customerId, string? subscriptionId, string? targetOffer, CspUpgrade.UpgradeType upgradeType, int? quantity)
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
            public CspUpgrade.UpgradeType UpgradeType { get; }
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
            private List<object> Evaluate(CheckRequest request, CancellationToken cancellation)
            {
                var sink = new CollectingSink(this);
                CheckItem(_cmdlet._backend, _cmdlet._engine, sink, request.CustomerId, request.SubscriptionId, request.TargetOffer, request.UpgradeType, request.Quantity, cancellation);
                return sink.Output;
            }

            /// <summary>One item's lookups straight from the backend, its results and errors collected for the pipeline thread.</summary>
            private sealed class CollectingSink : ICheckSink
            {
                private readonly RemoteChecks _checks;

                public CollectingSink(RemoteChecks checks)
                {
                    _checks = checks;
                }

                public List<object> Output { get; } = new List<object>();

                public CustomerRecord? FindCustomer(string customerId, CancellationToken cancellation) => _checks._cmdlet._backend.GetCustomer(customerId, cancellation);

                public CatalogOffer? FindTarget(string name) => _checks._cmdlet._engine.Catalog.Find(name);

                public CustomerContext ContextOf(CustomerRecord customer) =>
                    _checks._contexts.GetOrAdd(customer, c => _checks._cmdlet._engine.CreateContext(c, _checks._cmdlet._backend.Partner));

                public void Result(EligibilityResult result) => Output.Add(result);

                public void Error(ErrorRecord error) => Output.Add(error);

                public void Checked(CustomerRecord customer)
                {
                }
            }
        }
    }
}
