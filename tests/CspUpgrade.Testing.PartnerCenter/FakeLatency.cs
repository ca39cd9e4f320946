using System;

namespace CspUpgrade.Testing.PartnerCenter
{
    /// <summary>
    /// How long the fake takes to answer, by route (<see cref="FakeRoutes"/>), uniformly jittered between a least and a most
    /// time from a seeded generator (the same seed gives the same sequence of delays). Defaults as the benchmark assumes Partner
    /// Center answers: lists and details 100-300 ms, eligibility 200-1,200 ms, writes 300-1,500 ms. Assign <see cref="Delay"/>
    /// to <see cref="FakePartnerCenter.Latency"/>.
    /// </summary>
    public sealed class FakeLatency
    {
        private readonly Random _random;
        private readonly object _lock = new object();

        public FakeLatency(int seed) => _random = new Random(seed);

        public (TimeSpan Least, TimeSpan Most) Reads { get; set; } = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
        public (TimeSpan Least, TimeSpan Most) Eligibility { get; set; } = (TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1200));
        public (TimeSpan Least, TimeSpan Most) Writes { get; set; } = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1500));

        public TimeSpan Delay(RecordedRequest request)
        {
            string route = FakeRoutes.Of(request);
            var (least, most) = route == FakeRoutes.Eligibility ? Eligibility : route == FakeRoutes.Writes ? Writes : Reads;
            double fraction;
            lock (_lock)
            {
                fraction = _random.NextDouble();
            }
            return least + TimeSpan.FromTicks((long)((most - least).Ticks * fraction));
        }
    }
}
