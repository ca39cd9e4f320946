using System;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Whether subscriptions can be upgraded, with every reason why not. Binds CustomerId, SubscriptionId and TargetOffer
    /// from piped objects or CSV rows; a customer alone checks all its (non-deleted) subscriptions.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspUpgradeEligibility")]
    [OutputType(typeof(EligibilityResult))]
    [OutputType(typeof(bool))]
    public sealed class TestCspUpgradeEligibilityCommand : CspCmdlet
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

        protected override void BeginProcessing()
        {
            RefreshBackend();
            _backend = Backend;
            _engine = Session.Engine;
        }

        protected override void ProcessRecord()
        {
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
    }
}
