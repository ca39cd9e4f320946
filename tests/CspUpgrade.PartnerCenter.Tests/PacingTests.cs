using System;
using System.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Pacing (SPEC 1.8): Partner Center allows about 500 requests a minute and answers 429 past that; the client paces every
    /// request of a connection so a run stays under the budget, and a 429 still slows it.
    /// </summary>
    public sealed class PacingTests : FakeServiceTests
    {
        [Fact]
        public void The_pace_lets_a_twentieth_of_a_minute_through_at_once_and_then_one_request_per_share_of_the_minute()
        {
            var pace = new RequestPace(60);
            var waits = Enumerable.Range(0, 5).Select(_ => pace.Reserve()).ToList();
            Assert.All(waits.Take(3), w => Assert.Equal(TimeSpan.Zero, w));
            Assert.InRange(waits[3].TotalSeconds, 0.9, 1.0); // one a second at 60 a minute, each turn reserved after the last
            Assert.InRange(waits[4].TotalSeconds, 1.9, 2.0);

            pace.Slow();
            Assert.Equal(45, pace.RequestsPerMinute, 3);
            for (int i = 0; i < 20; i++)
            {
                pace.Slow();
            }
            Assert.Equal(60 / 8.0, pace.RequestsPerMinute, 3); // never below an eighth of the pace asked for
        }

        [Fact]
        public void Bulk_workers_keep_at_most_one_turn_promised_so_the_reads_that_feed_them_wait_behind_one_turn_not_all_of_theirs()
        {
            long now = 0; // a clock in milliseconds
            var pace = new RequestPace(60, () => now, 1000); // one a second, three at once
            for (int i = 0; i < 3; i++)
            {
                Assert.True(pace.TryReserve(background: true, out var none));
                Assert.Equal(TimeSpan.Zero, none);
            }
            // The bucket is empty: a background request may still promise one turn ahead, no more.
            Assert.True(pace.TryReserve(background: true, out var promised));
            Assert.Equal(1, promised.TotalSeconds, 3);
            for (int i = 0; i < 12; i++)
            {
                Assert.False(pace.TryReserve(background: true, out var later), "a worker reserved beyond the horizon");
                Assert.True(later > TimeSpan.Zero);
            }
            // The command's own read (foreground) waits behind that one turn only, not behind a dozen workers.
            Assert.True(pace.TryReserve(background: false, out var feed));
            Assert.Equal(2, feed.TotalSeconds, 3);

            // Time passes: the workers get their turns again, one at a time, and the rate is unchanged.
            now += 3000;
            Assert.True(pace.TryReserve(background: true, out var next));
            Assert.Equal(0, next.TotalSeconds, 3);
            Assert.True(pace.TryReserve(background: true, out var ahead));
            Assert.Equal(1, ahead.TotalSeconds, 3);
            Assert.False(pace.TryReserve(background: true, out _));
            Assert.Equal(60, pace.RequestsPerMinute, 3);
        }

        [Fact]
        public void A_client_paced_at_the_budget_gets_no_429_where_an_unpaced_burst_would()
        {
            _fake.RequestsPerMinute = 120; // two a second, twelve at once
            using (var client = new PartnerCenterClient(_fake.Endpoint, Data.Secure(FakePartnerCenter.Token), new PartnerCenterClientOptions { RequestsPerMinute = 120 }))
            {
                for (int i = 0; i < 18; i++)
                {
                    Assert.Equal(200, client.Get("customers/c1/subscriptions", default).StatusCode);
                }
            }
            Assert.Equal(18, _fake.Log.Count);
            Assert.DoesNotContain(_fake.Log, r => r.Status == 429);
        }

        [Fact]
        public void A_429_past_the_budget_is_waited_out_and_slows_the_pace()
        {
            _fake.RequestsPerMinute = 60;
            _fake.Burst = 1;
            using var client = new PartnerCenterClient(_fake.Endpoint, Data.Secure(FakePartnerCenter.Token), new PartnerCenterClientOptions { RequestsPerMinute = 6000 });
            Assert.Equal(6000, client.RequestsPerMinute);
            Assert.Equal(200, client.Get("customers/c1/subscriptions", default).StatusCode);
            Assert.Equal(200, client.Get("customers/c2/subscriptions", default).StatusCode);

            var throttled = Assert.Single(_fake.Log, r => r.Status == 429);
            Assert.True(throttled.OverBudget);
            Assert.Equal("1", throttled.RetryAfter);
            var retry = _fake.Log.Single(r => r.Index == throttled.Index + 1);
            Assert.True(retry.At - throttled.AnsweredAt >= TimeSpan.FromSeconds(1), "the Retry-After was not waited out");
            Assert.Equal(200, retry.Status);
            Assert.Equal(4500, client.RequestsPerMinute);
        }

        [Fact]
        public void Connect_takes_RequestsPerMinute_and_a_whole_sweep_stays_within_that_budget()
        {
            _fake.RequestsPerMinute = 60; // six at once, then one a second (the client lets three through at once)
            using var shell = new PcShell();
            shell.ConnectPartnerCenter(_fake, _dir.File("pc.journal.jsonl"), parameters: "-RequestsPerMinute 60");
            var run = shell.Run("Get-CspCustomer -Name C* | Get-CspSubscription");

            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(new[] { "s1" }, run.Of("Subscription").Select(s => (string)s.SubscriptionId));
            Assert.True(_fake.Log.Count > 6, "the sweep needs more requests than the budget lets through at once");
            Assert.DoesNotContain(_fake.Log, r => r.Status == 429);
        }
    }
}
