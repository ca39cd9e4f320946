using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CspUpgrade;
using CspUpgrade.Benchmarks;

// Usage: dotnet run -c Release --project bench/CspUpgrade.Benchmarks -- [checks|load|import|pipeline|all|quick|tenant]
//   checks, load  BenchmarkDotNet runs of (a) and (b)
//   import        (c) cold Import-Module, N=10 fresh processes per module
//   pipeline      (d) per-object pipeline cost, 5 warm-up + 20 measured rounds
//   tenant        (e) a whole-tenant sweep against the fake Partner Center at 500 requests a minute, and the sequential loop
//   hostile       time to reject hostile nesting (100,000 deep, YAML and JSON, inventory and catalogue)
//   all           the four above, then the summary table
//   quick         a short Stopwatch version of everything (under a minute) and the summary table
//   diagnostics   checks-breakdown | profile-checks [s] | profile-pipeline [s] | pipeline-custom '<pipeline>'...
//   --cold-import <psd1>   internal: one sample of (c), in this fresh process
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 2 && args[0] == "--cold-import")
{
    return ColdImport.RunChild(args[1]);
}

string mode = args.Length > 0 ? args[0].ToLowerInvariant() : "quick";
var log = Console.Out;
var report = new Report(log);
switch (mode)
{
    case "quick":
        // (c) first, while this process is still small and quiet: its samples are other processes.
        Quick.Import(report, log, processes: 10);
        BenchData.Ensure(log);
        Quick.Checks(report, log, warmup: 3, passes: 10);
        Quick.Load(report, log, jsonRuns: 3, yamlRuns: 1);
        Quick.Pipeline(report, log, warmupRounds: 5, rounds: 7);
        break;
    case "checks":
        BenchData.Ensure(log);
        Dotnet.Checks(report, args.Skip(1).ToArray());
        break;
    case "load":
        BenchData.Ensure(log);
        Dotnet.Load(report, args.Skip(1).ToArray());
        break;
    case "import":
        Quick.Import(report, log, processes: 10);
        break;
    case "hostile":
        HostileInput.Run(log);
        break;
    case "tenant":
        // (e) [customers] [subscriptions per customer] [--no-peer]
        TenantBench.Run(report, log,
            customers: args.Length > 1 && int.TryParse(args[1], out int customers) ? customers : 40,
            subscriptionsPerCustomer: args.Length > 2 && int.TryParse(args[2], out int perCustomer) ? perCustomer : 10,
            peer: !args.Contains("--no-peer"));
        break;
    case "pipeline":
        BenchData.Ensure(log);
        Quick.Pipeline(report, log, warmupRounds: 5, rounds: 20);
        break;
    case "all":
        Quick.Import(report, log, processes: 10);
        BenchData.Ensure(log);
        Dotnet.Checks(report, Array.Empty<string>());
        Dotnet.Load(report, Array.Empty<string>());
        Quick.Pipeline(report, log, warmupRounds: 5, rounds: 20);
        break;
    case "profile-checks":
        // For a profiler (bench/README.md): the checks of (a) in a loop.
        {
            BenchData.Ensure(log);
            var workload = new CheckWorkload(InventoryLoader.Load(BenchData.JsonPath, OfferCatalog.Default));
            var watch = Stopwatch.StartNew();
            long sink = 0;
            int passes = 0;
            while (watch.Elapsed.TotalSeconds < Seconds(args, 15))
            {
                sink += workload.RunWithIndexing();
                passes++;
            }
            log.WriteLine($"{passes} passes, {passes * workload.Checks / watch.Elapsed.TotalSeconds:N0} checks/s ({sink})");
        }
        return 0;
    case "checks-breakdown":
        // Where a check's time goes: with/without ReasonCodes, by number of reasons, bytes allocated.
        {
            BenchData.Ensure(log);
            var workload = new CheckWorkload(InventoryLoader.Load(BenchData.JsonPath, OfferCatalog.Default));
            log.WriteLine(workload.Describe());
            foreach (string line in workload.Breakdown(passes: 5))
            {
                log.WriteLine(line);
            }
        }
        return 0;
    case "load-json":
        // (b) alone, the JSON file only, Stopwatch: quick to run under a profiler or beside another build.
        BenchData.Ensure(log);
        Quick.Load(report, log, jsonRuns: args.Length > 1 && int.TryParse(args[1], out int loadRuns) ? loadRuns : 5, yamlRuns: 0);
        break;
    case "service":
        // (d) without PowerShell: what EligibilityService adds per request over the bare rule.
        BenchData.Ensure(log);
        ServiceBench.Run(log, rounds: args.Length > 1 && int.TryParse(args[1], out int serviceRounds) ? serviceRounds : 15);
        return 0;
    case "pipeline-custom":
        // Per-object time of the given pipelines next to the floor, e.g. to try what a change to a cmdlet would save.
        {
            BenchData.Ensure(log);
            var variants = new[] { PipelineBench.Floor }.Concat(args.Skip(1)).ToArray();
            var result = PipelineBench.Run(variants, warmupRounds: 5, rounds: 10, log);
            foreach (string variant in variants)
            {
                log.WriteLine($"{result.NanosecondsPerObject(variant),8:N0} ns/object  {variant}");
            }
        }
        return 0;
    case "profile-pipeline":
        // For a profiler: the (d) pipeline of CspUpgrade in a loop.
        BenchData.Ensure(log);
        PipelineBench.Loop(PipelineBench.Ours, Seconds(args, 15), log);
        return 0;
    default:
        Console.Error.WriteLine("usage: CspUpgrade.Benchmarks [checks|load|import|pipeline|all|quick]");
        return 2;
}
report.Print(mode, log);
return 0;

static double Seconds(string[] args, double fallback) =>
    args.Length > 1 && double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : fallback;

/// <summary>Stopwatch harnesses: warm-up, repeated measurement, median.</summary>
internal static class Quick
{
    public static void Checks(Report report, TextWriter log, int warmup, int passes)
    {
        log.WriteLine("(a) eligibility checks, one thread ...");
        var workload = new CheckWorkload(InventoryLoader.Load(BenchData.JsonPath, OfferCatalog.Default));
        log.WriteLine("  " + workload.Describe());
        var withIndexing = Measure(workload.RunWithIndexing, warmup, passes);
        var checksOnly = Measure(workload.RunChecksOnly, warmup, passes);
        Samples(log, "checks/s incl. CreateContext", withIndexing.Select(s => workload.Checks / s), "N0");
        report.Checks(workload.Checks / Stats.Median(withIndexing), workload.Checks / Stats.Median(checksOnly), "Stopwatch, median of " + passes);
    }

    public static void Load(Report report, TextWriter log, int jsonRuns, int yamlRuns)
    {
        log.WriteLine("(b) inventory load ...");
        _ = OfferCatalog.Default;
        var json = Measure(() => InventoryLoader.Load(BenchData.JsonPath, OfferCatalog.Default).Customers.Count, 1, jsonRuns);
        var yaml = Measure(() => InventoryLoader.Load(BenchData.YamlPath, OfferCatalog.Default).Customers.Count, 0, yamlRuns);
        Samples(log, "JSON load s", json, "F2");
        Samples(log, "YAML load s", yaml, "F2");
        report.Load(Stats.Median(json), Stats.Median(yaml), $"Stopwatch, median of {jsonRuns} (JSON) / {yamlRuns} (YAML)");
    }

    public static void Import(Report report, TextWriter log, int processes)
    {
        log.WriteLine($"(c) cold Import-Module, {processes} fresh processes per module ...");
        var (ours, empty) = ColdImport.Run(processes, log);
        report.Import(ours.Median, empty.Median, processes);
    }

    public static void Pipeline(Report report, TextWriter log, int warmupRounds, int rounds)
    {
        log.WriteLine($"(d) pipeline, {warmupRounds} warm-up + {rounds} measured rounds ...");
        var result = PipelineBench.Run(warmupRounds, rounds, log);
        report.Pipeline(result, rounds);
    }

    private static void Samples(TextWriter log, string what, IEnumerable<double> samples, string format) =>
        log.WriteLine($"  {what}: {string.Join(" ", samples.Select(s => s.ToString(format, CultureInfo.InvariantCulture)))}");

    /// <summary>Seconds per run of <paramref name="action"/>, after <paramref name="warmup"/> untimed runs; a full GC before each.</summary>
    private static List<double> Measure(Func<long> action, int warmup, int runs)
    {
        long sink = 0;
        for (int i = 0; i < warmup; i++)
        {
            sink += action();
        }
        var seconds = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var watch = Stopwatch.StartNew();
            sink += action();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        GC.KeepAlive(sink);
        return seconds;
    }

    private static List<double> Measure(Func<int> action, int warmup, int runs) => Measure(() => (long)action(), warmup, runs);
}

/// <summary>BenchmarkDotNet runs, in process (no separate build of a generated project; the machine is small and shared).</summary>
internal static class Dotnet
{
    // (a): operations of ~0.1 s, pilot-chosen invocation count, 3 warm-up and 10 measured iterations.
    // (b): one load per iteration (Monitoring), 1 warm-up and 5 measured iterations.
    private static IConfig Config(RunStrategy strategy, int warmup, int iterations) =>
        DefaultConfig.Instance
            .AddJob(Job.Default
                .WithStrategy(strategy)
                .WithLaunchCount(1)
                .WithWarmupCount(warmup)
                .WithIterationCount(iterations)
                .WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(BenchData.ArtifactsDirectory)
            .WithOptions(ConfigOptions.DisableLogFile);

    public static void Checks(Report report, string[] args)
    {
        var summary = BenchmarkRunner.Run<CheckBenchmarks>(Config(RunStrategy.Throughput, 3, 10), args);
        double? withIndexing = MedianNs(summary, nameof(CheckBenchmarks.ChecksWithIndexing));
        double? checksOnly = MedianNs(summary, nameof(CheckBenchmarks.ChecksOnly));
        if (withIndexing is double a && checksOnly is double b)
        {
            report.Checks(1e9 / a, 1e9 / b, "BenchmarkDotNet, median");
        }
    }

    public static void Load(Report report, string[] args)
    {
        var summary = BenchmarkRunner.Run<LoadBenchmarks>(Config(RunStrategy.Monitoring, 1, 5), args);
        if (MedianNs(summary, nameof(LoadBenchmarks.LoadJson)) is double json && MedianNs(summary, nameof(LoadBenchmarks.LoadYaml)) is double yaml)
        {
            report.Load(json / 1e9, yaml / 1e9, "BenchmarkDotNet, median");
        }
    }

    private static double? MedianNs(Summary summary, string method) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Median;
}

/// <summary>The figures, their targets and PASS/MISS as a Markdown table (also written to BenchmarkDotNet.Artifacts).</summary>
internal sealed class Report
{
    private readonly TextWriter _log;
    private readonly List<string[]> _rows = new();

    public Report(TextWriter log) => _log = log;
    private readonly List<string> _notes = new();

    public void Checks(double perSecondWithIndexing, double perSecondChecksOnly, string method)
    {
        Row("(a) eligibility checks/s, 1 thread, incl. CreateContext", $"{perSecondWithIndexing:N0}", ">= 5,000,000", perSecondWithIndexing >= 5_000_000);
        Row("(a) eligibility checks/s, contexts prebuilt (info)", $"{perSecondChecksOnly:N0}", "-", null);
        _notes.Add($"(a) {method}; 100,000 subscriptions x 5 targets per pass, ReasonCodes computed.");
    }

    public void Load(double jsonSeconds, double yamlSeconds, string method)
    {
        Row("(b) InventoryLoader.Load JSON, 100k subs / 200k users", $"{jsonSeconds:F2} s", "<= 2 s", jsonSeconds <= 2);
        Row("(b) InventoryLoader.Load YAML, same inventory (info)", $"{yamlSeconds:F2} s", "-", null);
        _notes.Add($"(b) {method}; JSON {Size(BenchData.JsonPath)}, YAML {Size(BenchData.YamlPath)}.");
    }

    public void Import(double oursMs, double emptyMs, int processes)
    {
        Row("(c) cold Import-Module CspUpgrade (median)", $"{oursMs:F1} ms", "-", null);
        Row("(c) cold Import-Module empty binary module (median)", $"{emptyMs:F1} ms", "-", null);
        Row("(c) ratio CspUpgrade / empty", $"{oursMs / emptyMs:F2}x", "<= 1.5x", oursMs / emptyMs <= 1.5);
        _notes.Add($"(c) median of {processes} fresh processes per module, alternating; only Import-Module is timed, after one trivial command in a new default runspace.");
    }

    public void Pipeline(PipelineBench.Result result, int rounds)
    {
        double ours = result.NanosecondsPerObject(PipelineBench.Ours);
        double floor = result.NanosecondsPerObject(PipelineBench.Floor);
        Row("(d) Get-CspSubscription alone (info)", $"{result.NanosecondsPerObject(PipelineBench.Source):N0} ns/object", "-", null);
        Row("(d) ... | ForEach-Object { $_ } (info)", $"{result.NanosecondsPerObject(PipelineBench.ForEach):N0} ns/object", "-", null);
        Row("(d) ... | no-op cmdlet, same parameters (floor)", $"{floor:N0} ns/object", "-", null);
        Row("(d) ... | no-op cmdlet writing one object per input (info)", $"{result.NanosecondsPerObject(PipelineBench.FloorWrite):N0} ns/object", "-", null);
        Row("(d) ... | Test-CspUpgradeEligibility -TargetOffer O365_E3", $"{ours:N0} ns/object", "-", null);
        Row("(d) ratio ours / floor", $"{ours / floor:F2}x", "<= 1.25x", ours / floor <= 1.25);
        _notes.Add($"(d) one runspace, {result.Objects:N0} subscriptions piped; median of {rounds} rounds after warm-up; output collected by the host.");
    }

    public void Tenant(TenantBench.Sweep sweep, TenantBench.Sweep? loop, int minimum, double floor, int customers, int perCustomer, IReadOnlyList<(string Route, int Minimum, int Made)> routes)
    {
        Row("(e) wall time / floor", $"{sweep.Seconds:F1} s / {floor:F1} s = {sweep.Seconds / floor:F2}x", "<= 1.15x", sweep.Seconds / floor <= 1.15);
        Row("(e) requests made / minimum", $"{sweep.Requests.Count} / {minimum}", "= minimum", sweep.Requests.Count == minimum);
        Row("(e) requests by route, made / minimum (info)", string.Join(", ", routes.Select(r => $"{r.Route} {r.Made}/{r.Minimum}")), "-", null);
        Row("(e) 429s received", $"{sweep.Throttled}", "<= 2", sweep.Throttled <= 2);
        Row("(e) results written; errors (info)", $"{sweep.Rows}; {sweep.Errors}", "-", null);
        if (loop != null)
        {
            Row("(e) sequential Invoke-RestMethod loop (bench/Sweep-Sequential.ps1)", $"{loop.Seconds:F1} s, {loop.Requests.Count} requests, {loop.Throttled} x 429", "-", null);
            Row("(e) speed-up over the loop", $"{loop.Seconds / sweep.Seconds:F1}x", ">= 5x", loop.Seconds / sweep.Seconds >= 5);
        }
        _notes.Add($"(e) {customers} customers x {perCustomer} subscriptions, seed {TenantBench.Seed}; fake budget {TenantBench.RequestsPerMinute}/min, " +
            $"{TenantBench.Burst} at once; latency lists/details 100-300 ms, eligibility 200-1,200 ms; `{TenantBench.Pipeline}`, default settings, timed from Connect-CspPartnerCenter (the loop: from its first request to its last answer); " +
            $"floor = (minimum - {TenantBench.Burst}) / {TenantBench.RequestsPerMinute / 60.0:F2} per s; last progress: {sweep.LastProgress}.");
    }

    public void Print(string mode, TextWriter log)
    {
        if (_rows.Count == 0)
        {
            return;
        }
        var text = new StringWriter();
        text.WriteLine($"## CspUpgrade benchmarks ({mode}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.WriteLine();
        text.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores; seed {InventoryGenerator.DefaultSeed}");
        text.WriteLine();
        text.WriteLine("| measure | value | target | result |");
        text.WriteLine("|---|---:|---|---|");
        foreach (var row in _rows)
        {
            text.WriteLine($"| {string.Join(" | ", row)} |");
        }
        text.WriteLine();
        foreach (string note in _notes)
        {
            text.WriteLine("- " + note);
        }
        log.WriteLine();
        log.Write(text.ToString());
        Directory.CreateDirectory(BenchData.ArtifactsDirectory);
        File.WriteAllText(Path.Combine(BenchData.ArtifactsDirectory, $"cspupgrade-{mode}.md"), text.ToString());
    }

    private void Row(string measure, string value, string target, bool? pass)
    {
        string result = pass is null ? "info" : pass.Value ? "PASS" : "MISS";
        _rows.Add(new[] { measure.Replace("|", "\\|"), value, target, result });
        _log.WriteLine($"  => {measure}: {value} (target {target}) {result}");
    }

    private static string Size(string path) => $"{new FileInfo(path).Length / 1048576.0:F1} MiB";
}
