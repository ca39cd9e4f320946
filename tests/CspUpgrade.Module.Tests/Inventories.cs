namespace CspUpgrade.Module.Tests
{
    /// <summary>Small inventories whose outcomes are known by construction.</summary>
    public static class Inventories
    {
        // c1: a clean Business customer (s1 upgradeable everywhere but ProPlus-monthly) plus an Exchange plan bought
        //     through another partner (s2), which conflicts with every target adding Exchange.
        // c2: an India customer with Business (India).
        // c3: a clean Business Essentials customer.
        public const string Basic = @"partner:
  name: Fabrikam Cloud Partner
  roles: [AdminAgent]
customers:
  - customerId: c1
    name: Contoso Ltd
    market: US
    delegatedAdmin: { type: GDAP, services: [Office365], roles: [DirectoryWriter] }
    subscriptions:
      - { subscriptionId: s1, offer: O365_BUSINESS, status: Active, quantity: 25, channel: Partner, billingCycle: Monthly, periodEnd: 2026-12-31 }
      - { subscriptionId: s2, offer: EXCHANGE_ONLINE_P1, status: Active, quantity: 5, channel: OtherPartner }
      - { subscriptionId: s9, offer: O365_BUSINESS_ESSENTIALS, status: Deleted, quantity: 5 }
    users:
      - { upn: ann@contoso.example, licenses: [s1] }
  - customerId: c2
    name: Tailspin India
    market: IN
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s3, offer: O365_BUSINESS_IN, status: Active, quantity: 10 }
  - customerId: c3
    name: Northwind Traders
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s4, offer: O365_BUSINESS_ESSENTIALS, status: Active, quantity: 40, billingCycle: Annual }
";
    }
}
