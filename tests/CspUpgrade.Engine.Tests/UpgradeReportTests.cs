using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>The report's counts and HTML, from results built by hand (the cmdlet and browser tests use the real engine).</summary>
public class UpgradeReportTests
{
    private static EligibilityResult Check(string customer, string subscription, string? target, params EligibilityReason[] reasons) =>
        new EligibilityResult("id-" + customer, customer, subscription, Ids.Business, "Office 365 Business", target, target is null ? null : target + " name",
            UpgradeType.UpgradeWithLicenseTransfer, 10, reasons);

    private static EligibilityReason Reason(ReasonCode code, string message = "message", string remediation = "fix") =>
        new EligibilityReason(code, message, remediation);

    private static UpgradeResult Upgrade(string customer, string target, UpgradeStatus status, BillingImpact billing, int affected = 0) =>
        new UpgradeResult("id-" + customer, customer, "s-" + customer, "t-" + customer, Ids.Business, target, target + " name", UpgradeType.UpgradeWithLicenseTransfer, 10, status,
            Enumerable.Range(0, affected).Select(i => new AffectedAccount("id-" + customer, "s-" + customer, $"u{i}@x.example", AffectedAccountReason.AlreadyLicensed, Array.Empty<string>(), "detail")).ToList(),
            billing);

    private static string Html(UpgradeReport report)
    {
        using var writer = new StringWriter();
        report.WriteHtml(writer);
        return writer.ToString();
    }

    [Fact]
    public void Counts_reasons_by_code_targets_by_outcome_and_sums_billing_per_currency()
    {
        var report = new UpgradeReport("t", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        report.Add(Check("B", "s1", Ids.E3));
        report.Add(Check("A", "s2", Ids.E3, Reason(ReasonCode.ConflictingServiceTypes), Reason(ReasonCode.ConflictingServiceTypes), Reason(ReasonCode.SeatLimitExceeded)));
        report.Add(Check("A", "s3", null, Reason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths)));
        report.Add(Upgrade("A", Ids.E3, UpgradeStatus.Completed, BillingImpact.Of(10m, 25.5m, "USD", 10, 30), affected: 2));
        report.Add(Upgrade("C", Ids.E5, UpgradeStatus.AlreadyUpgraded, BillingImpact.Unavailable("no prices")));
        report.Add(Upgrade("B", Ids.E5, UpgradeStatus.Completed, BillingImpact.Of(1m, 2m, "EUR", 10, 30)));

        Assert.Equal((1, 2, 3, 2, 1, 2), (report.EligibleCount, report.NotEligibleCount, report.CustomerCount,
            report.UpgradeCount(UpgradeStatus.Completed), report.UpgradeCount(UpgradeStatus.AlreadyUpgraded), report.AffectedAccountCount));
        Assert.Equal(new[] { "ConflictingServiceTypes=2", "SeatLimitExceeded=1", "SubscriptionDoesNotHaveAnyUpgradePaths=1" },
            report.ReasonCounts().Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(new[] { "O365_E3 1/1/1", "O365_E5 0/0/2", "(no upgrade path) 0/1/0" },
            report.TargetCounts().Select(t => $"{t.TargetOfferId} {t.Eligible}/{t.NotEligible}/{t.Upgraded}"));
        Assert.Equal(new[] { "EUR=1", "USD=15.5" }, report.BillingNetByCurrency().Select(p => $"{p.Key}={p.Value:0.##}"));
        Assert.Equal(new[] { "A", "B", "C" }, report.Customers().Select(c => c.CustomerName));

        string html = Html(report);
        Assert.Contains("<div class=\"total\" id=\"total-billing-net\"><span class=\"value\">1.00 EUR + 15.50 USD</span>", html);
        // One row per reason, the result's cells spanning them.
        Assert.Contains("rowspan=\"3\"", html);
    }

    [Fact]
    public void Every_text_is_HTML_encoded_and_nothing_refers_outside_the_file()
    {
        var report = new UpgradeReport("<b>Title</b> & \"quotes\"", DateTime.UtcNow);
        report.Add(Check("<script>alert(1)</script>", "s'1", "<img src=x>", Reason(ReasonCode.Other, "<a href=\"https://evil.example\">m</a>", "<iframe>")));
        string html = Html(report);
        Assert.Contains("&lt;b&gt;Title&lt;/b&gt; &amp; &quot;quotes&quot;", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("s&#39;1", html);
        Assert.Contains("&lt;a href=&quot;https://evil.example&quot;&gt;m&lt;/a&gt;", html);
        foreach (string tag in new[] { "<script", "<img", "<iframe", "<a href=\"h", "<link", "@import", "url(" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void An_empty_report_still_renders_and_says_it_has_no_results()
    {
        string html = Html(new UpgradeReport("Empty", DateTime.UtcNow));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("The report was given no results.", html);
        Assert.DoesNotContain("id=\"total-completed\"", html);
    }

    [Fact]
    public void The_atomic_writer_replaces_only_when_told_and_leaves_no_temporary_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cspupgrade-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "r.html");
            AtomicTextFile.Write(file, w => w.Write("one"), overwrite: false);
            Assert.Throws<IOException>(() => AtomicTextFile.Write(file, w => w.Write("two"), overwrite: false));
            Assert.Equal("one", File.ReadAllText(file));
            Assert.Throws<InvalidOperationException>(() => AtomicTextFile.Write(file, w => { w.Write("half"); throw new InvalidOperationException(); }, overwrite: true));
            Assert.Equal("one", File.ReadAllText(file));
            AtomicTextFile.Write(file, w => w.Write("three"), overwrite: true);
            Assert.Equal("three", File.ReadAllText(file));
            Assert.Equal(new[] { file }, Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
