using System.IO;
using System.Linq;
using System.Text;
using static CspUpgrade.Engine.Tests.BadInput.Samples;

namespace CspUpgrade.Engine.Tests.BadInput;

/// <summary>
/// SPEC 2.1/2.2: leniency that hides typos is gone (issue 9 point 7, issue 10): numbers are plain decimal integers in range,
/// unknown add-on ids, duplicate Partner Center ids and empty seat pools are errors, big catalogues load, and positions and
/// messages of syntax errors are real.
/// </summary>
public class StrictValueTests
{
    [Theory]
    [InlineData("025")]
    [InlineData("0x19")]
    [InlineData("undefined")]
    [InlineData("1e2")]
    [InlineData("25.0")]
    [InlineData("-0")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999999")]
    public void JsonQuantityThatIsNotAPlainDecimalIntegerInRangeIsInvalidWhereItIs(string quantity)
    {
        var text = Edit(InventoryJson, "\"quantity\": 25", "\"quantity\": " + quantity);
        var errors = InventoryErrors(text, json: true);
        var d = Assert.Single(errors);
        Assert.Equal((14, 23), (d.Line, d.Column));
        Assert.Contains(quantity, d.Message);
    }

    [Theory]
    [InlineData("025")]
    [InlineData("0x19")]
    [InlineData("0o31")]
    [InlineData("+25")]
    [InlineData("2147483648")]
    public void YamlQuantityThatIsNotAPlainDecimalIntegerInRangeIsInvalidWhereItIs(string quantity)
    {
        var text = Edit(InventoryYaml, "        quantity: 25\n", "        quantity: " + quantity + "\n");
        var d = Assert.Single(InventoryErrors(text, json: false));
        AssertAt(d, "InvalidValue", 15, 19);
        Assert.Contains(quantity, d.Message);
    }

    [Fact]
    public void PlainQuantitiesStillLoad()
    {
        Assert.Equal(2147483647, LoadInventory(Edit(InventoryJson, "\"quantity\": 25", "\"quantity\": 2147483647"), json: true).Customers[0].Subscriptions[0].Quantity);
        Assert.Equal(0, LoadInventory(Edit(InventoryYaml, "quantity: 25", "quantity: 0"), json: false).Customers[0].Subscriptions[0].Quantity);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnknownAddOnOfferIdIsInvalidAtTheAddOn(bool json)
    {
        var text = Edit(InventoryText(json), "EXCHANGE_ONLINE_P1", "EXCHANGE_ONLINE_P9");
        var d = Assert.Single(InventoryErrors(text, json));
        var (line, column) = PositionOf(text, text.IndexOf(json ? "\"EXCHANGE_ONLINE_P9" : "EXCHANGE_ONLINE_P9", System.StringComparison.Ordinal));
        AssertAt(d, "UnknownOffer", line, column);
        Assert.Contains("EXCHANGE_ONLINE_P9", d.Message);
    }

    [Fact]
    public void DuplicatePartnerCenterOfferIdIsCatalogInvalidAtTheSecondOffer()
    {
        var d = Assert.Single(CatalogErrors(Edit(CatalogYaml, "partnerCenterOfferId: PC-B", "partnerCenterOfferId: pc-a")));
        AssertAt(d, "DuplicatePartnerCenterOfferId", 15, 27);
        Assert.Contains("OFFER_A", d.Message);
    }

    [Theory]
    [InlineData("    seatPool: Business\n", "    seatPool: ''\n", 7, 15)]
    [InlineData("    seatPool: Business\n", "    seatPool: '  '\n", 7, 15)]
    [InlineData("    partnerCenterOfferId: PC-A\n", "    partnerCenterOfferId: \"\"\n", 9, 27)]
    public void EmptyOptionalTextIsCatalogInvalid(string from, string to, int line, int column)
    {
        var d = Assert.Single(CatalogErrors(Edit(CatalogYaml, from, to)));
        AssertAt(d, "InvalidValue", line, column);
    }

    [Fact]
    public void MaxSeatsBeyondInt32IsCatalogInvalid()
    {
        var d = Assert.Single(CatalogErrors(Edit(CatalogYaml, "maxSeats: 300", "maxSeats: 2147483648")));
        AssertAt(d, "InvalidValue", 6, 15);
    }

    [Fact]
    public void CatalogueWithMoreThan46340OffersLoadsAndValidates()
    {
        // 46,341 squared overflows Int32: a dense path matrix of n*n cells threw OverflowException in Import only.
        const int count = 46_341;
        var text = new StringBuilder("offers:\n");
        for (int i = 0; i < count; i++)
        {
            text.Append("  - {id: O").Append(i).Append(", name: Offer ").Append(i)
                .Append(", serviceFamily: Office365, services: [Exchange], billingCycles: [Monthly]}\n");
        }
        text.Append("upgradePaths:\n  - {source: O0, targets: [O46340]}\n  - {source: O46340, targets: [O1]}\n");
        string yaml = text.ToString();

        Assert.Empty(CatalogLoader.Validate("big.yaml", new StringReader(yaml)));
        var catalog = CatalogLoader.Load("big.yaml", new StringReader(yaml));
        Assert.Equal(count, catalog.Offers.Count);
        var first = catalog.Find("O0")!;
        var last = catalog.Find("O46340")!;
        Assert.True(catalog.IsUpgradePath(first, last));
        Assert.True(catalog.IsUpgradePath(last, catalog.Find("O1")!));
        Assert.False(catalog.IsUpgradePath(last, first));
        Assert.Equal(new[] { "O46340" }, catalog.GetTargets(first).Select(o => o.OfferId));
    }

    [Theory]
    [InlineData("# a comment\n{}", 1, 1)]
    [InlineData("#", 1, 1)]
    public void JsonFileStartingWithHashIsReportedAtLineOne(string text, int line, int column)
    {
        var d = InventoryErrors(text, json: true).Last();
        AssertAt(d, "SyntaxError", line, column);
        Assert.Equal("SyntaxError", CatalogErrors(text, "catalog.json").Last().Code);
        Assert.Equal(1, CatalogErrors(text, "catalog.json").Last().Line);
    }

    [Theory]
    [InlineData("partner: {name: x, roles: [AdminAgent]\ncustomers: []\n")]
    [InlineData("customers: [\npartner: x\n")]
    [InlineData("partner: [a, b\n  c: d\n")]
    [InlineData("[a\n b: c")]
    [InlineData("{a: [b\n- c")]
    public void YamlSyntaxErrorsSayWhatIsWrongInWordsNotDotNetText(string text)
    {
        var d = InventoryErrors(text, json: false).Last();
        Assert.Equal("SyntaxError", d.Code);
        Assert.DoesNotContain("Operation is not valid", d.Message);
        Assert.DoesNotContain("current state of the object", d.Message);
        Assert.DoesNotContain("Exception", d.Message);
    }

    [Fact]
    public void UnclosedFlowListBeforeTheNextKeyIsReportedAtItsBracket()
    {
        // YamlDotNet's scanner gives up (InvalidOperationException, no position) before the parser has seen the [.
        var d = InventoryErrors("customers: [\npartner: x\n", json: false).Last();
        Assert.Equal("SyntaxError", d.Code);
        Assert.InRange(d.Line, 1, 2);
        Assert.Contains("[ or { before this point is not closed", d.Message);
        var inside = InventoryErrors("partner: {name: x, roles: [AdminAgent]\ncustomers: []\n", json: false).Last();
        Assert.InRange(inside.Line, 1, 2);
        Assert.Contains("not closed", inside.Message);
    }
}
