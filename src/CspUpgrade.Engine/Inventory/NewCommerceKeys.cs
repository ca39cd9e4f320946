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
        /// <summary>Indexes of the new-commerce keys in the loader's subscription keys, in this order.</summary>
        public static readonly string[] Keys = { "termDuration", "termEndDate", "autoRenew", "cancellableUntil", "scheduledChange" };

        /// <summary>Of <see cref="Keys"/>, the ones a new-commerce subscription must have (its term, its end and its renewal).</summary>
        public const int Required = 0b111;

        private static readonly string[] ChangeKeys = { "offer", "quantity", "termDuration", "billingCycle" };

        private static readonly string[] TimeFormats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        };

        /// <summary>Reads the value of new-commerce key <paramref name="index"/> into <paramref name="subscription"/>.</summary>
        public static void Read(DocumentReader r, int index, SubscriptionRecord subscription, Func<string, string, int, int, string> offerId, string what)
        {
            switch (index)
            {
                case 0:
                    subscription.TermDuration = DocumentFields.ReadRequiredEnum<TermDuration>(r, "term duration");
                    break;
                case 1:
                    subscription.TermEndDate = DocumentFields.RequireValue(r, "termEndDate") ? DocumentFields.ReadDate(r, "termEndDate") : null;
                    break;
                case 2:
                    subscription.AutoRenew = DocumentFields.RequireValue(r, "autoRenew") ? ReadBool(r, "autoRenew") : null;
                    break;
                case 3:
                    subscription.CancellableUntil = ReadUtcTime(r, "cancellableUntil");
                    break;
                case 4:
                    subscription.ScheduledChange = ReadScheduledChange(r, offerId, $"the scheduledChange of {what}");
                    break;
            }
        }

        /// <summary>
        /// After the whole subscription is read (its offer may come after these keys): refuses the keys of the other commerce
        /// model and reports the missing new-commerce ones. <paramref name="positions"/> holds each key's line and column by
        /// index in <paramref name="keys"/>; <paramref name="firstNew"/> is the index of the first new-commerce key there.
        /// </summary>
        public static void Check(DocumentReader r, SubscriptionRecord subscription, CatalogOffer? offer, string[] keys, int seen, int firstNew, int addOnsKey, int billingKey, (int Line, int Column)[] positions, string what, int line, int column)
        {
            if (offer is null)
            {
                return; // an unknown offer is its own error; its commerce is not known
            }
            subscription.Commerce = offer.Commerce;
            if (offer.Commerce == Commerce.NewCommerce)
            {
                if ((seen & (1 << addOnsKey)) != 0)
                {
                    var at = positions[addOnsKey];
                    r.Error("LegacyOnlyKey", $"Key 'addOns' is for legacy subscriptions; {what} is new commerce ({offer.OfferId}), where an add-on is a subscription of its own: list it as one.", at.Line, at.Column);
                }
                DocumentFields.RequireKeys(r, keys, Required << firstNew, seen, what, line, column);
                return;
            }
            for (int i = 0; i < Keys.Length; i++)
            {
                if ((seen & (1 << (firstNew + i))) != 0)
                {
                    var at = positions[firstNew + i];
                    r.Error("NewCommerceOnlyKey", $"Key '{Keys[i]}' is for new-commerce subscriptions; {what} is legacy ({offer.OfferId}). Remove it, or give the subscription a new-commerce offer.", at.Line, at.Column);
                }
            }
            if (subscription.BillingCycle == BillingCycle.Triennial)
            {
                var at = positions[billingKey];
                r.Error("InvalidValue", $"Billing cycle Triennial exists only in new commerce; {what} is legacy ({offer.OfferId}): use Monthly or Annual.", at.Line, at.Column);
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

        private static ScheduledChange? ReadScheduledChange(DocumentReader r, Func<string, string, int, int, string> offerId, string what)
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
            string? offer = null;
            int? quantity = null;
            TermDuration? term = null;
            BillingCycle? cycle = null;
            int seen = 0;
            int key;
            while ((key = DocumentFields.NextKey(r, ChangeKeys, what, ref seen)) >= 0)
            {
                switch (key)
                {
                    case 0:
                        int offerLine = r.Line, offerColumn = r.Column;
                        string? id = DocumentFields.ReadRequiredString(r, "the offer of " + what);
                        offer = id is null ? null : offerId(id, $"Offer '{id}' of {what}", offerLine, offerColumn);
                        break;
                    case 1:
                        quantity = DocumentFields.ReadRequiredInt(r, "the quantity of " + what, 1);
                        break;
                    case 2:
                        term = DocumentFields.ReadEnum<TermDuration>(r, "term duration");
                        break;
                    case 3:
                        cycle = DocumentFields.ReadEnum<BillingCycle>(r, "billing cycle");
                        break;
                }
            }
            DocumentFields.RequireKeys(r, ChangeKeys, 0b11, seen, what, line, column);
            return offer != null && quantity is int seats ? new ScheduledChange(offer, seats, term, cycle) : null;
        }
    }
}
