using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Issue 13's flow on the fake Partner Center through the cmdlets (hosted PowerShell 7.6): every new-commerce subscription's
    /// options with reasons, a partial upgrade of 4 of 10 Business Basic seats to Business Standard, seats moved into an existing
    /// subscription, a change scheduled at renewal, a full transition, and re-runs of each that change nothing more.
    /// </summary>
    public sealed class NewCommerceCmdletTests : FakeServiceTests, System.IDisposable
    {
        private readonly PcShell _shell = new PcShell();

        public NewCommerceCmdletTests()
        {
            _fake.WithNewCommerceData();
            _fake.TransitionReadsToComplete = 0; // completed when taken: the cmdlets' polling interval is the real service's
            _shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
        }

        private int TransitionPosts => _fake.Log.Count(r => r.Method == "POST" && r.Path.EndsWith("/transitions"));

        private dynamic Subscription(string id) =>
            _shell.Ok($"Get-CspSubscription -CustomerId c10 -SubscriptionId {id}").Select(o => (dynamic)o.BaseObject).Single();

        [Fact]
        public void An_admin_sees_every_new_commerce_option_of_a_subscription_with_its_reasons_and_existing_targets()
        {
            var subscriptions = _shell.Ok("Get-CspSubscription -CustomerId c10").Select(o => (dynamic)o.BaseObject).ToArray();
            Assert.Equal(new[] { "M365_BUSINESS_BASIC", "M365_BUSINESS_STANDARD", "M365_BUSINESS_STANDARD", "M365_BUSINESS_BASIC" }, subscriptions.Select(s => (string)s.OfferId));

            var options = _shell.Ok("Test-CspUpgradeEligibility -CustomerId c10 -SubscriptionId n1").Select(o => (dynamic)o.BaseObject).ToDictionary(r => (string)r.TargetOfferId);
            Assert.Equal(new[] { "M365_BUSINESS_STANDARD", "M365_BUSINESS_PREMIUM", "O365_E3_NCE", "M365_E5" }, options.Keys);
            Assert.True((bool)options["M365_BUSINESS_STANDARD"].IsEligible);
            Assert.Equal("Full", options["M365_BUSINESS_STANDARD"].Kind.ToString());
            Assert.Equal(new[] { "n2", "n3" }, ((System.Collections.Generic.IEnumerable<string>)options["M365_BUSINESS_STANDARD"].ExistingTargetSubscriptionIds).ToArray());
            Assert.Equal("ConflictingServiceTypes", (string)options["O365_E3_NCE"].ReasonCodes);
            Assert.Equal("ConversionsNotFound", (string)options["M365_E5"].ReasonCodes);
            Assert.Contains("Partner Center has no conversion", (string)options["M365_E5"].ReasonSummary);
            Assert.All(options.Values, r => Assert.Equal("PartnerCenter", (string)r.Source));
        }

        [Fact]
        public void A_partial_upgrade_of_4_of_10_Business_Basic_seats_makes_a_Business_Standard_subscription_of_4_and_leaves_6()
        {
            var run = _shell.Run("Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n1 -TargetOffer M365_BUSINESS_STANDARD -Quantity 4 -Force");
            Assert.Empty(run.Errors);
            var result = (dynamic)Assert.Single(run.Output).BaseObject;
            Assert.Equal("Completed", result.Status.ToString());
            Assert.Equal("Partial", result.Kind.ToString());
            Assert.Equal(4, (int)result.SeatsToAssign);
            Assert.Contains(run.Warnings, w => w.Contains("4 seat(s) wait for an assignment"));

            Assert.Equal(6, (int)Subscription("n1").Quantity);
            var created = Subscription((string)result.TargetSubscriptionId);
            Assert.Equal(4, (int)created.Quantity);
            Assert.Equal("M365_BUSINESS_STANDARD", (string)created.OfferId);
            Assert.Equal("n1", (string)created.UpgradedFrom);

            // Asked again with -WhatIf (a partial move asked again is a new move): nothing is sent.
            _shell.Ok("Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n1 -TargetOffer M365_BUSINESS_STANDARD -Quantity 4 -WhatIf");
            Assert.Equal(1, TransitionPosts);
        }

        [Fact]
        public void Seats_move_into_an_existing_subscription_and_an_ineligible_one_says_which_to_pick()
        {
            var refused = _shell.Run("Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n1 -TargetOffer M365_BUSINESS_STANDARD -Quantity 2 -ToSubscriptionId n3 -Force");
            var error = Assert.Single(refused.Errors);
            Assert.StartsWith("NotEligible", error.FullyQualifiedErrorId);
            Assert.Contains("TargetSubscriptionTermShorter", refused.AllText());
            Assert.Contains("Eligible subscriptions of the target: n2", refused.AllText());
            Assert.Equal(0, TransitionPosts);

            var moved = (dynamic)Assert.Single(_shell.Ok("Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n1 -TargetOffer M365_BUSINESS_STANDARD -Quantity 2 -ToSubscriptionId n2 -Force")).BaseObject;
            Assert.Equal("IntoExisting", moved.Kind.ToString());
            Assert.Equal("n2", (string)moved.TargetSubscriptionId);
            Assert.Equal(7, (int)Subscription("n2").Quantity);
            Assert.Equal(8, (int)Subscription("n1").Quantity);
        }

        [Fact]
        public void A_change_scheduled_at_renewal_changes_nothing_now_and_a_rerun_is_AlreadyScheduled()
        {
            const string schedule = "Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n1 -TargetOffer M365_BUSINESS_PREMIUM -AtRenewal -Quantity 12 -Force";
            var first = (dynamic)Assert.Single(_shell.Ok(schedule)).BaseObject;
            Assert.Equal("Scheduled", first.Status.ToString());
            Assert.Equal("AtRenewal", first.Kind.ToString());
            var n1 = Subscription("n1");
            Assert.Equal(10, (int)n1.Quantity);
            Assert.Equal("M365_BUSINESS_BASIC", (string)n1.OfferId);
            var next = (JObject)_fake.FindSubscription("c10", "n1")!["scheduledNextTermInstructions"]!;
            Assert.Equal(FakePartnerCenter.ProductId("M365_BUSINESS_PREMIUM"), (string?)next["product"]!["productId"]);
            Assert.Equal(12, (int)next["quantity"]!);
            Assert.NotEmpty(_fake.Log.Single(r => r.Method == "PATCH").Header("If-Match"));

            var again = (dynamic)Assert.Single(_shell.Ok(schedule)).BaseObject;
            Assert.Equal("AlreadyScheduled", again.Status.ToString());
            Assert.Single(_fake.Log, r => r.Method == "PATCH");

            // Auto-renew off: nothing can be scheduled for that subscription's renewal.
            var refused = _shell.Run("Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n4 -TargetOffer M365_BUSINESS_PREMIUM -AtRenewal -Force");
            Assert.Contains("AutoRenewDisabled", refused.AllText());
            Assert.Single(_fake.Log, r => r.Method == "PATCH");
        }

        [Fact]
        public void A_full_transition_changes_the_offer_in_place_and_a_rerun_is_AlreadyUpgraded()
        {
            const string upgrade = "Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n4 -TargetOffer M365_BUSINESS_STANDARD -Force";
            var first = (dynamic)Assert.Single(_shell.Ok(upgrade)).BaseObject;
            Assert.Equal("Completed", first.Status.ToString());
            Assert.Equal("Full", first.Kind.ToString());
            Assert.Equal("n4", (string)first.TargetSubscriptionId);
            Assert.Equal("M365_BUSINESS_STANDARD", (string)Subscription("n4").OfferId);

            var again = (dynamic)Assert.Single(_shell.Ok(upgrade)).BaseObject;
            Assert.Equal("AlreadyUpgraded", again.Status.ToString());
            Assert.Equal(1, TransitionPosts);
            Assert.Contains("\"phase\":\"committed\"", File.ReadAllText(_dir.File("pc.journal.jsonl")));
        }

        [Fact]
        public void A_target_named_by_a_name_both_commerce_models_use_resolves_to_the_source_subscriptions_commerce()
        {
            // "Microsoft 365 Business Standard" is the legacy O365_BUSINESS_PREMIUM's name too (SPEC 2).
            var result = (dynamic)Assert.Single(_shell.Ok("Test-CspUpgradeEligibility -CustomerId c10 -SubscriptionId n1 -TargetOffer 'Microsoft 365 Business Standard'")).BaseObject;
            Assert.Equal("M365_BUSINESS_STANDARD", (string)result.TargetOfferId);
            Assert.True((bool)result.IsEligible);
        }

        void System.IDisposable.Dispose()
        {
            _shell.Dispose();
            Dispose();
        }
    }
}
