using System.Linq;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Offers of the session's catalogue, by id, display name or alias, wildcards allowed; a name a legacy and a
    /// new-commerce offer share lists both. -Commerce keeps the offers of one commerce model.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CspOffer")]
    [OutputType(typeof(CatalogOffer))]
    public sealed class GetCspOfferCommand : CspCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("OfferId", "Offer")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        public Commerce? Commerce { get; set; }

        protected override void ProcessRecord()
        {
            var catalog = Catalog;
            string which = Commerce is null ? string.Empty : $" ({Commerce} only)";
            WriteVerbose($"Listing {(Name is null || Name.Length == 0 ? "every offer" : "the offers named " + string.Join(" or ", Name))}{which} of {Describe(catalog)}.");
            if (Name is null || Name.Length == 0)
            {
                WriteObject(catalog.Offers.Where(InCommerce), enumerateCollection: true);
                return;
            }
            foreach (string name in Name)
            {
                WriteObject(MatchOffers(name).Where(InCommerce), enumerateCollection: true);
            }
        }

        private bool InCommerce(CatalogOffer offer) => Commerce is null || offer.Commerce == Commerce;
    }
}
