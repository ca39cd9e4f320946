using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>Partner Center's JSON resources to the records the rules and cmdlets work on.</summary>
    public static class PartnerCenterMapper
    {
        /// <summary>The items of a collection resource ({items: [...]}) or a bare array.</summary>
        public static IReadOnlyList<JObject> Items(JToken? body) => body switch
        {
            JArray array => array.OfType<JObject>().ToList(),
            JObject o when o["items"] is JArray items => items.OfType<JObject>().ToList(),
            _ => Array.Empty<JObject>(),
        };

        public static string? Text(JToken? token) =>
            token is JValue value && value.Value != null ? Convert.ToString(value.Value, CultureInfo.InvariantCulture) : null;

        /// <summary>A customer; its subscriptions are left empty (they come from another request).</summary>
        public static CustomerRecord Customer(JObject o, OfferCatalog catalog)
        {
            string id = Text(o["id"]) ?? string.Empty;
            string? name = Text(o.SelectToken("companyProfile.companyName")) ?? Text(o.SelectToken("billingProfile.companyName")) ?? Text(o["companyName"]);
            string? market = Text(o.SelectToken("billingProfile.defaultAddress.country")) ?? Text(o.SelectToken("companyProfile.address.country")) ?? Text(o["country"]);
            bool? delegated = o["allowDelegatedAccess"] is JValue allow && allow.Type == JTokenType.Boolean ? (bool)allow : (bool?)null;
            var record = new CustomerRecord
            {
                CustomerId = id,
                Name = name ?? id,
                Market = (market ?? string.Empty).ToUpperInvariant(),
                SubscriptionsKnown = false,
                UsersKnown = false,
            };
            // Partner Center does not say which GDAP roles the partner holds; it decides that itself. The local rules
            // assume delegated admin over every service family unless Partner Center says delegated access is off.
            if (delegated == false)
            {
                record.DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.None };
            }
            else
            {
                record.DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.DAP, Services = catalog.ServiceFamilies.ToList() };
            }
            return record;
        }

        /// <summary>Catalogue offers by their partnerCenterOfferId (case-insensitive).</summary>
        public static Dictionary<string, CatalogOffer> OffersByPartnerCenterId(OfferCatalog catalog)
        {
            var map = new Dictionary<string, CatalogOffer>(StringComparer.OrdinalIgnoreCase);
            foreach (var offer in catalog.Offers)
            {
                if (!string.IsNullOrWhiteSpace(offer.PartnerCenterOfferId) && !map.ContainsKey(offer.PartnerCenterOfferId!.Trim()))
                {
                    map[offer.PartnerCenterOfferId!.Trim()] = offer;
                }
            }
            return map;
        }

        /// <summary>
        /// The customer's subscriptions. Offers map to the catalogue through partnerCenterOfferId; an unmapped offer keeps
        /// Partner Center's id (and its name in <see cref="SubscriptionRecord.OfferName"/>). Add-ons (subscriptions with a
        /// parentSubscriptionId) are listed on their parent too.
        /// </summary>
        public static List<SubscriptionRecord> Subscriptions(IReadOnlyList<JObject> items, IReadOnlyDictionary<string, CatalogOffer> offers, IReadOnlyDictionary<string, string> upgradedFrom)
        {
            var records = new List<SubscriptionRecord>(items.Count);
            var byId = new Dictionary<string, SubscriptionRecord>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                var record = Subscription(item, offers);
                if (upgradedFrom.TryGetValue(record.SubscriptionId, out string? source))
                {
                    record.UpgradedFrom = source;
                }
                records.Add(record);
                byId[record.SubscriptionId] = record;
            }
            foreach (var item in items)
            {
                string? parent = Text(item["parentSubscriptionId"]);
                if (!string.IsNullOrEmpty(parent) && byId.TryGetValue(parent!, out var parentRecord))
                {
                    var status = Status(Text(item["status"]));
                    if (status != SubscriptionStatus.Deleted)
                    {
                        parentRecord.AddOns.Add(OfferIdOf(item, offers));
                    }
                }
            }
            return records;
        }

        public static SubscriptionRecord Subscription(JObject item, IReadOnlyDictionary<string, CatalogOffer> offers)
        {
            string pcOfferId = Text(item["offerId"]) ?? string.Empty;
            bool mapped = offers.TryGetValue(pcOfferId.Trim(), out var offer);
            return new SubscriptionRecord
            {
                SubscriptionId = Text(item["id"]) ?? string.Empty,
                OfferId = mapped ? offer!.OfferId : pcOfferId,
                OfferName = mapped ? null : Text(item["offerName"]) ?? Text(item["friendlyName"]),
                Status = Status(Text(item["status"])),
                Quantity = item["quantity"] is JValue q && (q.Type == JTokenType.Integer || q.Type == JTokenType.Float) ? (int)q : 0,
                Channel = SalesChannel.Partner,
                BillingCycle = string.Equals(Text(item["billingCycle"]), "annual", StringComparison.OrdinalIgnoreCase) ? BillingCycle.Annual : BillingCycle.Monthly,
                PeriodEnd = Date(item["commitmentEndDate"]),
            };
        }

        public static string OfferIdOf(JObject item, IReadOnlyDictionary<string, CatalogOffer> offers)
        {
            string pcOfferId = Text(item["offerId"]) ?? string.Empty;
            return offers.TryGetValue(pcOfferId.Trim(), out var offer) ? offer.OfferId : pcOfferId;
        }

        /// <summary>active, suspended, deleted (and expired), pending (and anything not yet usable) -> Provisioning.</summary>
        public static SubscriptionStatus Status(string? status)
        {
            switch ((status ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "active":
                    return SubscriptionStatus.Active;
                case "suspended":
                case "disabled":
                    return SubscriptionStatus.Suspended;
                case "deleted":
                case "expired":
                case "cancelled":
                case "canceled":
                    return SubscriptionStatus.Deleted;
                default:
                    return SubscriptionStatus.Provisioning;
            }
        }

        /// <summary>Partner Center's upgrade types: none, upgrade_only, upgrade_with_license_transfer.</summary>
        public static string UpgradeTypeText(UpgradeType type) =>
            type == UpgradeType.UpgradeOnly ? "upgrade_only" : "upgrade_with_license_transfer";

        private static DateTime? Date(JToken? token)
        {
            if (token is JValue value)
            {
                if (value.Value is DateTime dt)
                {
                    return DateTime.SpecifyKind((dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt).Date, DateTimeKind.Utc);
                }
                if (value.Value is DateTimeOffset dto)
                {
                    return DateTime.SpecifyKind(dto.UtcDateTime.Date, DateTimeKind.Utc);
                }
                if (value.Value is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return DateTime.SpecifyKind(parsed.UtcDateTime.Date, DateTimeKind.Utc);
                }
            }
            return null;
        }
    }
}
