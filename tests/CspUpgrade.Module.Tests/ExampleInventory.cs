using System.Collections.Generic;
using System.IO;

namespace CspUpgrade.Module.Tests
{
    /// <summary>A shell connected to a copy of examples/contoso.yaml (real-length GUIDs and names), as the view and CSV tests use it.</summary>
    public static class ExampleInventory
    {
        public const string ContosoId = "3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10";
        public const string ContosoSub = "9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50";
        public const string NorthwindId = "8ace67df-e205-422e-a15b-60845c58f871";
        public const string NorthwindSub = "16c21e26-e98a-466f-aba9-66d3a694d509";
        public const string LitwareId = "cdc4b706-7966-4ab5-bf75-09bd62fb6cfa";

        /// <summary>A priced catalogue and one seat for Contoso's users: an upgrade with an affected account and a billing net.</summary>
        public const string Upgrade =
            "Import-CspOfferCatalog -Path (Join-Path $repo 'examples/priced-catalog.yaml'); " +
            "Invoke-CspSubscriptionUpgrade -CustomerId " + ContosoId + " -SubscriptionId " + ContosoSub + " -TargetOffer O365_E3 -Quantity 1 -Force";

        /// <summary>Connects a new shell to a copy in <paramref name="dir"/>; $repo and $dir (with bad-catalog.yaml) are set.</summary>
        public static Shell Connect(TempDir dir)
        {
            string inventory = Path.Combine(dir.Path, "contoso.yaml");
            File.Copy(Path.Combine(Shell.Repo, "examples", "contoso.yaml"), inventory);
            dir.Write("bad-catalog.yaml", "offers:\n  - { id: A, nme: Alpha }\n");
            var shell = new Shell();
            shell.Ok("Connect-CspInventory -LiteralPath $p | Out-Null; $repo = $r; $dir = $d",
                new Dictionary<string, object?> { ["p"] = inventory, ["r"] = Shell.Repo, ["d"] = dir.Path });
            return shell;
        }
    }
}
