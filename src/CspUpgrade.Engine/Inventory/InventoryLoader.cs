using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CspUpgrade.Engine.Documents;

namespace CspUpgrade.Engine.Inventory
{
    /// <summary>
    /// Reads an inventory (SPEC 2.1, YAML or JSON by file extension) strictly: unknown or wrongly-cased keys, bad values,
    /// duplicate ids and offers the catalogue does not know are all reported with line and column.
    /// </summary>
    internal static class InventoryLoader
    {
        private static readonly string[] RootKeys = { "partner", "customers" };
        private static readonly string[] PartnerKeys = { "name", "roles" };
        private static readonly string[] CustomerKeys = { "customerId", "name", "market", "delegatedAdmin", "subscriptions", "users" };
        private const int RequiredCustomerKeys = 0b1111;
        private static readonly string[] DelegationKeys = { "type", "services", "roles" };
        private static readonly string[] SubscriptionKeys =
        {
            "subscriptionId", "offer", "status", "quantity", "channel", "billingCycle", "periodEnd", "addOns", "upgradedFrom",
            "termDuration", "termEndDate", "autoRenew", "cancellableUntil", "scheduledChange",
        };
        private const int AddOnsKey = 7;
        private const int BillingCycleKey = 5;
        private const int FirstNewCommerceKey = 9; // NewCommerceKeys.Keys, in that order
        private const int RequiredSubscriptionKeys = 0b1111;
        private static readonly string[] UserKeys = { "upn", "licenses" };

        /// <summary>
        /// The deepest nesting an inventory needs: root, customers, a customer, its subscriptions, a subscription, its addOns
        /// (or users, a user, its licenses). Anything deeper is InventoryInvalid as soon as the reader meets it.
        /// </summary>
        internal const int MaxDepth = 6;

        public static InventoryDocument Load(string path, OfferCatalog catalog)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            using var text = new StreamReader(stream);
            return Load(path, text, catalog, DocumentFields.IsJsonPath(path));
        }

        public static InventoryDocument Load(string path, TextReader text, OfferCatalog catalog, bool json)
        {
            var diagnostics = Parse(path, text, catalog, json, out var document);
            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new InventoryInvalidException(diagnostics);
            }
            return document;
        }

        private static List<FileDiagnostic> Parse(string path, TextReader text, OfferCatalog catalog, bool json, out InventoryDocument document)
        {
            var parsed = new InventoryDocument();
            var context = new LoadContext(catalog);
            var diagnostics = DocumentFields.ReadDocument(path, text, json, MaxDepth, "the inventory", RootKeys, 0b11, (r, key) =>
            {
                context.Reader = r;
                if (key == 0)
                {
                    parsed.Partner = ReadPartner(r);
                }
                else
                {
                    ReadCustomers(context, parsed.Customers);
                }
            });
            document = parsed;
            return diagnostics;
        }

        private sealed class LoadContext
        {
            public LoadContext(OfferCatalog catalog) => Catalog = catalog;

            public OfferCatalog Catalog { get; }
            public DocumentReader Reader { get; set; } = null!;
            public Dictionary<string, int> CustomerLines { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            public Dictionary<string, int> SubscriptionLines { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        }

        private static PartnerInfo ReadPartner(DocumentReader r)
        {
            var partner = new PartnerInfo();
            int line = r.Line, column = r.Column;
            if (!DocumentFields.EnterMapping(r, "partner"))
            {
                return partner;
            }
            int seen = 0;
            int key;
            while ((key = DocumentFields.NextKey(r, PartnerKeys, "partner", ref seen)) >= 0)
            {
                if (key == 0)
                {
                    partner.Name = DocumentFields.ReadRequiredString(r, "the partner name") ?? string.Empty;
                }
                else
                {
                    partner.Roles = DocumentFields.ReadRequiredEnumList<PartnerRole>(r, "partner role") ?? new List<PartnerRole>();
                }
            }
            DocumentFields.RequireKeys(r, PartnerKeys, 0b11, seen, "partner", line, column);
            return partner;
        }

        private static void ReadCustomers(LoadContext context, List<CustomerRecord> customers)
        {
            var r = context.Reader;
            if (!DocumentFields.RequireValue(r, "customers") || !DocumentFields.EnterSequence(r, "customers"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                var customer = ReadCustomer(context);
                if (customer != null)
                {
                    customers.Add(customer);
                }
            }
        }

        private static CustomerRecord? ReadCustomer(LoadContext context)
        {
            var r = context.Reader;
            int line = r.Line, column = r.Column;
            if (!DocumentFields.EnterMapping(r, "a customer"))
            {
                return null;
            }
            var customer = new CustomerRecord();
            string what = "a customer";
            int seen = 0;
            int key;
            var userLines = new List<(UserRecord User, int Line, int Column)>();
            while ((key = DocumentFields.NextKey(r, CustomerKeys, what, ref seen)) >= 0)
            {
                switch (key)
                {
                    case 0:
                        int idLine = r.Line, idColumn = r.Column;
                        customer.CustomerId = DocumentFields.ReadRequiredString(r, "the customer id") ?? string.Empty;
                        what = $"customer '{customer.CustomerId}'";
                        DocumentFields.ClaimUnique(r, context.CustomerLines, customer.CustomerId, line, idLine, idColumn, "DuplicateCustomerId", "Customer");
                        break;
                    case 1:
                        customer.Name = DocumentFields.ReadRequiredString(r, "the customer name") ?? string.Empty;
                        break;
                    case 2:
                        customer.Market = DocumentFields.ReadMarket(r, "the market", required: true) ?? string.Empty;
                        break;
                    case 3:
                        customer.DelegatedAdmin = ReadDelegation(r, what);
                        break;
                    case 4:
                        if (DocumentFields.EnterSequence(r, "subscriptions"))
                        {
                            while (DocumentFields.NextItem(r))
                            {
                                var subscription = ReadSubscription(context, what);
                                if (subscription != null)
                                {
                                    customer.Subscriptions.Add(subscription);
                                }
                            }
                        }
                        break;
                    case 5:
                        if (DocumentFields.EnterSequence(r, "users"))
                        {
                            while (DocumentFields.NextItem(r))
                            {
                                int userLine = r.Line, userColumn = r.Column;
                                var user = ReadUser(r, what);
                                if (user != null)
                                {
                                    customer.Users.Add(user);
                                    userLines.Add((user, userLine, userColumn));
                                }
                            }
                        }
                        break;
                }
            }
            DocumentFields.RequireKeys(r, CustomerKeys, RequiredCustomerKeys, seen, what, line, column);
            CheckUsers(r, customer, userLines, what);
            return customer;
        }

        private static void CheckUsers(DocumentReader r, CustomerRecord customer, List<(UserRecord User, int Line, int Column)> users, string what)
        {
            if (users.Count == 0)
            {
                return;
            }
            var ids = new HashSet<string>(customer.Subscriptions.Select(s => s.SubscriptionId), StringComparer.OrdinalIgnoreCase);
            var upns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (user, line, column) in users)
            {
                if (!upns.Add(user.Upn))
                {
                    r.Error("DuplicateUser", $"User '{user.Upn}' is listed twice in {what}.", line, column);
                }
                foreach (var license in user.Licenses)
                {
                    if (!ids.Contains(license))
                    {
                        r.Error("UnknownSubscription", $"User '{user.Upn}' holds a license of subscription '{license}', which {what} does not have.", line, column);
                    }
                }
            }
        }

        private static DelegatedAdminInfo ReadDelegation(DocumentReader r, string owner)
        {
            var delegation = new DelegatedAdminInfo();
            int line = r.Line, column = r.Column;
            string what = $"the delegatedAdmin of {owner}";
            if (!DocumentFields.EnterMapping(r, what))
            {
                return delegation;
            }
            int seen = 0;
            int key;
            int rolesLine = line, rolesColumn = column;
            while ((key = DocumentFields.NextKey(r, DelegationKeys, what, ref seen)) >= 0)
            {
                switch (key)
                {
                    case 0:
                        delegation.Type = DocumentFields.ReadRequiredEnum<DelegatedAdminType>(r, "delegated admin type") ?? DelegatedAdminType.None;
                        break;
                    case 1:
                        delegation.Services = DocumentFields.ReadStringList(r, "delegated services");
                        break;
                    case 2:
                        rolesLine = r.Line;
                        rolesColumn = r.Column;
                        delegation.Roles = DocumentFields.ReadEnumList<GdapRole>(r, "GDAP role");
                        break;
                }
            }
            DocumentFields.RequireKeys(r, DelegationKeys, 0b1, seen, what, line, column);
            if (delegation.Roles.Count > 0 && delegation.Type != DelegatedAdminType.GDAP)
            {
                r.Error("InvalidValue", $"Roles are only given with GDAP; {what} is {delegation.Type}.", rolesLine, rolesColumn);
            }
            return delegation;
        }

        private static SubscriptionRecord? ReadSubscription(LoadContext context, string owner)
        {
            var r = context.Reader;
            int line = r.Line, column = r.Column;
            string what = $"a subscription of {owner}";
            if (!DocumentFields.EnterMapping(r, what))
            {
                return null;
            }
            var subscription = new SubscriptionRecord { Channel = SalesChannel.Partner, BillingCycle = BillingCycle.Monthly };
            int seen = 0;
            int key;
            var positions = new (int Line, int Column)[SubscriptionKeys.Length];
            while ((key = DocumentFields.NextKey(r, SubscriptionKeys, what, ref seen)) >= 0)
            {
                positions[key] = (r.Line, r.Column);
                if (key >= FirstNewCommerceKey)
                {
                    NewCommerceKeys.Read(r, key - FirstNewCommerceKey, subscription, (id, text, l, c) => CatalogOfferId(context, id, text, l, c), what);
                    continue;
                }
                switch (key)
                {
                    case 0:
                        int idLine = r.Line, idColumn = r.Column;
                        subscription.SubscriptionId = DocumentFields.ReadRequiredString(r, "the subscription id") ?? string.Empty;
                        what = $"subscription '{subscription.SubscriptionId}'";
                        DocumentFields.ClaimUnique(r, context.SubscriptionLines, subscription.SubscriptionId, line, idLine, idColumn, "DuplicateSubscriptionId", "Subscription");
                        break;
                    case 1:
                        int offerLine = r.Line, offerColumn = r.Column;
                        string? offerId = DocumentFields.ReadRequiredString(r, "the offer");
                        if (offerId != null)
                        {
                            subscription.OfferId = CatalogOfferId(context, offerId, $"Offer '{offerId}' of {what}", offerLine, offerColumn);
                        }
                        break;
                    case 2:
                        subscription.Status = DocumentFields.ReadRequiredEnum<SubscriptionStatus>(r, "subscription status") ?? SubscriptionStatus.Active;
                        break;
                    case 3:
                        subscription.Quantity = DocumentFields.ReadRequiredInt(r, "the quantity", 0) ?? 0;
                        break;
                    case 4:
                        subscription.Channel = DocumentFields.ReadEnum<SalesChannel>(r, "sales channel") ?? SalesChannel.Partner;
                        break;
                    case 5:
                        subscription.BillingCycle = DocumentFields.ReadEnum<BillingCycle>(r, "billing cycle") ?? BillingCycle.Monthly;
                        break;
                    case 6:
                        subscription.PeriodEnd = DocumentFields.ReadDate(r, "periodEnd");
                        break;
                    case 7:
                        subscription.AddOns = ReadAddOns(context, what);
                        break;
                    case 8:
                        subscription.UpgradedFrom = DocumentFields.ReadString(r, "upgradedFrom");
                        break;
                }
            }
            DocumentFields.RequireKeys(r, SubscriptionKeys, RequiredSubscriptionKeys, seen, what, line, column);
            var offer = (seen & 0b10) != 0 ? context.Catalog.Find(subscription.OfferId) : null;
            NewCommerceKeys.Check(r, subscription, offer, SubscriptionKeys, seen, FirstNewCommerceKey, AddOnsKey, BillingCycleKey, positions, what, line, column);
            if (subscription.ScheduledChange is ScheduledChange change && context.Catalog.Find(change.OfferId) is CatalogOffer next && next.Commerce != Commerce.NewCommerce)
            {
                var at = positions[FirstNewCommerceKey + 4];
                r.Error("InvalidValue", $"The scheduledChange of {what} names {next.OfferId}, a legacy offer; a change at renewal goes to a new-commerce offer.", at.Line, at.Column);
            }
            return subscription;
        }

        /// <summary>The catalogue's spelling of an offer id; reports an id the catalogue does not have (or a name written for an id).</summary>
        private static string CatalogOfferId(LoadContext context, string offerId, string what, int line, int column)
        {
            var offer = context.Catalog.Find(offerId);
            if (offer is null || !string.Equals(offer.OfferId, offerId, StringComparison.OrdinalIgnoreCase))
            {
                string hint = offer != null ? $" (that is the name of '{offer.OfferId}'; write the id)" : string.Empty;
                context.Reader.Error("UnknownOffer", $"{what} is not an offer id of the catalogue{hint}.", line, column);
            }
            return offer?.OfferId ?? offerId;
        }

        private static List<string> ReadAddOns(LoadContext context, string owner)
        {
            var r = context.Reader;
            var addOns = new List<string>();
            if (!DocumentFields.EnterSequence(r, "addOns"))
            {
                return addOns;
            }
            while (DocumentFields.NextItem(r))
            {
                int line = r.Line, column = r.Column;
                string? id = DocumentFields.ReadRequiredString(r, "an item of addOns");
                if (id != null)
                {
                    addOns.Add(CatalogOfferId(context, id, $"Add-on '{id}' of {owner}", line, column));
                }
            }
            return addOns;
        }

        private static UserRecord? ReadUser(DocumentReader r, string owner)
        {
            int line = r.Line, column = r.Column;
            string what = $"a user of {owner}";
            if (!DocumentFields.EnterMapping(r, what))
            {
                return null;
            }
            var user = new UserRecord();
            int seen = 0;
            int key;
            while ((key = DocumentFields.NextKey(r, UserKeys, what, ref seen)) >= 0)
            {
                if (key == 0)
                {
                    user.Upn = DocumentFields.ReadRequiredString(r, "the user's upn") ?? string.Empty;
                }
                else
                {
                    user.Licenses = DocumentFields.ReadStringList(r, "licenses");
                }
            }
            DocumentFields.RequireKeys(r, UserKeys, 0b1, seen, what, line, column);
            return user;
        }
    }
}
