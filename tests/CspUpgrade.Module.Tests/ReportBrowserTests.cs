using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// The example inventory's report opened in a real browser (headless Chromium, offline): it renders, shows its charts and
    /// totals. Where no chromium is installed the test is reported as skipped with that reason (.ci/run installs Debian's).
    /// </summary>
    public class ReportBrowserTests
    {
        // The colours the CSS gives eligible, not-eligible and reason bars (HtmlReportStyle): seen only if the style sheet applied.
        private const int Eligible = 0x2e7d32, NotEligible = 0xc62828, Reason = 0xef6c00, White = 0xffffff;

        private readonly ITestOutputHelper _output;

        public ReportBrowserTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [SkippableFact]
        public void The_example_inventorys_report_renders_offline_in_chromium_with_its_charts_and_totals()
        {
            string? chromium = Chromium.Find();
            Skip.If(chromium is null, "chromium was not found (" + Chromium.WhereLooked() + "): the report was not rendered in a browser. " +
                "Install it (Debian: apt-get install chromium; .ci/run does) or set CHROMIUM to the browser's path to run this test.");

            using var dir = new TempDir();
            string report = Path.Combine(dir.Path, "report.html");
            using var shell = new Shell();
            shell.Ok("Connect-CspInventory -Path $i | Out-Null; $checks = @(Get-CspCustomer | Test-CspUpgradeEligibility); $checks | Export-CspUpgradeReport -Path $r | Out-Null",
                new Dictionary<string, object?> { ["i"] = Path.Combine(Shell.Repo, "examples", "contoso.yaml"), ["r"] = report });
            var checks = shell.Ok("$checks").Select(o => (dynamic)o.BaseObject).ToList();
            int eligible = checks.Count(c => (bool)c.IsEligible);

            string html = File.ReadAllText(report);
            Assert.Empty(ReportTests.ExternalReferences(html));

            string png = Path.Combine(dir.Path, "report.png");
            _output.WriteLine(Chromium.Screenshot(chromium!, report, png, 1280, 2000));
            Assert.True(File.Exists(png), "chromium wrote no screenshot");
            var image = PngImage.Read(png);
            Assert.Equal((1280, 2000), (image.Width, image.Height));
            var colours = new Dictionary<int, int>();
            for (int y = 0; y < image.Height; y += 2)
            {
                for (int x = 0; x < image.Width; x += 2)
                {
                    int rgb = image.Rgb(x, y);
                    colours[rgb] = colours.GetValueOrDefault(rgb) + 1;
                }
            }
            int sampled = colours.Values.Sum();
            _output.WriteLine($"{colours.Count} distinct colours; {100.0 * (sampled - colours.GetValueOrDefault(White)) / sampled:0.0}% of the page is not white");
            Assert.True(colours.Count > 50, $"the screenshot has {colours.Count} colour(s): the page looks blank");
            Assert.True(sampled - colours.GetValueOrDefault(White) > sampled / 50, "less than 2% of the screenshot is not white: the page looks blank");
            // The CSS bar charts were drawn: each bar colour covers at least a few hundred pixels (bars are 14 px high).
            foreach (var (name, rgb) in new[] { ("eligible", Eligible), ("not eligible", NotEligible), ("reason", Reason) })
            {
                Assert.True(colours.GetValueOrDefault(rgb) > 100, $"no {name} bars (#{rgb:x6}) in the screenshot");
            }

            string dom = Chromium.DumpDom(chromium!, report);
            Assert.Matches($"<div class=\"total\" id=\"total-checks\"><span class=\"value\">{checks.Count}</span>", dom);
            Assert.Matches($"<div class=\"total\" id=\"total-eligible\"><span class=\"value\">{eligible}</span>", dom);
            Assert.Matches($"<div class=\"total\" id=\"total-not-eligible\"><span class=\"value\">{checks.Count - eligible}</span>", dom);
            Assert.Contains($"{checks.Count} eligibility check(s): {eligible} eligible, {checks.Count - eligible} not eligible", dom);
            Assert.Matches(new Regex("<section class=\"customer\" id=\"customer-1\">"), dom);
        }
    }
}
