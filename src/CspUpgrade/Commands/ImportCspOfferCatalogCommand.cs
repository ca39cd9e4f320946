using System;
using System.IO;
using System.Management.Automation;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>Replaces the session's catalogue after validating it; -Default goes back to the shipped one.</summary>
    [Cmdlet(VerbsData.Import, "CspOfferCatalog", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(CatalogOffer))]
    public sealed class ImportCspOfferCatalogCommand : CspCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
        public SwitchParameter Default { get; set; }

        /// <summary>Writes the offers of the imported catalogue.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Process()
        {
            var session = Session;
            OfferCatalog catalog;
            if (ParameterSetName == DefaultSet)
            {
                catalog = OfferCatalog.Default;
            }
            else
            {
                bool literal = ParameterSetName == LiteralPathSet;
                string file = Paths.ResolveSingle(literal ? LiteralPath : Path, literal);
                WriteVerbose($"Loading and validating catalogue '{file}'.");
                try
                {
                    catalog = OfferCatalog.Load(file);
                }
                catch (CatalogInvalidException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.CatalogInvalid, ErrorCategory.InvalidData, file));
                    return;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(ErrorRecords.UnreadableFile(ex, ErrorIds.CatalogInvalid, file));
                    return;
                }
            }

            session.Catalog = catalog;
            WriteVerbose($"The session now uses {ErrorRecords.Describe(catalog)}: {catalog.Offers.Count} offers.");
            WarnAboutUnknownOffers(session, catalog);
            if (PassThru)
            {
                WriteObject(catalog.Offers, enumerateCollection: true);
            }
        }

        private void WarnAboutUnknownOffers(CspSession session, OfferCatalog catalog)
        {
            if (!(session.Backend is InventoryBackend inventory))
            {
                return;
            }
            foreach (var customer in inventory.Document.Customers)
            {
                foreach (var subscription in customer.Subscriptions)
                {
                    if (catalog.Find(subscription.OfferId) is null)
                    {
                        WriteWarning($"Subscription {subscription.SubscriptionId} of {customer.Name} has offer '{subscription.OfferId}', which this catalogue does not know; checks on it will fail with OfferNotFound.");
                    }
                }
            }
        }
    }
}
