using System;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// New commerce on the Partner Center backend against the fake as documented (SPEC 1.9): mapping, transitionEligibilities to
    /// results with both code tables, transitions POSTed and followed, Pending settled later, scheduled changes with If-Match.
    /// </summary>
    public sealed class NewCommerceTests : FakeServiceTests
    {
        private readonly OfferCatalog _catalog;
        private readonly EligibilityEngine _engine;

        public NewCommerceTests()
        {
            _fake.WithNewCommerceData();
            _catalog = Session.Catalog;
            _engine = Session.Engine;
        }

        private PartnerCenterBackend Connect(int maxPolls = 5) =>
            PartnerCenterBackend.Connect(_fake.Endpoint, Data.Secure(FakePartnerCenter.Token), _dir.File("journal.jsonl"), Session, default,
                new PartnerCenterClientOptions { PollInterval = TimeSpan.FromMilliseconds(5), MaxPolls = maxPolls });

        private CatalogOffer Offer(string id) => _catalog.Find(id)!;

        private static JObject Body(RecordedRequest r) => JObject.Parse(r.Body);

        private System.Collections.Generic.List<RecordedRequest> TransitionPosts => _fake.Log.Where(r => r.Method == "POST" && r.Path.EndsWith("/transitions")).ToList();

        private string[] Journal(string phase) =>
            File.Exists(_dir.File("journal.jsonl"))
                ? File.ReadAllLines(_dir.File("journal.jsonl")).Where(l => l.Contains("\"phase\":\"" + phase + "\"")).ToArray()
                : Array.Empty<string>();

        [Fact]
        public void New_commerce_subscriptions_are_recognised_and_mapped_by_product_id_then_by_name_of_the_same_commerce()
        {
            var c10 = _fake.Customers.Single(c => c.Id == "c10");
            // A product the catalogue does not list by id, named like a new-commerce offer; a legacy GUID named by a former name.
            c10.Subscriptions.Add(FakePartnerCenter.NceSubscription("n8", "SOMETHING_NEW", "Microsoft 365 Business Premium", 2));
            var byAlias = FakePartnerCenter.Subscription("s8", "UNKNOWN_LEGACY", "Office 365 Business", 2);
            c10.Subscriptions.Add(byAlias);
            // A legacy-style subscription carrying a new-commerce offer's name does not map across commerce.
            c10.Subscriptions.Add(FakePartnerCenter.Subscription("s9", "UNKNOWN_LEGACY2", "Microsoft 365 E5", 2));
            using var backend = Connect();

            var customer = backend.GetCustomer("c10", default)!;
            var n1 = customer.FindSubscription("n1")!;
            Assert.Equal("M365_BUSINESS_BASIC", n1.OfferId);
            Assert.Equal(Commerce.NewCommerce, n1.Commerce);
            Assert.Equal(TermDuration.P1Y, n1.TermDuration);
            Assert.Equal(new DateTime(2027, 5, 31), n1.TermEndDate);
            Assert.Equal(new DateTime(2026, 6, 30), n1.PeriodEnd); // billingCycleEndDate, not commitmentEndDate
            Assert.True(n1.AutoRenew);
            Assert.Equal(new DateTime(2026, 5, 31, 0, 0, 0, DateTimeKind.Utc), n1.CancellableUntil);
            Assert.Null(n1.ScheduledChange);
            Assert.Equal(TermDuration.P1M, customer.FindSubscription("n3")!.TermDuration);
            Assert.False(customer.FindSubscription("n4")!.AutoRenew);
            Assert.Equal("M365_BUSINESS_PREMIUM", customer.FindSubscription("n8")!.OfferId);
            Assert.Equal("O365_BUSINESS", customer.FindSubscription("s8")!.OfferId);
            Assert.Equal(Commerce.Legacy, customer.FindSubscription("s8")!.Commerce);
            var s9 = customer.FindSubscription("s9")!;
            Assert.Equal(FakePartnerCenter.PcOfferId("UNKNOWN_LEGACY2"), s9.OfferId);
            Assert.Equal("Microsoft 365 E5", s9.OfferName);
        }

        [Fact]
        public void Every_target_Partner_Center_lists_is_a_result_with_both_code_tables_and_the_existing_subscriptions_of_the_target()
        {
            using var backend = Connect();
            var customer = backend.GetCustomer("c10", default)!;
            var context = _engine.CreateContext(customer, backend.Partner);
            var results = backend.CheckAllPaths(context, customer.FindSubscription("n1")!, UpgradeChoice.Default, default).ToDictionary(r => r.TargetOfferId!);

            Assert.Equal(new[] { "M365_BUSINESS_STANDARD", "M365_BUSINESS_PREMIUM", "O365_E3_NCE", "M365_E5" }, results.Keys);
            Assert.All(results.Values, r => Assert.Equal(UpgradeKind.Full, r.Kind));
            Assert.All(results.Values, r => Assert.Equal(Commerce.NewCommerce, r.Commerce));
            Assert.True(results["M365_BUSINESS_STANDARD"].IsEligible);
            Assert.Equal(new[] { "n2", "n3" }, results["M365_BUSINESS_STANDARD"].ExistingTargetSubscriptionIds);
            Assert.Empty(results["M365_BUSINESS_PREMIUM"].ExistingTargetSubscriptionIds);
            Assert.Equal(ReasonCode.ConflictingServiceTypes, Assert.Single(results["O365_E3_NCE"].Reasons).Code); // integer 3
            Assert.Equal(ReasonCode.ConversionsNotFound, Assert.Single(results["M365_E5"].Reasons).Code);          // a name
            Assert.Contains("Partner Center says no", results["M365_E5"].Reasons[0].Message);
            // The local new-commerce rules (N1-N9) judge the same request alongside: n2 and n3 (Business Standard) are candidate
            // targets for Business Standard, but give Office apps that Office 365 E3 would add: conflicts there, as Partner Center says.
            Assert.Equal("Eligible", results["M365_BUSINESS_STANDARD"].LocalReasonCodes);
            Assert.Null(results["M365_BUSINESS_STANDARD"].Disagreement);
            Assert.Equal("ConflictingServiceTypes, ConflictingServiceTypes", results["O365_E3_NCE"].LocalReasonCodes);
            Assert.Null(results["O365_E3_NCE"].Disagreement);
            // Asked on the new-commerce route only: the legacy upgrades route is never asked for a new-commerce subscription.
            Assert.Contains(_fake.Log, r => r.Path == "customers/c10/subscriptions/n1/transitionEligibilities" && r.Query == "?eligibilityType=immediate");
            Assert.DoesNotContain(_fake.Log, r => r.Path.EndsWith("/upgrades"));
        }

        [Theory]
        [InlineData(11, ReasonCode.ConversionsNotFound, null)]   // not UpgradeErrorCode 11 (InsufficientGranularAdminPermissions)
        [InlineData(12, ReasonCode.UserLicenseError, null)]
        [InlineData(13, ReasonCode.InsufficientGranularAdminPermissions, null)]
        [InlineData(7, ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, null)]
        [InlineData("subscription_does_not_have_any_transitioned_paths", ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, null)]
        [InlineData("UserLicenseError", ReasonCode.UserLicenseError, null)]
        [InlineData("11", ReasonCode.ConversionsNotFound, null)]
        [InlineData(42, ReasonCode.Other, "42")]
        [InlineData("brand_new_reason", ReasonCode.Other, "brand_new_reason")]
        public void Transition_error_codes_map_by_the_TransitionErrorCode_table_as_integers_or_names(object code, ReasonCode expected, string? kept)
        {
            _fake.SetTransitionEligibilities("n1", "immediate", FakePartnerCenter.TransitionEligibility("M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard", new[] { code }));
            using var backend = Connect();
            var customer = backend.GetCustomer("c10", default)!;
            var result = backend.CheckEligibility(_engine.CreateContext(customer, backend.Partner), customer.FindSubscription("n1")!, Offer("M365_BUSINESS_STANDARD"), UpgradeChoice.Default, default);

            var reason = Assert.Single(result.Reasons);
            Assert.Equal(expected, reason.Code);
            Assert.Equal(kept, reason.OriginalCode);
            Assert.False(result.IsEligible);
        }

        [Theory]
        [InlineData(1, ReasonCode.TargetSubscriptionNotActive, null)]
        [InlineData(4, ReasonCode.TargetSubscriptionEndsBeforeSource, null)]
        [InlineData("SubscriptionInCancellationWindow", ReasonCode.TargetSubscriptionInCancellationWindow, null)]
        [InlineData("subscription_term_duration_shorter_than_source_term_duration", ReasonCode.TargetSubscriptionTermShorter, null)]
        [InlineData("TargetSubscriptionTermShorter", ReasonCode.TargetSubscriptionTermShorter, null)]
        [InlineData(3, ReasonCode.TargetSubscriptionTermShorter, null)]
        [InlineData(11, ReasonCode.Other, "11")]   // not a target-subscription code: kept as sent
        [InlineData("odd", ReasonCode.Other, "odd")]
        public void Target_subscription_codes_map_by_their_own_table(object code, ReasonCode expected, string? kept)
        {
            var (mapped, original) = TransitionReasons.MapTargetSubscription(JToken.FromObject(code));
            Assert.Equal(expected, mapped);
            Assert.Equal(kept, original);
        }

        [Fact]
        public void An_existing_target_that_fails_says_which_conditions_and_names_the_one_to_pick_instead()
        {
            using var backend = Connect();
            var customer = backend.GetCustomer("c10", default)!;
            var context = _engine.CreateContext(customer, backend.Partner);
            var n1 = customer.FindSubscription("n1")!;

            var intoN3 = backend.CheckEligibility(context, n1, Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4, toSubscriptionId: "n3"), default);
            Assert.Equal(UpgradeKind.IntoExisting, intoN3.Kind);
            Assert.Equal("n3", intoN3.ToSubscriptionId);
            Assert.Equal(new[] { ReasonCode.TargetSubscriptionTermShorter, ReasonCode.TargetSubscriptionEndsBeforeSource }, intoN3.Reasons.Select(r => r.Code));
            Assert.All(intoN3.Reasons, r => Assert.Equal("n3", r.RelatedSubscriptionId));
            Assert.All(intoN3.Reasons, r => Assert.Contains("Eligible subscriptions of the target: n2", r.Remediation));

            var intoN2 = backend.CheckEligibility(context, n1, Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4, toSubscriptionId: "n2"), default);
            Assert.True(intoN2.IsEligible, intoN2.ReasonSummary);

            // A subscription of another offer is a mismatch; more seats than the source has are not a valid quantity.
            var intoN4 = backend.CheckEligibility(context, n1, Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(toSubscriptionId: "n4"), default);
            Assert.Equal(ReasonCode.TargetSubscriptionMismatch, Assert.Single(intoN4.Reasons).Code);
            var tooMany = backend.CheckEligibility(context, n1, Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 11), default);
            Assert.Equal(ReasonCode.UpgradeQuantityInvalid, Assert.Single(tooMany.Reasons).Code);
        }

        [Fact]
        public void At_renewal_the_targets_come_from_the_scheduled_eligibilities_and_auto_renew_must_be_on()
        {
            using var backend = Connect();
            var customer = backend.GetCustomer("c10", default)!;
            var context = _engine.CreateContext(customer, backend.Partner);
            var atRenewal = new UpgradeChoice(atRenewal: true);

            var n1 = backend.CheckAllPaths(context, customer.FindSubscription("n1")!, atRenewal, default);
            Assert.Equal(new[] { "M365_BUSINESS_STANDARD", "M365_BUSINESS_PREMIUM" }, n1.Select(r => r.TargetOfferId));
            Assert.All(n1, r => Assert.Equal(UpgradeKind.AtRenewal, r.Kind));
            Assert.All(n1, r => Assert.True(r.IsEligible));
            Assert.Contains(_fake.Log, r => r.Query == "?eligibilityType=scheduled");

            var n4 = backend.CheckEligibility(context, customer.FindSubscription("n4")!, Offer("M365_BUSINESS_STANDARD"), atRenewal, default);
            Assert.Equal(ReasonCode.AutoRenewDisabled, Assert.Single(n4.Reasons).Code);
        }

        [Theory]
        [InlineData(TransitionsListShape.Documented)]
        [InlineData(TransitionsListShape.Sdk)]
        public void A_full_transition_is_posted_with_the_offered_catalog_item_followed_until_Completed_and_a_rerun_is_AlreadyUpgraded(TransitionsListShape shape)
        {
            _fake.TransitionsShape = shape;
            _fake.TransitionReadsToComplete = 2;
            using var backend = Connect();

            var result = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), UpgradeChoice.Default, default);

            Assert.Equal(UpgradeStatus.Completed, result.Status);
            Assert.Equal(UpgradeKind.Full, result.Kind);
            Assert.Equal("n1", result.TargetSubscriptionId);
            Assert.Equal(10, result.Quantity);
            Assert.Equal(0, result.SeatsToAssign);
            var post = Assert.Single(TransitionPosts);
            var body = Body(post);
            Assert.Equal(FakePartnerCenter.CatalogItemId("M365_BUSINESS_STANDARD"), (string?)body["toCatalogItemId"]);
            Assert.Equal(FakePartnerCenter.CatalogItemId("M365_BUSINESS_BASIC"), (string?)body["fromCatalogItemId"]);
            Assert.Equal("n1", (string?)body["fromSubscriptionId"]);
            Assert.Equal(10, (int)body["quantity"]!);
            Assert.Equal("transition_with_license_transfer", (string?)body["transitionType"]);
            Assert.Equal("P1Y", (string?)body["termDuration"]);
            Assert.Null(body["toSubscriptionId"]);
            Assert.NotEmpty(post.Header("MS-RequestId"));
            Assert.Contains(_fake.Log, r => r.Method == "GET" && r.Path.EndsWith("/transitions") && r.Query.StartsWith("?operationId="));
            Assert.Equal(FakePartnerCenter.CatalogItemId("M365_BUSINESS_STANDARD"), (string?)_fake.FindSubscription("c10", "n1")!["offerId"]);
            Assert.Single(Journal("committed"));

            backend.Refresh();
            var again = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), UpgradeChoice.Default, default);
            Assert.Equal(UpgradeStatus.AlreadyUpgraded, again.Status);
            Assert.Equal("n1", again.TargetSubscriptionId);
            Assert.Single(TransitionPosts);
        }

        [Fact]
        public void A_partial_transition_of_4_of_10_seats_creates_a_subscription_of_4_leaves_6_and_4_seats_to_assign()
        {
            using var backend = Connect();
            var result = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4), default);

            Assert.Equal(UpgradeStatus.Completed, result.Status);
            Assert.Equal(UpgradeKind.Partial, result.Kind);
            Assert.Equal(4, result.SeatsToAssign);
            Assert.NotEqual("n1", result.TargetSubscriptionId);
            Assert.Equal(4, (int)Body(Assert.Single(TransitionPosts))["quantity"]!);
            backend.Refresh();
            var customer = backend.GetCustomer("c10", default)!;
            Assert.Equal(6, customer.FindSubscription("n1")!.Quantity);
            var created = customer.FindSubscription(result.TargetSubscriptionId)!;
            Assert.Equal(4, created.Quantity);
            Assert.Equal("M365_BUSINESS_STANDARD", created.OfferId);
            Assert.Equal(TermDuration.P1Y, created.TermDuration);
            Assert.Equal("n1", created.UpgradedFrom); // learnt from the journal's committed transition
            Assert.Contains(result.TargetSubscriptionId, Assert.Single(Journal("committed")));
        }

        [Fact]
        public void Seats_move_into_an_existing_subscription_and_moving_all_of_them_removes_the_source()
        {
            using var backend = Connect();
            var four = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4, toSubscriptionId: "n2"), default);
            Assert.Equal(UpgradeStatus.Completed, four.Status);
            Assert.Equal(UpgradeKind.IntoExisting, four.Kind);
            Assert.Equal("n2", four.TargetSubscriptionId);
            Assert.Equal(4, four.SeatsToAssign);
            var body = Body(Assert.Single(TransitionPosts));
            Assert.Equal("n2", (string?)body["toSubscriptionId"]);
            Assert.Null(body["termDuration"]); // the existing subscription keeps its own term
            Assert.Equal(9, (int)_fake.FindSubscription("c10", "n2")!["quantity"]!);
            Assert.Equal(6, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!);

            backend.Refresh();
            var rest = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(toSubscriptionId: "n2"), default);
            Assert.Equal(6, rest.Quantity);
            Assert.Equal(0, rest.SeatsToAssign);
            Assert.Equal("deleted", (string?)_fake.FindSubscription("c10", "n1")!["status"]);
            Assert.Equal(15, (int)_fake.FindSubscription("c10", "n2")!["quantity"]!);
        }

        [Fact]
        public void A_transition_whose_first_post_failed_is_sent_again_with_the_same_MS_RequestId_and_taken_once()
        {
            _fake.FailNextTransitionsBeforeTaking = 1;
            using var backend = Connect();
            var result = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4), default);

            Assert.Equal(UpgradeStatus.Completed, result.Status);
            var posts = TransitionPosts;
            Assert.Equal(2, posts.Count);
            Assert.Equal(503, posts[0].Status);
            Assert.Equal(posts[0].Header("MS-RequestId"), posts[1].Header("MS-RequestId"));
            Assert.Single(_fake.Transitions);
        }

        [Fact]
        public void A_transition_whose_answer_was_lost_is_found_in_the_history_and_not_sent_again()
        {
            _fake.LoseNextTransitionResponses = 1;
            using var backend = Connect();
            var result = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4), default);

            Assert.Equal(UpgradeStatus.Completed, result.Status);
            Assert.Single(TransitionPosts);
            Assert.Single(_fake.Transitions);
            Assert.Equal(6, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!);
        }

        [Fact]
        public void The_fake_acts_once_on_a_transition_re_sent_with_the_same_MS_RequestId()
        {
            using var client = new PartnerCenterClient(_fake.Endpoint, Data.Secure(FakePartnerCenter.Token));
            var body = new JObject
            {
                ["toCatalogItemId"] = FakePartnerCenter.CatalogItemId("M365_BUSINESS_STANDARD"),
                ["quantity"] = 2,
                ["transitionType"] = "transition_only",
            };
            var first = client.Write(System.Net.Http.HttpMethod.Post, "customers/c10/subscriptions/n1/transitions", body, default, requestId: "same-id");
            var second = client.Write(System.Net.Http.HttpMethod.Post, "customers/c10/subscriptions/n1/transitions", body, default, requestId: "same-id");

            Assert.Equal(first.Body!["operationId"]!.ToString(), second.Body!["operationId"]!.ToString());
            Assert.Single(_fake.Transitions);
            Assert.True(TransitionPosts[1].Duplicate);
        }

        [Fact]
        public void A_target_Partner_Center_offers_and_the_catalogue_does_not_know_can_be_performed_by_the_id_or_title_the_check_showed()
        {
            _fake.SetTransitionEligibilities("n1", "immediate",
                FakePartnerCenter.TransitionEligibility("M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard"),
                FakePartnerCenter.TransitionEligibility("SOMETHING_NEW", "Microsoft 365 Something New"));
            string itemId = FakePartnerCenter.CatalogItemId("SOMETHING_NEW");
            using var backend = Connect();
            var customer = backend.GetCustomer("c10", default)!;
            var shown = backend.CheckAllPaths(_engine.CreateContext(customer, backend.Partner), customer.FindSubscription("n1")!, UpgradeChoice.Default, default)
                .Single(r => r.TargetOffer == "Microsoft 365 Something New");
            Assert.True(shown.IsEligible);
            Assert.Equal(itemId, shown.TargetOfferId);

            var offered = (IOfferedTargets)backend;
            Assert.Null(offered.FindOfferedTarget("c10", "n1", "Microsoft 365 Nothing Like It", default));
            Assert.Equal(itemId, offered.FindOfferedTarget("c10", "n1", "microsoft 365 something new", default)!.OfferId);
            var target = offered.FindOfferedTarget("c10", "n1", shown.TargetOfferId!, default)!;
            Assert.Equal(("Microsoft 365 Something New", Commerce.NewCommerce), (target.Offer, target.Commerce));

            var plan = backend.PlanUpgrade("c10", "n1", target, new UpgradeChoice(quantity: 4), default);
            Assert.True(plan.Eligibility.IsEligible);
            Assert.Contains("does not know Microsoft 365 Something New", plan.Billing.UnavailableReason);

            var result = backend.Upgrade("c10", "n1", target, new UpgradeChoice(quantity: 4), default);

            Assert.Equal((UpgradeStatus.Completed, UpgradeKind.Partial), (result.Status, result.Kind));
            Assert.Equal(itemId, (string)Body(Assert.Single(TransitionPosts))["toCatalogItemId"]!);
            Assert.Equal(4, (int)_fake.FindSubscription("c10", result.TargetSubscriptionId!)!["quantity"]!);
            Assert.Equal(6, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!);
        }

        [Fact]
        public void A_transition_still_running_at_the_bound_is_Pending_journaled_and_settled_by_a_later_run_without_a_second_post()
        {
            _fake.TransitionReadsToComplete = 50;
            using (var backend = Connect(maxPolls: 2))
            {
                var pending = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4), default);
                Assert.Equal(UpgradeStatus.Pending, pending.Status);
                Assert.Equal(UpgradeKind.Partial, pending.Kind);
                Assert.Equal(10, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!); // nothing changed yet
                Assert.Empty(Journal("committed"));
                Assert.Contains(Journal("intent"), l => l.Contains("pending: Partner Center operation"));
            }

            _fake.TransitionReadsToComplete = 0;
            using (var later = Connect())
            {
                var settled = later.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4), default);
                Assert.Equal(UpgradeStatus.AlreadyUpgraded, settled.Status);
                Assert.NotEqual("n1", settled.TargetSubscriptionId);
                Assert.Equal(4, (int)_fake.FindSubscription("c10", settled.TargetSubscriptionId)!["quantity"]!);
            }
            Assert.Single(TransitionPosts);
            Assert.Contains(Journal("committed"), l => l.Contains("Completed"));
        }

        [Theory]
        [InlineData(12, ReasonCode.UserLicenseError)]
        [InlineData("conversions_not_found", ReasonCode.ConversionsNotFound)]
        public void A_failed_transition_is_not_eligible_with_its_errors_and_abandoned(object code, ReasonCode expected)
        {
            _fake.FailNextTransitions = 1;
            _fake.TransitionFailureCode = code;
            using var backend = Connect();

            var refused = Assert.Throws<NotEligibleException>(() => backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), UpgradeChoice.Default, default));

            Assert.Equal(expected, Assert.Single(refused.Result.Reasons).Code);
            Assert.Contains("The transition failed", refused.Result.Reasons[0].Message);
            Assert.Single(Journal("abandoned"));
            Assert.Empty(Journal("committed"));
            Assert.Equal(FakePartnerCenter.CatalogItemId("M365_BUSINESS_BASIC"), (string?)_fake.FindSubscription("c10", "n1")!["offerId"]);
        }

        [Fact]
        public void A_change_at_renewal_is_patched_with_If_Match_read_again_once_after_a_stale_etag_and_a_rerun_is_AlreadyScheduled()
        {
            _fake.ChangeBeforeNextPatches = 1;
            using var backend = Connect();
            var choice = new UpgradeChoice(quantity: 12, atRenewal: true, billingCycle: BillingCycle.Annual);

            var scheduled = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_PREMIUM"), choice, default);

            Assert.Equal(UpgradeStatus.Scheduled, scheduled.Status);
            Assert.Equal(UpgradeKind.AtRenewal, scheduled.Kind);
            Assert.Equal(12, scheduled.Quantity);
            var patches = _fake.Log.Where(r => r.Method == "PATCH").ToList();
            Assert.Equal(new[] { 412, 200 }, patches.Select(p => p.Status));
            Assert.All(patches, p => Assert.NotEmpty(p.Header("If-Match")));
            Assert.NotEqual(patches[0].Header("If-Match"), patches[1].Header("If-Match"));
            var next = _fake.FindSubscription("c10", "n1")!["scheduledNextTermInstructions"]!;
            Assert.Equal("CFQ7TTC0LCHC", (string?)next["product"]!["productId"]);
            Assert.Equal(FakePartnerCenter.AvailabilityId("M365_BUSINESS_PREMIUM"), (string?)next["product"]!["availabilityId"]);
            Assert.Equal("annual", (string?)next["product"]!["billingCycle"]);
            Assert.Equal("P1Y", (string?)next["product"]!["termDuration"]);
            Assert.Equal(12, (int)next["quantity"]!);
            Assert.Equal(10, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!); // nothing changes now

            backend.Refresh();
            Assert.Equal(new ScheduledChange("M365_BUSINESS_PREMIUM", 12, TermDuration.P1Y, BillingCycle.Annual), backend.GetCustomer("c10", default)!.FindSubscription("n1")!.ScheduledChange);
            var again = backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_PREMIUM"), choice, default);
            Assert.Equal(UpgradeStatus.AlreadyScheduled, again.Status);
            Assert.Equal(2, _fake.Log.Count(r => r.Method == "PATCH"));
        }

        [Fact]
        public void A_second_stale_etag_fails_the_scheduled_change_and_abandons_it()
        {
            _fake.ChangeBeforeNextPatches = 2;
            using var backend = Connect();
            var failed = Assert.Throws<PartnerCenterException>(() =>
                backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_PREMIUM"), new UpgradeChoice(atRenewal: true), default));

            Assert.Equal(412, failed.StatusCode);
            Assert.Equal(2, _fake.Log.Count(r => r.Method == "PATCH"));
            Assert.Single(Journal("abandoned"));
            Assert.Null((_fake.FindSubscription("c10", "n1")!["scheduledNextTermInstructions"] as JObject));
        }

        [Fact]
        public void An_immediate_change_deletes_the_scheduled_one_and_the_plan_says_which()
        {
            using var backend = Connect();
            backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_PREMIUM"), new UpgradeChoice(atRenewal: true), default);
            backend.Refresh();

            var plan = backend.PlanUpgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), UpgradeChoice.Default, default);
            Assert.Equal(new ScheduledChange("M365_BUSINESS_PREMIUM", 10, TermDuration.P1Y, BillingCycle.Monthly), plan.ClearsScheduledChange);
            Assert.Contains("deletes the scheduled renewal change", plan.Describe());
            backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), UpgradeChoice.Default, default);

            Assert.Null(_fake.FindSubscription("c10", "n1")!["scheduledNextTermInstructions"] as JObject);
            backend.Refresh();
            Assert.Null(backend.GetCustomer("c10", default)!.FindSubscription("n1")!.ScheduledChange);
        }

        [Fact]
        public void Plans_carry_Kind_seats_to_assign_the_existing_target_and_a_scheduled_change_already_recorded()
        {
            using var backend = Connect();
            var partial = backend.PlanUpgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4), default);
            Assert.Equal(UpgradeKind.Partial, partial.Kind);
            Assert.Equal(4, partial.SeatsToAssign);
            Assert.True(partial.Eligibility.IsEligible);
            var into = backend.PlanUpgrade("c10", "n1", Offer("M365_BUSINESS_STANDARD"), new UpgradeChoice(quantity: 4, toSubscriptionId: "n2"), default);
            Assert.Equal("n2", into.Into!.SubscriptionId);

            backend.Upgrade("c10", "n1", Offer("M365_BUSINESS_PREMIUM"), new UpgradeChoice(atRenewal: true), default);
            backend.Refresh();
            var again = backend.PlanUpgrade("c10", "n1", Offer("M365_BUSINESS_PREMIUM"), new UpgradeChoice(atRenewal: true), default);
            Assert.Equal(UpgradeStatus.AlreadyScheduled, again.AlreadyDoneStatus);
            Assert.Equal("n1", again.AlreadyDoneTargetId);
        }
    }
}
