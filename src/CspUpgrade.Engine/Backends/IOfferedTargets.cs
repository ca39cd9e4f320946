using System.Threading;

namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// A backend that decides for itself (Partner Center, SPEC 1.8): it says which targets a subscription may be upgraded to,
    /// so a target it offered is accepted by its id or name even when the catalogue does not know it, and it enforces the seat
    /// caps of offers the catalogue does not know. Asked only for a name the catalogue does not know, so OfferNotFound stays
    /// for a name neither knows.
    /// </summary>
    internal interface IOfferedTargets
    {
        /// <summary>
        /// The target the backend offers for the subscription under this id or name: the catalogue's offer when it maps, else
        /// a pass-through offer with the backend's id and name; null when it offers none by that id or name (or has no such
        /// customer or subscription).
        /// </summary>
        CatalogOffer? FindOfferedTarget(string customerId, string subscriptionId, string idOrName, CancellationToken cancellation);
    }
}
