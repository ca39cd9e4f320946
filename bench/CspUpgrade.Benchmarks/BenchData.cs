using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using CspUpgrade.Hosting;

namespace CspUpgrade.Benchmarks;

/// <summary>Where the generated inventories and the modules are; generates the inventories once per seed and version.</summary>
public static class BenchData
{
    public const int Customers = 10_000;
    public const int Subscriptions = 100_000;
    public const int Users = 200_000;
    public const int SubsetSubscriptions = 10_000;

    /// <summary>Bump when the generator changes, so stale files are not reused.</summary>
    private const int GeneratorVersion = 2;

    /// <summary>CSPUPGRADE_BENCH_DATA, or a folder in the temp directory.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("CSPUPGRADE_BENCH_DATA") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "CspUpgrade.Bench");

    private static string Stem => $"inventory-v{GeneratorVersion}-s{InventoryGenerator.DefaultSeed}";

    public static string JsonPath => Path.Combine(Directory, Stem + ".json");
    public static string YamlPath => Path.Combine(Directory, Stem + ".yaml");
    public static string SubsetJsonPath => Path.Combine(Directory, Stem + "-subset10k.json");

    public static string RepositoryRoot => ModuleRunspace.RepositoryRoot();
    public static string ModuleManifest => ModuleRunspace.FindModuleManifest();
    public static string EmptyModuleManifest => Path.Combine(RepositoryRoot, "out", "bench", "CspBenchEmpty", "CspBenchEmpty.psd1");
    public static string FloorModuleManifest => Path.Combine(RepositoryRoot, "out", "bench", "CspBenchFloor", "CspBenchFloor.psd1");
    public static string ArtifactsDirectory => Path.Combine(RepositoryRoot, "BenchmarkDotNet.Artifacts");

    /// <summary>Writes the three inventory files unless they are already there (writes are atomic: temp file, then rename).</summary>
    public static void Ensure(TextWriter log)
    {
        if (File.Exists(JsonPath) && File.Exists(YamlPath) && File.Exists(SubsetJsonPath))
        {
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        var watch = Stopwatch.StartNew();
        log.WriteLine($"Generating {Customers:N0} customers, {Subscriptions:N0} subscriptions, {Users:N0} users (seed {InventoryGenerator.DefaultSeed}) in {Directory} ...");
        var document = InventoryGenerator.Generate(Customers, Subscriptions, Users);
        Write(document, JsonPath, json: true);
        Write(document, YamlPath, json: false);
        var subset = InventoryGenerator.Subset(document, SubsetSubscriptions);
        Write(subset, SubsetJsonPath, json: true);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  done in {watch.Elapsed.TotalSeconds:F1} s: JSON {Size(JsonPath)}, YAML {Size(YamlPath)}, subset {Size(SubsetJsonPath)} ({subset.Customers.Count} customers)."));
    }

    private static void Write(InventoryDocument document, string path, bool json)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var text = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            InventoryWriter.Write(document, text, json);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string Size(string path) =>
        string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(path).Length / 1048576.0:F1} MiB");
}
