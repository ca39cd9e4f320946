using System;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Tests.BadInput;

/// <summary>Small valid inventories and catalogues (YAML and JSON) that the bad-input tests edit one value at a time.</summary>
internal static class Samples
{
    public const string InventoryYaml =
        "partner:\n" +                                   // 1
        "  name: Fabrikam Cloud Partner\n" +              // 2
        "  roles: [AdminAgent]\n" +                       // 3
        "customers:\n" +                                 // 4
        "  - customerId: cust-1\n" +                      // 5
        "    name: Contoso Ltd\n" +                       // 6
        "    market: US\n" +                              // 7
        "    delegatedAdmin:\n" +                         // 8
        "      type: DAP\n" +                             // 9
        "      services: [Office365]\n" +                 // 10
        "    subscriptions:\n" +                          // 11
        "      - subscriptionId: sub-1\n" +               // 12
        "        offer: O365_BUSINESS\n" +                // 13
        "        status: Active\n" +                      // 14
        "        quantity: 25\n" +                        // 15
        "        addOns: [EXCHANGE_ONLINE_P1]\n" +         // 16
        "    users:\n" +                                  // 17
        "      - upn: ann@contoso.example\n" +            // 18
        "        licenses: [sub-1]\n";                    // 19

    public const string InventoryJson =
        "{\n" +                                           // 1
        "  \"partner\": { \"name\": \"Fabrikam Cloud Partner\", \"roles\": [\"AdminAgent\"] },\n" + // 2
        "  \"customers\": [\n" +                          // 3
        "    {\n" +                                       // 4
        "      \"customerId\": \"cust-1\",\n" +           // 5
        "      \"name\": \"Contoso Ltd\",\n" +            // 6
        "      \"market\": \"US\",\n" +                   // 7
        "      \"delegatedAdmin\": { \"type\": \"DAP\", \"services\": [\"Office365\"] },\n" + // 8
        "      \"subscriptions\": [\n" +                  // 9
        "        {\n" +                                   // 10
        "          \"subscriptionId\": \"sub-1\",\n" +    // 11
        "          \"offer\": \"O365_BUSINESS\",\n" +     // 12
        "          \"status\": \"Active\",\n" +           // 13
        "          \"quantity\": 25,\n" +                 // 14
        "          \"addOns\": [\"EXCHANGE_ONLINE_P1\"]\n" + // 15
        "        }\n" +                                   // 16
        "      ],\n" +                                    // 17
        "      \"users\": [ { \"upn\": \"ann@contoso.example\", \"licenses\": [\"sub-1\"] } ]\n" + // 18
        "    }\n" +                                       // 19
        "  ]\n" +                                         // 20
        "}\n";                                            // 21

    public const string CatalogYaml =
        "offers:\n" +                                    // 1
        "  - id: OFFER_A\n" +                             // 2
        "    name: Offer A\n" +                           // 3
        "    serviceFamily: Office365\n" +                // 4
        "    services: [Exchange]\n" +                    // 5
        "    maxSeats: 300\n" +                           // 6
        "    seatPool: Business\n" +                      // 7
        "    billingCycles: [Monthly]\n" +                // 8
        "    partnerCenterOfferId: PC-A\n" +              // 9
        "  - id: OFFER_B\n" +                             // 10
        "    name: Offer B\n" +                           // 11
        "    serviceFamily: Office365\n" +                // 12
        "    services: [Exchange, SharePoint]\n" +        // 13
        "    billingCycles: [Monthly, Annual]\n" +        // 14
        "    partnerCenterOfferId: PC-B\n" +              // 15
        "upgradePaths:\n" +                              // 16
        "  - source: OFFER_A\n" +                         // 17
        "    targets: [OFFER_B]\n";                       // 18

    public static string InventoryPath(bool json) => json ? "inventory.json" : "inventory.yaml";

    public static string InventoryText(bool json) => json ? InventoryJson : InventoryYaml;

    public static InventoryDocument LoadInventory(string text, bool json) =>
        InventoryLoader.Load(InventoryPath(json), new StringReader(text), OfferCatalog.Default, json);

    /// <summary>The errors of an inventory that must not load; each names the file and a real position.</summary>
    public static FileDiagnostic[] InventoryErrors(string text, bool json)
    {
        var ex = Assert.Throws<InventoryInvalidException>(() => LoadInventory(text, json));
        var errors = ex.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, d =>
        {
            Assert.Equal(InventoryPath(json), d.Path);
            Assert.True(d.Line >= 1 && d.Column >= 1, $"position {d.Line}:{d.Column} of {d}");
        });
        return errors;
    }

    public static FileDiagnostic[] CatalogErrors(string text, string path = "catalog.yaml")
    {
        var ex = Assert.Throws<CatalogInvalidException>(() => CatalogLoader.Load(path, new StringReader(text)));
        var errors = ex.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, d =>
        {
            Assert.Equal(path, d.Path);
            Assert.True(d.Line >= 1 && d.Column >= 1, $"position {d.Line}:{d.Column} of {d}");
        });
        // Test-CspOfferCatalog and Import-CspOfferCatalog must agree.
        Assert.Equal(errors.Select(d => d.ToString()), CatalogLoader.Validate(path, new StringReader(text)).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return errors;
    }

    /// <summary>Replaces exactly one occurrence, so an edit cannot silently miss.</summary>
    public static string Edit(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"test bug: '{from}' not found");
        Assert.Equal(-1, text.IndexOf(from, at + 1, StringComparison.Ordinal));
        return text.Substring(0, at) + to + text.Substring(at + from.Length);
    }

    public static void AssertAt(FileDiagnostic d, string code, int line, int column)
    {
        Assert.Equal(code, d.Code);
        Assert.Equal((line, column), (d.Line, d.Column));
    }

    /// <summary>1-based line and column of a character offset.</summary>
    public static (int Line, int Column) PositionOf(string text, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart + 1);
    }
}
