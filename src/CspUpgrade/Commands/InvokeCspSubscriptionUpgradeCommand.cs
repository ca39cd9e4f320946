using System;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Upgrades subscriptions to a target offer. Eligibility is checked again just before acting; an ineligible item is one
    /// NotEligible error listing every reason and the rest of the batch continues. Re-running a completed upgrade returns
    /// AlreadyUpgraded and changes nothing.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CspSubscriptionUpgrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NowSet)]
    [OutputType(typeof(UpgradeResult))]
    public sealed class InvokeCspSubscriptionUpgradeCommand : CspCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string CustomerId { get; set; } = null!;

        /// <summary>The source subscription.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string SubscriptionId { get; set; } = null!;

        /// <summary>
        /// Target offer id, display name or alias. Required, as TargetOffer or TargetOfferId (not declared mandatory, so an item
        /// carrying only TargetOfferId binds; the cmdlet refuses an item naming neither).
        /// </summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TargetOffer { get; set; }

        /// <summary>Target offer id; when a piped object carries both, the id wins over TargetOffer (SPEC 2).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TargetOfferId { get; set; }

        /// <summary>UpgradeWithLicenseTransfer (the default) or UpgradeOnly; text, read by the cmdlet (see RawArgument).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UpgradeTypeCompleter))]
        public string? UpgradeType { get; set; }

        /// <summary>Seats on the new subscription (a whole number); defaults to the source's quantity. Text, read by the cmdlet.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Quantity { get; set; }

        /// <summary>
        /// The Kind a piped eligibility result was checked as (Full, Partial, IntoExisting, AtRenewal): re-checked, and another
        /// Kind now is NotEligible naming both; AtRenewal means -AtRenewal. Text, read by the cmdlet.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Kind { get; set; }

        /// <summary>New commerce: move the seats into this existing subscription of the target (same customer).</summary>
        [Parameter(ParameterSetName = NowSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ToSubscriptionIdCompleter))]
        public string? ToSubscriptionId { get; set; }

        /// <summary>New commerce: record the change for the subscription's renewal; nothing changes now.</summary>
        [Parameter(ParameterSetName = AtRenewalSet, Mandatory = true)]
        public SwitchParameter AtRenewal { get; set; }

        /// <summary>At renewal: the next term (P1M, P1Y, P3Y); defaults to the subscription's.</summary>
        [Parameter(ParameterSetName = AtRenewalSet)]
        public TermDuration? TermDuration { get; set; }

        /// <summary>At renewal: the next billing cycle; defaults to the subscription's.</summary>
        [Parameter(ParameterSetName = AtRenewalSet)]
        public BillingCycle? BillingCycle { get; set; }

        /// <summary>Upgrade without asking for confirmation (-WhatIf still only describes).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private const string NowSet = "Now";
        private const string AtRenewalSet = "AtRenewal";

        private ProgressRecord? _progress;
        private int _done;
        private bool _targetOfferTyped;

        protected override void Begin()
        {
            // Values given on the command line are read once, before anything is done: a bad one stops the command.
            if (!RawArgument.TryReadUpgrade(UpgradeType, Quantity, null, out _, out _, out var invalid))
            {
                ThrowTerminatingError(invalid!);
            }
            var typed = MyInvocation.BoundParameters;
            if (!MyInvocation.ExpectingInput && !typed.ContainsKey(nameof(TargetOffer)) && !typed.ContainsKey(nameof(TargetOfferId)))
            {
                ThrowTerminatingError(RawArgument.MissingTarget(null));
            }
            _targetOfferTyped = typed.ContainsKey(nameof(TargetOffer)) && !typed.ContainsKey(nameof(TargetOfferId));
            RefreshBackend();
            EnsurePartnerMayAct("upgrades");
        }

        protected override void Process()
        {
            // A piped value the parameter cannot take is this item's error; nothing is done for it.
            if (!RawArgument.TryReadUpgrade(UpgradeType, Quantity, SubscriptionId, out var upgradeType, out var quantity, out var invalid)
                || !RawArgument.TryReadKind(Kind, SubscriptionId, out var expectedKind, out invalid))
            {
                WriteError(invalid!);
                return;
            }
            if (!(RawArgument.TargetOffer(TargetOffer, TargetOfferId, _targetOfferTyped) is string targetOffer))
            {
                WriteError(RawArgument.MissingTarget(SubscriptionId));
                return;
            }
            var choice = new UpgradeChoice(upgradeType, quantity, expectedKind, ToSubscriptionId, AtRenewal.IsPresent, TermDuration, BillingCycle);
            var backend = Backend;
            try
            {
                var target = ResolveTarget(targetOffer, CustomerId, SubscriptionId);
                WriteVerbose($"Checking the upgrade of subscription {SubscriptionId} of customer {CustomerId} to {target.OfferId} ({upgradeType}" +
                    $"{(choice.AtRenewal ? ", at renewal" : choice.ToSubscriptionId != null ? ", into " + choice.ToSubscriptionId : string.Empty)}).");
                var plan = backend.PlanUpgrade(CustomerId, SubscriptionId, target, choice, Cancellation);
                if (plan.AlreadyDoneStatus is UpgradeStatus done)
                {
                    WriteVerbose(done == UpgradeStatus.AlreadyScheduled
                        ? $"Subscription {SubscriptionId} already has this change scheduled for its renewal; nothing to do."
                        : $"Subscription {SubscriptionId} was already upgraded to {target.OfferId} as {plan.AlreadyDoneTargetId}; nothing to do.");
                    WriteObject(plan.ToResult(plan.AlreadyDoneTargetId!, done));
                    return;
                }
                plan.RequireExpectedKind(choice);
                if (!plan.Eligibility.IsEligible)
                {
                    throw new NotEligibleException(plan.Eligibility);
                }

                string what = $"Subscription {plan.Source.SubscriptionId} ({plan.SourceOffer.Offer}) of {plan.Customer.Name}";
                // SPEC 1.9: no cancellation window applies to an upgrade; -WhatIf and -Confirm say so before it is done.
                string irreversible = plan.Kind == UpgradeKind.AtRenewal
                    ? "; the change applies at renewal and can be changed until then"
                    : "; irreversible: no cancellation window applies to an upgrade";
                if (!ShouldProcessUnlessForced(Force, what, plan.Describe() + irreversible))
                {
                    return;
                }

                ReportProgress($"{SubscriptionId} -> {target.OfferId}");
                var result = backend.Upgrade(CustomerId, SubscriptionId, target, choice, Cancellation);
                if (plan.ClearsScheduledChange is ScheduledChange cleared && (result.Status == UpgradeStatus.Completed || result.Status == UpgradeStatus.Scheduled))
                {
                    WriteWarning(plan.Kind == UpgradeKind.AtRenewal
                        ? $"Subscription {SubscriptionId}: the change scheduled for its renewal ({cleared}) was replaced."
                        : $"Subscription {SubscriptionId}: the change scheduled for its renewal ({cleared}) was deleted by this immediate upgrade; schedule it again if it is still wanted.");
                }
                if (result.SeatsToAssign > 0)
                {
                    WriteWarning($"Subscription {result.TargetSubscriptionId}: {result.SeatsToAssign} seat(s) wait for an assignment; no license moved by itself.");
                }
                WriteVerbose($"Subscription {SubscriptionId}: {result.Status}; the target subscription is {result.TargetSubscriptionId}.");
                WriteObject(result);
            }
            catch (Exception ex) when (IsActionError(ex))
            {
                WriteActionError(ex, ex is OfferNotFoundException || ex is OfferAmbiguousException ? targetOffer : SubscriptionId);
            }
        }

        protected override void End()
        {
            if (_progress != null)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(_progress);
            }
        }

        private void ReportProgress(string current)
        {
            _progress ??= new ProgressRecord(2, "Upgrading subscriptions", "Starting");
            _progress.StatusDescription = $"{++_done} upgrade(s) so far; now {current}";
            WriteProgress(_progress);
        }
    }
}
