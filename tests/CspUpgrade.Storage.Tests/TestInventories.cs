using System.Text;

namespace CspUpgrade.Storage.Tests
{
    internal static class TestInventories
    {
        /// <summary>Customers cust-0..n-1, each with one Business subscription sub-k of 10 seats held by two users.</summary>
        public static string OneSubscriptionEach(int customers)
        {
            var yaml = new StringBuilder("partner:\n  name: Fabrikam\n  roles: [AdminAgent]\ncustomers:\n");
            for (int k = 0; k < customers; k++)
            {
                yaml.Append($"  - customerId: cust-{k}\n    name: Customer {k}\n    market: US\n    delegatedAdmin: {{ type: DAP, services: [Office365] }}\n");
                yaml.Append($"    subscriptions:\n      - {{ subscriptionId: sub-{k}, offer: O365_BUSINESS, status: Active, quantity: 10, billingCycle: Monthly, periodEnd: 2026-12-31 }}\n");
                yaml.Append($"    users:\n      - {{ upn: a{k}@example.test, licenses: [sub-{k}] }}\n      - {{ upn: b{k}@example.test, licenses: [sub-{k}] }}\n");
            }
            return yaml.ToString();
        }
    }
}
