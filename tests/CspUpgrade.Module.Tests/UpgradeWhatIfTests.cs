using System.Collections.Generic;

namespace CspUpgrade.Module.Tests
{
    /// <summary>What -WhatIf of Invoke-CspSubscriptionUpgrade tells the admin before anything is done (SPEC 2, SPEC 1.9).</summary>
    public class UpgradeWhatIfTests
    {
        [Fact]
        public void WhatIf_of_an_upgrade_says_that_it_is_irreversible()
        {
            using var dir = new TempDir();
            using var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", Inventories.Basic) });
            int before = shell.Host.Text.Length;

            Assert.Empty(shell.Ok("Invoke-CspSubscriptionUpgrade -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3 -WhatIf"));

            string text = shell.Host.Text.Substring(before);
            Assert.Contains("What if: Performing the operation \"Upgrade O365_BUSINESS_ESSENTIALS -> O365_E3", text);
            Assert.Contains("irreversible", text);
        }
    }
}
