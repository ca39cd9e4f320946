using System;
using System.Globalization;
using CspUpgrade.Engine.Documents;

namespace CspUpgrade.Engine.Inventory
{
    /// <summary>
    /// The new-commerce keys of an inventory subscription (SPEC 2.1), read as strictly as the others, and the rule that keys
    /// of one commerce model are refused on a subscription of the other: <c>addOns</c> is legacy only (add-ons in new commerce
    /// are subscriptions of their own), the term keys are new commerce only, and so is Triennial billing.
    /// </summary>
    internal static class NewCommerceKeys
    {
        /// <summary>The new-commerce keys of a subscription, read into its draft (the loader's subscription table ends with them).</summary>
        public static readonly (string Key, bool Required, Action<DocumentReader, SubscriptionDraft> Read)[] Fields =
        {
            ("termDuration", false, (r, d) => { d.Record.TermDuration = DocumentFields.ReadRequiredEnum<TermDuration>(r, "term duration"); }),
            ("termEndDate", false, (r, d) => { d.Record.TermEndDate = DocumentFields.RequireValue(r, "termEndDate") ? DocumentFields.ReadDate(r, "termEndDate") : null; }),
            ("autoRenew", false, (r, d) => { d.Record.AutoRenew = DocumentFields.RequireValue(r, "autoRenew") ? ReadBool(r, "autoRenew") : null; }),
            ("cancellableUntil", false, (r, d) => { d.Record.CancellableUntil = ReadUtcTime(r, "cancellableUntil"); }),
            ("scheduledChange", false, (r, d) => { d.Record.ScheduledChange = ReadScheduledChange(r, d, $"the scheduledChange of {d.What}"); }),
        };

        /// <summary>Of <see cref="Fields"/>, the ones a new-commerce subscription must have (its term, its end and its renewal).</summary>
        private static readonly string[] Required = { "termDuration", "termEndDate", "autoRenew" };

        private static readonly string[] TimeFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        };

        /// <summary>
        /// After the whole subscription is read (its offer may come after these keys): refuses the keys of the other commerce
        /// model and reports the missing new-commerce ones, each at the key's own line and column.
        /// </summary>
        public static void Check(DocumentReader r, SubscriptionDraft draft, CatalogOffer? offer, FieldsSeen seen)
        {
            if (offer is null)
            {
                return; // an unknown offer is its own error; its commerce is not known
            }
            var subscription = draft.Record;
            subscription.Commerce = offer.Commerce;
            if (offer.Commerce == Commerce.NewCommerce)
            {
                if (seen.Has("addOns"))
                {
                    var at = seen.At("addOns");
                    r.Error("LegacyOnlyKey", $"Key 'addOns' is for legacy subscriptions; {draft.What} is new commerce ({offer.OfferId}), where an add-on is a subscription of its own: list it as one.", at.Line, at.Column);
                }
                seen.Require(r, Required, draft, d => d.What, draft.Line, draft.Column);
                return;
            }
            foreach (var field in Fields)
            {
                if (seen.Has(field.Key))
                {
                    var at = seen.At(field.Key);
                    r.Error("NewCommerceOnlyKey", $"Key '{field.Key}' is for new-commerce subscriptions; {draft.What} is legacy ({offer.OfferId}). Remove it, or give the subscription a new-commerce offer.", at.Line, at.Column);
                }
            }
            if (subscription.BillingCycle == BillingCycle.Triennial)
            {
                var at = seen.At("billingCycle");
                r.Error("InvalidValue", $"Billing cycle Triennial exists only in new commerce; {draft.What} is legacy ({offer.OfferId}): use Monthly or Annual.", at.Line, at.Column);
            }
        }

        /// <summary>true or false, unquoted (a quoted "true" is text, not a truth value).</summary>
        public static bool? ReadBool(DocumentReader r, string what)
        {
            int line = r.Line, column = r.Column;
            bool quoted = r.IsQuoted;
            string? text = DocumentFields.ReadString(r, what);
            if (text is null)
            {
                return null;
            }
            if (!quoted && (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)))
            {
                return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            }
            r.Error("InvalidValue", $"{DocumentFields.Capitalize(what)} must be true or false, not '{text}'.", line, column);
            return null;
        }

        /// <summary>A point in time with its zone written (2026-12-08T09:30:00Z or with an offset), kept as UTC; null stays null.</summary>
        public static DateTime? ReadUtcTime(DocumentReader r, string what)
        {
            int line = r.Line, column = r.Column;
            string? text = DocumentFields.ReadString(r, what);
            if (text is null)
            {
                return null;
            }
            if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                && (text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || text.LastIndexOfAny(new[] { '+', '-' }) > 10))
            {
                return time.UtcDateTime;
            }
            r.Error("InvalidValue", $"{DocumentFields.Capitalize(what)} must be a time with its zone, e.g. 2026-12-08T09:30:00Z, not '{text}'.", line, column);
            return null;
        }

        private static ScheduledChange? ReadScheduledChange(DocumentReader r, SubscriptionDraft draft, string what)
        {
            int line = r.Line, column = r.Column;
            if (r.Kind == NodeKind.Scalar && r.Value is null)
            {
                r.Read();
                return null; // null: no change scheduled
            }
            if (!DocumentFields.EnterMapping(r, what))
            {
                return null;
            }
            var change = new ChangeDraft(draft, what);
            ChangeFields.Read(r, change, c => c.What, line, column);
            return change.Offer != null && change.Quantity is int seats ? new ScheduledChange(change.Offer, seats, change.Term, change.Cycle) : null;
        }

        private static readonly FieldTable<ChangeDraft> ChangeFields = new FieldTable<ChangeDraft>(
            ("offer", true, (r, c) =>
            {
                int line = r.Line, column = r.Column;
                string? id = DocumentFields.ReadRequiredString(r, "the offer of " + c.What);
                c.Offer = id is null ? null : c.Subscription.CatalogOfferId(r, id, "Offer", line, column, c.What);
            }),
            ("quantity", true, (r, c) => { c.Quantity = DocumentFields.ReadRequiredInt(r, "the quantity of " + c.What, 1); }),
            ("termDuration", false, (r, c) => { c.Term = DocumentFields.ReadEnum<TermDuration>(r, "term duration"); }),
            ("billingCycle", false, (r, c) => { c.Cycle = DocumentFields.ReadEnum<BillingCycle>(r, "billing cycle"); }));

        /// <summary>A scheduledChange while it is read.</summary>
        private sealed class ChangeDraft
        {
            public ChangeDraft(SubscriptionDraft subscription, string what)
            {
                Subscription = subscription;
                What = what;
            }

            public SubscriptionDraft Subscription { get; }
            public string What { get; }
            public string? Offer { get; set; }
            public int? Quantity { get; set; }
            public TermDuration? Term { get; set; }
            public BillingCycle? Cycle { get; set; }
        }
    }
}
