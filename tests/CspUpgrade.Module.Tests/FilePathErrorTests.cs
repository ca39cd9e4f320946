using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// SPEC 2: a directory given where a file is needed is PathNotFound saying so, and a file that cannot be read is the
    /// file's own Invalid id with a clear message (issue 9 point 7); before, both surfaced as raw .NET exception ids.
    /// </summary>
    public class FilePathErrorTests
    {
        public static IEnumerable<object[]> FileCmdlets() => new[]
        {
            new object[] { "Connect-CspInventory" },
            new object[] { "Import-CspOfferCatalog" },
            new object[] { "Test-CspOfferCatalog" },
        };

        [Theory]
        [MemberData(nameof(FileCmdlets))]
        public void A_directory_as_Path_or_LiteralPath_is_PathNotFound_saying_it_is_a_directory(string cmdlet)
        {
            using var dir = new TempDir();
            using var shell = new Shell();
            foreach (var parameter in new[] { "-Path", "-LiteralPath" })
            {
                var result = shell.Run($"{cmdlet} {parameter} $p", new Dictionary<string, object?> { ["p"] = dir.Path });
                var error = result.Terminating ?? result.Errors.First();
                Assert.StartsWith("PathNotFound", error.FullyQualifiedErrorId);
                var all = result.Errors.Select(e => e.Exception.Message).Append(error.Exception.Message);
                Assert.Contains(all, m => m.Contains("is a directory"));
                Assert.DoesNotContain(all, m => m.Contains("Access to the path"));
            }
        }

        [Theory]
        [InlineData("Connect-CspInventory", "InventoryInvalid")]
        [InlineData("Import-CspOfferCatalog", "CatalogInvalid")]
        [InlineData("Test-CspOfferCatalog", "CatalogInvalid")]
        public void A_file_that_cannot_be_read_is_the_files_Invalid_id_naming_the_file(string cmdlet, string id)
        {
            // Reading /proc/self/mem from its start fails with an I/O error even for root (the tests run as root, so
            // permission bits cannot make a file unreadable).
            const string unreadable = "/proc/self/mem";
            if (!File.Exists(unreadable))
            {
                return;
            }
            using var shell = new Shell();
            var result = shell.Run($"{cmdlet} -LiteralPath '{unreadable}'");
            var error = result.Terminating ?? result.Errors.Single();
            Assert.StartsWith(id, error.FullyQualifiedErrorId);
            Assert.Contains("Cannot read '" + unreadable + "'", error.Exception.Message);
        }
    }
}
