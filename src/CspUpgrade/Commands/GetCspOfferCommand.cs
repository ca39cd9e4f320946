using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>Offers of the session's catalogue, by id or display name, wildcards allowed.</summary>
    [Cmdlet(VerbsCommon.Get, "CspOffer")]
    [OutputType(typeof(CatalogOffer))]
    public sealed class GetCspOfferCommand : CspCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("OfferId", "Offer")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string[]? Name { get; set; }

        protected override void Process()
        {
            var catalog = Catalog;
            var offers = catalog.Offers;
            WriteVerbose($"Listing {(Name is null || Name.Length == 0 ? "every offer" : "the offers named " + string.Join(" or ", Name))} of {ErrorRecords.Describe(catalog)}.");
            if (Name is null || Name.Length == 0)
            {
                WriteObject(offers, enumerateCollection: true);
                return;
            }
            foreach (string name in Name)
            {
                WriteObject(MatchOffers(name), enumerateCollection: true);
            }
        }
    }
}
