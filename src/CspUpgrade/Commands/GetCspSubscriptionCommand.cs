using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>Subscriptions of the backend's customers; with no filter, all of them.</summary>
    [Cmdlet(VerbsCommon.Get, "CspSubscription")]
    [OutputType(typeof(Subscription))]
    public sealed class GetCspSubscriptionCommand : CspCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? CustomerId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? SubscriptionId { get; set; }

        /// <summary>Only subscriptions of these offers (id or display name).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(OfferCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Offer { get; set; }

        [Parameter]
        public SubscriptionStatus[]? Status { get; set; }

        private HashSet<string>? _offerIds;

        protected override void BeginProcessing()
        {
            RefreshBackend();
            if (Offer != null)
            {
                _offerIds = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
                foreach (string offer in Offer)
                {
                    try
                    {
                        _offerIds.Add(ResolveOffer(offer).OfferId);
                    }
                    catch (OfferNotFoundException ex)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.OfferNotFound, ErrorCategory.InvalidArgument, offer));
                    }
                }
            }
        }

        protected override void ProcessRecord()
        {
            var backend = Backend;
            var engine = Session.Engine;
            var remaining = SubscriptionId?.ToList();
            foreach (var customer in Customers(backend))
            {
                foreach (var subscription in customer.Subscriptions)
                {
                    if (remaining != null)
                    {
                        int index = remaining.FindIndex(id => string.Equals(id, subscription.SubscriptionId, System.StringComparison.OrdinalIgnoreCase));
                        if (index < 0)
                        {
                            continue;
                        }
                        remaining.RemoveAt(index);
                    }
                    if ((_offerIds != null && !_offerIds.Contains(subscription.OfferId)) || (Status != null && !Status.Contains(subscription.Status)))
                    {
                        continue;
                    }
                    var offer = engine.Catalog.Find(subscription.OfferId);
                    bool upgradeAvailable = offer != null && engine.HasUpgradePathInMarket(offer, customer.Market);
                    WriteObject(new Subscription(customer, subscription, offer, upgradeAvailable));
                }
            }
            foreach (string missing in remaining ?? Enumerable.Empty<string>())
            {
                WriteSubscriptionNotFound(CustomerId is { Length: 1 } ? CustomerId[0] : "(any)", missing);
            }
        }

        private IEnumerable<CustomerRecord> Customers(ICspBackend backend)
        {
            if (CustomerId != null)
            {
                foreach (string id in CustomerId)
                {
                    var customer = TryGetCustomer(backend, id, reportMissing: true);
                    if (customer != null)
                    {
                        yield return customer;
                    }
                }
                yield break;
            }
            IEnumerable<CustomerRecord> all;
            try
            {
                all = backend.GetCustomers(Cancellation);
            }
            catch (PartnerCenterException ex)
            {
                WritePartnerCenterError(ex, null);
                yield break;
            }
            foreach (var summary in all)
            {
                var customer = TryGetCustomer(backend, summary.CustomerId, reportMissing: false);
                if (customer != null)
                {
                    yield return customer;
                }
            }
        }

        /// <summary>
        /// The customer, or null: a customer the backend does not have is a CustomerNotFound error when <paramref name="reportMissing"/>
        /// is set, and a failed Partner Center request is this customer's error; the rest go on.
        /// </summary>
        private CustomerRecord? TryGetCustomer(ICspBackend backend, string id, bool reportMissing)
        {
            CustomerRecord? customer;
            try
            {
                customer = backend.GetCustomer(id, Cancellation);
            }
            catch (PartnerCenterException ex)
            {
                WritePartnerCenterError(ex, id);
                return null;
            }
            if (customer is null && reportMissing)
            {
                WriteCustomerNotFound(id);
            }
            return customer;
        }
    }
}
