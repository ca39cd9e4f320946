using System;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Adds seats to active subscriptions within the offer's cap and its seat pool; when the cap blocks it, the error names
    /// the upgrade targets that would allow the seats.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "CspSubscriptionLicense", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Subscription))]
    public sealed class AddCspSubscriptionLicenseCommand : CspCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string CustomerId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string SubscriptionId { get; set; } = null!;

        /// <summary>How many seats to add (1 to 100000); text, read by the cmdlet so a bad CSV cell is that row's error (see RawArgument).</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        public string Count { get; set; } = null!;

        /// <summary>Writes the updated subscription.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Begin()
        {
            // A count given on the command line is read once, before anything is done: a bad one stops the command.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Count)) && !RawArgument.TryReadCount(Count, null, out _, out var invalid))
            {
                ThrowTerminatingError(invalid!);
            }
            RefreshBackend();
            EnsurePartnerMayAct("adding licenses");
        }

        protected override void Process()
        {
            // A piped count the parameter cannot take is this item's error; nothing is added for it.
            if (!RawArgument.TryReadCount(Count, SubscriptionId, out int count, out var invalid))
            {
                WriteError(invalid!);
                return;
            }
            var backend = Backend;
            var engine = Session.Engine;
            try
            {
                var customer = backend.GetCustomer(CustomerId, Cancellation) ?? throw new CustomerNotFoundException(CustomerId);
                var subscription = customer.FindSubscription(SubscriptionId) ?? throw new SubscriptionNotFoundException(CustomerId, SubscriptionId);
                WriteVerbose($"Checking whether {count} seat(s) can be added to subscription {subscription.SubscriptionId} ({subscription.OfferId}, {subscription.Quantity} seats).");
                // Refuse doomed requests before asking; the backend checks again against fresh data when it acts.
                // A backend that decides for itself (Partner Center) also caps an offer the catalogue does not know.
                int quantity = LicensePlanner.Check(engine, customer, subscription, count, backend.Partner, backendDecidesCaps: backend is IOfferedTargets);
                string what = $"Subscription {subscription.SubscriptionId} ({subscription.OfferId}) of {customer.Name}";
                if (!ShouldProcess(what, $"Add {count} license(s): {subscription.Quantity} -> {quantity} seats"))
                {
                    return;
                }

                var updated = backend.AddLicenses(CustomerId, SubscriptionId, count, Cancellation);
                WriteVerbose($"Subscription {updated.SubscriptionId} now has {updated.Quantity} seats.");
                if (PassThru)
                {
                    var fresh = backend.GetCustomer(CustomerId, Cancellation) ?? customer;
                    var offer = engine.Catalog.Find(updated.OfferId);
                    WriteObject(new Subscription(fresh, updated, offer, engine.IsUpgradeAvailable(fresh, updated, offer)));
                }
            }
            catch (Exception ex) when (IsActionError(ex))
            {
                WriteActionError(ex, SubscriptionId);
            }
        }
    }
}
