using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    /// <summary>SPEC 2: a write the file system refuses is one non-terminating InventoryWriteFailed per item.</summary>
    public class WriteFailureCmdletTests
    {
        [Fact]
        public void A_folder_in_the_way_of_the_journal_gives_one_InventoryWriteFailed_per_item_and_the_script_goes_on()
        {
            using var dir = new TempDir();
            string file = dir.Write("inv.yaml", Inventories.Basic);
            using var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = file });
            Directory.CreateDirectory(file + ".journal.jsonl");
            byte[] before = File.ReadAllBytes(file);

            var result = shell.Run(@"
                [pscustomobject]@{ CustomerId = 'c3'; SubscriptionId = 's4'; Count = 1 },
                [pscustomobject]@{ CustomerId = 'c1'; SubscriptionId = 's1'; Count = 2 } |
                    Add-CspSubscriptionLicense -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
                Invoke-CspSubscriptionUpgrade -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3 -Force -ErrorAction SilentlyContinue -ErrorVariable +failed
                $failed | ForEach-Object { '{0} | {1} | {2}' -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.TargetObject }
                'reached the end'");

            Assert.Null(result.Terminating);
            Assert.Empty(result.Errors); // SilentlyContinue is honoured
            Assert.Equal(new[]
            {
                "InventoryWriteFailed,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand | WriteError | s4",
                "InventoryWriteFailed,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand | WriteError | s1",
                "InventoryWriteFailed,CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand | WriteError | s4",
                "reached the end",
            }, result.Output.Select(o => o.ToString()));
            Assert.Equal(before, File.ReadAllBytes(file));

            var message = shell.Run(@"Add-CspSubscriptionLicense -CustomerId c3 -SubscriptionId s4 -Count 1 -Confirm:$false").Errors.Single().Exception.Message;
            Assert.Contains("was NOT applied", message);
            Assert.Contains(file + ".journal.jsonl", message);
        }
    }
}
