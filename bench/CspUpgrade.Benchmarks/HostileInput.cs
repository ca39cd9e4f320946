using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using CspUpgrade;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// Time to reject hostile nesting (issue 9 point 4): `[[[[...]]]]` and `{a: {a: ...}}` 100,000 deep, as YAML and JSON,
/// as an inventory and as a catalogue. Each document is rejected <c>runs</c> times; the median and the worst are printed.
/// Before the depth limit in the document readers this took 23-72 s per document (quadratic in the depth).
/// </summary>
internal static class HostileInput
{
    public static void Run(TextWriter log, int depth = 100_000, int runs = 5)
    {
        string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
        var documents = new List<(string Name, bool Json, string Text)>
        {
            ("YAML [[[...]]]", false, Repeat("[", depth) + Repeat("]", depth)),
            ("YAML {a: {a: ...}}", false, Repeat("{a: ", depth) + "1" + Repeat("}", depth)),
            ("YAML - - - ...", false, Repeat("- ", depth) + "x\n"),
            ("JSON [[[...]]]", true, Repeat("[", depth) + Repeat("]", depth)),
            ("JSON {\"a\": {\"a\": ...}}", true, Repeat("{\"a\": ", depth) + "1" + Repeat("}", depth)),
        };

        log.WriteLine($"Hostile nesting, {depth:N0} deep: time to reject (median and worst of {runs} runs)");
        log.WriteLine($"{"document",-26} {"as",-10} {"median ms",10} {"worst ms",10}  outcome");
        foreach (var (name, json, text) in documents)
        {
            foreach (bool catalog in new[] { false, true })
            {
                string outcome = string.Empty;
                var times = new List<double>();
                for (int i = 0; i < runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    outcome = Reject(text, json, catalog);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                log.WriteLine($"{name,-26} {(catalog ? "catalogue" : "inventory"),-10} {times[times.Count / 2],10:N1} {times[^1],10:N1}  {outcome}");
            }
        }
    }

    private static string Reject(string text, bool json, bool catalog)
    {
        string path = (catalog ? "catalog" : "inventory") + (json ? ".json" : ".yaml");
        try
        {
            if (catalog)
            {
                CatalogLoader.Load(path, new StringReader(text));
            }
            else
            {
                InventoryLoader.Load(path, new StringReader(text), OfferCatalog.Default, json);
            }
            return "LOADED (unexpected)";
        }
        catch (FileValidationException ex)
        {
            var last = ex.Diagnostics.Last(d => d.Severity == DiagnosticSeverity.Error);
            return $"{(catalog ? "CatalogInvalid" : "InventoryInvalid")} {last.Code} at {last.Line}:{last.Column}";
        }
    }
}
