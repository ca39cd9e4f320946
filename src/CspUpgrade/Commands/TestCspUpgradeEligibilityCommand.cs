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
    [Cmdlet(VerbsDiagnostic.Test, "CspUpgradeEligibility", DefaultParameterSetName = NowSet)]
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

        /// <summary>Target offer id, display name or alias; without it (and without TargetOfferId), every upgrade path is checked.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string? TargetOffer { get; set; }

        /// <summary>Target offer id; when a piped object carries both, the id wins over TargetOffer (SPEC 2).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string? TargetOfferId { get; set; }

        /// <summary>UpgradeWithLicenseTransfer (the default) or UpgradeOnly; text, read by the cmdlet (see RawArgument).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UpgradeTypeCompleter))]
        public string? UpgradeType { get; set; }

        /// <summary>Seats on the target (a whole number); defaults to the source subscription's quantity. Text, read by the cmdlet.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Quantity { get; set; }

        /// <summary>New commerce: move the seats into this existing subscription of the target (same customer).</summary>
        [Parameter(ParameterSetName = NowSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ToSubscriptionIdCompleter))]
        public string? ToSubscriptionId { get; set; }

        /// <summary>New commerce: check the change as scheduled for the subscription's renewal.</summary>
        [Parameter(ParameterSetName = AtRenewalSet, Mandatory = true)]
        public SwitchParameter AtRenewal { get; set; }

        /// <summary>At renewal: the next term (P1M, P1Y, P3Y); defaults to the subscription's.</summary>
        [Parameter(ParameterSetName = AtRenewalSet)]
        public TermDuration? TermDuration { get; set; }

        /// <summary>At renewal: the next billing cycle; defaults to the subscription's.</summary>
        [Parameter(ParameterSetName = AtRenewalSet)]
        public BillingCycle? BillingCycle { get; set; }

        /// <summary>Returns only true or false for each result.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>
        /// With a remote backend (Partner Center), how many piped items are checked at once; by default enough to keep the
        /// connection's pace busy (13 at 500 requests a minute). The local backend ignores it.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; }

        private const string NowSet = "Now";
        private const string AtRenewalSet = "AtRenewal";

        private EligibilityService? _service;
        private ProgressRecord? _progress;
        private bool _verbose;
        private bool _targetOfferTyped;

        protected override void Begin()
        {
            // Values given on the command line are read once, before anything is checked: a bad one stops the command.
            if (!RawArgument.TryReadUpgrade(UpgradeType, Quantity, null, out _, out _, out var invalid))
            {
                ThrowTerminatingError(invalid!);
            }
            RefreshBackend();
            _targetOfferTyped = MyInvocation.BoundParameters.ContainsKey(nameof(TargetOffer)) && !MyInvocation.BoundParameters.ContainsKey(nameof(TargetOfferId));
            _verbose = VerboseEnabled();
            _service = new EligibilityService(Session, Backend, ThrottleLimit > 0 ? ThrottleLimit : (int?)null, new ProgressWriter(this), WriteQueuedStatus, Cancellation);
        }

        protected override void Process()
        {
            // A piped value the parameter cannot take is this item's error; nothing is checked for it.
            if (!RawArgument.TryReadUpgrade(UpgradeType, Quantity, string.IsNullOrWhiteSpace(SubscriptionId) ? CustomerId : SubscriptionId, out var upgradeType, out var quantity, out var invalid))
            {
                WriteError(invalid!);
                return;
            }
            string? targetOffer = RawArgument.TargetOffer(TargetOffer, TargetOfferId, _targetOfferTyped);
            if (_verbose)
            {
                WriteVerbose($"Checking {(string.IsNullOrWhiteSpace(SubscriptionId) ? "every live subscription" : "subscription " + SubscriptionId)} of customer {CustomerId} " +
                    $"against {targetOffer ?? "every upgrade path"} ({upgradeType}{(quantity is int seats ? $", {seats} seats" : string.Empty)}).");
            }
            var choice = UpgradeChoice.Of(upgradeType, quantity, null, ToSubscriptionId, AtRenewal.IsPresent, TermDuration, BillingCycle);
            Write(_service!.Submit(new EligibilityRequest(CustomerId, SubscriptionId, targetOffer, choice)));
        }

        protected override void End()
        {
            Write(_service!.Complete());
            if (_progress != null)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(_progress);
            }
        }

        protected override void OnDispose() => _service?.Dispose();

        /// <summary>Writes outcomes as they come: results (Quiet: true or false), failures as error records; a 401 ends the command.</summary>
        private void Write(IEnumerable<EligibilityOutcome> outcomes)
        {
            try
            {
                foreach (var outcome in outcomes)
                {
                    if (outcome.Result is null)
                    {
                        WriteFailure(outcome);
                    }
                    else if (Quiet)
                    {
                        WriteObject(outcome.Result.IsEligible);
                    }
                    else
                    {
                        WriteObject(outcome.Result);
                    }
                }
            }
            catch (PartnerCenterUnauthorizedException ex)
            {
                WritePartnerCenterError(ex, null);
            }
        }

        /// <summary>
        /// Checked one by one (a local backend), bulk runs show progress every 250 subscriptions so a handful of checks does not
        /// flicker a bar; checked concurrently (a remote backend), every request handed back updates it.
        /// </summary>
        private void ReportProgress(EligibilityProgress progress)
        {
            if (progress.Pending is null && progress.Checked % 250 != 0)
            {
                return;
            }
            _progress ??= new ProgressRecord(1, "Checking upgrade eligibility", "Starting");
            _progress.StatusDescription = progress.Describe(); // done (of total), rate, time left: computed by the engine
            _progress.PercentComplete = progress.PercentComplete;
            _progress.SecondsRemaining = progress.SecondsRemaining;
            WriteProgress(_progress);
        }

        /// <summary>The service reports on the pipeline thread, so progress is written at once (unlike Progress&lt;T&gt;, which posts elsewhere).</summary>
        private sealed class ProgressWriter : IProgress<EligibilityProgress>
        {
            private readonly TestCspUpgradeEligibilityCommand _cmdlet;

            public ProgressWriter(TestCspUpgradeEligibilityCommand cmdlet) => _cmdlet = cmdlet;

            public void Report(EligibilityProgress value) => _cmdlet.ReportProgress(value);
        }
    }
}
