using System;
using System.IO;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// SPEC 2.1: a write goes through a symbolic link to its target, keeps the file's permission bits (the .bak too), and
/// refuses a file whose owner may not write it. The tests run as root, for whom the OS would allow the write: what is
/// tested is the module's own check.
/// </summary>
public sealed class InventoryLinkAndModeTests
{
    private const string Inventory = InventoryFolder.Contoso;

    [System.Runtime.Versioning.UnsupportedOSPlatformGuard("windows")]
    private static bool Unix => !OperatingSystem.IsWindows();

    [Fact]
    public void A_write_through_a_symbolic_link_changes_the_target_and_the_link_stays_a_link()
    {
        using var folder = new InventoryFolder(Inventory);
        string data = Path.Combine(folder.Root, "data");
        Directory.CreateDirectory(data);
        string target = Path.Combine(data, "real.yaml");
        File.Move(folder.File, target);
        string link = Path.Combine(folder.Root, "link.yaml");
        File.CreateSymbolicLink(link, Path.Combine("data", "real.yaml"));

        var backend = folder.Open(link);
        backend.AddLicenses("c1", "s1", 2, default);
        backend.AddLicenses("c1", "s1", 3, default);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(15, folder.Load(target).Customers[0].Subscriptions[0].Quantity);
        Assert.True(File.Exists(target + ".bak"));
        Assert.True(File.Exists(target + ".journal.jsonl"));
        Assert.False(File.Exists(link + ".bak"));
        Assert.False(File.Exists(link + ".journal.jsonl"));
        Assert.False(File.Exists(link + ".lock"));

        // A write by another process straight to the target is seen through the link.
        folder.Open(target).AddLicenses("c1", "s1", 1, default);
        backend.Refresh();
        Assert.Equal(16, backend.Document.Customers[0].Subscriptions[0].Quantity);
    }

    [Fact]
    public void A_write_keeps_the_files_permission_bits_and_the_backup_gets_them_too()
    {
        if (!Unix)
        {
            return;
        }
        using var folder = new InventoryFolder(Inventory);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(folder.File, mode);

        var backend = folder.Open();
        backend.AddLicenses("c1", "s1", 1, default);
        backend.AddLicenses("c1", "s1", 1, default);

        Assert.Equal(mode, File.GetUnixFileMode(folder.File));
        Assert.Equal(mode, File.GetUnixFileMode(folder.File + ".bak"));
        Assert.Equal(12, folder.Load().Customers[0].Subscriptions[0].Quantity);
    }

    [Fact]
    public void A_file_without_the_owners_write_bit_is_refused_with_InventoryWriteFailed()
    {
        using var folder = new InventoryFolder(Inventory);
        if (Unix)
        {
            File.SetUnixFileMode(folder.File, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        else
        {
            File.SetAttributes(folder.File, FileAttributes.ReadOnly);
        }
        byte[] before = File.ReadAllBytes(folder.File);

        var backend = folder.Open();
        var failed = Assert.Throws<InventoryWriteFailedException>(() => backend.AddLicenses("c1", "s1", 1, default));

        Assert.False(failed.Applied);
        Assert.Contains("may not write", failed.Message);
        Assert.Equal(before, File.ReadAllBytes(folder.File));
        Assert.False(File.Exists(folder.File + ".bak"));
        if (Unix)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(folder.File));
        }
    }
}
