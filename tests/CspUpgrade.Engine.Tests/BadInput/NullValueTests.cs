using System.Collections.Generic;
using System.Linq;
using static CspUpgrade.Engine.Tests.BadInput.Samples;

namespace CspUpgrade.Engine.Tests.BadInput;

/// <summary>
/// SPEC 2.1/2.2: a missing or null required value is InventoryInvalid/CatalogInvalid at load, with line and column
/// (issue 9 point 3). Before, `status: ~` loaded as Active and `quantity: null` as 0, and the next write made the file unloadable.
/// </summary>
public class NullValueTests
{
    // YAML line and column of each required value in Samples.InventoryYaml, and the text to null out.
    public static IEnumerable<object[]> YamlRequired() => new[]
    {
        new object[] { "  name: Fabrikam Cloud Partner\n", "  name: {0}\n", 2, 9 },
        new object[] { "  roles: [AdminAgent]\n", "  roles: {0}\n", 3, 10 },
        new object[] { "  - customerId: cust-1\n", "  - customerId: {0}\n", 5, 17 },
        new object[] { "    name: Contoso Ltd\n", "    name: {0}\n", 6, 11 },
        new object[] { "    market: US\n", "    market: {0}\n", 7, 13 },
        new object[] { "      type: DAP\n", "      type: {0}\n", 9, 13 },
        new object[] { "      - subscriptionId: sub-1\n", "      - subscriptionId: {0}\n", 12, 25 },
        new object[] { "        offer: O365_BUSINESS\n", "        offer: {0}\n", 13, 16 },
        new object[] { "        status: Active\n", "        status: {0}\n", 14, 17 },
        new object[] { "        quantity: 25\n", "        quantity: {0}\n", 15, 19 },
        new object[] { "        addOns: [EXCHANGE_ONLINE_P1]\n", "        addOns: [{0}]\n", 16, 18 },
        new object[] { "      - upn: ann@contoso.example\n", "      - upn: {0}\n", 18, 14 },
        new object[] { "        licenses: [sub-1]\n", "        licenses: [{0}]\n", 19, 20 },
    };

    [Theory]
    [MemberData(nameof(YamlRequired))]
    public void YamlNullTildeAndEmptyRequiredValuesAreReportedWhereTheyAre(string line, string pattern, int at, int column)
    {
        foreach (var nothing in new[] { "null", "~", "" })
        {
            var text = Edit(InventoryYaml, line, string.Format(pattern, nothing).Replace("[]", "[~]").Replace(": \n", ":\n"));
            var errors = InventoryErrors(text, json: false);
            var d = errors.First();
            Assert.Equal(at, d.Line);
            // An empty value sits at the end of its key; null and ~ where they are written.
            Assert.Equal(nothing.Length == 0 ? d.Column : column, d.Column);
            Assert.Contains(d.Code, new[] { "MissingValue" });
        }
    }

    public static IEnumerable<object[]> JsonRequired() => new[]
    {
        new object[] { "\"name\": \"Fabrikam Cloud Partner\"", "\"name\": null" },
        new object[] { "\"roles\": [\"AdminAgent\"]", "\"roles\": null" },
        new object[] { "\"customerId\": \"cust-1\"", "\"customerId\": null" },
        new object[] { "\"name\": \"Contoso Ltd\"", "\"name\": null" },
        new object[] { "\"market\": \"US\"", "\"market\": null" },
        new object[] { "\"type\": \"DAP\"", "\"type\": null" },
        new object[] { "\"subscriptionId\": \"sub-1\"", "\"subscriptionId\": null" },
        new object[] { "\"offer\": \"O365_BUSINESS\"", "\"offer\": null" },
        new object[] { "\"status\": \"Active\"", "\"status\": null" },
        new object[] { "\"quantity\": 25", "\"quantity\": null" },
        new object[] { "\"upn\": \"ann@contoso.example\"", "\"upn\": null" },
        new object[] { "\"licenses\": [\"sub-1\"]", "\"licenses\": [null]" },
    };

    [Theory]
    [MemberData(nameof(JsonRequired))]
    public void JsonNullRequiredValuesAreReportedWhereTheyAre(string from, string to)
    {
        var text = Edit(InventoryJson, from, to);
        var d = InventoryErrors(text, json: true).First();
        var (line, column) = PositionOf(text, text.IndexOf(to, System.StringComparison.Ordinal) + to.IndexOf("null", System.StringComparison.Ordinal));
        AssertAt(d, "MissingValue", line, column);
    }

    [Theory]
    [InlineData("    name: Offer A\n", "    name: ~\n", 3, 11)]
    [InlineData("  - id: OFFER_A\n", "  - id: null\n", 2, 9)]
    [InlineData("    serviceFamily: Office365\n    services: [Exchange]\n", "    serviceFamily:\n    services: [Exchange]\n", 4, 19)]
    [InlineData("    services: [Exchange]\n", "    services: ~\n", 5, 15)]
    [InlineData("    services: [Exchange]\n", "    services: [~]\n", 5, 16)]
    [InlineData("    billingCycles: [Monthly]\n", "    billingCycles: null\n", 8, 20)]
    [InlineData("    billingCycles: [Monthly]\n", "    billingCycles: [null]\n", 8, 21)]
    [InlineData("  - source: OFFER_A\n", "  - source: ~\n", 17, 13)]
    [InlineData("    targets: [OFFER_B]\n", "    targets: null\n", 18, 14)]
    public void CatalogueNullRequiredValuesAreCatalogInvalidWhereTheyAre(string from, string to, int line, int column)
    {
        var errors = CatalogErrors(Edit(CatalogYaml, from, to));
        Assert.Contains(errors, d => d.Code == "MissingValue" && d.Line == line && d.Column == column);
    }

    [Fact]
    public void OptionalValuesMayStillBeNull()
    {
        var yaml = Edit(InventoryYaml, "        quantity: 25\n", "        quantity: 25\n        upgradedFrom: null\n        periodEnd: ~\n        channel:\n");
        var sub = LoadInventory(yaml, json: false).Customers[0].Subscriptions[0];
        Assert.Null(sub.UpgradedFrom);
        Assert.Null(sub.PeriodEnd);
        Assert.Equal(SalesChannel.Partner, sub.Channel);
        var json = Edit(InventoryJson, "\"addOns\": [\"EXCHANGE_ONLINE_P1\"]", "\"addOns\": null");
        Assert.Empty(LoadInventory(json, json: true).Customers[0].Subscriptions[0].AddOns);
    }
}
