using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CspUpgrade.Module.Tests
{
    public class CompletionTests
    {
        /// <summary>What tab completion offers at the end of <paramref name="input"/> (the texts it would insert).</summary>
        internal static string[] Complete(Shell shell, string input)
        {
            var result = (CommandCompletion)shell.Ok("TabExpansion2 -inputScript $s -cursorColumn $s.Length", new Dictionary<string, object?> { ["s"] = input }).Single().BaseObject;
            return result.CompletionMatches.Strings(m => m.CompletionText).ToArray();
        }

        [Fact]
        public void Offers_complete_by_id_and_by_display_name_quoted()
        {
            using var shell = new Shell();
            Assert.Equal(new[] { "O365_E1", "O365_E3", "O365_E5", "O365_E1_NCE", "O365_E3_NCE", "O365_E5_NCE" }, Complete(shell, "Test-CspUpgradeEligibility -TargetOffer O365_E"));
            Assert.Equal(
                new[] { "'Office 365 Enterprise E1'", "'Office 365 Enterprise E3'", "'Office 365 Enterprise E5'" },
                Complete(shell, "Get-CspUpgradeOption -Offer 'Office 365 Ent"));
            Assert.Contains("EXCHANGE_ONLINE_P1", Complete(shell, "Get-CspOffer ex"));
        }

        [Fact]
        public void Offers_complete_by_former_name_quoted_and_a_shared_name_once()
        {
            using var shell = new Shell();
            Assert.Equal(
                new[] { "'Office 365 Business Premium'", "'Office 365 Business Premium (India)'", "'Office 365 Business Premium India'" },
                Complete(shell, "Invoke-CspSubscriptionUpgrade -TargetOffer 'Office 365 Business P"));
            Assert.Equal(new[] { "'Office 365 ProPlus'" }, Complete(shell, "Get-CspOffer 'office 365 pro"));
            // Legacy Business Essentials and the new-commerce product are both "Microsoft 365 Business Basic": offered once.
            Assert.Equal(new[] { "'Microsoft 365 Business Basic'", "'Microsoft 365 Business Basic (India)'" },
                Complete(shell, "Get-CspOffer 'Microsoft 365 Business Ba"));
        }

        [Fact]
        public void Customer_and_subscription_ids_complete_from_the_connected_backend()
        {
            using var dir = new TempDir();
            using var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = dir.Write("inv.yaml", Inventories.Basic) });

            var result = (CommandCompletion)shell.Ok("TabExpansion2 -inputScript $s -cursorColumn $s.Length", new Dictionary<string, object?> { ["s"] = "Get-CspSubscription -CustomerId Tail" }).Single().BaseObject;
            var match = Assert.Single(result.CompletionMatches);
            Assert.Equal("c2", match.CompletionText);
            Assert.Contains("Tailspin India", match.ListItemText);

            Assert.Equal(new[] { "s1", "s2", "s9" }, Complete(shell, "Test-CspUpgradeEligibility -CustomerId c1 -SubscriptionId "));
        }
    }
}
