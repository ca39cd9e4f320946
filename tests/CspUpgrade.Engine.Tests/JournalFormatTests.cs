using System;
using System.IO;
using System.Linq;
using System.Text;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 2.1: the journal beside an inventory (and Partner Center's, SPEC 1.8) is one JSON object per line with camelCase keys
/// and UTC times. Lines written before must keep reading, keys a later version adds must not stop a line from reading, and a
/// line torn by a process killed mid-append is skipped.
/// </summary>
public sealed class JournalFormatTests : IDisposable
{
    // What the module wrote for Entry() before the journal went through a serialisable model: the bytes must not change.
    private const string TodaysLine =
        """{"operationId":"0f8e2b6c-1d4a-4c3e-9b7a-5e6f7a8b9c0d","phase":"intent","time":"2026-12-01T23:59:58.123Z","partner":"Fabrikam \"Cloud\" Partner — Zürich","customerId":"c1","operation":"Upgrade","subscriptions":[{"subscriptionId":"s1","before":{"status":"Active","quantity":25},"after":{"status":"Deleted","quantity":25}},{"subscriptionId":"s9","before":null,"after":{"status":"Active","quantity":25}}],"note":"write failed: disk <full>\n\ttab"}""";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cspupgrade-journal-" + Guid.NewGuid().ToString("N"));

    public JournalFormatTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string JournalPath => Path.Combine(_root, "inventory.yaml.journal.jsonl");

    private static JournalEntry Entry(string? note = "write failed: disk <full>\n\ttab") =>
        new JournalEntry(
            "0f8e2b6c-1d4a-4c3e-9b7a-5e6f7a8b9c0d",
            JournalEntry.Intent,
            new DateTime(2026, 12, 1, 23, 59, 58, 123, DateTimeKind.Utc),
            "Fabrikam \"Cloud\" Partner — Zürich",
            "c1",
            "Upgrade",
            new[]
            {
                new JournalChange("s1", new SubscriptionState(SubscriptionStatus.Active, 25), new SubscriptionState(SubscriptionStatus.Deleted, 25)),
                new JournalChange("s9", null, new SubscriptionState(SubscriptionStatus.Active, 25)),
            },
            note);

    private void WriteLines(params string[] lines) => File.WriteAllText(JournalPath, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));

    private static void AssertSameEntry(JournalEntry expected, JournalEntry actual)
    {
        Assert.Equal(expected.OperationId, actual.OperationId);
        Assert.Equal(expected.Phase, actual.Phase);
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(DateTimeKind.Utc, actual.Time.Kind);
        Assert.Equal(expected.Partner, actual.Partner);
        Assert.Equal(expected.CustomerId, actual.CustomerId);
        Assert.Equal(expected.Operation, actual.Operation);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.Subscriptions.Count, actual.Subscriptions.Count);
        foreach (var (e, a) in expected.Subscriptions.Zip(actual.Subscriptions))
        {
            Assert.Equal(e.SubscriptionId, a.SubscriptionId);
            Assert.Equal(e.Before?.ToString(), a.Before?.ToString());
            Assert.Equal(e.After.ToString(), a.After.ToString());
        }
    }

    [Fact]
    public void An_entry_is_written_as_the_same_bytes_as_before()
    {
        JournalFile.Append(JournalPath, Entry());

        Assert.Equal(new UTF8Encoding(false).GetBytes(TodaysLine + "\n"), File.ReadAllBytes(JournalPath));
    }

    [Fact]
    public void An_entry_without_a_note_has_no_note_key()
    {
        JournalFile.Append(JournalPath, Entry(note: null));

        string line = File.ReadAllText(JournalPath);
        Assert.Equal(TodaysLine.Substring(0, TodaysLine.IndexOf(",\"note\"", StringComparison.Ordinal)) + "}\n", line);
    }

    [Fact]
    public void A_line_in_the_format_written_before_reads_back_to_the_same_entry()
    {
        WriteLines(TodaysLine);

        AssertSameEntry(Entry(), Assert.Single(JournalFile.Read(JournalPath)));
    }

    [Fact]
    public void An_entry_appended_reads_back_to_the_same_entry()
    {
        JournalFile.Append(JournalPath, Entry());
        JournalFile.Append(JournalPath, Entry(note: null).WithPhase(JournalEntry.Committed, new DateTime(2026, 12, 2, 0, 0, 0, 1, DateTimeKind.Utc)));

        var entries = JournalFile.Read(JournalPath);

        Assert.Equal(2, entries.Count);
        AssertSameEntry(Entry(), entries[0]);
        Assert.Equal(JournalEntry.Committed, entries[1].Phase);
        Assert.Equal(new DateTime(2026, 12, 2, 0, 0, 0, 1, DateTimeKind.Utc), entries[1].Time);
        Assert.Null(entries[1].Note);
    }

    [Fact]
    public void A_time_with_an_offset_reads_as_the_same_instant_in_UTC()
    {
        WriteLines(TodaysLine.Replace("2026-12-01T23:59:58.123Z", "2026-12-02T01:59:58.123+02:00"));

        var entry = Assert.Single(JournalFile.Read(JournalPath));

        Assert.Equal(new DateTime(2026, 12, 1, 23, 59, 58, 123, DateTimeKind.Utc), entry.Time);
        Assert.Equal(DateTimeKind.Utc, entry.Time.Kind);
    }

    [Fact]
    public void Keys_a_later_version_adds_are_ignored()
    {
        string later = TodaysLine
            .Replace("{\"operationId\"", "{\"version\":2,\"operationId\"")
            .Replace("\"before\":{\"status\":\"Active\",\"quantity\":25}", "\"before\":{\"status\":\"Active\",\"quantity\":25,\"refundableQuantity\":null}")
            .Replace("\"after\":{\"status\":\"Deleted\",\"quantity\":25}", "\"after\":{\"status\":\"Deleted\",\"quantity\":25,\"etag\":{\"v\":\"W/1\",\"quantity\":30}}")
            .Replace("\"subscriptionId\":\"s9\"", "\"subscriptionId\":\"s9\",\"links\":[1,{\"a\":[]}]");
        Assert.NotEqual(TodaysLine, later);
        WriteLines(later);

        AssertSameEntry(Entry(), Assert.Single(JournalFile.Read(JournalPath)));
    }

    [Fact]
    public void Status_names_read_whatever_their_case()
    {
        WriteLines(TodaysLine.Replace("\"Deleted\"", "\"deleted\""));

        AssertSameEntry(Entry(), Assert.Single(JournalFile.Read(JournalPath)));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_next_entry_starts_on_a_line_of_its_own()
    {
        var first = Entry();
        var second = Entry(note: null).WithPhase(JournalEntry.Committed, new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc));
        JournalFile.Append(JournalPath, first);
        JournalFile.Append(JournalPath, second);
        long full = new FileInfo(JournalPath).Length;
        using (var stream = new FileStream(JournalPath, FileMode.Open))
        {
            stream.SetLength(full - 40);     // a process killed mid-append
        }

        AssertSameEntry(first, Assert.Single(JournalFile.Read(JournalPath)));

        JournalFile.Append(JournalPath, second);
        var entries = JournalFile.Read(JournalPath);

        Assert.Equal(2, entries.Count);
        AssertSameEntry(first, entries[0]);
        AssertSameEntry(second, entries[1]);
    }

    [Theory]
    [InlineData("\"operationId\":\"0f8e2b6c-1d4a-4c3e-9b7a-5e6f7a8b9c0d\",", "")]         // no operation id: nothing could settle it
    [InlineData("\"customerId\":\"c1\",", "")]
    [InlineData("\"time\":\"2026-12-01T23:59:58.123Z\",", "")]
    [InlineData("\"time\":\"2026-12-01T23:59:58.123Z\"", "\"time\":\"yesterday\"")]
    [InlineData("\"after\":{\"status\":\"Active\",\"quantity\":25}", "\"after\":null")]
    [InlineData("\"quantity\":25}}]", "\"quantity\":4294967296}}]")]                    // beyond what a quantity holds
    [InlineData("\"status\":\"Deleted\"", "\"status\":\"Gone\"")]
    [InlineData("\"subscriptions\":[", "\"subscriptions\":\"none\",\"x\":[")]
    public void A_line_that_is_not_a_whole_entry_is_skipped_and_the_others_read(string part, string replacement)
    {
        string broken = TodaysLine.Replace(part, replacement);
        Assert.NotEqual(TodaysLine, broken);
        WriteLines(TodaysLine, broken, "[1,2,3]", "not json at all", TodaysLine);

        var entries = JournalFile.Read(JournalPath);

        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => AssertSameEntry(Entry(), e));
    }
}
