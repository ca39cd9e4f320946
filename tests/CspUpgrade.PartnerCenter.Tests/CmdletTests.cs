using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// The module's cmdlets in the hosted PowerShell 7.6 engine against the fake Partner Center, and the same scenarios
    /// against the local inventory backend holding the same data.
    /// </summary>
    public sealed class CmdletTests : FakeServiceTests
    {
        private string Journal => _dir.File("pc.journal.jsonl");

        private PcShell PartnerCenter()
        {
            var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, Journal);
            return shell;
        }

        private PcShell Inventory()
        {
            string folder = Path.Combine(_dir.Path, "local");
            Directory.CreateDirectory(folder);
            var shell = new PcShell();
            shell.ConnectInventory(folder);
            return shell;
        }

        private static string Key(dynamic r) => $"{r.CustomerId}/{r.SubscriptionId}->{r.TargetOfferId ?? "(none)"}: {(r.IsEligible ? "eligible" : r.ReasonCodes)}";

        private static readonly string[] StandardAnswers =
        {
            "c1/s1->O365_BUSINESS_PREMIUM: eligible",
            "c1/s1->O365_PROPLUS: eligible",
            "c1/s1->O365_E3: eligible",
            "c1/s1->O365_E5: eligible",
            "c2/s2->O365_BUSINESS_PREMIUM: eligible",
            "c2/s2->O365_E1: eligible",
            "c2/s2->O365_E3: eligible",
            "c2/s2->O365_E5: eligible",
            "c2/s3->(none): SubscriptionDoesNotHaveAnyUpgradePaths",
            "c3/s4->O365_BUSINESS_PREMIUM: SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled",
            "c3/s4->O365_PROPLUS: SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled",
            "c3/s4->O365_E3: SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled",
            "c3/s4->O365_E5: SubscriptionStatusNotActive, DelegatedAdminPermissionsDisabled",
        };

        [Fact]
        public void Customers_to_subscriptions_to_eligibility_give_the_same_answers_on_both_backends()
        {
            const string script = "Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility";
            using var local = Inventory();
            using var pc = PartnerCenter();
            var fromInventory = local.Ok(script);
            var fromPartnerCenter = pc.Ok(script);

            var inventoryResults = fromInventory.Select(o => (dynamic)o.BaseObject).ToArray();
            var pcResults = fromPartnerCenter.Select(o => (dynamic)o.BaseObject).ToArray();
            Assert.Equal(StandardAnswers, inventoryResults.Select(r => (string)Key(r)));
            Assert.Equal(StandardAnswers, pcResults.Select(r => (string)Key(r)));
            Assert.All(inventoryResults, r => Assert.Equal("Local", (string)r.Source));
            Assert.All(pcResults, r =>
            {
                Assert.Equal("PartnerCenter", (string)r.Source);
                Assert.Null((string?)r.Disagreement);
                Assert.NotNull((string?)r.LocalReasonCodes);
            });
            Assert.All(fromPartnerCenter, o => Assert.Equal("CspUpgrade.EligibilityResult", o.TypeNames[0]));

            // Three pages of customers, one subscription list per customer, one upgrades answer per subscription.
            var log = _fake.Log.SkipWhile(r => r.Path == "profiles/organization").ToList();
            Assert.Equal(3, log.Count(r => r.Path == "customers"));
            Assert.Equal(7, log.Count(r => r.Path.EndsWith("/subscriptions")));
            Assert.Equal(4, log.Count(r => r.Path.EndsWith("/upgrades")));
        }

        [Fact]
        public void Upgrading_completes_once_and_a_rerun_is_AlreadyUpgraded_on_both_backends()
        {
            const string upgrade = "Invoke-CspSubscriptionUpgrade -CustomerId c1 -SubscriptionId s1 -TargetOffer 'Office 365 Business Premium' -Force";
            foreach (var shell in new[] { Inventory(), PartnerCenter() })
            {
                using (shell)
                {
                    var first = (dynamic)Assert.Single(shell.Ok(upgrade)).BaseObject;
                    Assert.Equal("Completed", first.Status.ToString());
                    Assert.Equal("O365_BUSINESS_PREMIUM", (string)first.TargetOfferId);
                    Assert.Equal(25, (int)first.Quantity);
                    string created = first.TargetSubscriptionId;
                    Assert.False(string.IsNullOrEmpty(created));

                    var again = (dynamic)Assert.Single(shell.Ok(upgrade)).BaseObject;
                    Assert.Equal("AlreadyUpgraded", again.Status.ToString());
                    Assert.Equal(created, (string)again.TargetSubscriptionId);

                    var subscriptions = shell.Ok("Get-CspSubscription -CustomerId c1").Select(o => (dynamic)o.BaseObject).ToArray();
                    Assert.Equal("Deleted", subscriptions.Single(s => (string)s.SubscriptionId == "s1").Status.ToString());
                    var target = subscriptions.Single(s => (string)s.SubscriptionId == created);
                    Assert.Equal("Active", target.Status.ToString());
                    Assert.Equal("s1", (string)target.UpgradedFrom);
                    Assert.Equal("Microsoft 365 Business Standard", (string)target.Offer);
                }
            }

            var post = Assert.Single(_fake.Posts);
            Assert.Equal("customers/c1/subscriptions/s1/upgrades", post.Path);
            Assert.Contains("\"upgradeType\":\"upgrade_with_license_transfer\"", post.Body);
            Assert.Contains("\"quantity\":25", post.Body);
        }

        [Fact]
        public void Partner_Center_reports_affected_accounts_from_its_license_errors_and_WhatIf_says_they_come_later()
        {
            using var shell = PartnerCenter();
            shell.Ok("Invoke-CspSubscriptionUpgrade -CustomerId c1 -SubscriptionId s1 -TargetOffer O365_E3 -WhatIf");
            Assert.Contains("affected accounts known only after the upgrade", shell.Host.Text);
            Assert.Empty(_fake.Posts);

            var result = (dynamic)Assert.Single(shell.Ok("Invoke-CspSubscriptionUpgrade -CustomerId c1 -SubscriptionId s1 -TargetOffer O365_E3 -Confirm:$false")).BaseObject;
            Assert.Equal(1, (int)result.AffectedAccountCount);
            var account = ((IEnumerable<object>)result.AffectedAccounts).Cast<dynamic>().Single();
            Assert.Equal("ann@contoso.example", (string)account.UserPrincipalName);
            Assert.Equal("LicenseTransferFailed", account.Reason.ToString());
            Assert.Contains("conflicting license", (string)account.Detail);

            string[] journal = File.ReadAllLines(Journal);
            Assert.Equal(2, journal.Length);
            Assert.Contains("\"phase\":\"intent\"", journal[0]);
            Assert.Contains("\"operation\":\"Upgrade\"", journal[0]);
            Assert.Contains("\"phase\":\"committed\"", journal[1]);
            Assert.Contains("\"partner\":\"Fabrikam Cloud Partner\"", journal[1]);
        }

        [Fact]
        public void Adding_licenses_gives_the_same_result_on_both_backends_and_follows_a_202()
        {
            _fake.PatchAccepted = true;
            const string add = "Add-CspSubscriptionLicense -CustomerId c2 -SubscriptionId s2 -Count 5 -PassThru -Confirm:$false -Verbose";
            foreach (var (shell, isPartnerCenter) in new[] { (Inventory(), false), (PartnerCenter(), true) })
            {
                using (shell)
                {
                    var run = shell.Run(add);
                    Assert.Empty(run.Errors);
                    Assert.Null(run.Terminating);
                    var updated = Assert.Single(run.Of("Subscription"));
                    Assert.Equal(45, (int)updated.Quantity);
                    Assert.Equal("O365_BUSINESS_ESSENTIALS", (string)updated.OfferId);
                    Assert.Equal("c2", (string)updated.CustomerId);
                    Assert.Contains(run.Verbose, v => v.Contains("now has 45 seats"));
                    if (isPartnerCenter)
                    {
                        Assert.Contains(run.Verbose, v => v.Contains("applying the new quantity"));
                        Assert.Contains(run.Progress, p => p.StatusDescription.Contains("applying the new quantity"));
                    }
                }
            }
            Assert.Equal(45, (int)_fake.FindSubscription("c2", "s2")!["quantity"]!);
            Assert.Single(_fake.Log, r => r.Method == "PATCH");
        }

        [Fact]
        public void Connecting_shows_the_endpoint_and_never_the_token_and_refuses_plain_http_and_bad_tokens()
        {
            using var shell = new PcShell();
            var run = shell.Run("Connect-CspPartnerCenter -AccessToken $token -Endpoint $endpoint -JournalPath $journal -Verbose; Get-CspConnection",
                new Dictionary<string, object?> { ["token"] = Data.Secure(FakePartnerCenter.Token), ["endpoint"] = _fake.Endpoint, ["journal"] = Journal });
            Assert.Null(run.Terminating);
            var connections = run.Of("ConnectionInfo");
            Assert.Equal(2, connections.Length);
            Assert.All(connections, c =>
            {
                Assert.Equal("PartnerCenter", (string)c.Backend);
                Assert.Equal(_fake.Endpoint, (Uri)c.Endpoint);
                Assert.Null((string?)c.Path);
                Assert.Equal("Fabrikam Cloud Partner", (string)c.PartnerName);
                Assert.Equal(Journal, (string)c.JournalPath);
            });
            Assert.Equal("profiles/organization", Assert.Single(_fake.Log).Path);
            Assert.DoesNotContain(FakePartnerCenter.Token, run.AllText());

            var http = shell.Run("Connect-CspPartnerCenter -AccessToken $token -Endpoint 'http://partner.example/v1/'",
                new Dictionary<string, object?> { ["token"] = Data.Secure(FakePartnerCenter.Token) });
            Assert.NotNull(http.Terminating);
            Assert.StartsWith("ParameterArgumentValidationError", http.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("https", http.Terminating.Exception.Message);

            var wrong = shell.Run("Connect-CspPartnerCenter -AccessToken $token -Endpoint $endpoint",
                new Dictionary<string, object?> { ["token"] = Data.Secure("not-the-token"), ["endpoint"] = _fake.Endpoint });
            Assert.NotNull(wrong.Terminating);
            Assert.StartsWith("PartnerCenterUnauthorized", wrong.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("run Connect-CspPartnerCenter again", wrong.Terminating.Exception.Message);
            Assert.Equal(2, _fake.Log.Count);
            Assert.Equal("PartnerCenter", shell.Ok("(Get-CspConnection).Backend").Single().ToString()); // the earlier connection stays
        }

        private static CompletionResult[] Complete(PcShell shell, string input) =>
            ((CommandCompletion)shell.Ok("TabExpansion2 -inputScript $s -cursorColumn $s.Length", new Dictionary<string, object?> { ["s"] = input }).Single().BaseObject)
                .CompletionMatches.ToArray();

        [Fact]
        public void Customer_and_subscription_ids_complete_from_Partner_Center_and_a_throttled_completion_gives_up()
        {
            using var shell = PartnerCenter();
            var customers = Complete(shell, "Get-CspSubscription -CustomerId ");
            Assert.Equal(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7" }, customers.Select(c => c.CompletionText));
            Assert.Equal("Northwind Traders (c2)", customers[1].ListItemText);
            Assert.Equal(new[] { "c2" }, Complete(shell, "Get-CspSubscription -CustomerId North").Select(c => c.CompletionText));

            var subscriptions = Complete(shell, "Test-CspUpgradeEligibility -CustomerId c2 -SubscriptionId ");
            Assert.Equal(new[] { "s2", "s3" }, subscriptions.Select(c => c.CompletionText));
            Assert.StartsWith("Microsoft 365 Business Basic, 40 seats", subscriptions[0].ListItemText);

            // Partner Center asks for half a minute's patience: completion stops waiting after a few seconds and offers nothing.
            _fake.ThrottleNext = 1000;
            _fake.RetryAfterSeconds = 30;
            var clock = Stopwatch.StartNew();
            Assert.Empty(Complete(shell, "Test-CspUpgradeEligibility -CustomerId c5 -SubscriptionId "));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"completion waited {clock.Elapsed.TotalSeconds:0.0} s on a throttled Partner Center");
            Assert.Contains(_fake.Log, r => r.Status == 429 && r.Path == "customers/c5/subscriptions");
        }

        [Fact]
        public void An_expired_token_stops_the_command_with_PartnerCenterUnauthorized_and_is_never_retried()
        {
            using var shell = PartnerCenter();
            _fake.AcceptedToken = "a-newer-token";
            int before = _fake.Log.Count;
            var run = shell.Run("Get-CspCustomer | Get-CspSubscription");
            Assert.NotNull(run.Terminating);
            Assert.StartsWith("PartnerCenterUnauthorized", run.Terminating!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, run.Terminating.CategoryInfo.Category);
            Assert.Contains("token expired or wrong", run.Terminating.Exception.Message);
            Assert.Equal(1, _fake.Log.Count - before);

            before = _fake.Log.Count;
            var bulk = shell.Run("'c1', 'c2', 'c3' | ForEach-Object { [pscustomobject]@{ CustomerId = $_ } } | Test-CspUpgradeEligibility");
            Assert.NotNull(bulk.Terminating);
            Assert.StartsWith("PartnerCenterUnauthorized", bulk.Terminating!.FullyQualifiedErrorId);
            Assert.InRange(_fake.Log.Count - before, 1, 3); // at most one request per item already in flight, none retried
            Assert.All(_fake.Log.Skip(before), r => Assert.Equal(401, r.Status));
        }

        [Fact]
        public void Bulk_checks_run_concurrently_within_ThrottleLimit_and_keep_input_order()
        {
            var c9 = _fake.AddCustomer("c9", "Proseware");
            for (int i = 0; i < 12; i++)
            {
                c9.Subscriptions.Add(FakePartnerCenter.Subscription($"s9{i:00}", "O365_BUSINESS", "Office 365 Business", 5 + i));
                _fake.SetUpgrades($"s9{i:00}", FakePartnerCenter.Upgrade("O365_E3", "Office 365 Enterprise E3", i % 3 != 0, i % 3 == 0 ? new object[] { 4 } : Array.Empty<object>()));
            }
            _fake.UpgradesDelay = TimeSpan.FromMilliseconds(400);
            using var shell = PartnerCenter();
            var watch = Stopwatch.StartNew();
            var results = shell.Ok("Get-CspSubscription -CustomerId c9 | Test-CspUpgradeEligibility -ThrottleLimit 3").Select(o => (dynamic)o.BaseObject).ToArray();
            watch.Stop();

            Assert.Equal(Enumerable.Range(0, 12).Select(i => $"s9{i:00}"), results.Select(r => (string)r.SubscriptionId));
            Assert.All(results, r => Assert.Equal("c9", (string)r.CustomerId));
            Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 3 != 0), results.Select(r => (bool)r.IsEligible));
            Assert.Equal("ConcurrencyConflicts", (string)results[0].ReasonCodes);
            Assert.InRange(_fake.MaxConcurrentUpgrades, 2, 3);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(12 * 0.4), $"took {watch.Elapsed.TotalSeconds:0.0}s: not concurrent");

            _fake.UpgradesDelay = TimeSpan.Zero;
            var quiet = shell.Ok("Get-CspSubscription -CustomerId c9 | Test-CspUpgradeEligibility -ThrottleLimit 1 -Quiet");
            Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 3 != 0), quiet.Select(o => (bool)o.BaseObject));
        }

        [Fact]
        public void Throttling_slows_a_bulk_check_down_without_failing_it_and_tells_the_user()
        {
            using var shell = PartnerCenter();
            _fake.ThrottleWhen = r => r.Path.EndsWith("/upgrades");
            _fake.ThrottleNext = 3;
            _fake.RetryAfterSeconds = 1;
            var run = shell.Run("Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility -ThrottleLimit 4 -Verbose");

            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(StandardAnswers, run.Of("EligibilityResult").Select(r => (string)Key(r)));
            var throttled = _fake.Log.Where(r => r.Status == 429).ToList();
            Assert.Equal(3, throttled.Count);
            foreach (var t in throttled)
            {
                var retry = _fake.Log.First(r => r.Index > t.Index && r.Path == t.Path);
                Assert.True(retry.At - t.AnsweredAt >= TimeSpan.FromSeconds(1), $"{t.Path} was retried {(retry.At - t.AnsweredAt).TotalSeconds:0.000}s after its 429");
            }
            Assert.Contains(run.Verbose, v => v.Contains("Partner Center is throttling requests (429 on GET customers/"));
            Assert.Contains(run.Progress, p => p.Activity == "Partner Center" && p.StatusDescription.Contains("throttling"));
        }

        [Fact]
        public void Sequential_reads_honour_every_Retry_After_and_retry_5xx_then_report_what_persists()
        {
            using var shell = PartnerCenter();
            int start = _fake.Log.Count;
            _fake.ThrottleNext = 2;
            _fake.RetryAfterSeconds = 1;
            var customers = shell.Run("Get-CspCustomer -Verbose");
            Assert.Equal(7, customers.Of("Customer").Length);
            var log = _fake.Log.Skip(start).ToList();
            for (int i = 0; i < log.Count - 1; i++)
            {
                if (log[i].Status == 429)
                {
                    Assert.True(log[i + 1].At - log[i].AnsweredAt >= TimeSpan.FromSeconds(1), $"request {log[i + 1]} came too soon after {log[i]}");
                }
            }
            Assert.Equal(2, log.Count(r => r.Status == 429));

            _fake.FailGetWhen = r => r.Path == "customers/c2/subscriptions";
            _fake.FailNextGets = 2;
            var retried = shell.Run("Get-CspSubscription -CustomerId c2 -Verbose");
            Assert.Empty(retried.Errors);
            Assert.Equal(new[] { "s2", "s3" }, retried.Of("Subscription").Select(s => (string)s.SubscriptionId));
            Assert.Contains(retried.Verbose, v => v.Contains("answered 503") && v.Contains("retrying"));

            _fake.FailNextGets = 100;
            var failed = shell.Run("Get-CspSubscription -CustomerId c1, c2, c3");
            Assert.Null(failed.Terminating);
            Assert.Equal(new[] { "s1", "s4" }, failed.Of("Subscription").Select(s => (string)s.SubscriptionId));
            var error = Assert.Single(failed.Errors);
            Assert.StartsWith("PartnerCenterRequestFailed", error.FullyQualifiedErrorId);
            Assert.Equal("c2", error.TargetObject);
            var ex = (PartnerCenterException)error.Exception;
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal("5503", ex.ErrorCode);
            Assert.Contains(ex.RequestId!, ex.Message);
        }

        [Fact]
        public void Throttling_that_never_ends_is_one_PartnerCenterThrottled_error_and_the_batch_goes_on()
        {
            using var shell = PartnerCenter();
            _fake.ThrottleWhen = r => r.Path == "customers/c2/subscriptions/s2/upgrades";
            _fake.ThrottleNext = 1000;
            _fake.RetryAfterSeconds = 0;
            var run = shell.Run("Get-CspSubscription -CustomerId c1, c2 | Test-CspUpgradeEligibility");
            Assert.Null(run.Terminating);
            var error = Assert.Single(run.Errors);
            Assert.StartsWith("PartnerCenterThrottled", error.FullyQualifiedErrorId);
            Assert.Equal("s2", error.TargetObject);
            Assert.Equal(new[] { "s1", "s1", "s1", "s1", "s3" }, run.Of("EligibilityResult").Select(r => (string)r.SubscriptionId));
            Assert.Equal(7, _fake.Log.Count(r => r.Path == "customers/c2/subscriptions/s2/upgrades"));
        }

        [Fact]
        public void An_upgrade_whose_answer_is_lost_is_checked_and_reported_AlreadyUpgraded_with_a_single_POST()
        {
            using var shell = PartnerCenter();
            _fake.LoseNextPostResponses = 1;
            var run = shell.Run("Invoke-CspSubscriptionUpgrade -CustomerId c1 -SubscriptionId s1 -TargetOffer O365_E3 -Force -Verbose");
            Assert.Empty(run.Errors);
            var result = Assert.Single(run.Of("UpgradeResult"));
            Assert.Equal("AlreadyUpgraded", result.Status.ToString());
            Assert.Equal("s1-up1", (string)result.TargetSubscriptionId);
            Assert.Contains(run.Verbose, v => v.Contains("did not confirm the upgrade of s1"));
            Assert.Contains(run.Verbose, v => v.Contains("not sending the upgrade again"));
            var post = Assert.Single(_fake.Posts);
            Assert.False(post.AlreadyApplied);

            string[] journal = File.ReadAllLines(Journal);
            Assert.Equal(2, journal.Length);
            Assert.Contains("\"phase\":\"committed\"", journal[1]);
            Assert.Contains("confirmed by reading Partner Center", journal[1]);

            // No fault scenario ever sent a POST for an upgrade that had already happened.
            Assert.DoesNotContain(_fake.Posts, p => p.AlreadyApplied);
        }

        [Fact]
        public void A_transition_Partner_Center_is_still_performing_is_shown_Pending_with_a_warning_and_the_same_command_later_settles_it_without_a_second_POST()
        {
            _fake.WithNewCommerceData();
            _fake.TransitionReadsToComplete = 1_000; // still running however often it is read in this run
            _fake.AcceptedRetryAfterSeconds = 0;
            const string command = "Invoke-CspSubscriptionUpgrade -CustomerId c10 -SubscriptionId n1 -TargetOffer M365_BUSINESS_STANDARD -Quantity 4 -Force";
            using (var shell = PartnerCenter())
            {
                var run = shell.Run(command);
                Assert.Empty(run.Errors);
                var pending = Assert.Single(run.Of("UpgradeResult"));
                Assert.Equal("Pending", pending.Status.ToString());
                Assert.Equal("Partial", pending.Kind.ToString());
                Assert.Contains(run.Warnings, w => w.Contains("still performing the transition of n1") && w.Contains("run the same command again later"));
                Assert.Equal(10, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!); // nothing changed yet
                Assert.Single(_fake.Transitions);
                string view = string.Join("\n", shell.Ok("$r | Out-String -Width 120", new Dictionary<string, object?> { ["r"] = (object)pending }).Select(o => o.ToString()));
                Assert.Contains("Pending", view);
            }

            _fake.TransitionReadsToComplete = 0; // Partner Center has finished it by the next run
            using (var later = PartnerCenter())
            {
                var run = later.Run(command);
                Assert.Empty(run.Errors);
                var settled = Assert.Single(run.Of("UpgradeResult"));
                Assert.Equal("AlreadyUpgraded", settled.Status.ToString());
                string into = (string)settled.TargetSubscriptionId;
                Assert.NotEqual("n1", into);
                Assert.Equal(4, (int)_fake.FindSubscription("c10", into)!["quantity"]!);
                Assert.Equal(6, (int)_fake.FindSubscription("c10", "n1")!["quantity"]!);
            }
            Assert.Single(_fake.Transitions);
            Assert.Equal(1, _fake.Log.Count(r => r.Method == "POST" && r.Path.EndsWith("/transitions")));
            Assert.Contains(File.ReadAllLines(Journal), l => l.Contains("\"phase\":\"committed\""));
        }

        [Fact]
        public void A_new_commerce_target_the_catalogue_does_not_know_is_checked_and_then_performed_by_piping_the_check_into_the_upgrade()
        {
            _fake.WithNewCommerceData();
            _fake.SetTransitionEligibilities("n1", "immediate",
                FakePartnerCenter.TransitionEligibility("M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard"),
                FakePartnerCenter.TransitionEligibility("SOMETHING_NEW", "Microsoft 365 Something New"));
            using var shell = PartnerCenter();

            var run = shell.Run("Test-CspUpgradeEligibility -CustomerId c10 -SubscriptionId n1 -Quantity 4 | Where-Object TargetOffer -eq 'Microsoft 365 Something New' | Invoke-CspSubscriptionUpgrade -Force");

            Assert.Empty(run.Errors);
            var result = Assert.Single(run.Of("UpgradeResult"));
            Assert.Equal("Completed", result.Status.ToString());
            Assert.Equal(FakePartnerCenter.CatalogItemId("SOMETHING_NEW"), (string)result.TargetOfferId);
            Assert.Equal("Microsoft 365 Something New", (string)result.TargetOffer);
            Assert.Equal(4, (int)_fake.FindSubscription("c10", (string)result.TargetSubscriptionId)!["quantity"]!);
            Assert.Contains(run.Warnings, w => w.Contains("4 seat(s) wait for an assignment"));
        }

        [Fact]
        public void Mixed_error_codes_and_disagreements_show_through_the_cmdlets()
        {
            var c8 = _fake.AddCustomer("c8", "Proseware");
            c8.Subscriptions.Add(FakePartnerCenter.Subscription("s80", "O365_BUSINESS", "Office 365 Business", 10));
            c8.Subscriptions.Add(FakePartnerCenter.Subscription("s81", "EXCHANGE_ONLINE_P1", "Exchange Online (Plan 1)", 10));
            _fake.SetUpgrades("s80",
                FakePartnerCenter.Upgrade("O365_E3", "Office 365 Enterprise E3", true),
                FakePartnerCenter.Upgrade("O365_PROPLUS", "Office 365 ProPlus", false, "brand_new_reason", 3, "user_context_required"),
                FakePartnerCenter.Upgrade("SOMETHING_NEW", "Microsoft 365 Something", true));
            using var shell = PartnerCenter();
            var results = shell.Ok("Test-CspUpgradeEligibility -CustomerId c8 -SubscriptionId s80").Select(o => (dynamic)o.BaseObject).ToArray();
            Assert.Equal(3, results.Length);
            Assert.Contains("this module's rules refuse it (ConflictingServiceTypes)", (string)results[0].Disagreement);
            Assert.Equal("Other, ConflictingServiceTypes, UserContextRequired", (string)results[1].ReasonCodes);
            Assert.Equal("brand_new_reason", (string)ShellReasons(results[1])[0].OriginalCode);
            Assert.Equal(FakePartnerCenter.PcOfferId("SOMETHING_NEW"), (string)results[2].TargetOfferId);

            var options = shell.Run("Get-CspUpgradeOption -CustomerId c8 -SubscriptionId s80 -Verbose");
            Assert.Empty(options.Errors);
            Assert.Equal(new[] { "O365_E3", "O365_PROPLUS" }, options.Of("UpgradeOption").Select(o => (string)o.TargetOfferId));
            Assert.Contains(options.Verbose, v => v.Contains("which the catalogue does not map"));

            var unknownTarget = shell.Run("Test-CspUpgradeEligibility -CustomerId c8 -SubscriptionId s80 -TargetOffer O365_E5");
            var refused = (dynamic)Assert.Single(unknownTarget.Output).BaseObject;
            Assert.Equal("SubscriptionTargetOfferNotFound", (string)refused.ReasonCodes);
            Assert.Contains("Partner Center does not list Office 365 Enterprise E5", (string)ShellReasons(refused)[0].Message);

            var missing = shell.Run("Test-CspUpgradeEligibility -CustomerId nobody");
            Assert.StartsWith("CustomerNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        }

        private static dynamic[] ShellReasons(dynamic result) => ((IEnumerable<object>)result.Reasons).Cast<dynamic>().ToArray();

        [Fact]
        public void A_stop_during_a_long_Retry_After_ends_well_before_the_wait_would()
        {
            using var shell = PartnerCenter();
            foreach (string script in new[] { "Get-CspCustomer", "Get-CspSubscription -CustomerId c1 | Test-CspUpgradeEligibility -ThrottleLimit 2" })
            {
                int start = _fake.Log.Count;
                _fake.ThrottleWhen = script.StartsWith("Get-CspCustomer") ? null : r => r.Path.EndsWith("/upgrades");
                _fake.ThrottleNext = 1;
                _fake.RetryAfterSeconds = 30;
                using var ps = shell.Create(script);
                var pending = ps.BeginInvoke();
                var watch = Stopwatch.StartNew();
                while (!_fake.Log.Skip(start).Any(r => r.Status == 429))
                {
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the throttled request never arrived");
                    Thread.Sleep(20);
                }
                Thread.Sleep(500);
                watch.Restart();
                ps.Stop();
                try
                {
                    ps.EndInvoke(pending);
                }
                catch (PipelineStoppedException)
                {
                }
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"'{script}' took {watch.Elapsed.TotalSeconds:0.0}s to stop");
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
                _fake.ThrottleNext = 0;
            }
            // The session still works afterwards.
            _fake.ThrottleWhen = null;
            Assert.Equal(7, shell.Ok("Get-CspCustomer").Count);
        }

        [Fact]
        public void The_token_appears_in_no_output_error_stream_host_text_or_journal_across_every_fault()
        {
            var texts = new List<string>();
            using (var shell = new PcShell())
            {
                var token = Data.Secure(FakePartnerCenter.Token);
                string catalog = _dir.File("catalog.yaml");
                File.WriteAllText(catalog, Data.MappedCatalog());
                var vars = new Dictionary<string, object?> { ["token"] = token, ["endpoint"] = _fake.Endpoint, ["journal"] = Journal, ["catalog"] = catalog };
                void Run(string script)
                {
                    var run = shell.Run("$VerbosePreference = 'Continue'; $ProgressPreference = 'Continue'\n" + script, vars);
                    texts.Add(run.AllText());
                }

                Run("Import-CspOfferCatalog -Path $catalog; Connect-CspPartnerCenter -AccessToken $token -Endpoint $endpoint -JournalPath $journal; Get-CspConnection; $token");
                _fake.ThrottleNext = 2;
                _fake.FailNextGets = 1;
                Run("Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility -ThrottleLimit 3");
                _fake.LoseNextPostResponses = 1;
                Run("Invoke-CspSubscriptionUpgrade -CustomerId c1 -SubscriptionId s1 -TargetOffer O365_E3 -Force");
                _fake.FailNextPostsBeforeApplying = 1;
                Run("Invoke-CspSubscriptionUpgrade -CustomerId c2 -SubscriptionId s2 -TargetOffer O365_E5 -Force");
                _fake.PatchAccepted = true;
                Run("Add-CspSubscriptionLicense -CustomerId c2 -SubscriptionId s2-up2 -Count 2 -PassThru -Confirm:$false");
                Run("Invoke-CspSubscriptionUpgrade -CustomerId c3 -SubscriptionId s4 -TargetOffer O365_E3 -Force; Get-CspUpgradeOption -CustomerId c2 -SubscriptionId s3");
                _fake.ThrottleNext = 100;
                _fake.RetryAfterSeconds = 0;
                Run("Get-CspSubscription -CustomerId c1");
                _fake.ThrottleNext = 0;
                _fake.AcceptedToken = "rotated";
                Run("Get-CspCustomer");
                Run("Test-CspUpgradeEligibility -CustomerId c1");
                Run("Connect-CspPartnerCenter -AccessToken $token -Endpoint $endpoint -JournalPath $journal");
                Run("$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ErrorDetails.Message; $_.ScriptStackTrace }; Get-CspConnection; Disconnect-CspConnection -Verbose");
                texts.Add(shell.Host.Text);
            }
            texts.Add(File.ReadAllText(Journal));

            // The module really used the token, and the scenarios really happened ...
            Assert.Contains(_fake.Log, r => r.Header("Authorization") == "Bearer " + FakePartnerCenter.Token);
            Assert.Contains(_fake.Log, r => r.Status == 429);
            Assert.Contains(_fake.Log, r => r.Status == 401);
            Assert.Contains(_fake.Log, r => r.Status == 503);
            Assert.Contains(_fake.Log, r => r.Status == 202);
            Assert.Equal(3, _fake.Posts.Count);
            string all = string.Join("\n", texts);
            Assert.Contains("PartnerCenterUnauthorized", all);
            Assert.Contains("PartnerCenterThrottled", all);
            Assert.Contains("System.Security.SecureString", all); // $token itself printed only as its type
            // ... and no text anywhere holds it.
            Assert.DoesNotContain(FakePartnerCenter.Token, all);
            Assert.DoesNotContain(FakePartnerCenter.Token.Substring(4, 12), all);
        }
    }
}
