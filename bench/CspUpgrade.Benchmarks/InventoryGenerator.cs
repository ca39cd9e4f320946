using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// A deterministic synthetic inventory (same seed, same document, byte for byte once written): customers in several
/// markets (IN with the India variants of the Business family), a mix of the default catalogue's offers, statuses,
/// sales channels, billing cycles, add-ons, and DAP/GDAP/no delegation. Every subscription and user count is exact.
/// </summary>
public static class InventoryGenerator
{
    public const int DefaultSeed = 20240917;

    private static readonly (string Market, int Weight)[] s_markets =
    {
        ("US", 40), ("IN", 15), ("GB", 10), ("DE", 10), ("FR", 8), ("AU", 7), ("CA", 5), ("JP", 5),
    };

    private static readonly (string Offer, int Weight)[] s_offers =
    {
        ("O365_BUSINESS", 20), ("O365_BUSINESS_PREMIUM", 20), ("O365_BUSINESS_ESSENTIALS", 20), ("O365_PROPLUS", 5),
        ("O365_E1", 8), ("O365_E3", 12), ("O365_E5", 5), ("EXCHANGE_ONLINE_P1", 6), ("SHAREPOINT_ONLINE_P1", 4),
    };

    private static readonly Dictionary<string, string> s_indiaVariants = new()
    {
        ["O365_BUSINESS"] = "O365_BUSINESS_IN",
        ["O365_BUSINESS_PREMIUM"] = "O365_BUSINESS_PREMIUM_IN",
        ["O365_BUSINESS_ESSENTIALS"] = "O365_BUSINESS_ESSENTIALS_IN",
    };

    private static readonly (GdapRole[] Roles, int Weight)[] s_gdapRoles =
    {
        (new[] { GdapRole.DirectoryWriter }, 45),
        (new[] { GdapRole.DirectoryReader }, 20),
        (new[] { GdapRole.GlobalReader, GdapRole.UserAdministrator }, 10),
        (new[] { GdapRole.GlobalAdministrator }, 10),
        (new[] { GdapRole.LicenseAdministrator }, 10),
        (new[] { GdapRole.DirectoryReader, GdapRole.DirectoryWriter, GdapRole.SecurityReader }, 5),
    };

    /// <summary>
    /// <paramref name="subscriptions"/> are spread over the customers (at least one each, about 5% of customers
    /// five times as large as the rest); each customer has exactly twice as many users as subscriptions when
    /// <paramref name="users"/> is twice <paramref name="subscriptions"/>, otherwise users are spread the same way.
    /// </summary>
    internal static InventoryDocument Generate(int customers, int subscriptions, int users, int seed = DefaultSeed)
    {
        if (subscriptions < customers)
        {
            throw new ArgumentException("Every customer gets at least one subscription.", nameof(subscriptions));
        }
        var rng = new Random(seed);
        var subscriptionCounts = Spread(rng, customers, subscriptions);
        var userCounts = users == 2 * subscriptions
            ? subscriptionCounts.Select(c => 2 * c).ToArray()
            : Spread(rng, customers, users, minimum: 0);

        var document = new InventoryDocument
        {
            Partner = new PartnerInfo { Name = "Fabrikam Bench Partner", Roles = new List<PartnerRole> { PartnerRole.AdminAgent } },
        };
        var periodBase = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int c = 0; c < customers; c++)
        {
            string market = Pick(rng, s_markets);
            var customer = new CustomerRecord
            {
                CustomerId = NewGuid(rng),
                Name = $"Bench Customer {c:D5} {(market == "IN" ? "Pvt Ltd" : "Ltd")}",
                Market = market,
                DelegatedAdmin = Delegation(rng),
            };

            int count = subscriptionCounts[c];
            // Customers mostly stay with one offer (several subscriptions of it: departments, billing cycles).
            string primary = Pick(rng, s_offers);
            for (int i = 0; i < count; i++)
            {
                string offer = Roll(rng, 70) ? primary : Pick(rng, s_offers);
                // India customers hold the India variants of the Business family (a few legacy global ones remain).
                if (market == "IN" && s_indiaVariants.TryGetValue(offer, out var variant) && rng.Next(100) < 95)
                {
                    offer = variant;
                }
                bool business = offer.StartsWith("O365_BUSINESS", StringComparison.Ordinal);
                var subscription = new SubscriptionRecord
                {
                    SubscriptionId = NewGuid(rng),
                    OfferId = offer,
                    Status = Roll(rng, 85) ? SubscriptionStatus.Active
                        : Roll(rng, 35) ? SubscriptionStatus.Suspended
                        : Roll(rng, 70) ? SubscriptionStatus.Deleted
                        : SubscriptionStatus.Provisioning,
                    Quantity = business
                        ? (Roll(rng, 2) ? 250 + rng.Next(51) : 1 + (int)(60 * Math.Pow(rng.NextDouble(), 2)))
                        : 1 + (int)(500 * Math.Pow(rng.NextDouble(), 3)),
                    Channel = Roll(rng, 85) ? SalesChannel.Partner : Roll(rng, 66) ? SalesChannel.OtherPartner : SalesChannel.Direct,
                    BillingCycle = offer == "O365_PROPLUS" ? (Roll(rng, 90) ? BillingCycle.Annual : BillingCycle.Monthly)
                        : Roll(rng, 70) ? BillingCycle.Monthly : BillingCycle.Annual,
                    PeriodEnd = periodBase.AddDays(rng.Next(365)),
                };
                if (Roll(rng, 4))
                {
                    subscription.AddOns.Add(Roll(rng, 50) ? "EXCHANGE_ONLINE_P1" : "SHAREPOINT_ONLINE_P1");
                }
                // A few live enterprise subscriptions came from an earlier upgrade of a now-deleted one.
                if (i > 0 && subscription.Status == SubscriptionStatus.Active && !business
                    && customer.Subscriptions[i - 1].Status == SubscriptionStatus.Deleted && Roll(rng, 50))
                {
                    subscription.UpgradedFrom = customer.Subscriptions[i - 1].SubscriptionId;
                }
                customer.Subscriptions.Add(subscription);
            }

            int userCount = userCounts[c];
            string domain = $"bench{c:D5}.example";
            for (int u = 0; u < userCount; u++)
            {
                var user = new UserRecord { Upn = $"user{u:D4}@{domain}" };
                int licenses = Roll(rng, 2) ? 0 : Roll(rng, 18) ? 2 : 1;
                for (int l = 0; l < licenses; l++)
                {
                    string id = customer.Subscriptions[rng.Next(count)].SubscriptionId;
                    if (!user.Licenses.Contains(id))
                    {
                        user.Licenses.Add(id);
                    }
                }
                customer.Users.Add(user);
            }
            document.Customers.Add(customer);
        }
        return document;
    }

    /// <summary>The first customers of <paramref name="document"/> holding at least <paramref name="subscriptions"/> subscriptions.</summary>
    internal static InventoryDocument Subset(InventoryDocument document, int subscriptions)
    {
        var subset = new InventoryDocument { Partner = document.Partner };
        int total = 0;
        foreach (var customer in document.Customers)
        {
            if (total >= subscriptions)
            {
                break;
            }
            subset.Customers.Add(customer);
            total += customer.Subscriptions.Count;
        }
        return subset;
    }

    private static DelegatedAdminInfo Delegation(Random rng)
    {
        int roll = rng.Next(100);
        if (roll < 10)
        {
            return new DelegatedAdminInfo { Type = DelegatedAdminType.None };
        }
        // 3% of relationships cover another service family only (DelegatedAdminPermissionsDisabled for Office 365).
        var services = new List<string> { Roll(rng, 3) ? "Azure" : "Office365" };
        if (roll < 40)
        {
            return new DelegatedAdminInfo { Type = DelegatedAdminType.DAP, Services = services };
        }
        return new DelegatedAdminInfo
        {
            Type = DelegatedAdminType.GDAP,
            Services = services,
            Roles = new List<GdapRole>(Pick(rng, s_gdapRoles)),
        };
    }

    /// <summary>Splits <paramref name="total"/> over <paramref name="buckets"/>: a minimum each, the rest by weight (5% weigh 5).</summary>
    private static int[] Spread(Random rng, int buckets, int total, int minimum = 1)
    {
        var counts = new int[buckets];
        var cumulative = new double[buckets];
        double sum = 0;
        for (int i = 0; i < buckets; i++)
        {
            counts[i] = minimum;
            sum += rng.Next(100) < 5 ? 5 : 1;
            cumulative[i] = sum;
        }
        for (int rest = total - minimum * buckets; rest > 0; rest--)
        {
            int index = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            counts[index < 0 ? Math.Min(~index, buckets - 1) : index]++;
        }
        return counts;
    }

    private static bool Roll(Random rng, int percent) => rng.Next(100) < percent;

    private static T Pick<T>(Random rng, (T Value, int Weight)[] choices)
    {
        int total = 0;
        foreach (var choice in choices)
        {
            total += choice.Weight;
        }
        int roll = rng.Next(total);
        foreach (var choice in choices)
        {
            roll -= choice.Weight;
            if (roll < 0)
            {
                return choice.Value;
            }
        }
        return choices[^1].Value;
    }

    private static string NewGuid(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
