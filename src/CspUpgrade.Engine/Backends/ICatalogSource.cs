namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// The one route from a backend (or an eligibility run) to the catalogue and the rules over it: the session
    /// (<see cref="CspSession"/>). Read it at each call: Import-CspOfferCatalog may replace the catalogue while a backend is
    /// connected, and the next call then decides with the new one.
    /// </summary>
    internal interface ICatalogSource
    {
        /// <summary>The catalogue in force now.</summary>
        OfferCatalog Catalog { get; }

        /// <summary>The rules over <see cref="Catalog"/> (built once per catalogue).</summary>
        EligibilityEngine Engine { get; }
    }
}
