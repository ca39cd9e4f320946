using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Testing.PartnerCenter
{
    /// <summary>
    /// A generated partner tenant for the fake, from a seed (the same seed gives the same tenant): customers in a few markets,
    /// each with the same number of subscriptions, a share of them new commerce (three-part <c>offerId</c>
    /// productId:skuId:availabilityId, <c>productType.id</c> OnlineServicesNCE, SPEC 1.9) and the rest legacy (GUID offer ids,
    /// SPEC 1.3) with Partner Center's upgrades for each (some eligible, some refused). Every subscription is active or
    /// suspended, so a sweep checks each one.
    /// </summary>
    public static class FakeTenant
    {
        private static readonly string[] Markets = { "US", "US", "US", "GB", "DE", "FR", "AU", "CA" };

        /// <summary>Legacy sources and their targets (SPEC 1.3), and standalone offers without paths.</summary>
        private static readonly (string Offer, string Name, string[] Targets)[] Legacy =
        {
            ("O365_BUSINESS", "Microsoft 365 Apps for business", new[] { "O365_BUSINESS_PREMIUM", "O365_PROPLUS", "O365_E3", "O365_E5" }),
            ("O365_BUSINESS_PREMIUM", "Microsoft 365 Business Standard", new[] { "O365_E3", "O365_E5" }),
            ("O365_BUSINESS_ESSENTIALS", "Microsoft 365 Business Basic", new[] { "O365_BUSINESS_PREMIUM", "O365_E1", "O365_E3", "O365_E5" }),
            ("EXCHANGE_ONLINE_P1", "Exchange Online (Plan 1)", new string[0]),
        };

        private static readonly Dictionary<string, string> LegacyNames = new Dictionary<string, string>
        {
            ["O365_BUSINESS_PREMIUM"] = "Microsoft 365 Business Standard",
            ["O365_PROPLUS"] = "Microsoft 365 Apps for enterprise",
            ["O365_E1"] = "Office 365 Enterprise E1",
            ["O365_E3"] = "Office 365 Enterprise E3",
            ["O365_E5"] = "Office 365 Enterprise E5",
        };

        /// <summary>Public new-commerce product ids (SPEC 1.9).</summary>
        private static readonly (string ProductId, string Name)[] NewCommerce =
        {
            ("CFQ7TTC0LH18", "Microsoft 365 Business Basic"),
            ("CFQ7TTC0LDPB", "Microsoft 365 Business Standard"),
            ("CFQ7TTC0LCHC", "Microsoft 365 Business Premium"),
            ("CFQ7TTC0LF8R", "Office 365 E3"),
            ("CFQ7TTC0LH16", "Exchange Online (Plan 1)"),
        };

        /// <summary>
        /// Adds <paramref name="customers"/> customers with <paramref name="subscriptionsPerCustomer"/> subscriptions each to
        /// <paramref name="fake"/>; <paramref name="newCommerceShare"/> of the subscriptions are new commerce.
        /// </summary>
        public static FakePartnerCenter Generate(FakePartnerCenter fake, int customers, int subscriptionsPerCustomer, int seed, double newCommerceShare = 0.4)
        {
            var random = new Random(seed);
            for (int c = 0; c < customers; c++)
            {
                string customerId = Id(random);
                var customer = fake.AddCustomer(customerId, $"Customer {c + 1:D4} Ltd", Markets[random.Next(Markets.Length)], delegatedAccess: random.NextDouble() >= 0.1);
                for (int s = 0; s < subscriptionsPerCustomer; s++)
                {
                    string subscriptionId = Id(random);
                    string status = random.NextDouble() < 0.05 ? "suspended" : "active";
                    int quantity = 1 + random.Next(300);
                    if (random.NextDouble() < newCommerceShare)
                    {
                        customer.Subscriptions.Add(NewCommerceSubscription(subscriptionId, NewCommerce[random.Next(NewCommerce.Length)], quantity, status, random));
                        continue;
                    }
                    var (offer, name, targets) = Legacy[random.Next(Legacy.Length)];
                    customer.Subscriptions.Add(FakePartnerCenter.Subscription(subscriptionId, offer, name, quantity, status, random.NextDouble() < 0.7 ? "monthly" : "annual"));
                    fake.SetUpgrades(subscriptionId, targets.Select(target =>
                        random.NextDouble() < 0.6
                            ? FakePartnerCenter.Upgrade(target, LegacyNames[target], true)
                            : FakePartnerCenter.Upgrade(target, LegacyNames[target], false, random.NextDouble() < 0.5 ? (object)10 : "delegated_admin_permissions_disabled")).ToArray());
                }
            }
            return fake;
        }

        /// <summary>A new-commerce subscription as GET .../subscriptions shows it (SPEC 1.9).</summary>
        public static JObject NewCommerceSubscription(string id, (string ProductId, string Name) product, int quantity, string status, Random random)
        {
            bool annual = random.NextDouble() < 0.6;
            string end = new DateTime(2026, 1, 1).AddDays(random.Next(365)).ToString("yyyy-MM-dd") + "T00:00:00Z";
            return new JObject
            {
                ["id"] = id,
                ["offerId"] = $"{product.ProductId}:0001:{product.ProductId}AV{random.Next(100):D2}",
                ["offerName"] = product.Name,
                ["friendlyName"] = product.Name,
                ["productType"] = new JObject { ["id"] = "OnlineServicesNCE", ["displayName"] = "OnlineServicesNCE" },
                ["quantity"] = quantity,
                ["unitType"] = "Licenses",
                ["status"] = status,
                ["termDuration"] = annual ? "P1Y" : "P1M",
                ["billingCycle"] = annual && random.NextDouble() < 0.5 ? "annual" : "monthly",
                ["commitmentEndDate"] = end,
                ["billingCycleEndDate"] = end,
                ["autoRenewEnabled"] = true,
                ["attributes"] = new JObject { ["etag"] = "etag-" + id, ["objectType"] = "Subscription" },
            };
        }

        private static string Id(Random random)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes).ToString();
        }
    }
}
