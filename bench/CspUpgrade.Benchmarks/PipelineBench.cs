using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CspUpgrade.Hosting;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// (d) Per-object pipeline cost in one hosted runspace (CspUpgrade and the floor module imported, connected to the
/// 10k-subscription subset). Each round runs every variant once, in turn, as one PowerShell.Invoke whose output is
/// collected as a host would; after the warm-up rounds the median round of each variant is divided by the number of
/// subscriptions piped.
/// </summary>
public static class PipelineBench
{
    public const string Source = "Get-CspSubscription";
    public const string ForEach = "Get-CspSubscription | ForEach-Object { $_ }";
    public const string Floor = "Get-CspSubscription | Test-CspBenchEligibility -TargetOffer O365_E3";
    public const string FloorWrite = "Get-CspSubscription | Test-CspBenchEligibilityWrite -TargetOffer O365_E3";
    public const string Ours = "Get-CspSubscription | Test-CspUpgradeEligibility -TargetOffer O365_E3";

    public static readonly string[] Variants = { Source, ForEach, Floor, FloorWrite, Ours };

    public sealed record Result(int Objects, IReadOnlyDictionary<string, IReadOnlyList<double>> MillisecondsByVariant)
    {
        public double NanosecondsPerObject(string variant) => Stats.Median(MillisecondsByVariant[variant]) * 1e6 / Objects;
    }

    public static Result Run(int warmupRounds, int rounds, TextWriter log, string? inventory = null) =>
        Run(Variants, warmupRounds, rounds, log, inventory);

    public static Result Run(IReadOnlyList<string> variants, int warmupRounds, int rounds, TextWriter log, string? inventory = null)
    {
        inventory ??= BenchData.SubsetJsonPath;
        var host = new TextHost();
        using var runspace = ModuleRunspace.Open(host, importModule: true, manifest: BenchData.ModuleManifest);
        Invoke(runspace, $"Import-Module -Name '{BenchData.FloorModuleManifest}' -ErrorAction Stop");
        Invoke(runspace, $"$null = Connect-CspInventory -LiteralPath '{inventory}'");
        int objects = Invoke(runspace, "@(Get-CspSubscription).Count")[0].BaseObject is int n ? n : 0;

        // Sanity: ours answers every subscription, the floor nothing.
        var sample = Invoke(runspace, Ours);
        if (sample.Count != objects || sample[0].BaseObject is not EligibilityResult)
        {
            throw new InvalidOperationException($"'{Ours}' returned {sample.Count} objects for {objects} subscriptions.");
        }

        string ourParameters = ParameterSignature(runspace, "Test-CspUpgradeEligibility");
        string floorParameters = ParameterSignature(runspace, "Test-CspBenchEligibility");
        if (ourParameters != floorParameters)
        {
            throw new InvalidOperationException(
                "The floor's parameters are not Test-CspUpgradeEligibility's; copy them into bench/CspUpgrade.Bench.FloorModule.\n" +
                $"ours:\n{ourParameters}\nfloor:\n{floorParameters}");
        }

        var times = variants.ToDictionary(v => v, _ => new List<double>());
        for (int round = 0; round < warmupRounds + rounds; round++)
        {
            foreach (string variant in variants)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                var output = Invoke(runspace, variant);
                watch.Stop();
                if (round >= warmupRounds)
                {
                    times[variant].Add(watch.Elapsed.TotalMilliseconds);
                }
                GC.KeepAlive(output);
            }
        }
        foreach (string variant in variants)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {variant,-72} ms: {string.Join(" ", times[variant].Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))}"));
        }
        return new Result(objects, times.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value));
    }

    /// <summary>Every declared parameter (name, type, aliases, sets with position and binding, attributes), one per line.</summary>
    private static string ParameterSignature(Runspace runspace, string command)
    {
        var cmdlet = (CmdletInfo)Invoke(runspace, $"Get-Command -Name {command}")[0].BaseObject;
        return string.Join("\n", cmdlet.Parameters.Values
            .Where(p => !Cmdlet.CommonParameters.Contains(p.Name) && !Cmdlet.OptionalCommonParameters.Contains(p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => string.Join(" ",
                p.Name,
                p.ParameterType.Name,
                "[" + string.Join(",", p.Aliases) + "]",
                string.Join(";", p.ParameterSets.Select(s => $"{s.Key}/{s.Value.Position}/{s.Value.IsMandatory}/{s.Value.ValueFromPipelineByPropertyName}")),
                string.Join(",", p.Attributes
                    // NullableAttribute and friends are the compiler's bookkeeping, placed by what else the class holds.
                    .Where(a => a.GetType().Namespace != "System.Runtime.CompilerServices")
                    .Select(Describe).OrderBy(n => n, StringComparer.Ordinal)))));

        static string Describe(Attribute attribute) =>
            attribute is ValidateRangeAttribute range ? $"ValidateRange({range.MinRange}..{range.MaxRange})" : attribute.GetType().Name;
    }

    /// <summary>For a profiler: runs <paramref name="script"/> in the benchmark runspace for about <paramref name="seconds"/>.</summary>
    public static void Loop(string script, double seconds, TextWriter log)
    {
        var host = new TextHost();
        using var runspace = ModuleRunspace.Open(host, importModule: true, manifest: BenchData.ModuleManifest);
        Invoke(runspace, $"Import-Module -Name '{BenchData.FloorModuleManifest}' -ErrorAction Stop");
        Invoke(runspace, $"$null = Connect-CspInventory -LiteralPath '{BenchData.SubsetJsonPath}'");
        var watch = Stopwatch.StartNew();
        int runs = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            Invoke(runspace, script);
            runs++;
        }
        log.WriteLine($"{runs} runs of '{script}' in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static System.Collections.ObjectModel.Collection<PSObject> Invoke(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        var output = shell.Invoke();
        if (shell.HadErrors)
        {
            throw new InvalidOperationException($"'{script}' failed: {string.Join("; ", shell.Streams.Error)}");
        }
        return output;
    }
}
