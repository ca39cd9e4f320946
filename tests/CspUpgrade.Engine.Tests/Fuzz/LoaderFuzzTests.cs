using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace CspUpgrade.Engine.Tests.Fuzz;

/// <summary>
/// Issue 9: mutated inventories and catalogues (from examples/contoso.yaml, its JSON rendering and the shipped catalogue)
/// through the loaders with a fixed seed. Every case ends in a loaded model or InventoryInvalid/CatalogInvalid whose errors
/// name the file, a line and a column (both at least 1); never any other exception. A loaded inventory written back by
/// the module loads again. Only a generous hang guard per case belongs here; speed is measured in bench/.
/// </summary>
public class LoaderFuzzTests
{
    // Fixed, so every run tries the same files; CSPUPGRADE_FUZZ_SEED and CSPUPGRADE_FUZZ_CASES explore further by hand.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CSPUPGRADE_FUZZ_SEED"), out int seed) ? seed : 20261201;
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("CSPUPGRADE_FUZZ_CASES"), out int cases) ? cases : 400;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;

    public LoaderFuzzTests(ITestOutputHelper output) => _output = output;

    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"test setup: {relative} not found above {AppContext.BaseDirectory}");
    }

    internal static IEnumerable<(string Name, bool IsCatalog, bool Json, string Text)> Bases()
    {
        string contosoPath = RepositoryFile(Path.Combine("examples", "contoso.yaml"));
        string contoso = File.ReadAllText(contosoPath);
        var document = InventoryLoader.Load(contosoPath, OfferCatalog.Default);
        string catalog = File.ReadAllText(RepositoryFile(Path.Combine("module", "DefaultCatalog.yaml")));
        yield return ("examples/contoso.yaml", false, false, contoso);
        yield return ("contoso as JSON", false, true, InventoryWriter.ToText(document, json: true));
        yield return ("module/DefaultCatalog.yaml", true, false, catalog);
    }

    /// <summary>How one case ended: "loaded", or the code of its first error.</summary>
    internal static string Run(FuzzCase c)
    {
        try
        {
            if (c.IsCatalog)
            {
                CatalogLoader.Load(c.Path, new StringReader(c.Text));
            }
            else
            {
                var document = InventoryLoader.Load(c.Path, new StringReader(c.Text), OfferCatalog.Default, c.Json);
                AssertRewriteLoads(c, document);
            }
            return "loaded";
        }
        catch (FileValidationException ex) when (ex is InventoryInvalidException != c.IsCatalog)
        {
            var errors = ex.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0)
            {
                throw new InvalidOperationException($"{c}: rejected without an error diagnostic");
            }
            foreach (var d in errors)
            {
                if (d.Path != c.Path || d.Line < 1 || d.Column < 1 || string.IsNullOrWhiteSpace(d.Message))
                {
                    throw new InvalidOperationException($"{c}: diagnostic without file, line or column: {d}");
                }
            }
            return (ex is CatalogInvalidException ? "CatalogInvalid/" : "InventoryInvalid/") + errors[0].Code;
        }
    }

    /// <summary>What the module writes from a loaded inventory always loads again (a failure here is the case's failure, not a rejection).</summary>
    private static void AssertRewriteLoads(FuzzCase c, InventoryDocument document)
    {
        string written = InventoryWriter.ToText(document, c.Json);
        try
        {
            InventoryLoader.Load(c.Path, new StringReader(written), OfferCatalog.Default, c.Json);
        }
        catch (InventoryInvalidException ex)
        {
            throw new InvalidOperationException($"{c}: loaded, but the module's rewrite of it does not load: {ex.Message}");
        }
    }

    [Fact]
    public async Task EveryMutatedFileLoadsOrIsRejectedWithFileLineAndColumn()
    {
        var generator = new MutationGenerator(Seed, Bases());
        var outcomes = new Dictionary<string, int>();
        var failures = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            var c = generator.Next(i);
            var run = Task.Run(() => Run(c));
            string outcome;
            try
            {
                if (await Task.WhenAny(run, Task.Delay(HangGuard)) != run)
                {
                    failures.Add($"{c}: still running after {HangGuard.TotalSeconds} s");
                    continue;
                }
                outcome = await run;
            }
            catch (Exception inner)
            {
                failures.Add(inner is InvalidOperationException && inner.Message.StartsWith("case ", StringComparison.Ordinal)
                    ? inner.Message
                    : $"{c}: {inner.GetType().FullName}: {inner.Message}\n{inner.StackTrace}");
                continue;
            }
            outcomes[outcome] = outcomes.TryGetValue(outcome, out int n) ? n + 1 : 1;
        }

        int loaded = outcomes.TryGetValue("loaded", out int l) ? l : 0;
        _output.WriteLine($"Fuzz seed {Seed}: {Cases} cases, {loaded} loaded, {Cases - loaded - failures.Count} rejected, {failures.Count} failed.");
        foreach (var group in outcomes.Where(o => o.Key != "loaded").GroupBy(o => o.Key.Split('/')[0]))
        {
            _output.WriteLine($"  {group.Key}: {group.Sum(o => o.Value)}");
            foreach (var o in group.OrderByDescending(o => o.Value))
            {
                _output.WriteLine($"    {o.Key.Split('/')[1]}: {o.Value}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        // The generator must exercise both outcomes, or it tests nothing.
        Assert.InRange(loaded, 1, Cases - 1);
    }
}
