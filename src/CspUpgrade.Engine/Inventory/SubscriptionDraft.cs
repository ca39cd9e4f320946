using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.Inventory
{
    /// <summary>
    /// One inventory subscription while its keys are read (<see cref="InventoryLoader"/>, <see cref="NewCommerceKeys"/>): the
    /// record, how messages name it (by id once the id is read), where its mapping began, and how an offer id is checked
    /// against the catalogue.
    /// </summary>
    internal sealed class SubscriptionDraft
    {
        private readonly Func<string, string, int, int, string> _offerIds;

        /// <param name="offerIds">The catalogue's spelling of an offer id (reporting one it does not have): id, how the message names it, line, column.</param>
        /// <param name="subscriptionLines">The line of each subscription id read so far in the document (ids are unique across customers).</param>
        public SubscriptionDraft(Func<string, string, int, int, string> offerIds, Dictionary<string, int> subscriptionLines, string what, int line, int column)
        {
            _offerIds = offerIds;
            SubscriptionLines = subscriptionLines;
            What = what;
            Line = line;
            Column = column;
        }

        public SubscriptionRecord Record { get; } = new SubscriptionRecord { Channel = SalesChannel.Partner, BillingCycle = BillingCycle.Monthly };

        public string What { get; set; }

        public int Line { get; }

        public int Column { get; }

        public Dictionary<string, int> SubscriptionLines { get; }

        public string CatalogOfferId(string offerId, string what, int line, int column) => _offerIds(offerId, what, line, column);
    }
}
