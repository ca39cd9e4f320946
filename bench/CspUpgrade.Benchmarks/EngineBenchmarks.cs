using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// The (a) workload: every subscription of the 100k inventory against five targets (a mix of valid paths, wrong paths,
/// market restrictions and owned targets), one thread. A check = EligibilityEngine.Check with its ReasonCodes string
/// computed; messages stay lazy.
/// </summary>
public sealed class CheckWorkload
{
    public static readonly string[] TargetIds = { "O365_BUSINESS_PREMIUM", "O365_BUSINESS_PREMIUM_IN", "O365_E1", "O365_E3", "O365_E5" };

    internal CheckWorkload(InventoryDocument document)
    {
        Document = document;
        Engine = new EligibilityEngine(OfferCatalog.Default);
        Targets = TargetIds.Select(id => OfferCatalog.Default.Find(id) ?? throw new InvalidOperationException(id)).ToArray();
        Checks = (long)document.Customers.Sum(c => c.Subscriptions.Count) * Targets.Length;
        Contexts = document.Customers.Select(c => Engine.CreateContext(c, document.Partner)).ToArray();
    }

    internal InventoryDocument Document { get; }
    internal EligibilityEngine Engine { get; }
    public CatalogOffer[] Targets { get; }
    internal CustomerContext[] Contexts { get; }

    /// <summary>Checks in one pass.</summary>
    public long Checks { get; }

    /// <summary>One pass: index each customer (CreateContext), then check all its subscriptions against every target.</summary>
    public long RunWithIndexing()
    {
        long sink = 0;
        var engine = Engine;
        var partner = Document.Partner;
        var targets = Targets;
        foreach (var customer in Document.Customers)
        {
            var context = engine.CreateContext(customer, partner);
            foreach (var subscription in customer.Subscriptions)
            {
                foreach (var target in targets)
                {
                    var result = engine.Check(context, subscription, target, UpgradeType.UpgradeWithLicenseTransfer, null);
                    sink += result.ReasonCodes.Length;
                }
            }
        }
        return sink;
    }

    /// <summary>One pass with the customer contexts built beforehand: the cost of the checks alone.</summary>
    public long RunChecksOnly()
    {
        long sink = 0;
        var engine = Engine;
        var targets = Targets;
        foreach (var context in Contexts)
        {
            foreach (var subscription in context.Customer.Subscriptions)
            {
                foreach (var target in targets)
                {
                    var result = engine.Check(context, subscription, target, UpgradeType.UpgradeWithLicenseTransfer, null);
                    sink += result.ReasonCodes.Length;
                }
            }
        }
        return sink;
    }

    /// <summary>
    /// Where the time of a check goes, by measurement rather than sampling (EventPipe samples at safe points on Linux,
    /// which piles them on allocation helpers): the same pairs with and without ReasonCodes, eligible pairs alone,
    /// pairs grouped by number of reasons, and bytes allocated per check.
    /// </summary>
    public IEnumerable<string> Breakdown(int passes)
    {
        var pairs = new List<(CustomerContext Context, SubscriptionRecord Subscription, CatalogOffer Target, int Reasons)>();
        foreach (var context in Contexts)
        {
            foreach (var subscription in context.Customer.Subscriptions)
            {
                foreach (var target in Targets)
                {
                    pairs.Add((context, subscription, target, Engine.Check(context, subscription, target, UpgradeType.UpgradeWithLicenseTransfer, null).Reasons.Count));
                }
            }
        }

        double NsPerCheck(IReadOnlyList<(CustomerContext Context, SubscriptionRecord Subscription, CatalogOffer Target, int Reasons)> set, bool codes, out double bytes)
        {
            long sink = 0;
            var samples = new List<double>();
            bytes = 0;
            for (int pass = 0; pass < passes + 1; pass++)
            {
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                foreach (var (context, subscription, target, _) in set)
                {
                    var result = Engine.Check(context, subscription, target, UpgradeType.UpgradeWithLicenseTransfer, null);
                    sink += codes ? result.ReasonCodes.Length : result.Reasons.Count;
                }
                if (pass > 0)
                {
                    samples.Add(watch.Elapsed.TotalMilliseconds * 1e6 / set.Count);
                    bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / set.Count;
                }
            }
            GC.KeepAlive(sink);
            return Stats.Median(samples);
        }

        double all = NsPerCheck(pairs, codes: true, out double allBytes);
        double noCodes = NsPerCheck(pairs, codes: false, out double noCodesBytes);
        yield return $"all {pairs.Count:N0} pairs: {all:F0} ns/check, {allBytes:F0} B/check; without ReasonCodes {noCodes:F0} ns, {noCodesBytes:F0} B; mean reasons/check {pairs.Average(p => p.Reasons):F2}";
        foreach (var group in pairs.GroupBy(p => Math.Min(p.Reasons, 8)).OrderBy(g => g.Key))
        {
            var set = group.ToList();
            double ns = NsPerCheck(set, codes: true, out double b);
            double nsNoCodes = NsPerCheck(set, codes: false, out _);
            yield return $"{(group.Key == 8 ? "8+" : group.Key.ToString()),2} reasons: {100.0 * set.Count / pairs.Count,5:F1}% of pairs, {ns,5:F0} ns/check ({nsNoCodes,5:F0} without ReasonCodes), {b,5:F0} B/check";
        }
    }

    /// <summary>How the results of one pass split: eligible share and reason codes, to show the workload is a mix.</summary>
    public string Describe()
    {
        long eligible = 0;
        var codes = new Dictionary<ReasonCode, long>();
        foreach (var context in Contexts)
        {
            foreach (var subscription in context.Customer.Subscriptions)
            {
                foreach (var target in Targets)
                {
                    var result = Engine.Check(context, subscription, target, UpgradeType.UpgradeWithLicenseTransfer, null);
                    if (result.IsEligible)
                    {
                        eligible++;
                    }
                    foreach (var reason in result.Reasons)
                    {
                        codes[reason.Code] = codes.GetValueOrDefault(reason.Code) + 1;
                    }
                }
            }
        }
        return $"{Checks:N0} checks per pass, {100.0 * eligible / Checks:F1}% eligible; reasons: "
            + string.Join(", ", codes.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}"));
    }
}

/// <summary>(a) with BenchmarkDotNet: nanoseconds per check (OperationsPerInvoke = checks of one pass).</summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    /// <summary>100,000 subscriptions x 5 targets.</summary>
    public const int ChecksPerPass = BenchData.Subscriptions * 5;

    private CheckWorkload _workload = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchData.Ensure(Console.Out);
        _workload = new CheckWorkload(InventoryLoader.Load(BenchData.JsonPath, OfferCatalog.Default));
        if (_workload.Checks != ChecksPerPass)
        {
            throw new InvalidOperationException($"Expected {ChecksPerPass} checks per pass, got {_workload.Checks}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ChecksPerPass, Description = "Check incl. CreateContext")]
    public long ChecksWithIndexing() => _workload.RunWithIndexing();

    [Benchmark(OperationsPerInvoke = ChecksPerPass, Description = "Check, contexts prebuilt")]
    public long ChecksOnly() => _workload.RunChecksOnly();
}

/// <summary>(b) with BenchmarkDotNet: InventoryLoader.Load of the generated inventory, one load per invocation.</summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    [GlobalSetup]
    public void Setup()
    {
        BenchData.Ensure(Console.Out);
        _ = OfferCatalog.Default;
    }

    [Benchmark(Baseline = true, Description = "Load JSON (100k subs, 200k users)")]
    public int LoadJson() => InventoryLoader.Load(BenchData.JsonPath, OfferCatalog.Default).Customers.Count;

    [Benchmark(Description = "Load YAML (100k subs, 200k users)")]
    public int LoadYaml() => InventoryLoader.Load(BenchData.YamlPath, OfferCatalog.Default).Customers.Count;
}
