using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using CspUpgrade.Hosting;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// (c) Cold Import-Module: each sample is a fresh process (this program with --cold-import) that opens a default
/// runspace, runs one trivial command so the first-pipeline costs of PowerShell itself are paid, then times only
/// 'Import-Module -Name &lt;psd1&gt;'. The parent alternates the two modules and takes the median of N processes each.
/// </summary>
public static class ColdImport
{
    private const string Marker = "COLD_IMPORT_MS=";

    public sealed record Result(string Name, IReadOnlyList<double> Samples)
    {
        public double Median => Stats.Median(Samples);
    }

    /// <summary>The child side: prints the import time (ms) and returns 0, or prints the error and returns 1.</summary>
    public static int RunChild(string manifest)
    {
        try
        {
            var host = new TextHost();
            using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
            runspace.Open();
            using (var warm = PowerShell.Create())
            {
                warm.Runspace = runspace;
                warm.AddCommand("Out-Null").Invoke();
            }

            using var shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop");
            var watch = Stopwatch.StartNew();
            shell.Invoke();
            watch.Stop();
            if (shell.HadErrors)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, shell.Streams.Error));
                return 1;
            }

            using var check = PowerShell.Create();
            check.Runspace = runspace;
            int commands = check.AddCommand("Get-Command").AddParameter("Module", Path.GetFileNameWithoutExtension(manifest)).Invoke().Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Marker}{watch.Elapsed.TotalMilliseconds:F3} COMMANDS={commands}"));
            return commands > 0 ? 0 : 1;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex);
            return 1;
        }
    }

    /// <summary>The parent side: one untimed process per module to warm the file cache, then <paramref name="processes"/> alternating samples each.</summary>
    public static (Result Ours, Result Empty) Run(int processes, TextWriter log)
    {
        string ours = BenchData.ModuleManifest;
        string empty = BenchData.EmptyModuleManifest;
        if (!File.Exists(empty))
        {
            throw new FileNotFoundException("The baseline module is missing; build bench/CspUpgrade.Benchmarks first.", empty);
        }
        Sample(ours);
        Sample(empty);
        var oursSamples = new List<double>();
        var emptySamples = new List<double>();
        for (int i = 0; i < processes; i++)
        {
            oursSamples.Add(Sample(ours));
            emptySamples.Add(Sample(empty));
        }
        var result = (new Result("CspUpgrade", oursSamples), new Result("CspBenchEmpty", emptySamples));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Import-Module CspUpgrade ms: {string.Join(" ", oursSamples.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Import-Module empty      ms: {string.Join(" ", emptySamples.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))}"));
        return result;
    }

    private static double Sample(string manifest)
    {
        var start = SelfStartInfo();
        start.ArgumentList.Add("--cold-import");
        start.ArgumentList.Add(manifest);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"Cold import of {manifest} failed (exit {process.ExitCode}): {stdout}{stderr.Result}");
        }
        string value = line.Substring(Marker.Length).Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>This program again: the apphost when there is one, otherwise 'dotnet &lt;dll&gt;'.</summary>
    private static ProcessStartInfo SelfStartInfo()
    {
        string? processPath = Environment.ProcessPath;
        string dll = Assembly.GetEntryAssembly()!.Location;
        if (processPath != null && !Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return new ProcessStartInfo(processPath);
        }
        var start = new ProcessStartInfo(processPath ?? "dotnet");
        start.ArgumentList.Add(dll);
        return start;
    }
}

public static class Stats
{
    public static double Median(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }
        var sorted = samples.OrderBy(s => s).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
