using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>Partner Center's resources to the records the rules and cmdlets work on.</summary>
    internal static class PartnerCenterMapper
    {
        /// <summary>A customer; its subscriptions are left empty (they come from another request).</summary>
        public static CustomerRecord Customer(CustomerResource customer, OfferCatalog catalog)
        {
            string id = customer.Id ?? string.Empty;
            var record = new CustomerRecord
            {
                CustomerId = id,
                Name = customer.Name ?? id,
                Market = (customer.Market ?? string.Empty).ToUpperInvariant(),
                SubscriptionsKnown = false,
                UsersKnown = false,
            };
            // Partner Center does not say which GDAP roles the partner holds; it decides that itself. The local rules
            // assume delegated admin over every service family unless Partner Center says delegated access is off.
            if (customer.AllowDelegatedAccess == false)
            {
                record.DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.None, Assumed = true };
            }
            else
            {
                record.DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.DAP, Services = catalog.ServiceFamilies.ToList(), Assumed = true };
            }
            return record;
        }

        /// <summary>
        /// The customer's subscriptions. Offers map to the catalogue through <see cref="PartnerCenterOfferMap"/>; an unmapped offer keeps
        /// Partner Center's id (and its name in <see cref="SubscriptionRecord.OfferName"/>). Add-ons (subscriptions with a
        /// parentSubscriptionId) are listed on their parent too.
        /// </summary>
        public static List<SubscriptionRecord> Subscriptions(IReadOnlyList<SubscriptionResource> items, PartnerCenterOfferMap offers, UpgradeHistory history)
        {
            var records = new List<SubscriptionRecord>(items.Count);
            var byId = new Dictionary<string, SubscriptionRecord>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                var record = Subscription(item, offers);
                history.Mark(record);
                records.Add(record);
                byId[record.SubscriptionId] = record;
            }
            foreach (var item in items)
            {
                string? parent = item.ParentSubscriptionId;
                if (!string.IsNullOrEmpty(parent) && byId.TryGetValue(parent!, out var parentRecord))
                {
                    if (Status(item.Status) != SubscriptionStatus.Deleted)
                    {
                        parentRecord.AddOns.Add(OfferIdOf(item, offers));
                    }
                }
            }
            return records;
        }

        public static SubscriptionRecord Subscription(SubscriptionResource item, PartnerCenterOfferMap offers)
        {
            string pcOfferId = item.OfferId ?? string.Empty;
            var offer = offers.Map(item);
            var record = new SubscriptionRecord
            {
                SubscriptionId = item.Id ?? string.Empty,
                OfferId = offer?.OfferId ?? pcOfferId,
                OfferName = offer is null ? item.OfferName ?? item.FriendlyName : null,
                Status = Status(item.Status),
                Quantity = item.Quantity ?? 0,
                Channel = SalesChannel.Partner,
                BillingCycle = NewCommerceMapper.BillingCycleOf(item.BillingCycle) ?? BillingCycle.Monthly,
                PeriodEnd = Date(item.BillingCycleEndDate), // the billing period's end, not commitmentEndDate (the term's)
            };
            if (PartnerCenterOfferMap.IsNewCommerce(item))
            {
                NewCommerceMapper.Fill(record, item, offers);
            }
            return record;
        }

        public static string OfferIdOf(SubscriptionResource item, PartnerCenterOfferMap offers) => offers.Map(item)?.OfferId ?? item.OfferId ?? string.Empty;

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

        /// <summary>licenseErrors [{userObjectId, name, email, errors}] of an UpgradeResult: the accounts that need manual work.</summary>
        public static IReadOnlyList<AffectedAccount> AffectedAccounts(string customerId, string subscriptionId, IReadOnlyList<LicenseError>? licenseErrors)
        {
            var accounts = new List<AffectedAccount>();
            foreach (var error in licenseErrors ?? Array.Empty<LicenseError>())
            {
                string user = error.Email ?? error.Name ?? error.UserObjectId ?? "(unknown user)";
                var why = new List<string>();
                foreach (var item in error.Errors ?? new List<JToken>())
                {
                    if (item is JObject o)
                    {
                        var detail = ResourceJson.Read<ErrorDetail>(o);
                        string? code = detail.AnyCode;
                        string? text = detail.AnyMessage;
                        why.Add(code != null && text != null ? $"{code}: {text}" : code ?? text ?? o.ToString(Newtonsoft.Json.Formatting.None));
                    }
                    else if (item is JValue value && value.Value != null)
                    {
                        why.Add(Convert.ToString(value.Value, CultureInfo.InvariantCulture));
                    }
                }
                string userId = error.UserObjectId is string oid ? $" (user {oid})" : string.Empty;
                accounts.Add(new AffectedAccount(customerId, subscriptionId, user, AffectedAccountReason.LicenseTransferFailed, Array.Empty<string>(),
                    $"Partner Center could not move the license of {user}{userId}: {(why.Count > 0 ? string.Join("; ", why) : "no reason given")}. Assign the new license yourself."));
            }
            return accounts;
        }

        internal static DateTime? Date(string? text) =>
            text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? DateTime.SpecifyKind(parsed.UtcDateTime.Date, DateTimeKind.Utc)
                : (DateTime?)null;
    }
}
