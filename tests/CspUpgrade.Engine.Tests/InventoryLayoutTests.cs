using System;
using System.IO;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 2.1: a hand-written inventory keeps its comments and layout where a write changes only values; the bytes that
/// differ are those values and the subscription an upgrade adds, written in the file's own style.
/// </summary>
public sealed class InventoryLayoutTests
{
    private const string Yaml = @"# Our customers, kept by hand. Comments must survive the module's writes.
partner:
    name: Fabrikam Cloud Partner   # the reseller
    roles: [AdminAgent]

customers:
    # --- block style, four-space indentation ---
    - customerId: cust-a
      name: Contoso Ltd
      market: US
      delegatedAdmin: {type: DAP, services: [Office365]}
      subscriptions:
          - subscriptionId: sub-a1     # the main one
            offer: O365_BUSINESS
            status: Active
            quantity: 10               # grows with the team
            billingCycle: Monthly
            periodEnd: 2026-12-31
          # more subscriptions go here
      users:
          - {upn: ann@contoso.example, licenses: [sub-a1]}

    # --- flow style ---
    - customerId: cust-b
      name: 'Northwind, Inc.'
      market: US
      delegatedAdmin: {type: DAP, services: [Office365]}
      subscriptions:
        - { subscriptionId: sub-b1, offer: O365_BUSINESS, status: ""Active"", quantity: 5, billingCycle: Monthly, periodEnd: 2026-06-30 }  # flow
      users:
        - upn: bob@northwind.example
          licenses:
            - sub-b1      # a block list of licenses
";

    [Fact]
    public void Adding_licenses_and_upgrading_change_only_the_values_and_add_the_new_subscription_in_the_files_style()
    {
        using var folder = new InventoryFolder(Yaml);
        var backend = folder.Open();
        var e3 = OfferCatalog.Default.Find("O365_E3")!;

        backend.AddLicenses("cust-a", "sub-a1", 3, default);
        string afterAdd = File.ReadAllText(folder.File);
        Assert.Equal(Yaml.Replace("quantity: 10 ", "quantity: 13 "), afterAdd);

        string a2 = backend.Upgrade("cust-a", "sub-a1", e3, UpgradeChoice.Default, default).TargetSubscriptionId!;
        string b2 = backend.Upgrade("cust-b", "sub-b1", e3, UpgradeChoice.Default, default).TargetSubscriptionId!;

        string expected = Yaml
            .Replace("quantity: 10 ", "quantity: 13 ")
            .Replace("            status: Active\n", "            status: Deleted\n")
            .Replace("            periodEnd: 2026-12-31\n",
                "            periodEnd: 2026-12-31\n" +
                $"          - subscriptionId: {a2}\n" +
                "            offer: O365_E3\n" +
                "            status: Active\n" +
                "            quantity: 13\n" +
                "            channel: Partner\n" +
                "            billingCycle: Monthly\n" +
                "            periodEnd: 2026-12-31\n" +
                "            addOns: []\n" +
                "            upgradedFrom: sub-a1\n")
            .Replace("licenses: [sub-a1]", $"licenses: [{a2}]")
            .Replace("status: \"Active\"", "status: \"Deleted\"")
            .Replace("periodEnd: 2026-06-30 }  # flow\n",
                "periodEnd: 2026-06-30 }  # flow\n" +
                $"        - {{ subscriptionId: {b2}, offer: O365_E3, status: Active, quantity: 5, channel: Partner, billingCycle: Monthly, periodEnd: 2026-06-30, addOns: [], upgradedFrom: sub-b1 }}\n")
            .Replace("            - sub-b1      #", $"            - {b2}      #");
        Assert.Equal(expected, File.ReadAllText(folder.File));
        var reloaded = folder.Load();
        Assert.Equal(new[] { "sub-a1", a2 }, reloaded.Customers[0].Subscriptions.ConvertAll(s => s.SubscriptionId));
        Assert.Equal(new[] { "sub-b1", b2 }, reloaded.Customers[1].Subscriptions.ConvertAll(s => s.SubscriptionId));
    }

    [Fact]
    public void A_hand_laid_json_inventory_keeps_its_layout_when_a_quantity_changes()
    {
        const string json = "{\n" +
            "    \"partner\": {\"name\": \"Fabrikam\", \"roles\": [\"AdminAgent\"]},\n" +
            "    \"customers\": [\n" +
            "        {\n" +
            "            \"customerId\": \"c1\", \"name\": \"Contoso\", \"market\": \"US\",\n" +
            "            \"delegatedAdmin\": {\"type\": \"DAP\", \"services\": [\"Office365\"]},\n" +
            "            \"subscriptions\": [\n" +
            "                {\"subscriptionId\": \"s1\", \"offer\": \"O365_BUSINESS\", \"status\": \"Active\", \"quantity\": 10, \"billingCycle\": \"Monthly\"}\n" +
            "            ],\n" +
            "            \"users\": []\n" +
            "        }\n" +
            "    ]\n" +
            "}\n";
        using var folder = new InventoryFolder(json, "inventory.json");
        var backend = folder.Open();

        backend.AddLicenses("c1", "s1", 7, default);

        Assert.Equal(json.Replace("\"quantity\": 10", "\"quantity\": 17"), File.ReadAllText(folder.File));
    }

    [Fact]
    public void A_file_the_module_wrote_stays_in_the_modules_own_layout()
    {
        using var folder = new InventoryFolder(Yaml);
        var backend = folder.Open();
        var canonical = InventoryWriter.ToText(folder.Load(), json: false);
        File.WriteAllText(folder.File, canonical);
        backend.Refresh();

        backend.AddLicenses("cust-a", "sub-a1", 1, default);

        Assert.Equal(canonical.Replace("quantity: 10\n", "quantity: 11\n"), File.ReadAllText(folder.File));
    }
}
