using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace CspUpgrade.Engine.Inventory
{
    /// <summary>
    /// A snapshot of a backend's customers as an inventory document (SPEC 2.1) that <see cref="InventoryLoader"/> loads again
    /// with the same catalogue, for planning offline (Export-CspInventory). What the backend only assumes (Partner Center's
    /// partner roles and delegation) is kept as assumed and said so in <see cref="Notes"/>; what an inventory cannot hold
    /// (subscriptions of offers the catalogue does not know, a new-commerce subscription without its term, a change at renewal
    /// to an offer the catalogue does not know, a customer without a market) is left out and listed there.
    /// Written through <see cref="InventoryWriter"/>, so every field it writes is in the snapshot.
    /// </summary>
    internal sealed class InventorySnapshot
    {
        /// <summary>How many ids a note lists before it gives only the count.</summary>
        private const int ListedIds = 10;

        private readonly OfferCatalog _catalog;
        private readonly HashSet<string> _customerIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _dapAssumed = new List<string>();
        private readonly List<string> _noneAssumed = new List<string>();
        private readonly List<string> _usersOmitted = new List<string>();
        private readonly List<string> _leftOut = new List<string>();
        private readonly List<string> _customersLeftOut = new List<string>();
        private readonly List<string> _termsUnknown = new List<string>();
        private readonly List<string> _changesLeftOut = new List<string>();

        public InventorySnapshot(PartnerInfo partner, OfferCatalog catalog, string source)
        {
            _catalog = catalog;
            Source = source;
            Document.Partner = new PartnerInfo { Name = partner.Name, Roles = partner.Roles.ToList() };
            RolesAssumed = partner.RolesAssumed;
        }

        /// <summary>What was read, as the document will say it ("Partner Center https://...", "inventory '/x.yaml'").</summary>
        public string Source { get; }

        public InventoryDocument Document { get; } = new InventoryDocument();

        public bool RolesAssumed { get; }

        /// <summary>Subscriptions left out, one text each ("s9 of customer c1: offer X (name) is not in the catalogue").</summary>
        public IReadOnlyList<string> LeftOut => _leftOut;

        /// <summary>New-commerce subscriptions left out because the backend did not give their term, end or renewal (the file needs them).</summary>
        public IReadOnlyList<string> TermsUnknown => _termsUnknown;

        /// <summary>Changes at renewal left out (their subscriptions kept): their offer is not a new-commerce offer of the catalogue, or their seats are not known.</summary>
        public IReadOnlyList<string> ChangesLeftOut => _changesLeftOut;

        /// <summary>Customers left out, one text each, with why.</summary>
        public IReadOnlyList<string> CustomersLeftOut => _customersLeftOut;

        public int CustomerCount => Document.Customers.Count;

        public int SubscriptionCount => Document.Customers.Sum(c => c.Subscriptions.Count);

        /// <summary>Adds one customer as the backend has it (with its subscriptions); a customer already added is ignored.</summary>
        public void Add(CustomerRecord customer)
        {
            if (!_customerIds.Add(customer.CustomerId))
            {
                return;
            }
            string? unwritable = Unwritable(customer);
            if (unwritable != null)
            {
                _customersLeftOut.Add($"customer {customer.CustomerId} ({OneLine(customer.Name)}): {unwritable}");
                return;
            }

            var subscriptions = new List<SubscriptionRecord>();
            foreach (var subscription in customer.Subscriptions)
            {
                var kept = Keep(customer, subscription);
                if (kept != null)
                {
                    subscriptions.Add(kept);
                }
            }

            var users = new List<UserRecord>();
            if (customer.UsersKnown)
            {
                var kept = new HashSet<string>(subscriptions.Select(s => s.SubscriptionId), StringComparer.OrdinalIgnoreCase);
                foreach (var user in customer.Users)
                {
                    // A license of a subscription left out cannot be listed: the file would not load.
                    users.Add(user.Licenses.All(kept.Contains) ? user : new UserRecord { Upn = user.Upn, Licenses = user.Licenses.Where(kept.Contains).ToList() });
                }
            }
            else
            {
                _usersOmitted.Add(customer.CustomerId);
            }

            if (customer.DelegatedAdmin.Assumed)
            {
                (customer.DelegatedAdmin.Type == DelegatedAdminType.None ? _noneAssumed : _dapAssumed).Add(customer.CustomerId);
            }

            Document.Customers.Add(new CustomerRecord
            {
                CustomerId = customer.CustomerId,
                Name = customer.Name,
                Market = customer.Market,
                DelegatedAdmin = customer.DelegatedAdmin,
                Subscriptions = subscriptions,
                Users = users,
                UsersKnown = customer.UsersKnown,
            });
        }

        /// <summary>Why the customer cannot be written so that the file loads again; null when it can.</summary>
        private static string? Unwritable(CustomerRecord customer)
        {
            if (string.IsNullOrWhiteSpace(customer.CustomerId))
            {
                return "it has no id";
            }
            if (string.IsNullOrWhiteSpace(customer.Name))
            {
                return "it has no name";
            }
            string market = customer.Market ?? string.Empty;
            if (market.Length != 2 || !market.All(char.IsLetter))
            {
                return market.Length == 0 ? "its market is not known" : $"its market '{OneLine(market)}' is not a two-letter country code";
            }
            return null;
        }

        /// <summary>
        /// The subscription as the inventory holds it, or null (and a note) when the file could not load it again: its offer is
        /// not in the catalogue, or, in new commerce, its term, end or renewal is not known. A change at renewal the file
        /// cannot name is dropped from the copy (and said); the subscription stays.
        /// </summary>
        private SubscriptionRecord? Keep(CustomerRecord customer, SubscriptionRecord subscription)
        {
            var offer = _catalog.Find(subscription.OfferId);
            if (offer is null || string.IsNullOrWhiteSpace(subscription.SubscriptionId))
            {
                string name = subscription.OfferName is string n ? $" ({OneLine(n)})" : string.Empty;
                _leftOut.Add($"subscription {OneLine(subscription.SubscriptionId)} of customer {customer.CustomerId}: offer {OneLine(subscription.OfferId)}{name} is not in the catalogue");
                return null;
            }
            if (offer.Commerce == Commerce.NewCommerce && UnknownTerm(subscription) is string unknown)
            {
                _termsUnknown.Add($"subscription {subscription.SubscriptionId} of customer {customer.CustomerId} ({offer.OfferId}): its {unknown} not known");
                return null;
            }
            var change = subscription.ScheduledChange;
            if (change != null)
            {
                var next = _catalog.Find(change.OfferId);
                string? why = next is null ? "its offer is not in the catalogue"
                    : next.Commerce != Commerce.NewCommerce ? $"{next.OfferId} is a legacy offer"
                    : change.Quantity < 1 ? "its seats are not known"
                    : null;
                if (why != null)
                {
                    _changesLeftOut.Add($"the change at renewal of subscription {subscription.SubscriptionId} (customer {customer.CustomerId}) to {OneLine(change.OfferId)}: {why}");
                    change = null;
                }
                else if (!string.Equals(next!.OfferId, change.OfferId, StringComparison.Ordinal))
                {
                    change = new ScheduledChange(next.OfferId, change.Quantity, change.TermDuration, change.BillingCycle);
                }
            }
            var addOns = new List<string>(subscription.AddOns.Count);
            foreach (string addOn in subscription.AddOns)
            {
                var known = _catalog.Find(addOn);
                if (known is null)
                {
                    _leftOut.Add($"add-on {OneLine(addOn)} of subscription {subscription.SubscriptionId} (customer {customer.CustomerId}): not in the catalogue");
                }
                else
                {
                    addOns.Add(known.OfferId);
                }
            }
            bool sameOffer = string.Equals(offer.OfferId, subscription.OfferId, StringComparison.Ordinal);
            bool sameAddOns = addOns.SequenceEqual(subscription.AddOns, StringComparer.Ordinal);
            if (sameOffer && sameAddOns && ReferenceEquals(change, subscription.ScheduledChange))
            {
                return subscription;
            }
            // The catalogue's ids (the backend may hold a name or another spelling); never a change to the backend's own record.
            var copy = subscription.Copy();
            copy.OfferId = offer.OfferId;
            copy.AddOns = addOns;
            copy.ScheduledChange = change;
            return copy;
        }

        /// <summary>Which of the keys a new-commerce subscription must have (SPEC 2.1) the backend did not give; null when it gave all.</summary>
        private static string? UnknownTerm(SubscriptionRecord subscription)
        {
            var missing = new List<string>(3);
            if (subscription.TermDuration is null)
            {
                missing.Add("term (termDuration)");
            }
            if (subscription.TermEndDate is null)
            {
                missing.Add("term end (termEndDate)");
            }
            if (subscription.AutoRenew is null)
            {
                missing.Add("renewal (autoRenew)");
            }
            return missing.Count == 0 ? null : string.Join(" and ", missing) + (missing.Count == 1 ? " is" : " are");
        }

        /// <summary>
        /// What the reader of the file must know: the assumptions, what was left out and that users were omitted; empty when the
        /// snapshot holds the backend's data as it is. Left-out items beyond <paramref name="listed"/> are given as a count.
        /// </summary>
        public IReadOnlyList<string> Notes(int listed = int.MaxValue)
        {
            var notes = new List<string>();
            var assumed = new List<string>();
            if (RolesAssumed)
            {
                assumed.Add($"partner roles [{string.Join(", ", Document.Partner.Roles)}] (the signed-in user's roles are not said; the service checks them on every call)");
            }
            if (_dapAssumed.Count > 0)
            {
                assumed.Add($"delegatedAdmin DAP over [{string.Join(", ", _catalog.ServiceFamilies)}] for {Count(_dapAssumed, "customer")} with delegated access on ({Ids(_dapAssumed)})");
            }
            if (_noneAssumed.Count > 0)
            {
                assumed.Add($"delegatedAdmin None for {Count(_noneAssumed, "customer")} with delegated access off ({Ids(_noneAssumed)})");
            }
            if (assumed.Count > 0)
            {
                notes.Add($"Assumed, as the module assumes it, because {Source} does not say it (GDAP roles are not read): " + string.Join("; ", assumed) + ".");
            }
            if (_leftOut.Count > 0)
            {
                notes.Add($"Left out, as the catalogue does not know their offers ({_leftOut.Count}): " + Items(_leftOut, listed) + ".");
            }
            if (_termsUnknown.Count > 0)
            {
                notes.Add($"Left out, as {Source} did not give what a new-commerce subscription must have ({_termsUnknown.Count}): " + Items(_termsUnknown, listed) + ".");
            }
            if (_changesLeftOut.Count > 0)
            {
                notes.Add($"Changes at renewal left out, their subscriptions kept ({_changesLeftOut.Count}): " + Items(_changesLeftOut, listed)
                    + "; planning offline sees no change scheduled for these subscriptions.");
            }
            if (_customersLeftOut.Count > 0)
            {
                notes.Add($"Customers left out ({_customersLeftOut.Count}): " + Items(_customersLeftOut, listed) + ".");
            }
            if (_usersOmitted.Count > 0)
            {
                notes.Add($"Users omitted for {Count(_usersOmitted, "customer")} ({Ids(_usersOmitted)}): {Source} does not list who holds the licenses; planning offline cannot name the affected accounts.");
            }
            return notes;
        }

        /// <summary>
        /// Writes the document in YAML or JSON. YAML starts with a comment: where the snapshot comes from, and every note. JSON
        /// cannot hold comments: it is the document alone (the notes are for the caller to show).
        /// </summary>
        public void Write(TextWriter text, bool json, DateTime takenUtc)
        {
            if (!json)
            {
                text.Write(Comment($"Inventory snapshot of {Source}, taken {takenUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC by Export-CspInventory, for planning offline."));
                foreach (string note in Notes())
                {
                    text.Write(Comment(note));
                }
            }
            InventoryWriter.Write(Document, text, json);
        }

        /// <summary>The inventory format of an output path: JSON for .json, YAML for .yaml and .yml, null for anything else.</summary>
        public static bool? IsJson(string path)
        {
            string extension = Path.GetExtension(path);
            if (string.Equals(extension, ".json", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (string.Equals(extension, ".yaml", StringComparison.OrdinalIgnoreCase) || string.Equals(extension, ".yml", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            return null;
        }

        /// <summary>A note as YAML comment lines of at most about 118 characters, each starting with "# ".</summary>
        private static string Comment(string note)
        {
            var text = new StringBuilder();
            var line = new StringBuilder("#");
            foreach (string word in note.Split(' '))
            {
                if (line.Length > 2 && line.Length + 1 + word.Length > 118)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append("#  ");
                }
                line.Append(' ').Append(word);
            }
            return text.Append(line).Append('\n').ToString();
        }

        private static string Items(List<string> items, int listed) =>
            items.Count <= listed ? string.Join("; ", items) : string.Join("; ", items.Take(listed)) + $"; and {items.Count - listed} more";

        private static string Count(List<string> ids, string noun) => ids.Count == 1 ? "1 " + noun : $"{ids.Count} {noun}s";

        private static string Ids(List<string> ids) =>
            ids.Count <= ListedIds ? string.Join(", ", ids) : string.Join(", ", ids.Take(ListedIds)) + $" and {ids.Count - ListedIds} more";

        /// <summary>Text from the backend on one line (a line break in an offer name must not end a YAML comment).</summary>
        private static string OneLine(string? text) =>
            new string((text ?? string.Empty).Select(c => char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c).ToArray());
    }
}
