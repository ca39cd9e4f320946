using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Offers the catalogue does not know, end to end against the fake Partner Center (SPEC 1.8): they pass through with Partner
    /// Center's id and name, Partner Center decides eligibility and caps, and a target it offered is accepted by its id or name.
    /// And (SPEC 2) a piped object's TargetOfferId wins over its TargetOffer.
    /// </summary>
    public sealed class UnmappedOfferTests : FakeServiceTests
    {
        private static readonly string Something = FakePartnerCenter.PcOfferId("SOMETHING_ELSE");
        private static readonly string New = FakePartnerCenter.PcOfferId("SOMETHING_NEW");

        private PcShell PartnerCenterWithUnmappedOffers()
        {
            var c9 = _fake.AddCustomer("c9", "Proseware");
            c9.Subscriptions.Add(FakePartnerCenter.Subscription("s90", "SOMETHING_ELSE", "Dynamics 365 Something", 3));
            c9.Subscriptions.Add(FakePartnerCenter.Subscription("s91", "SOMETHING_ELSE", "Dynamics 365 Something", 4));
            _fake.SetUpgrades("s90",
                FakePartnerCenter.Upgrade("SOMETHING_NEW", "Microsoft 365 Something", true),
                FakePartnerCenter.Upgrade("SOMETHING_BIGGER", "Microsoft 365 Something Bigger", false, "subscription_not_active"));
            var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
            return shell;
        }

        [Fact]
        public void An_unmapped_subscription_passes_through_and_Partner_Center_decides_its_eligibility()
        {
            using var shell = PartnerCenterWithUnmappedOffers();
            var s90 = (dynamic)shell.Ok("Get-CspSubscription -CustomerId c9 -SubscriptionId s90").Single().BaseObject;
            Assert.Equal(Something, (string)s90.OfferId);
            Assert.Equal("Dynamics 365 Something", (string)s90.Offer);

            var all = shell.Ok("Test-CspUpgradeEligibility -CustomerId c9 -SubscriptionId s90").Select(o => (dynamic)o.BaseObject).ToArray();
            Assert.Equal(new[] { New, FakePartnerCenter.PcOfferId("SOMETHING_BIGGER") }, all.Select(r => (string)r.TargetOfferId));
            Assert.True((bool)all[0].IsEligible);
            Assert.Equal("Microsoft 365 Something", (string)all[0].TargetOffer);
            Assert.False((bool)all[1].IsEligible);
            Assert.All(all, r => Assert.Equal(Something, (string)r.OfferId));
        }

        [Theory]
        [InlineData("'Microsoft 365 Something'")]
        [InlineData("'microsoft 365 something '")]
        [InlineData("$new")]
        public void A_target_Partner_Center_offered_is_accepted_by_name_or_id_although_the_catalogue_does_not_know_it(string target)
        {
            using var shell = PartnerCenterWithUnmappedOffers();
            var vars = new Dictionary<string, object?> { ["new"] = New };
            var result = (dynamic)Assert.Single(shell.Ok($"Test-CspUpgradeEligibility -CustomerId c9 -SubscriptionId s90 -TargetOffer {target}", vars)).BaseObject;
            Assert.True((bool)result.IsEligible, (string)result.ReasonSummary);
            Assert.Equal(New, (string)result.TargetOfferId);
            Assert.Equal("Microsoft 365 Something", (string)result.TargetOffer);

            // Without -SubscriptionId every subscription is asked: s91 has no such upgrade, so for it the name is unknown.
            var run = shell.Run($"Test-CspUpgradeEligibility -CustomerId c9 -TargetOffer {target}", vars);
            Assert.Equal(New, (string)((dynamic)Assert.Single(run.Output).BaseObject).TargetOfferId);
            Assert.StartsWith("OfferNotFound", Assert.Single(run.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void A_name_neither_the_catalogue_nor_Partner_Center_knows_is_still_OfferNotFound()
        {
            using var shell = PartnerCenterWithUnmappedOffers();
            foreach (var script in new[]
            {
                "Test-CspUpgradeEligibility -CustomerId c9 -SubscriptionId s90 -TargetOffer 'Nothing Like It'",
                "Invoke-CspSubscriptionUpgrade -CustomerId c9 -SubscriptionId s90 -TargetOffer 'Nothing Like It' -Force",
                // Offered to s90, not to s91.
                "Invoke-CspSubscriptionUpgrade -CustomerId c9 -SubscriptionId s91 -TargetOffer 'Microsoft 365 Something' -Force",
            })
            {
                var run = shell.Run(script);
                Assert.Empty(run.Output);
                Assert.StartsWith("OfferNotFound", Assert.Single(run.Errors).FullyQualifiedErrorId);
            }
            Assert.Empty(_fake.Posts);
        }

        [Fact]
        public void Eligible_results_of_an_unmapped_subscription_pipe_into_Invoke_and_a_rerun_is_AlreadyUpgraded()
        {
            using var shell = PartnerCenterWithUnmappedOffers();
            const string pipeline = "Test-CspUpgradeEligibility -CustomerId c9 -SubscriptionId s90 | Where-Object IsEligible | Invoke-CspSubscriptionUpgrade -Force";
            var first = (dynamic)Assert.Single(shell.Ok(pipeline)).BaseObject;
            Assert.Equal("Completed", first.Status.ToString());
            Assert.Equal(New, (string)first.TargetOfferId);
            Assert.Equal(3, (int)first.Quantity);
            var post = Assert.Single(_fake.Posts);
            Assert.Equal("customers/c9/subscriptions/s90/upgrades", post.Path);
            Assert.Contains(New, post.Body);

            var again = (dynamic)Assert.Single(shell.Ok($"Invoke-CspSubscriptionUpgrade -CustomerId c9 -SubscriptionId s90 -TargetOffer 'Microsoft 365 Something' -Force")).BaseObject;
            Assert.Equal("AlreadyUpgraded", again.Status.ToString());
            Assert.Equal((string)first.TargetSubscriptionId, (string)again.TargetSubscriptionId);
            Assert.Single(_fake.Posts);
        }

        [Fact]
        public void Licenses_are_added_to_an_unmapped_subscription_with_Partner_Center_deciding_the_cap()
        {
            using var shell = PartnerCenterWithUnmappedOffers();
            var updated = (dynamic)Assert.Single(shell.Ok("Add-CspSubscriptionLicense -CustomerId c9 -SubscriptionId s91 -Count 2 -PassThru -Confirm:$false")).BaseObject;
            Assert.Equal(6, (int)updated.Quantity);
            Assert.Equal(Something, (string)updated.OfferId);
            var patch = Assert.Single(_fake.Log, r => r.Method == "PATCH");
            Assert.Equal("customers/c9/subscriptions/s91", patch.Path);
            Assert.Contains("\"quantity\":6", patch.Body);

            // The catalogue knows no cap for the offer: Partner Center's refusal is the answer, and nothing changes.
            _fake.QuantityLimits["s91"] = 10;
            var refused = shell.Run("Add-CspSubscriptionLicense -CustomerId c9 -SubscriptionId s91 -Count 5 -Confirm:$false");
            Assert.Empty(refused.Output);
            var error = Assert.Single(refused.Errors);
            Assert.StartsWith("PartnerCenterRequestFailed", error.FullyQualifiedErrorId);
            Assert.Contains("exceeds the maximum of 10", error.ToString());
            Assert.Equal(6, (int)((dynamic)shell.Ok("Get-CspSubscription -CustomerId c9 -SubscriptionId s91").Single().BaseObject).Quantity);
        }

        /// <summary>
        /// Piped results and CSV rows whose TargetOffer is another offer's name or a former name, with the real id in
        /// TargetOfferId: the id is checked and upgraded to, on the local inventory and on Partner Center alike.
        /// </summary>
        [Fact]
        public void A_piped_TargetOfferId_wins_over_a_stale_or_wrong_TargetOffer()
        {
            const string rows = "[pscustomobject]@{ CustomerId = 'c1'; SubscriptionId = 's1'; TargetOffer = 'Office 365 Enterprise E5'; TargetOfferId = 'O365_E3' }";
            const string stale = "[pscustomobject]@{ CustomerId = 'c1'; SubscriptionId = 's1'; TargetOffer = 'Office 365 E3 (retired name)'; TargetOfferId = 'O365_E3' }";
            const string csv = "'CustomerId,SubscriptionId,TargetOffer,TargetOfferId','c1,s1,Microsoft 365 Business Standard,O365_E3' | ConvertFrom-Csv";
            string folder = Path.Combine(_dir.Path, "local");
            Directory.CreateDirectory(folder);
            using var local = new PcShell();
            local.ConnectInventory(folder);
            using var pc = new PcShell();
            pc.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
            foreach (var shell in new[] { local, pc })
            {
                foreach (string source in new[] { rows, stale, csv })
                {
                    var check = (dynamic)Assert.Single(shell.Ok(source + " | Test-CspUpgradeEligibility")).BaseObject;
                    Assert.Equal("O365_E3", (string)check.TargetOfferId);
                }
                // A -TargetOffer typed on the command line still decides over ids that arrive only with piped items.
                var typed = (dynamic)Assert.Single(shell.Ok(rows + " | Test-CspUpgradeEligibility -TargetOffer O365_E5")).BaseObject;
                Assert.Equal("O365_E5", (string)typed.TargetOfferId);

                var done = (dynamic)Assert.Single(shell.Ok(csv + " | Invoke-CspSubscriptionUpgrade -Force")).BaseObject;
                Assert.Equal("Completed", done.Status.ToString());
                Assert.Equal("O365_E3", (string)done.TargetOfferId);

                // An item naming no target at all is its own error; nothing is done for it.
                var none = shell.Run("[pscustomobject]@{ CustomerId = 'c2'; SubscriptionId = 's2' } | Invoke-CspSubscriptionUpgrade -Force");
                Assert.Empty(none.Output);
                Assert.StartsWith("InputObjectMissingMandatory", Assert.Single(none.Errors).FullyQualifiedErrorId);
            }
            Assert.Contains(FakePartnerCenter.PcOfferId("O365_E3"), Assert.Single(_fake.Posts).Body);
        }
    }
}
