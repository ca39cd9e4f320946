using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Upgrade paths of an offer, or of a customer's subscription together with whether each is possible and why not.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CspUpgradeOption", DefaultParameterSetName = SubscriptionSet)]
    [OutputType(typeof(UpgradeOption))]
    public sealed class GetCspUpgradeOptionCommand : CspCmdlet
    {
        private const string OfferSet = "Offer";
        private const string OfferIdSet = "OfferId";
        private const string SubscriptionSet = "Subscription";

        /// <summary>Source offers by id, display name or alias; wildcards list the paths of every match.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = OfferSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OfferCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Offer { get; set; } = null!;

        /// <summary>
        /// A piped object's OfferId (Get-CspOffer, a CSV row): it wins over the object's display name, which a legacy and a
        /// new-commerce offer may share (SPEC 2: the id wins when a result is piped on).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = OfferIdSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = OfferSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string[]? OfferId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SubscriptionSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string CustomerId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = SubscriptionSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string SubscriptionId { get; set; } = null!;

        [Parameter(ParameterSetName = SubscriptionSet)]
        public UpgradeType UpgradeType { get; set; } = UpgradeType.UpgradeWithLicenseTransfer;

        private EligibilityService? _service;
        private bool _offerNamedHere;

        // Offers named on the command line are bound before this runs; piped ones are not.
        protected override void BeginProcessing() => _offerNamedHere = MyInvocation.BoundParameters.ContainsKey(nameof(Offer));

        protected override void ProcessRecord()
        {
            if (ParameterSetName == OfferSet || ParameterSetName == OfferIdSet)
            {
                foreach (string offer in OfferId ?? Offer)
                {
                    WriteOfferPaths(offer);
                }
                return;
            }
            WriteSubscriptionOptions();
        }

        private void WriteOfferPaths(string name)
        {
            var catalog = Catalog;
            WriteVerbose($"Reading the upgrade paths of '{name}' in {Describe(catalog)}.");
            // One offer's paths: a name two offers share (legacy and new commerce) is OfferAmbiguous, naming both ids.
            foreach (var source in MatchOffers(name, single: true))
            {
                var targets = catalog.GetTargets(source);
                if (targets.Count == 0)
                {
                    // An offer asked for by name gets an answer, not silence; offers piped or matched by a pattern only say it verbosely.
                    string none = $"{source.OfferId} ({source.Offer}) has no upgrade paths in the catalogue: it is not a source of any path.";
                    if (_offerNamedHere && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteWarning(none);
                    }
                    else
                    {
                        WriteVerbose(none);
                    }
                }
                foreach (var target in targets)
                {
                    WriteObject(new UpgradeOption(source, target, catalog));
                }
            }
        }

        /// <summary>
        /// Format views are chosen by type name alone, and an option of a subscription needs other columns than the paths of
        /// an offer (subscription, Eligible, ReasonCodes), which do not fit one 120-column table together: it goes out with
        /// its own type name first. It is still an UpgradeOption (-is, piping on and Export-Csv are unchanged).
        /// </summary>
        private static PSObject WithSubscriptionView(UpgradeOption option)
        {
            var shaped = new PSObject(option);
            shaped.TypeNames.Insert(0, SubscriptionOptionTypeName);
            return shaped;
        }

        internal const string SubscriptionOptionTypeName = "CspUpgrade.UpgradeOption#Subscription";

        private void WriteSubscriptionOptions()
        {
            // Only here is the backend needed: the parameter set is known only once piped input is bound, and offers piped
            // in (Get-CspOffer | Get-CspUpgradeOption) must work without a connection.
            try
            {
                if (_service is null)
                {
                    RefreshBackend();
                    _service = new EligibilityService(Session, Backend, cancellation: Cancellation);
                }
                WriteVerbose($"Checking the upgrade paths of subscription {SubscriptionId} of customer {CustomerId}.");
                foreach (var outcome in _service.Options(CustomerId, SubscriptionId, UpgradeType))
                {
                    if (outcome.Option != null)
                    {
                        WriteObject(WithSubscriptionView(outcome.Option));
                    }
                    else if (outcome.Note != null)
                    {
                        WriteVerbose(outcome.Note);
                    }
                    else
                    {
                        WriteFailure(outcome);
                    }
                }
            }
            catch (PartnerCenterException ex)
            {
                WritePartnerCenterError(ex, SubscriptionId);
            }
        }
    }
}
