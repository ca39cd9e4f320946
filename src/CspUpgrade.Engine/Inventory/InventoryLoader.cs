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

        private static readonly FieldTable<PartnerInfo> PartnerFields = new FieldTable<PartnerInfo>(
            ("name", true, (r, p) => { p.Name = DocumentFields.ReadRequiredString(r, "the partner name") ?? string.Empty; }),
            ("roles", true, (r, p) => { p.Roles = DocumentFields.ReadRequiredEnumList<PartnerRole>(r, "partner role") ?? new List<PartnerRole>(); }));

        private static readonly FieldTable<CustomerDraft> CustomerFields = new FieldTable<CustomerDraft>(
            ("customerId", true, ReadCustomerId),
            ("name", true, (r, d) => { d.Customer.Name = DocumentFields.ReadRequiredString(r, "the customer name") ?? string.Empty; }),
            ("market", true, (r, d) => { d.Customer.Market = DocumentFields.ReadMarket(r, "the market", required: true) ?? string.Empty; }),
            ("delegatedAdmin", true, (r, d) => { d.Customer.DelegatedAdmin = ReadDelegation(r, d.What); }),
            ("subscriptions", false, ReadSubscriptions),
            ("users", false, ReadUsers));

        private static readonly FieldTable<DelegationDraft> DelegationFields = new FieldTable<DelegationDraft>(
            ("type", true, (r, d) => { d.Delegation.Type = DocumentFields.ReadRequiredEnum<DelegatedAdminType>(r, "delegated admin type") ?? DelegatedAdminType.None; }),
            ("services", false, (r, d) => { d.Delegation.Services = DocumentFields.ReadStringList(r, "delegated services"); }),
            ("roles", false, (r, d) => { d.RolesAt = (r.Line, r.Column); d.Delegation.Roles = DocumentFields.ReadEnumList<GdapRole>(r, "GDAP role"); }));

        /// <summary>The subscription's own keys, then the new-commerce ones (<see cref="NewCommerceKeys.Fields"/>).</summary>
        private static readonly FieldTable<SubscriptionDraft> SubscriptionFields = new FieldTable<SubscriptionDraft>(keepPositions: true, new (string, bool, Action<DocumentReader, SubscriptionDraft>)[]
            {
                ("subscriptionId", true, ReadSubscriptionId),
                ("offer", true, ReadOffer),
                ("status", true, (r, d) => { d.Record.Status = DocumentFields.ReadRequiredEnum<SubscriptionStatus>(r, "subscription status") ?? SubscriptionStatus.Active; }),
                ("quantity", true, (r, d) => { d.Record.Quantity = DocumentFields.ReadRequiredInt(r, "the quantity", 0) ?? 0; }),
                ("channel", false, (r, d) => { d.Record.Channel = DocumentFields.ReadEnum<SalesChannel>(r, "sales channel") ?? SalesChannel.Partner; }),
                ("billingCycle", false, (r, d) => { d.Record.BillingCycle = DocumentFields.ReadEnum<BillingCycle>(r, "billing cycle") ?? BillingCycle.Monthly; }),
                ("periodEnd", false, (r, d) => { d.Record.PeriodEnd = DocumentFields.ReadDate(r, "periodEnd"); }),
                ("addOns", false, (r, d) => { d.Record.AddOns = ReadAddOns(r, d); }),
                ("upgradedFrom", false, (r, d) => { d.Record.UpgradedFrom = DocumentFields.ReadString(r, "upgradedFrom"); }),
            }.Concat(NewCommerceKeys.Fields).ToArray());

        private static readonly FieldTable<UserDraft> UserFields = new FieldTable<UserDraft>(
            ("upn", true, (r, u) => { u.User.Upn = DocumentFields.ReadRequiredString(r, "the user's upn") ?? string.Empty; }),
            ("licenses", false, (r, u) => { u.User.Licenses = DocumentFields.ReadStringList(r, "licenses"); }));

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
            public LoadContext(OfferCatalog catalog)
            {
                Catalog = catalog;
                Subscription = new SubscriptionDraft(catalog, SubscriptionLines, SubscriptionFields.Keys.Count);
            }

            public OfferCatalog Catalog { get; }
            public DocumentReader Reader { get; set; } = null!;
            public Dictionary<string, int> CustomerLines { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            public Dictionary<string, int> SubscriptionLines { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

            /// <summary>The one draft every subscription of the document is read into, in turn.</summary>
            public SubscriptionDraft Subscription { get; }

            /// <summary>The one draft every user of the document is read into, in turn.</summary>
            public UserDraft User { get; } = new UserDraft();
        }

        /// <summary>One customer while it is read: the record, how messages name it, and where its users were (checked at its end).</summary>
        private sealed class CustomerDraft
        {
            public CustomerDraft(LoadContext context, int line, int column)
            {
                Context = context;
                Line = line;
                Column = column;
            }

            public LoadContext Context { get; }
            public int Line { get; }
            public int Column { get; }
            public CustomerRecord Customer { get; } = new CustomerRecord();
            public string What { get; set; } = "a customer";
            public List<(UserRecord User, int Line, int Column)>? Users { get; set; }
        }

        private sealed class DelegationDraft
        {
            public DelegatedAdminInfo Delegation { get; } = new DelegatedAdminInfo();
            public (int Line, int Column) RolesAt { get; set; }
        }

        private static PartnerInfo ReadPartner(DocumentReader r)
        {
            var partner = new PartnerInfo();
            int line = r.Line, column = r.Column;
            if (DocumentFields.EnterMapping(r, "partner"))
            {
                PartnerFields.Read(r, partner, "partner", line, column);
            }
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
            var draft = new CustomerDraft(context, r.Line, r.Column);
            if (!DocumentFields.EnterMapping(r, "a customer"))
            {
                return null;
            }
            CustomerFields.Read(r, draft, d => d.What, draft.Line, draft.Column);
            if (draft.Users != null)
            {
                CheckUsers(r, draft.Customer, draft.Users, draft.What);
            }
            return draft.Customer;
        }

        private static void ReadCustomerId(DocumentReader r, CustomerDraft d)
        {
            int idLine = r.Line, idColumn = r.Column;
            d.Customer.CustomerId = DocumentFields.ReadRequiredString(r, "the customer id") ?? string.Empty;
            d.What = $"customer '{d.Customer.CustomerId}'";
            DocumentFields.ClaimUnique(r, d.Context.CustomerLines, d.Customer.CustomerId, d.Line, idLine, idColumn, "DuplicateCustomerId", "Customer");
        }

        private static void ReadSubscriptions(DocumentReader r, CustomerDraft d)
        {
            if (!DocumentFields.EnterSequence(r, "subscriptions"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                var subscription = ReadSubscription(d.Context, d.What);
                if (subscription != null)
                {
                    d.Customer.Subscriptions.Add(subscription);
                }
            }
        }

        private static void ReadUsers(DocumentReader r, CustomerDraft d)
        {
            if (!DocumentFields.EnterSequence(r, "users"))
            {
                return;
            }
            while (DocumentFields.NextItem(r))
            {
                int line = r.Line, column = r.Column;
                var user = ReadUser(r, d.Context.User, d.What);
                if (user != null)
                {
                    d.Customer.Users.Add(user);
                    (d.Users ??= new List<(UserRecord, int, int)>()).Add((user, line, column));
                }
            }
        }

        private static void CheckUsers(DocumentReader r, CustomerRecord customer, List<(UserRecord User, int Line, int Column)> users, string what)
        {
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
            int line = r.Line, column = r.Column;
            var draft = new DelegationDraft { RolesAt = (line, column) };
            string what = $"the delegatedAdmin of {owner}";
            if (!DocumentFields.EnterMapping(r, what))
            {
                return draft.Delegation;
            }
            DelegationFields.Read(r, draft, what, line, column);
            var delegation = draft.Delegation;
            if (delegation.Roles.Count > 0 && delegation.Type != DelegatedAdminType.GDAP)
            {
                r.Error("InvalidValue", $"Roles are only given with GDAP; {what} is {delegation.Type}.", draft.RolesAt.Line, draft.RolesAt.Column);
            }
            return delegation;
        }

        private static SubscriptionRecord? ReadSubscription(LoadContext context, string owner)
        {
            var r = context.Reader;
            var draft = context.Subscription;
            draft.Start(owner, r.Line, r.Column);
            if (!DocumentFields.EnterMapping(r, d => d.What, draft))
            {
                return null;
            }
            var seen = SubscriptionFields.Read(r, draft, d => d.What, draft.Line, draft.Column, draft.Positions);
            var subscription = draft.Record;
            var offer = seen.Has("offer") ? context.Catalog.Find(subscription.OfferId) : null;
            NewCommerceKeys.Check(r, draft, offer, seen);
            if (subscription.ScheduledChange is ScheduledChange change && context.Catalog.Find(change.OfferId) is CatalogOffer next && next.Commerce != Commerce.NewCommerce)
            {
                var at = seen.At("scheduledChange");
                r.Error("InvalidValue", $"The scheduledChange of {draft.What} names {next.OfferId}, a legacy offer; a change at renewal goes to a new-commerce offer.", at.Line, at.Column);
            }
            return subscription;
        }

        private static void ReadSubscriptionId(DocumentReader r, SubscriptionDraft d)
        {
            int idLine = r.Line, idColumn = r.Column;
            d.Record.SubscriptionId = DocumentFields.ReadRequiredString(r, "the subscription id") ?? string.Empty;
            d.Named();
            DocumentFields.ClaimUnique(r, d.SubscriptionLines, d.Record.SubscriptionId, d.Line, idLine, idColumn, "DuplicateSubscriptionId", "Subscription");
        }

        private static void ReadOffer(DocumentReader r, SubscriptionDraft d)
        {
            int line = r.Line, column = r.Column;
            string? offerId = DocumentFields.ReadRequiredString(r, "the offer");
            if (offerId != null)
            {
                d.Record.OfferId = d.CatalogOfferId(r, offerId, "Offer", line, column);
            }
        }

        private static List<string> ReadAddOns(DocumentReader r, SubscriptionDraft d)
        {
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
                    addOns.Add(d.CatalogOfferId(r, id, "Add-on", line, column));
                }
            }
            return addOns;
        }

        private static UserRecord? ReadUser(DocumentReader r, UserDraft draft, string owner)
        {
            int line = r.Line, column = r.Column;
            draft.Start(owner);
            if (!DocumentFields.EnterMapping(r, u => u.What, draft))
            {
                return null;
            }
            UserFields.Read(r, draft, u => u.What, line, column);
            return draft.User;
        }

        /// <summary>One user while it is read; its name in messages ("a user of customer 'c1'") is spelled out only when needed.</summary>
        private sealed class UserDraft
        {
            private string _owner = string.Empty;
            private string? _what;

            public UserRecord User { get; private set; } = new UserRecord();

            public string What => _what ??= $"a user of {_owner}";

            public void Start(string owner)
            {
                User = new UserRecord();
                _owner = owner;
                _what = null;
            }
        }
    }
}
