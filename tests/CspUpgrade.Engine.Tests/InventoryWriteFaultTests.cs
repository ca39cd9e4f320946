using System;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 2.1 and 2: a write that the file system refuses is InventoryWriteFailed, saying whether the change is in the file,
/// and never a raw .NET exception; an addition that would overflow is refused; nothing written is unloadable.
/// </summary>
public sealed class InventoryWriteFaultTests
{
    private const string Inventory = InventoryFolder.Contoso + @"  - customerId: c2
    name: Big Fish
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s2, offer: O365_E3, status: Active, quantity: 2147483640, billingCycle: Monthly, periodEnd: 2026-12-31 }
      - { subscriptionId: s3, offer: O365_BUSINESS, status: Active, quantity: 2147483647, billingCycle: Monthly, periodEnd: 2026-12-31 }
    users: []
";

    private static int Quantity(InventoryFolder folder, string subscriptionId) => folder.Load().Customers[0].FindSubscription(subscriptionId)!.Quantity;

    [Theory]
    [InlineData("s2", 10)]          // no seat cap: the sum wraps to a negative number today
    [InlineData("s3", 1)]           // a capped offer: the wrapped sum passes the 300-seat check today
    public void An_addition_past_what_a_quantity_holds_is_refused_and_nothing_is_written(string subscriptionId, int count)
    {
        using var folder = new InventoryFolder(Inventory);
        byte[] before = File.ReadAllBytes(folder.File);
        var backend = folder.Open();

        var refused = Assert.Throws<ActionRefusedException>(() => backend.AddLicenses("c2", subscriptionId, count, default));

        Assert.Equal(ActionRefusal.SeatLimitExceeded, refused.Refusal);
        Assert.Contains("more than a subscription can hold", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(folder.File));
        Assert.False(File.Exists(folder.Journal));
    }

    [Theory]
    [InlineData(".lock")]
    [InlineData(".journal.jsonl")]
    [InlineData(".tmp")]
    public void A_folder_in_the_way_of_a_write_file_is_InventoryWriteFailed_not_applied(string suffix)
    {
        using var folder = new InventoryFolder(Inventory);
        byte[] before = File.ReadAllBytes(folder.File);
        Directory.CreateDirectory(folder.File + suffix);
        var backend = folder.Open();

        var failed = Assert.Throws<InventoryWriteFailedException>(() => backend.AddLicenses("c1", "s1", 1, default));

        Assert.False(failed.Applied);
        Assert.Contains("was NOT applied", failed.Message);
        Assert.Contains(folder.File + suffix, failed.Message);
        Assert.Equal(before, File.ReadAllBytes(folder.File));
    }

    [Fact]
    public void A_folder_in_the_way_of_the_backup_fails_at_the_rename_and_the_journal_says_abandoned()
    {
        using var folder = new InventoryFolder(Inventory);
        byte[] before = File.ReadAllBytes(folder.File);
        Directory.CreateDirectory(Path.Combine(folder.File + ".bak", "keep"));
        var backend = folder.Open();

        var failed = Assert.Throws<InventoryWriteFailedException>(() => backend.AddLicenses("c1", "s1", 1, default));

        Assert.False(failed.Applied);
        Assert.Equal(before, File.ReadAllBytes(folder.File));
        var journal = JournalFile.Read(folder.Journal);
        Assert.Equal(new[] { JournalEntry.Intent, JournalEntry.Abandoned }, journal.Select(e => e.Phase));
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("read")]
    [InlineData("settle")]
    [InlineData("intent")]
    [InlineData("temporary")]
    [InlineData("replace")]
    public void A_full_disk_before_the_rename_leaves_the_file_as_it_was_and_says_so(string step)
    {
        using var folder = new InventoryFolder(Inventory);
        byte[] before = File.ReadAllBytes(folder.File);
        var backend = folder.Open();
        backend.Store.BeforeStep = name =>
        {
            if (name == step)
            {
                throw DiskFull();
            }
        };

        var failed = Assert.Throws<InventoryWriteFailedException>(() => backend.AddLicenses("c1", "s1", 1, default));

        Assert.False(failed.Applied);
        Assert.IsType<IOException>(failed.InnerException);
        Assert.Contains("No space left on device", failed.Message);
        Assert.Equal(before, File.ReadAllBytes(folder.File));
        Assert.Empty(JournalFile.Interrupted(JournalFile.Read(folder.Journal)));

        // The fault passed: the next item of a batch is written as usual.
        backend.Store.BeforeStep = null;
        backend.AddLicenses("c1", "s1", 1, default);
        Assert.Equal(11, Quantity(folder, "s1"));
    }

    [Fact]
    public void A_full_disk_at_the_committed_line_reports_the_change_as_applied_and_the_next_write_settles_it()
    {
        using var folder = new InventoryFolder(Inventory);
        var backend = folder.Open();
        backend.Store.BeforeStep = name =>
        {
            if (name == "committed")
            {
                throw DiskFull();
            }
        };

        var failed = Assert.Throws<InventoryWriteFailedException>(() => backend.AddLicenses("c1", "s1", 5, default));

        Assert.True(failed.Applied);
        Assert.Contains("WAS applied", failed.Message);
        Assert.Equal(15, Quantity(folder, "s1"));
        var open = Assert.Single(JournalFile.Interrupted(JournalFile.Read(folder.Journal)));

        backend.Store.BeforeStep = null;
        backend.Refresh();
        Assert.Equal(15, backend.Document.Customers[0].FindSubscription("s1")!.Quantity);
        backend.AddLicenses("c1", "s1", 1, default);

        Assert.Equal(16, Quantity(folder, "s1"));
        var journal = JournalFile.Read(folder.Journal);
        Assert.Empty(JournalFile.Interrupted(journal));
        var settled = journal.Single(e => e.OperationId == open.OperationId && e.Phase == JournalEntry.Committed);
        Assert.StartsWith("settled", settled.Note);
    }

    private static IOException DiskFull() => new IOException("No space left on device", 28);
}
