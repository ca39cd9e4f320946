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
    /// A whole-tenant sweep (Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility) as issue 14 asks for it:
    /// nothing read twice, customer details read several at a time, progress with the total once it is known, and a stopped
    /// run that keeps what it wrote. Speed itself is measured in bench/ (mode tenant), never here.
    /// </summary>
    public sealed class SweepTests : FakeServiceTests
    {
        private const string Sweep = "Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility";

        [Fact]
        public void A_sweep_reads_each_resource_once_and_asks_eligibility_once_per_subscription_and_shows_the_total()
        {
            using var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
            var run = shell.Run(Sweep);

            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            // 1 connection check, 3 pages of 3 customers, 7 details, 7 subscription lists, 4 eligibility requests: the minimum.
            var routes = Testing.PartnerCenter.FakeRoutes.Count(_fake.Log).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(new Dictionary<string, int>
            {
                [Testing.PartnerCenter.FakeRoutes.Connection] = 1,
                [Testing.PartnerCenter.FakeRoutes.CustomerPages] = 3,
                [Testing.PartnerCenter.FakeRoutes.CustomerDetails] = 7,
                [Testing.PartnerCenter.FakeRoutes.SubscriptionLists] = 7,
                [Testing.PartnerCenter.FakeRoutes.Eligibility] = 4,
            }, routes);
            Assert.Equal(new[] { "s1", "s2", "s3", "s4" }, run.Output.Select(o => (string)((dynamic)o).SubscriptionId).Distinct());
            // Once every item is in, the progress says "of" how many, and the last one is all of them.
            var last = run.Progress.Last(p => p.Activity == "Checking upgrade eligibility");
            Assert.StartsWith("4 of 4 item(s) checked", last.StatusDescription);
        }

        [Fact]
        public void Customer_details_are_read_several_at_a_time_and_the_customers_still_come_in_list_order()
        {
            _fake.Latency = r => Testing.PartnerCenter.FakeRoutes.Of(r) == Testing.PartnerCenter.FakeRoutes.CustomerDetails ? TimeSpan.FromMilliseconds(300) : TimeSpan.Zero;
            using var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"));
            var customers = shell.Ok("Get-CspCustomer");

            Assert.Equal(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7" }, customers.Select(c => (string)((dynamic)c).CustomerId));
            var details = _fake.Log.Where(r => Testing.PartnerCenter.FakeRoutes.Of(r) == Testing.PartnerCenter.FakeRoutes.CustomerDetails).ToList();
            Assert.Equal(7, details.Count);
            int mostAtOnce = details.Max(r => details.Count(o => o.At <= r.At && o.AnsweredAt > r.At));
            Assert.True(mostAtOnce > 1, "the customer details were read one after the other");
            Assert.Equal("US", (string)((dynamic)customers[0]).Market); // the details (the market) are the ones used
        }

        [Fact]
        public void With_a_token_provider_details_are_still_read_several_at_a_time_and_a_worker_renews_its_token_through_the_command_thread()
        {
            // A worker's request is refused (401): the provider script must run on the pipeline thread, which is waiting for
            // the workers inside the customer listing. It runs the script there, so the listing finishes instead of hanging.
            const string first = "sweep-token-1-Hq3Tz8";
            const string second = "sweep-token-2-Lm6Wc1";
            _fake.AcceptedToken = first;
            using var shell = new PcShell();
            shell.Ok(@"$global:calls = 0; $global:threads = [System.Collections.Generic.List[int]]::new()
                Connect-CspPartnerCenter -Endpoint $endpoint -JournalPath $journal -TokenProvider {
                    $global:threads.Add([System.Threading.Thread]::CurrentThread.ManagedThreadId)
                    $tokens[[Math]::Min($global:calls++, 1)]
                } | Out-Null",
                new Dictionary<string, object?> { ["tokens"] = new[] { first, second }, ["endpoint"] = _fake.Endpoint, ["journal"] = _dir.File("pc.journal.jsonl") });
            // The first token expires once the first customer's details are answered: the workers reading the others get the 401.
            _fake.Latency = r =>
            {
                if (Testing.PartnerCenter.FakeRoutes.Of(r) != Testing.PartnerCenter.FakeRoutes.CustomerDetails)
                {
                    return TimeSpan.Zero;
                }
                _fake.AcceptedToken = second;
                return TimeSpan.FromMilliseconds(200);
            };
            var customers = shell.Ok("$global:pipeline = [System.Threading.Thread]::CurrentThread.ManagedThreadId; Get-CspCustomer");

            Assert.Equal(new[] { "c1", "c2", "c3", "c4", "c5", "c6", "c7" }, customers.Select(c => (string)((dynamic)c).CustomerId));
            Assert.Equal(2, (int)shell.Ok("$global:calls").Single().BaseObject);
            Assert.Equal((int)shell.Ok("$global:pipeline").Single().BaseObject, (int)shell.Ok("$global:threads[1]").Single().BaseObject);
            Assert.Contains(_fake.Log, r => Testing.PartnerCenter.FakeRoutes.Of(r) == Testing.PartnerCenter.FakeRoutes.CustomerDetails && r.Status == 401);
            var details = _fake.Log.Where(r => Testing.PartnerCenter.FakeRoutes.Of(r) == Testing.PartnerCenter.FakeRoutes.CustomerDetails && r.Status == 200).ToList();
            Assert.Equal(7, details.Count);
            int mostAtOnce = details.Max(r => details.Count(o => o.At <= r.At && o.AnsweredAt > r.At));
            Assert.True(mostAtOnce > 1, "the customer details were read one after the other");
        }

        [Fact]
        public void A_stopped_sweep_keeps_the_results_it_wrote_to_the_csv_and_the_rest_can_be_run_on_their_own()
        {
            using var fake = Testing.PartnerCenter.FakeTenant.Generate(new Testing.PartnerCenter.FakePartnerCenter { PageSize = 100, RequestsPerMinute = null }, customers: 6, subscriptionsPerCustomer: 5, seed: 7);
            fake.Latency = r => Testing.PartnerCenter.FakeRoutes.Of(r) == Testing.PartnerCenter.FakeRoutes.Eligibility ? TimeSpan.FromMilliseconds(150) : TimeSpan.Zero;
            var all = fake.Customers.SelectMany(c => c.Subscriptions.Select(s => (string)s["id"]!)).ToList();
            string csv = _dir.File("eligibility.csv");
            using var shell = new PcShell();
            shell.ConnectPartnerCenter(fake, _dir.File("pc.journal.jsonl"));

            using (var ps = shell.Create($"{Sweep} -ThrottleLimit 2 | Export-Csv -LiteralPath $csv", new Dictionary<string, object?> { ["csv"] = csv }))
            {
                var pending = ps.BeginInvoke();
                var watch = Stopwatch.StartNew();
                while (fake.Log.Count(r => Testing.PartnerCenter.FakeRoutes.Of(r) == Testing.PartnerCenter.FakeRoutes.Eligibility && r.AnsweredAt > TimeSpan.Zero) < 8)
                {
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the sweep never got going");
                    Thread.Sleep(20);
                }
                ps.Stop();
                try
                {
                    ps.EndInvoke(pending);
                }
                catch (PipelineStoppedException)
                {
                }
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            }

            var kept = shell.Ok("Import-Csv -LiteralPath $csv", new Dictionary<string, object?> { ["csv"] = csv });
            var keptIds = kept.Select(r => (string)((dynamic)r).SubscriptionId).Distinct().ToList();
            Assert.NotEmpty(keptIds);
            Assert.True(keptIds.Count < all.Count, "the run finished before it was stopped");
            Assert.Equal(all.Take(keptIds.Count), keptIds); // what was written is the start of the sweep, in order
            Assert.All(kept, r => Assert.Contains((string)((dynamic)r).IsEligible, new[] { "True", "False" })); // whole rows

            // README: the rest, appended, leaving out the subscriptions already done.
            shell.Ok("$done = Import-Csv -LiteralPath $csv | ForEach-Object SubscriptionId\n" +
                "Get-CspCustomer | Get-CspSubscription | Where-Object SubscriptionId -notin $done | Test-CspUpgradeEligibility | Export-Csv -LiteralPath $csv -Append",
                new Dictionary<string, object?> { ["csv"] = csv });
            var final = shell.Ok("Import-Csv -LiteralPath $csv", new Dictionary<string, object?> { ["csv"] = csv });
            Assert.Equal(all, final.Select(r => (string)((dynamic)r).SubscriptionId).Distinct());
        }
    }
}
