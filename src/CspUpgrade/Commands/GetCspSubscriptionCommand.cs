using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Subscriptions of the backend's customers; with no filter, all of them. Plain strings piped in are subscription ids
    /// (`Get-Content ids.txt | Get-CspSubscription`); plain customer ids go through Get-CspCustomer first
    /// (`Get-Content customers.txt | Get-CspCustomer | Get-CspSubscription`), so a piped string never means two things.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CspSubscription")]
    [OutputType(typeof(Subscription))]
    public sealed class GetCspSubscriptionCommand : CspCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? CustomerId { get; set; }

        /// <summary>Only these subscriptions. An empty value (a blank CSV cell) is "not given", as in Test-CspUpgradeEligibility.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        public string[]? SubscriptionId { get; set; }

        /// <summary>
        /// Whatever is piped in. A plain string (`Get-Content ids.txt`) is a subscription id; any other object is ignored here
        /// and binds by property name instead (CustomerId, SubscriptionId). Declared as an object so PowerShell never turns a
        /// piped customer or CSV row into its display text and takes that for a subscription id.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Only subscriptions of these offers (id or display name; wildcards match every offer whose id or name matches).</summary>
        [Parameter]
        [SupportsWildcards]
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
                    // A name that is no offer is a bad parameter; a pattern that matches none simply selects nothing.
                    if (!WildcardPattern.ContainsWildcardCharacters(offer) && Catalog.FindAll(offer).Count == 0)
                    {
                        ThrowTerminatingError(new ErrorRecord(new OfferNotFoundException(offer), ErrorIds.OfferNotFound, ErrorCategory.InvalidArgument, offer));
                    }
                    foreach (var match in MatchOffers(offer))
                    {
                        _offerIds.Add(match.OfferId);
                    }
                }
                WriteVerbose($"Only subscriptions of: {(_offerIds.Count == 0 ? "(no offer matches)" : string.Join(", ", _offerIds))}.");
            }
        }

        protected override void ProcessRecord()
        {
            var backend = Backend;
            var engine = Session.Engine;
            // Ids are matched like everywhere else: ignoring case and surrounding blanks (a CSV cell "s1 ").
            string? piped = InputObject?.BaseObject as string;
            if (piped != null && piped.Trim().Length == 0)
            {
                return; // a blank line of an id list names nothing (it must not widen to every subscription)
            }
            // A blank SubscriptionId cell names no subscription: the row asks for every subscription of its customer.
            var given = new List<string?>(SubscriptionId ?? new string[0]) { piped };
            var ids = given.Select(id => id?.Trim() ?? string.Empty).Where(id => id.Length > 0).ToList();
            var remaining = ids.Count > 0 ? ids : null;
            var found = new List<CustomerRecord>();
            foreach (var customer in Customers(backend))
            {
                found.Add(customer);
                WriteVerbose($"Reading the subscriptions of customer {customer.Name} ({customer.CustomerId}).");
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
                    WriteObject(new Subscription(customer, subscription, offer, engine.IsUpgradeAvailable(customer, subscription, offer)));
                }
            }
            if (CustomerId != null && found.Count == 0)
            {
                return; // each customer named was already this item's error (CustomerNotFound): one error per bad item
            }
            foreach (string missing in remaining ?? Enumerable.Empty<string>())
            {
                WriteSubscriptionNotFound(found, missing);
            }
        }

        /// <summary>SubscriptionNotFound whose advice can be followed: it names the customers searched, or none when all were.</summary>
        private void WriteSubscriptionNotFound(List<CustomerRecord> searched, string subscriptionId)
        {
            if (CustomerId != null && searched.Count == 1)
            {
                WriteSubscriptionNotFound(searched[0].CustomerId, subscriptionId);
                return;
            }
            string message = CustomerId != null
                ? $"Subscription '{subscriptionId}' was not found for customers {string.Join(", ", searched.Select(c => $"'{c.CustomerId}'"))}. " +
                  $"Run 'Get-CspSubscription -CustomerId {string.Join(", ", searched.Select(c => c.CustomerId))}' to list their subscriptions."
                : $"Subscription '{subscriptionId}' was not found for any customer in {Describe(Session.Backend)}. Run 'Get-CspSubscription' to list every subscription.";
            WriteError(new ErrorRecord(new ItemNotFoundException(message), ErrorIds.SubscriptionNotFound, ErrorCategory.ObjectNotFound, subscriptionId));
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
