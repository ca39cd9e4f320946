using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using static CspUpgrade.Engine.Tests.BadInput.Samples;

namespace CspUpgrade.Engine.Tests.BadInput;

/// <summary>
/// SPEC 2.1/2.2: nesting deeper than the format needs is rejected while reading, at the first node too deep (issue 9 point 4).
/// Before, `[[[[...]]]]` 100,000 deep took 23-72 s to reject. The time to reject is measured in bench/ (HostileNesting);
/// here only a generous hang guard stops a regression from blocking the run.
/// </summary>
public class NestingTests
{
    private const int Deep = 100_000;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    // An inventory needs 6 levels (root, customers, customer, subscriptions, subscription, addOns); a catalogue 4.
    private const int InventoryDepth = 6;
    private const int CatalogDepth = 4;

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    public static TheoryData<string, bool> HostileDocuments()
    {
        var data = new TheoryData<string, bool>
        {
            { Repeat("[", Deep) + Repeat("]", Deep), false },
            { Repeat("[", Deep) + Repeat("]", Deep), true },
            { Repeat("{a: ", Deep) + "1" + Repeat("}", Deep), false },
            { Repeat("{\"a\": ", Deep) + "1" + Repeat("}", Deep), true },
            { Repeat("- ", Deep) + "x\n", false },
        };
        return data;
    }

    private static T WithinHangGuard<T>(Func<T> load)
    {
        var task = Task.Run(load);
        Assert.True(task.Wait(HangGuard), $"loading did not finish within {HangGuard.TotalSeconds} s");
        return task.Result;
    }

    /// <summary>Where the opener at <paramref name="depth"/> (1-based) of a one-line hostile document is.</summary>
    private static int ColumnOfOpener(string text, int depth)
    {
        int seen = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if ((text[i] == '[' || text[i] == '{' || text[i] == '-') && ++seen == depth)
            {
                return i + 1;
            }
        }
        throw new InvalidOperationException("test bug: not that deep");
    }

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void DeepInventoryIsInventoryInvalidAtTheFirstNodeTooDeep(string text, bool json)
    {
        var errors = WithinHangGuard(() => InventoryErrors(text, json));
        var d = errors.Last();
        AssertAt(d, "NestingTooDeep", 1, ColumnOfOpener(text, InventoryDepth + 1));
        Assert.Contains($"{InventoryDepth} levels", d.Message);
    }

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void DeepCatalogueIsCatalogInvalidAtTheFirstNodeTooDeep(string text, bool json)
    {
        string path = json ? "catalog.json" : "catalog.yaml";
        var errors = WithinHangGuard(() => CatalogErrors(text, path));
        var d = errors.Last();
        AssertAt(d, "NestingTooDeep", 1, ColumnOfOpener(text, CatalogDepth + 1));
        Assert.Contains($"{CatalogDepth} levels", d.Message);
    }

    [Fact]
    public void DeepValueInsideAValidInventoryIsReportedWhereItIs()
    {
        var text = Edit(InventoryYaml, "        quantity: 25\n", "        quantity: " + Repeat("[", Deep) + Repeat("]", Deep) + "\n");
        var d = WithinHangGuard(() => InventoryErrors(text, json: false)).Last();
        // quantity sits at depth 5; the list opened there is depth 6, the next one (column 20) 7.
        AssertAt(d, "NestingTooDeep", 15, 20);
    }

    [Fact]
    public void TheDeepestNestingTheFormatNeedsStillLoads()
    {
        var doc = LoadInventory(InventoryYaml, json: false);
        Assert.Equal(new[] { "EXCHANGE_ONLINE_P1" }, doc.Customers[0].Subscriptions[0].AddOns);
        Assert.Equal(2, CatalogLoader.Load("catalog.yaml", new StringReader(CatalogYaml)).Offers.Count);
    }
}
