using System.Collections.Generic;
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
        [ValidateRange(1, int.MaxValue)]
        public int? Quantity { get; set; }

        /// <summary>Returns only true or false for each result.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private readonly CustomerContextCache _contexts = new CustomerContextCache();
        private ProgressRecord? _progress;
        private int _checked;

        protected override void BeginProcessing() => RefreshBackend();

        protected override void ProcessRecord()
        {
            var backend = Backend;
            var customer = backend.GetCustomer(CustomerId, Cancellation);
            if (customer is null)
            {
                WriteCustomerNotFound(CustomerId);
                return;
            }

            CatalogOffer? target = null;
            if (!string.IsNullOrWhiteSpace(TargetOffer))
            {
                try
                {
                    target = ResolveOffer(TargetOffer!);
                }
                catch (OfferNotFoundException ex)
                {
                    WriteOfferNotFound(ex, TargetOffer);
                    return;
                }
            }

            var engine = Session.Engine;
            var context = _contexts.Get(engine, customer, backend.Partner);
            foreach (var subscription in SubscriptionsToCheck(customer))
            {
                try
                {
                    foreach (var result in backend.CheckEligibility(engine, context, subscription, target, UpgradeType, Quantity, Cancellation))
                    {
                        WriteObject(Quiet ? (object)result.IsEligible : result);
                    }
                }
                catch (OfferNotFoundException ex)
                {
                    WriteOfferNotFound(ex, subscription.SubscriptionId);
                }
                ReportProgress(customer);
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

        private IEnumerable<SubscriptionRecord> SubscriptionsToCheck(CustomerRecord customer)
        {
            if (!string.IsNullOrWhiteSpace(SubscriptionId))
            {
                var subscription = customer.FindSubscription(SubscriptionId!);
                if (subscription is null)
                {
                    WriteSubscriptionNotFound(customer.CustomerId, SubscriptionId!);
                    yield break;
                }
                yield return subscription;
                yield break;
            }
            // A customer alone means its live subscriptions; deleted ones (e.g. upgraded sources) are history.
            foreach (var subscription in customer.Subscriptions)
            {
                if (subscription.Status != SubscriptionStatus.Deleted)
                {
                    yield return subscription;
                }
            }
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
