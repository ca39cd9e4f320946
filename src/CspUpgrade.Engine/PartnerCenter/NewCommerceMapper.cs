using System;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>A new-commerce subscription's own fields (SPEC 1.9) onto its record, and the values Partner Center writes for them.</summary>
    internal static class NewCommerceMapper
    {
        public static void Fill(SubscriptionRecord record, SubscriptionResource item, PartnerCenterOfferMap offers)
        {
            record.Commerce = Commerce.NewCommerce;
            record.TermDuration = TermOf(item.TermDuration);
            record.TermEndDate = PartnerCenterMapper.Date(item.CommitmentEndDate);
            record.AutoRenew = item.AutoRenewEnabled;
            record.CancellableUntil = Time(item.CancellationAllowedUntilDate);
            record.ScheduledChange = ScheduledChangeOf(item.ScheduledNextTermInstructions, offers);
        }

        /// <summary>scheduledNextTermInstructions {product: {productId, skuId, availabilityId, billingCycle, termDuration}, quantity}; null when none.</summary>
        public static ScheduledChange? ScheduledChangeOf(JToken? instructions, PartnerCenterOfferMap offers)
        {
            if (instructions is not JObject next || next["product"] is not JObject product)
            {
                return null;
            }
            string item = string.Join(":", Text(product["productId"]), Text(product["skuId"]), Text(product["availabilityId"]));
            string offerId = offers.FindProduct(item)?.OfferId ?? item;
            int quantity = next["quantity"] is JValue q && (q.Type == JTokenType.Integer || q.Type == JTokenType.Float) ? (int)q : 0;
            return new ScheduledChange(offerId, quantity, TermOf(Text(product["termDuration"])), BillingCycleOf(Text(product["billingCycle"])));
        }

        /// <summary>monthly, annual, triennial (any case); null for anything else.</summary>
        public static BillingCycle? BillingCycleOf(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "monthly" => BillingCycle.Monthly,
            "annual" => BillingCycle.Annual,
            "triennial" => BillingCycle.Triennial,
            _ => null,
        };

        /// <summary>P1M, P1Y, P3Y; null for anything else.</summary>
        public static TermDuration? TermOf(string? text) => (text ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "P1M" => CspUpgrade.TermDuration.P1M,
            "P1Y" => CspUpgrade.TermDuration.P1Y,
            "P3Y" => CspUpgrade.TermDuration.P3Y,
            _ => null,
        };

        /// <summary>The billing cycle as Partner Center writes it (lower case).</summary>
        public static string Text(BillingCycle cycle) => cycle.ToString().ToLowerInvariant();

        private static string? Text(JToken? token) => token is JValue v && v.Value != null ? Convert.ToString(v.Value, CultureInfo.InvariantCulture) : null;

        private static DateTime? Time(string? text) =>
            text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed.UtcDateTime
                : (DateTime?)null;
    }
}
