using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static CspUpgrade.Engine.Tests.Ids;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 2.1: the inventory file, YAML or JSON with the same shape, read strictly; every problem is reported with its line and
/// column. Each case runs on the same document in both formats.
/// </summary>
public class InventoryLoaderTests
{
    private const string Yaml =
        "partner:\n" +
        "  name: Fabrikam Cloud Partner\n" +
        "  roles: [AdminAgent]\n" +
        "customers:\n" +
        "  - customerId: 3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10\n" +
        "    name: Contoso Ltd\n" +
        "    market: US\n" +
        "    delegatedAdmin:\n" +
        "      type: GDAP\n" +
        "      services: [Office365]\n" +
        "      roles: [DirectoryWriter]\n" +
        "    subscriptions:\n" +
        "      - subscriptionId: 9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\n" +
        "        offer: O365_BUSINESS\n" +
        "        status: Active\n" +
        "        quantity: 25\n" +
        "        channel: Partner\n" +
        "        billingCycle: Monthly\n" +
        "        periodEnd: 2026-12-31\n" +
        "        addOns: []\n" +
        "        upgradedFrom: null\n" +
        "      - subscriptionId: sub-exo-1\n" +
        "        offer: EXCHANGE_ONLINE_P1\n" +
        "        status: Suspended\n" +
        "        quantity: 5\n" +
        "        channel: OtherPartner\n" +
        "        billingCycle: Annual\n" +
        "    users:\n" +
        "      - upn: ann@contoso.example\n" +
        "        licenses: [9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50]\n" +
        "  - customerId: cust-in-2\n" +
        "    name: Tailspin India\n" +
        "    market: IN\n" +
        "    delegatedAdmin:\n" +
        "      type: DAP\n" +
        "      services: [Office365]\n" +
        "    subscriptions:\n" +
        "      - subscriptionId: sub-in-1\n" +
        "        offer: O365_BUSINESS_IN\n" +
        "        status: Active\n" +
        "        quantity: 10\n" +
        "        channel: Partner\n" +
        "        billingCycle: Annual\n" +
        "    users: []\n";

    private const string Json =
        "{\n" +
        "  \"partner\": {\n" +
        "    \"name\": \"Fabrikam Cloud Partner\",\n" +
        "    \"roles\": [\"AdminAgent\"]\n" +
        "  },\n" +
        "  \"customers\": [\n" +
        "    {\n" +
        "      \"customerId\": \"3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10\",\n" +
        "      \"name\": \"Contoso Ltd\",\n" +
        "      \"market\": \"US\",\n" +
        "      \"delegatedAdmin\": {\n" +
        "        \"type\": \"GDAP\",\n" +
        "        \"services\": [\"Office365\"],\n" +
        "        \"roles\": [\"DirectoryWriter\"]\n" +
        "      },\n" +
        "      \"subscriptions\": [\n" +
        "        {\n" +
        "          \"subscriptionId\": \"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\",\n" +
        "          \"offer\": \"O365_BUSINESS\",\n" +
        "          \"status\": \"Active\",\n" +
        "          \"quantity\": 25,\n" +
        "          \"channel\": \"Partner\",\n" +
        "          \"billingCycle\": \"Monthly\",\n" +
        "          \"periodEnd\": \"2026-12-31\",\n" +
        "          \"addOns\": [],\n" +
        "          \"upgradedFrom\": null\n" +
        "        },\n" +
        "        {\n" +
        "          \"subscriptionId\": \"sub-exo-1\",\n" +
        "          \"offer\": \"EXCHANGE_ONLINE_P1\",\n" +
        "          \"status\": \"Suspended\",\n" +
        "          \"quantity\": 5,\n" +
        "          \"channel\": \"OtherPartner\",\n" +
        "          \"billingCycle\": \"Annual\"\n" +
        "        }\n" +
        "      ],\n" +
        "      \"users\": [\n" +
        "        {\n" +
        "          \"upn\": \"ann@contoso.example\",\n" +
        "          \"licenses\": [\"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\"]\n" +
        "        }\n" +
        "      ]\n" +
        "    },\n" +
        "    {\n" +
        "      \"customerId\": \"cust-in-2\",\n" +
        "      \"name\": \"Tailspin India\",\n" +
        "      \"market\": \"IN\",\n" +
        "      \"delegatedAdmin\": {\n" +
        "        \"type\": \"DAP\",\n" +
        "        \"services\": [\"Office365\"]\n" +
        "      },\n" +
        "      \"subscriptions\": [\n" +
        "        {\n" +
        "          \"subscriptionId\": \"sub-in-1\",\n" +
        "          \"offer\": \"O365_BUSINESS_IN\",\n" +
        "          \"status\": \"Active\",\n" +
        "          \"quantity\": 10,\n" +
        "          \"channel\": \"Partner\",\n" +
        "          \"billingCycle\": \"Annual\"\n" +
        "        }\n" +
        "      ],\n" +
        "      \"users\": []\n" +
        "    }\n" +
        "  ]\n" +
        "}\n";

    public static IEnumerable<object[]> Formats() => new[] { new object[] { false }, new object[] { true } };

    private static string PathFor(bool json) => json ? "inventory.json" : "inventory.yaml";

    private static string Text(bool json) => json ? Json : Yaml;

    private static InventoryDocument Load(string text, bool json) =>
        InventoryLoader.Load(PathFor(json), new StringReader(text), OfferCatalog.Default, json);

    private static IReadOnlyList<FileDiagnostic> Errors(string text, bool json)
    {
        var ex = Assert.Throws<InventoryInvalidException>(() => Load(text, json));
        Assert.All(ex.Diagnostics, d => Assert.Equal(PathFor(json), d.Path));
        return ex.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    /// <summary>Replaces exactly one occurrence, so an edit cannot silently miss.</summary>
    private static string Edit(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"test bug: '{from}' not found");
        Assert.Equal(-1, text.IndexOf(from, at + 1, StringComparison.Ordinal));
        return text.Substring(0, at) + to + text.Substring(at + from.Length);
    }

    private static void AssertAt(FileDiagnostic d, string code, (int Line, int Column) at)
    {
        Assert.Equal(code, d.Code);
        Assert.Equal(at, (d.Line, d.Column));
    }

    // ---- The valid document ----

    [Theory]
    [MemberData(nameof(Formats))]
    public void ValidDocumentLoadsWithEveryField(bool json)
    {
        var doc = Load(Text(json), json);

        Assert.Equal("Fabrikam Cloud Partner", doc.Partner.Name);
        Assert.Equal(new[] { PartnerRole.AdminAgent }, doc.Partner.Roles);
        Assert.Equal(2, doc.Customers.Count);
        var contoso = doc.Customers[0];
        Assert.Equal("3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10", contoso.CustomerId);
        Assert.Equal("Contoso Ltd", contoso.Name);
        Assert.Equal("US", contoso.Market);
        Assert.Equal(DelegatedAdminType.GDAP, contoso.DelegatedAdmin.Type);
        Assert.Equal(new[] { "Office365" }, contoso.DelegatedAdmin.Services);
        Assert.Equal(new[] { GdapRole.DirectoryWriter }, contoso.DelegatedAdmin.Roles);
        var business = contoso.Subscriptions[0];
        Assert.Equal("9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50", business.SubscriptionId);
        Assert.Equal(Business, business.OfferId);
        Assert.Equal(SubscriptionStatus.Active, business.Status);
        Assert.Equal(25, business.Quantity);
        Assert.Equal(SalesChannel.Partner, business.Channel);
        Assert.Equal(BillingCycle.Monthly, business.BillingCycle);
        Assert.Equal(new DateTime(2026, 12, 31), business.PeriodEnd);
        Assert.Empty(business.AddOns);
        Assert.Null(business.UpgradedFrom);
        var exchange = contoso.Subscriptions[1];
        Assert.Equal((SubscriptionStatus.Suspended, SalesChannel.OtherPartner, BillingCycle.Annual, 5), (exchange.Status, exchange.Channel, exchange.BillingCycle, exchange.Quantity));
        Assert.Null(exchange.PeriodEnd);
        var ann = Assert.Single(contoso.Users);
        Assert.Equal("ann@contoso.example", ann.Upn);
        Assert.Equal(new[] { business.SubscriptionId }, ann.Licenses);
        var tailspin = doc.Customers[1];
        Assert.Equal(("cust-in-2", "IN", DelegatedAdminType.DAP), (tailspin.CustomerId, tailspin.Market, tailspin.DelegatedAdmin.Type));
        Assert.Empty(tailspin.DelegatedAdmin.Roles);
        Assert.Equal(BusinessIn, Assert.Single(tailspin.Subscriptions).OfferId);
        Assert.Empty(tailspin.Users);
    }

    [Fact]
    public void YamlAndJsonGiveTheSameDocument()
    {
        AssertSame(Load(Yaml, false), Load(Json, true));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EnumValuesAreCaseInsensitive(bool json)
    {
        var text = json
            ? Edit(Edit(Json, "\"status\": \"Suspended\"", "\"status\": \"suspended\""), "\"type\": \"GDAP\"", "\"type\": \"gdap\"")
            : Edit(Edit(Yaml, "status: Suspended", "status: SUSPENDED"), "type: GDAP", "type: gdap");
        var doc = Load(text, json);
        Assert.Equal(SubscriptionStatus.Suspended, doc.Customers[0].Subscriptions[1].Status);
        Assert.Equal(DelegatedAdminType.GDAP, doc.Customers[0].DelegatedAdmin.Type);
    }

    // ---- One problem each, at its position ----

    [Theory]
    [MemberData(nameof(Formats))]
    public void UnknownKeyIsReportedAtTheKey(bool json)
    {
        var text = json
            ? Edit(Json, "\"quantity\": 25,\n", "\"quantity\": 25,\n          \"colour\": \"red\",\n")
            : Edit(Yaml, "quantity: 25\n", "quantity: 25\n        colour: red\n");
        var d = Assert.Single(Errors(text, json));
        AssertAt(d, "UnknownKey", TextPos.Of(text, json ? "\"colour\"" : "colour"));
        Assert.Contains("colour", d.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void WronglyCasedKeyIsReportedAtTheKey(bool json)
    {
        var text = json
            ? Edit(Json, "\"customerId\": \"cust-in-2\"", "\"CustomerId\": \"cust-in-2\"")
            : Edit(Yaml, "customerId: cust-in-2", "CustomerId: cust-in-2");
        var errors = Errors(text, json);
        var d = errors.First();
        AssertAt(d, "WrongKeyCase", TextPos.Of(text, json ? "\"CustomerId\"" : "CustomerId"));
        Assert.Contains("'customerId'", d.Message);
        // The customer then has no id: reported too, never silently accepted.
        Assert.Contains(errors, e => e.Code == "MissingKey" && e.Message.Contains("customerId"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void UnknownOfferIdIsReportedAtTheValue(bool json)
    {
        var text = json
            ? Edit(Json, "\"offer\": \"EXCHANGE_ONLINE_P1\"", "\"offer\": \"EXCHANGE_ONLINE_P9\"")
            : Edit(Yaml, "offer: EXCHANGE_ONLINE_P1", "offer: EXCHANGE_ONLINE_P9");
        var d = Assert.Single(Errors(text, json));
        AssertAt(d, "UnknownOffer", TextPos.Of(text, json ? "\"EXCHANGE_ONLINE_P9\"" : "EXCHANGE_ONLINE_P9"));
        Assert.Contains("EXCHANGE_ONLINE_P9", d.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RepeatedKeyIsReportedAtTheSecondOccurrence(bool json)
    {
        var text = json
            ? Edit(Json, "\"quantity\": 25,\n", "\"quantity\": 25,\n          \"quantity\": 26,\n")
            : Edit(Yaml, "quantity: 25\n", "quantity: 25\n        quantity: 26\n");
        var d = Assert.Single(Errors(text, json));
        AssertAt(d, "DuplicateKey", TextPos.Of(text, json ? "\"quantity\": 26" : "quantity: 26"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void DuplicateCustomerIdIsReportedAtTheSecondId(bool json)
    {
        var text = json
            ? Edit(Json, "\"customerId\": \"cust-in-2\"", "\"customerId\": \"3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10\"")
            : Edit(Yaml, "customerId: cust-in-2", "customerId: 3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10");
        var d = Assert.Single(Errors(text, json));
        var id = json ? "\"3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10\"" : "3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10";
        AssertAt(d, "DuplicateCustomerId", TextPos.Of(text, id, occurrence: 2));
        Assert.Contains("3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10", d.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void DuplicateSubscriptionIdIsReportedAtTheSecondId(bool json)
    {
        var text = json
            ? Edit(Json, "\"subscriptionId\": \"sub-exo-1\"", "\"subscriptionId\": \"sub-in-1\"")
            : Edit(Yaml, "subscriptionId: sub-exo-1", "subscriptionId: sub-in-1");
        var d = Assert.Single(Errors(text, json));
        // Ids are unique in the file: the later one is the duplicate.
        AssertAt(d, "DuplicateSubscriptionId", TextPos.Of(text, json ? "\"sub-in-1\"" : "sub-in-1", occurrence: 2));
        Assert.Contains("sub-in-1", d.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void DuplicateSubscriptionIdWithinOneCustomerIsReported(bool json)
    {
        var text = json
            ? Edit(Json, "\"subscriptionId\": \"sub-exo-1\"", "\"subscriptionId\": \"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\"")
            : Edit(Yaml, "subscriptionId: sub-exo-1", "subscriptionId: 9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50");
        var d = Assert.Single(Errors(text, json));
        var id = json ? "\"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\"" : "9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50";
        AssertAt(d, "DuplicateSubscriptionId", TextPos.Of(text, id, occurrence: 2));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void BadStatusValueIsReportedAtTheValue(bool json)
    {
        var text = json
            ? Edit(Json, "\"status\": \"Suspended\"", "\"status\": \"Paused\"")
            : Edit(Yaml, "status: Suspended", "status: Paused");
        var d = Assert.Single(Errors(text, json));
        AssertAt(d, "InvalidValue", TextPos.Of(text, json ? "\"Paused\"" : "Paused"));
        Assert.Contains("Paused", d.Message);
        Assert.Contains("Active", d.Message); // says what is allowed
    }

    [Theory]
    [InlineData(false, "-3")]
    [InlineData(false, "ten")]
    [InlineData(false, "2.5")]
    [InlineData(false, "\"25\"")]
    [InlineData(true, "-3")]
    [InlineData(true, "\"ten\"")]
    [InlineData(true, "2.5")]
    [InlineData(true, "\"25\"")]
    public void BadQuantityIsReportedAtTheValue(bool json, string quantity)
    {
        var text = json
            ? Edit(Json, "\"quantity\": 25,", $"\"quantity\": {quantity},")
            : Edit(Yaml, "quantity: 25\n", $"quantity: {quantity}\n");
        var d = Assert.Single(Errors(text, json));
        AssertAt(d, "InvalidValue", TextPos.Of(text, quantity));
        Assert.Contains("quantity", d.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void UserLicenseOfAnUnknownSubscriptionIsReportedAtThatUser(bool json)
    {
        var text = json
            ? Edit(Json, "\"licenses\": [\"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\"]", "\"licenses\": [\"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\", \"sub-nowhere\"]")
            : Edit(Yaml, "licenses: [9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50]", "licenses: [9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50, sub-nowhere]");
        var d = Assert.Single(Errors(text, json));
        Assert.Equal("UnknownSubscription", d.Code);
        Assert.Contains("sub-nowhere", d.Message);
        Assert.Contains("ann@contoso.example", d.Message);
        // At the user's entry (in JSON its opening brace is the line before "upn") or at the license itself.
        Assert.InRange(d.Line, TextPos.Of(text, json ? "\"upn\"" : "upn:").Line - (json ? 1 : 0), TextPos.Of(text, "sub-nowhere").Line);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void LicenseOfAnotherCustomersSubscriptionIsUnknownForThisCustomer(bool json)
    {
        var text = json
            ? Edit(Json, "\"licenses\": [\"9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50\"]", "\"licenses\": [\"sub-in-1\"]")
            : Edit(Yaml, "licenses: [9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50]", "licenses: [sub-in-1]");
        var d = Assert.Single(Errors(text, json));
        Assert.Equal("UnknownSubscription", d.Code);
        Assert.Contains("sub-in-1", d.Message);
    }

    // A missing comma after the partner object: the parser stops at the next key, line 6.
    private static string JsonMissingComma() => Edit(Json, "  },\n  \"customers\": [\n", "  }\n  \"customers\": [\n");

    [Fact]
    public void JsonSyntaxErrorIsReportedOnTheLineWhereTheJsonBreaks()
    {
        var text = JsonMissingComma();
        var d = Assert.Single(Errors(text, true));
        Assert.Equal("SyntaxError", d.Code);
        Assert.Equal(6, TextPos.Of(text, "\"customers\"").Line);
        Assert.Equal(6, d.Line);
        Assert.DoesNotContain("Path '", d.Message); // the position is reported once, by the diagnostic
    }

    [Fact]
    public void JsonSyntaxErrorColumnIsTheOffendingCharacter()
    {
        var text = JsonMissingComma();
        var d = Assert.Single(Errors(text, true));
        Assert.Equal(TextPos.Of(text, "\"customers\""), (d.Line, d.Column));
    }

    [Fact]
    public void JsonTruncatedFileIsASyntaxError()
    {
        var text = Json.Substring(0, Json.IndexOf("\"users\": []", StringComparison.Ordinal));
        var d = Assert.Single(Errors(text, true));
        Assert.Equal("SyntaxError", d.Code);
    }

    [Fact]
    public void JsonWithUnclosedListIsASyntaxError()
    {
        const string text = "{\"partner\": {\"name\": \"P\", \"roles\": []}, \"customers\": [";
        var d = Assert.Single(Errors(text, true));
        Assert.Equal("SyntaxError", d.Code);
    }

    [Fact]
    public void JsonWithTrailingTextIsASyntaxError()
    {
        var text = Json + "}\n";
        var d = Assert.Single(Errors(text, true));
        Assert.Equal("SyntaxError", d.Code);
        Assert.Equal(TextPos.Of(text, "}\n}\n").Line + 1, d.Line);
    }

    [Fact]
    public void YamlSyntaxErrorIsReportedOnTheBrokenLine()
    {
        var text = Edit(Yaml, "        quantity: 25\n", "       quantity: 25\n");
        var d = Assert.Single(Errors(text, false));
        Assert.Equal("SyntaxError", d.Code);
        Assert.Equal(TextPos.Of(text, "       quantity: 25").Line, d.Line);
    }

    [Fact]
    public void YamlUnclosedFlowListIsInventoryInvalidNotACrash()
    {
        var text = Edit(Yaml, "      roles: [DirectoryWriter]\n", "      roles: [DirectoryWriter\n");
        var d = Errors(text, false).First();
        Assert.Equal("SyntaxError", d.Code);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void SeveralProblemsAreAllReportedInOneLoad(bool json)
    {
        var text = json
            ? Edit(Edit(Edit(Json,
                "\"status\": \"Suspended\"", "\"status\": \"Paused\""),
                "\"offer\": \"O365_BUSINESS_IN\"", "\"offer\": \"O365_NOPE\""),
                "\"name\": \"Tailspin India\"", "\"Name\": \"Tailspin India\"")
            : Edit(Edit(Edit(Yaml,
                "status: Suspended", "status: Paused"),
                "offer: O365_BUSINESS_IN", "offer: O365_NOPE"),
                "name: Tailspin India", "Name: Tailspin India");
        var codes = Errors(text, json).Select(e => e.Code).ToList();
        Assert.Contains("InvalidValue", codes);
        Assert.Contains("UnknownOffer", codes);
        Assert.Contains("WrongKeyCase", codes);
    }

    [Fact]
    public void ExceptionMessageNamesFileLineAndColumn()
    {
        var text = Edit(Yaml, "status: Suspended", "status: Paused");
        var ex = Assert.Throws<InventoryInvalidException>(() => Load(text, false));
        var (line, column) = TextPos.Of(text, "Paused");
        Assert.Contains($"inventory.yaml:{line}:{column}", ex.Message);
    }

    // ---- Round trip ----

    [Theory]
    [MemberData(nameof(Formats))]
    public void WriterOutputLoadsBackToAnEqualDocument(bool json)
    {
        var original = RichDocument();
        var text = InventoryWriter.ToText(original, json);
        var loaded = Load(text, json);
        AssertSame(original, loaded);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void LoadWriteLoadKeepsTheFileDocument(bool json)
    {
        var first = Load(Text(json), json);
        var again = Load(InventoryWriter.ToText(first, json), json);
        AssertSame(first, again);
    }

    [Fact]
    public void YamlFileWrittenAsJsonAndBackIsUnchanged()
    {
        var fromYaml = Load(Yaml, false);
        var viaJson = Load(InventoryWriter.ToText(fromYaml, true), true);
        var backToYaml = Load(InventoryWriter.ToText(viaJson, false), false);
        AssertSame(fromYaml, viaJson);
        AssertSame(fromYaml, backToYaml);
    }

    /// <summary>A document with the values that are easy to get wrong in YAML: null-like, numeric-like, quoted, unicode.</summary>
    private static InventoryDocument RichDocument() => new()
    {
        Partner = new PartnerInfo { Name = "Fabrikam: \"Cloud\" #1", Roles = new List<PartnerRole> { PartnerRole.AdminAgent, PartnerRole.SalesAgent } },
        Customers = new List<CustomerRecord>
        {
            new()
            {
                CustomerId = "0001",
                Name = "null",
                Market = "US",
                DelegatedAdmin = new DelegatedAdminInfo
                {
                    Type = DelegatedAdminType.GDAP,
                    Services = new List<string> { "Office365", "Azure" },
                    Roles = new List<GdapRole> { GdapRole.DirectoryReader, GdapRole.GlobalReader },
                },
                Subscriptions = new List<SubscriptionRecord>
                {
                    new()
                    {
                        SubscriptionId = "true", OfferId = Premium, Status = SubscriptionStatus.Provisioning, Quantity = 0,
                        Channel = SalesChannel.Direct, BillingCycle = BillingCycle.Annual, PeriodEnd = new DateTime(2027, 2, 28, 0, 0, 0, DateTimeKind.Utc),
                        // Add-ons are catalogue offer ids (SPEC 2.1); the YAML-tricky text is in the other values.
                        AddOns = new List<string> { Exchange, SharePoint }, UpgradedFrom = "- not a list",
                    },
                    new()
                    {
                        SubscriptionId = "s-2", OfferId = E5, Status = SubscriptionStatus.Deleted, Quantity = 2000,
                        Channel = SalesChannel.OtherPartner, BillingCycle = BillingCycle.Monthly, PeriodEnd = null, UpgradedFrom = null,
                    },
                },
                Users = new List<UserRecord>
                {
                    new() { Upn = "zoë@contoso.example", Licenses = new List<string> { "true", "s-2" } },
                    new() { Upn = "nobody@contoso.example" },
                },
            },
            new()
            {
                CustomerId = "c-2",
                Name = "Ünïcödé & Sons, Ltd. [India]",
                Market = "IN",
                DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.None },
            },
        },
    };

    private static void AssertSame(InventoryDocument expected, InventoryDocument actual)
    {
        Assert.Equal(expected.Partner.Name, actual.Partner.Name);
        Assert.Equal(expected.Partner.Roles, actual.Partner.Roles);
        Assert.Equal(expected.Customers.Count, actual.Customers.Count);
        for (int i = 0; i < expected.Customers.Count; i++)
        {
            var e = expected.Customers[i];
            var a = actual.Customers[i];
            Assert.Equal((e.CustomerId, e.Name, e.Market), (a.CustomerId, a.Name, a.Market));
            Assert.Equal(e.DelegatedAdmin.Type, a.DelegatedAdmin.Type);
            Assert.Equal(e.DelegatedAdmin.Services, a.DelegatedAdmin.Services);
            Assert.Equal(e.DelegatedAdmin.Roles, a.DelegatedAdmin.Roles);
            Assert.Equal(e.Subscriptions.Count, a.Subscriptions.Count);
            for (int j = 0; j < e.Subscriptions.Count; j++)
            {
                var es = e.Subscriptions[j];
                var @as = a.Subscriptions[j];
                Assert.Equal(
                    (es.SubscriptionId, es.OfferId, es.Status, es.Quantity, es.Channel, es.BillingCycle, es.PeriodEnd, es.UpgradedFrom),
                    (@as.SubscriptionId, @as.OfferId, @as.Status, @as.Quantity, @as.Channel, @as.BillingCycle, @as.PeriodEnd, @as.UpgradedFrom));
                Assert.Equal(es.AddOns, @as.AddOns);
            }
            Assert.Equal(e.Users.Count, a.Users.Count);
            for (int j = 0; j < e.Users.Count; j++)
            {
                Assert.Equal(e.Users[j].Upn, a.Users[j].Upn);
                Assert.Equal(e.Users[j].Licenses, a.Users[j].Licenses);
            }
        }
    }
}
