using System;
using System.Collections.Generic;
using CspUpgrade.Engine.Documents;

namespace CspUpgrade.Engine.Inventory
{
    /// <summary>
    /// One inventory subscription while its keys are read (<see cref="InventoryLoader"/>, <see cref="NewCommerceKeys"/>): the
    /// record, how messages name it (by id once the id is read), where its mapping began and where its keys' values were. One
    /// draft serves every subscription of a document in turn (<see cref="Start"/>), and its name is only spelled out when a
    /// message needs it: a file of 100,000 subscriptions builds none of that when nothing is wrong.
    /// </summary>
    internal sealed class SubscriptionDraft
    {
        private readonly OfferCatalog _catalog;
        private string _owner = string.Empty;
        private string? _what;

        /// <param name="subscriptionLines">The line of each subscription id read so far in the document (ids are unique across customers).</param>
        public SubscriptionDraft(OfferCatalog catalog, Dictionary<string, int> subscriptionLines, int keys)
        {
            _catalog = catalog;
            SubscriptionLines = subscriptionLines;
            Positions = new (int Line, int Column)[keys];
        }

        public SubscriptionRecord Record { get; private set; } = new SubscriptionRecord();

        /// <summary>"a subscription of customer 'c1'", or once its id is read "subscription 's1'".</summary>
        public string What => _what ??= HasId ? $"subscription '{Record.SubscriptionId}'" : $"a subscription of {_owner}";

        /// <summary>Whether the id key has been read (even an empty or unreadable one names the subscription from then on).</summary>
        public bool HasId { get; private set; }

        public int Line { get; private set; }

        public int Column { get; private set; }

        public Dictionary<string, int> SubscriptionLines { get; }

        /// <summary>Where each key's value was, by the table's key index (this draft's buffer, reused).</summary>
        public (int Line, int Column)[] Positions { get; }

        /// <summary>Begins the next subscription, of <paramref name="owner"/> ("customer 'c1'"), at (line, column).</summary>
        public void Start(string owner, int line, int column)
        {
            Record = new SubscriptionRecord { Channel = SalesChannel.Partner, BillingCycle = BillingCycle.Monthly };
            _owner = owner;
            _what = null;
            HasId = false;
            Line = line;
            Column = column;
        }

        /// <summary>The id has been read: messages name the subscription by it from now on.</summary>
        public void Named()
        {
            HasId = true;
            _what = null;
        }

        /// <summary>
        /// The catalogue's spelling of an offer id; reports an id the catalogue does not have (or a name written for an id) as
        /// "<paramref name="label"/> 'id' of <paramref name="within"/> (default: this subscription)".
        /// </summary>
        public string CatalogOfferId(DocumentReader r, string offerId, string label, int line, int column, string? within = null)
        {
            var offer = _catalog.Find(offerId);
            if (offer is null || !string.Equals(offer.OfferId, offerId, StringComparison.OrdinalIgnoreCase))
            {
                string hint = offer != null ? $" (that is the name of '{offer.OfferId}'; write the id)" : string.Empty;
                r.Error("UnknownOffer", $"{label} '{offerId}' of {within ?? What} is not an offer id of the catalogue{hint}.", line, column);
            }
            return offer?.OfferId ?? offerId;
        }
    }
}
