using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CspUpgrade.Hosting;
using CspUpgrade.Testing.PartnerCenter;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// (e) A whole-tenant sweep against the fake Partner Center at its documented limit: a generated tenant (legacy and new
/// commerce), the budget of 500 requests a minute enforced (429 with Retry-After beyond it, 50 at once), jittered latency
/// per route. The module's <c>Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility</c> with default settings,
/// and at the same time, on a second fake with the same tenant and latency seed, the sequential Invoke-RestMethod loop
/// of bench/Sweep-Sequential.ps1. Both are hosted in this process (PowerShell SDK), each in its own runspace.
/// </summary>
internal static class TenantBench
{
    public const int Seed = 20261202;
    public const int RequestsPerMinute = 500;
    public const int Burst = 50;
    public const int ModulePageSize = 100; // what the module asks of GET customers (PartnerCenterReader.CustomerPageSize)

    public const string Pipeline = "Get-CspCustomer | Get-CspSubscription | Test-CspUpgradeEligibility";

    public sealed record Sweep(double Seconds, IReadOnlyList<RecordedRequest> Requests, int Rows, int Errors, string? LastProgress)
    {
        public int Throttled => Requests.Count(r => r.Status == 429);
        public int Count(string route) => Requests.Count(r => FakeRoutes.Of(r) == route);
    }

    public static void Run(Report report, TextWriter log, int customers, int subscriptionsPerCustomer, bool peer)
    {
        using var ours = NewFake(customers, subscriptionsPerCustomer);
        using var theirs = NewFake(customers, subscriptionsPerCustomer);
        int subscriptions = ours.Customers.Sum(c => c.Subscriptions.Count);
        int pages = Math.Max(1, (int)Math.Ceiling(customers / (double)Math.Min(ModulePageSize, ours.PageSize)));
        var minimum = new (string Route, int Count)[]
        {
            (FakeRoutes.Connection, 1),
            (FakeRoutes.CustomerPages, pages),
            (FakeRoutes.CustomerDetails, customers),
            (FakeRoutes.SubscriptionLists, customers),
            (FakeRoutes.Eligibility, subscriptions),
        };
        int minimumTotal = minimum.Sum(m => m.Count);
        double floor = Math.Max(0, minimumTotal - Burst) / (RequestsPerMinute / 60.0);
        log.WriteLine($"(e) tenant sweep: {customers} customers x {subscriptionsPerCustomer} subscriptions " +
            $"({ours.Customers.Sum(c => c.Subscriptions.Count(s => (string?)s["productType"]?["id"] == "OnlineServicesNCE"))} new commerce), " +
            $"budget {RequestsPerMinute}/min ({Burst} at once); minimum {minimumTotal} requests, floor {floor:F1} s{(peer ? "; the sequential loop runs at the same time on its own fake" : string.Empty)} ...");

        Task<Sweep>? peerRun = peer ? Task.Factory.StartNew(() => RunPeer(theirs), TaskCreationOptions.LongRunning) : null;
        var sweep = RunModule(ours);
        log.WriteLine($"  module: {sweep.Seconds:F1} s, {sweep.Requests.Count} requests, {sweep.Throttled} x 429, {sweep.Rows} results, {sweep.Errors} errors; last progress: {sweep.LastProgress}");
        log.WriteLine("  requests a second, by 5 s: " + string.Join(" ", sweep.Requests.GroupBy(r => (int)(r.At.TotalSeconds / 5)).OrderBy(g => g.Key).Select(g => $"{g.Count() / 5.0:F1}")));
        log.WriteLine("  by route (made / minimum): " + string.Join(", ", minimum.Select(m => $"{m.Route} {sweep.Count(m.Route)}/{m.Count}")) +
            string.Concat(FakeRoutes.Count(sweep.Requests).Where(p => minimum.All(m => m.Route != p.Key)).Select(p => $", {p.Key} {p.Value}/0")));
        Sweep? loop = null;
        if (peerRun != null)
        {
            log.WriteLine("  waiting for the sequential loop ...");
            loop = peerRun.GetAwaiter().GetResult();
            log.WriteLine($"  sequential loop: {loop.Seconds:F1} s, {loop.Requests.Count} requests, {loop.Throttled} x 429, {loop.Rows} rows, {loop.Errors} errors");
        }
        report.Tenant(sweep, loop, minimumTotal, floor, customers, subscriptionsPerCustomer, minimum.Select(m => (m.Route, m.Count, sweep.Count(m.Route))).ToList());
    }

    private static FakePartnerCenter NewFake(int customers, int subscriptionsPerCustomer)
    {
        var fake = new FakePartnerCenter
        {
            RequestsPerMinute = RequestsPerMinute,
            Burst = Burst,
            PageSize = ModulePageSize,
            Latency = new FakeLatency(Seed).Delay,
        };
        return FakeTenant.Generate(fake, customers, subscriptionsPerCustomer, Seed);
    }

    private static Sweep RunModule(FakePartnerCenter fake)
    {
        var host = new TextHost();
        using var runspace = ModuleRunspace.Open(host, importModule: true, manifest: BenchData.ModuleManifest);
        string journal = Path.Combine(Path.GetTempPath(), $"cspupgrade-bench-{Guid.NewGuid():N}.journal.jsonl");
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript("param($token, $endpoint, $journal) " +
            "$secure = ConvertTo-SecureString -String $token -AsPlainText -Force; " +
            "$watch = [System.Diagnostics.Stopwatch]::StartNew(); " +
            "$null = Connect-CspPartnerCenter -AccessToken $secure -Endpoint $endpoint -JournalPath $journal; " +
            $"$results = {Pipeline}; " +
            "$watch.Stop(); [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Rows = @($results | Where-Object { $_ -is [CspUpgrade.EligibilityResult] }).Count }")
            .AddArgument(FakePartnerCenter.Token).AddArgument(fake.Root.ToString()).AddArgument(journal);
        // What an admin would see: the progress status every 10 s (done of total, rate, time left).
        var started = Stopwatch.StartNew();
        using var sampler = new System.Threading.Timer(_ =>
        {
            ProgressRecord? last;
            lock (host.TextUI.Progress)
            {
                last = host.TextUI.Progress.LastOrDefault();
            }
            if (last != null)
            {
                Console.WriteLine($"  {started.Elapsed.TotalSeconds,5:F0} s  {last.Activity}: {last.StatusDescription}");
            }
        }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var output = shell.Invoke();
        sampler.Dispose();
        File.Delete(journal);
        if (shell.Streams.Error.Count > 0)
        {
            Console.WriteLine($"  first error of {shell.Streams.Error.Count}: {shell.Streams.Error[0]}");
        }
        var result = output.Last();
        var last = host.TextUI.Progress.LastOrDefault(); // the cmdlet reuses one record: its last status, now marked Completed
        return new Sweep((double)result.Properties["Seconds"].Value, fake.Log, (int)result.Properties["Rows"].Value, shell.Streams.Error.Count,
            last is null ? null : $"{last.Activity}: {last.StatusDescription}");
    }

    private static Sweep RunPeer(FakePartnerCenter fake)
    {
        var host = new TextHost();
        using var runspace = ModuleRunspace.Open(host, importModule: false);
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        string script = Path.Combine(ModuleRunspace.RepositoryRoot(), "bench", "Sweep-Sequential.ps1");
        var watch = Stopwatch.StartNew();
        shell.AddCommand(script).AddParameter("Endpoint", fake.Root.ToString()).AddParameter("AccessToken", FakePartnerCenter.Token);
        var rows = shell.Invoke();
        watch.Stop();
        int failed = rows.Count(r => r.Properties["Error"]?.Value != null) + shell.Streams.Error.Count;
        // Timed from its first request's arrival to its last answer: the script's own start-up (parsing, the first
        // Invoke-RestMethod's JIT) is not counted against it, unlike the module's (timed from Connect-CspPartnerCenter).
        var log = fake.Log;
        double seconds = log.Count == 0 ? watch.Elapsed.TotalSeconds : (log.Max(r => r.AnsweredAt) - log.Min(r => r.At)).TotalSeconds;
        return new Sweep(seconds, log, rows.Count, failed, null);
    }
}
