using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;

namespace CspUpgrade.Engine.Reports
{
    /// <summary>
    /// Renders an <see cref="UpgradeReport"/> as one self-contained HTML document: inline CSS only (charts are CSS bars), no
    /// script and no URL of any kind, so it opens offline and can be e-mailed; every value is HTML-encoded.
    /// </summary>
    internal static class HtmlReportRenderer
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        public static void Write(UpgradeReport report, TextWriter w)
        {
            var customers = report.Customers();
            w.WriteLine("<!DOCTYPE html>");
            w.WriteLine("<html lang=\"en\">");
            w.WriteLine("<head>");
            w.WriteLine("<meta charset=\"utf-8\">");
            w.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            w.WriteLine("<meta name=\"generator\" content=\"CspUpgrade Export-CspUpgradeReport\">");
            w.WriteLine($"<title>{E(report.Title)}</title>");
            w.WriteLine("<style>");
            w.WriteLine(HtmlReportStyle.Css);
            w.WriteLine("</style>");
            w.WriteLine("</head>");
            w.WriteLine("<body>");
            w.WriteLine("<header>");
            w.WriteLine($"<h1>{E(report.Title)}</h1>");
            w.WriteLine($"<p class=\"meta\">Generated {E(report.GeneratedAtUtc.ToString("yyyy-MM-dd HH:mm", Invariant))} UTC by CspUpgrade from {N(report.Count)} result(s).</p>");
            w.WriteLine("</header>");
            WriteTotals(report, customers.Count, w);
            w.WriteLine("<div class=\"charts\">");
            WriteReasonChart(report, w);
            WriteTargetChart(report, w);
            w.WriteLine("</div>");
            WriteContents(customers, w);
            for (int i = 0; i < customers.Count; i++)
            {
                WriteCustomer(customers[i], i + 1, w);
            }
            w.WriteLine("<footer><p>Made with the CspUpgrade PowerShell module. Each reason says what to do to make the upgrade possible; run the check again afterwards.</p></footer>");
            w.WriteLine("</body>");
            w.WriteLine("</html>");
        }

        private static void WriteTotals(UpgradeReport report, int customerCount, TextWriter w)
        {
            w.WriteLine("<section class=\"totals\" aria-label=\"Totals\">");
            Total(w, "results", report.Count, "results");
            Total(w, "customers", customerCount, "customers");
            Total(w, "checks", report.Checks.Count, "eligibility checks");
            Total(w, "eligible", report.EligibleCount, "eligible");
            Total(w, "not-eligible", report.NotEligibleCount, "not eligible");
            if (report.Upgrades.Count > 0)
            {
                // Upgrade totals only when upgrades were reported: a report of checks alone stays uncluttered.
                Total(w, "completed", report.UpgradeCount(UpgradeStatus.Completed), "upgrades completed");
                Total(w, "already-upgraded", report.UpgradeCount(UpgradeStatus.AlreadyUpgraded), "already upgraded");
                Total(w, "affected-accounts", report.AffectedAccountCount, "accounts need manual work");
                var nets = report.BillingNetByCurrency();
                string billing = nets.Count == 0
                    ? "n/a"
                    : string.Join(" + ", nets.Select(n => (n.Value.ToString("#,0.00", Invariant) + " " + n.Key).Trim()));
                w.WriteLine($"<div class=\"total\" id=\"total-billing-net\"><span class=\"value\">{E(billing)}</span><span class=\"label\">billing net of the upgrades</span></div>");
            }
            w.WriteLine("</section>");
            w.WriteLine($"<p class=\"summary\" id=\"summary\">{N(report.Checks.Count)} eligibility check(s): {N(report.EligibleCount)} eligible, {N(report.NotEligibleCount)} not eligible; {N(report.Upgrades.Count)} upgrade result(s): {N(report.UpgradeCount(UpgradeStatus.Completed))} completed, {N(report.UpgradeCount(UpgradeStatus.AlreadyUpgraded))} already upgraded; {N(customerCount)} customer(s).</p>");
        }

        private static void Total(TextWriter w, string id, int value, string label) =>
            w.WriteLine($"<div class=\"total\" id=\"total-{id}\"><span class=\"value\">{N(value)}</span><span class=\"label\">{E(label)}</span></div>");

        private static void WriteReasonChart(UpgradeReport report, TextWriter w)
        {
            var counts = report.ReasonCounts();
            int max = counts.Count == 0 ? 0 : counts.Max(c => c.Value);
            Chart(w, "reason-chart", "Why not: reason codes", counts, "No reasons: every check was eligible, or there were no checks.", legend: null, count =>
                w.WriteLine($"<tr><th scope=\"row\">{E(count.Key.ToString())}</th><td class=\"track\"><span class=\"bar reason\" style=\"width:{Percent(count.Value, max)}%\"></span></td><td class=\"num\">{N(count.Value)}</td></tr>"));
        }

        private static void WriteTargetChart(UpgradeReport report, TextWriter w)
        {
            var counts = report.TargetCounts();
            int max = counts.Count == 0 ? 0 : counts.Max(c => c.Total);
            const string legend = "<p class=\"legend\"><span class=\"key eligible\"></span>eligible <span class=\"key not-eligible\"></span>not eligible <span class=\"key upgraded\"></span>upgraded</p>";
            Chart(w, "target-chart", "By target offer", counts, "No results.", legend, count =>
            {
                string name = count.TargetOffer is null ? string.Empty : $"<span class=\"sub\">{E(count.TargetOffer)}</span>";
                w.Write($"<tr><th scope=\"row\">{E(count.TargetOfferId)}{name}</th><td class=\"track\">");
                Segment(w, "eligible", count.Eligible, max);
                Segment(w, "not-eligible", count.NotEligible, max);
                Segment(w, "upgraded", count.Upgraded, max);
                w.WriteLine($"</td><td class=\"num\">{N(count.Eligible)} / {N(count.NotEligible)} / {N(count.Upgraded)}</td></tr>");
            });
        }

        /// <summary>A bar chart: a figure with a caption and one table row per item, or a line saying there is nothing.</summary>
        private static void Chart<T>(TextWriter w, string id, string caption, IReadOnlyList<T> items, string empty, string? legend, Action<T> row)
        {
            w.WriteLine($"<figure class=\"chart\" id=\"{id}\">");
            w.WriteLine($"<figcaption>{E(caption)}</figcaption>");
            if (items.Count == 0)
            {
                w.WriteLine($"<p class=\"empty\">{E(empty)}</p>");
            }
            else
            {
                if (legend != null)
                {
                    w.WriteLine(legend);
                }
                w.WriteLine("<table class=\"bars\"><tbody>");
                foreach (var item in items)
                {
                    row(item);
                }
                w.WriteLine("</tbody></table>");
            }
            w.WriteLine("</figure>");
        }

        private static void Segment(TextWriter w, string kind, int value, int max)
        {
            if (value > 0)
            {
                w.Write($"<span class=\"bar {kind}\" style=\"width:{Percent(value, max)}%\" title=\"{N(value)} {kind.Replace('-', ' ')}\"></span>");
            }
        }

        private static void WriteContents(IReadOnlyList<UpgradeReport.CustomerSection> customers, TextWriter w)
        {
            if (customers.Count == 0)
            {
                w.WriteLine("<p class=\"empty\">The report was given no results.</p>");
                return;
            }
            w.WriteLine("<nav class=\"contents\" aria-label=\"Customers\"><h2>Customers</h2><ol>");
            for (int i = 0; i < customers.Count; i++)
            {
                var c = customers[i];
                int eligible = c.Checks.Count(r => r.IsEligible);
                w.WriteLine($"<li><a href=\"#customer-{N(i + 1)}\">{E(c.CustomerName)}</a>: {N(c.Checks.Count)} check(s), {N(eligible)} eligible, {N(c.Checks.Count - eligible)} not eligible; {N(c.Upgrades.Count)} upgrade(s)</li>");
            }
            w.WriteLine("</ol></nav>");
        }

        private static void WriteCustomer(UpgradeReport.CustomerSection customer, int number, TextWriter w)
        {
            w.WriteLine($"<section class=\"customer\" id=\"customer-{N(number)}\">");
            w.WriteLine($"<h2>{E(customer.CustomerName)} <span class=\"id\">{E(customer.CustomerId)}</span></h2>");
            if (customer.Checks.Count > 0)
            {
                w.WriteLine("<table class=\"results\"><caption>Eligibility</caption>");
                w.WriteLine("<colgroup><col class=\"subscription\"><col class=\"target\"><col class=\"result\"><col class=\"reason\"><col class=\"todo\"></colgroup>");
                w.WriteLine("<thead><tr><th>Subscription</th><th>Target</th><th>Result</th><th>Reason</th><th>What to do</th></tr></thead>");
                foreach (var check in customer.Checks)
                {
                    WriteCheck(check, w);
                }
                w.WriteLine("</table>");
            }
            if (customer.Upgrades.Count > 0)
            {
                w.WriteLine("<table class=\"results\"><caption>Upgrades</caption>");
                w.WriteLine("<colgroup><col class=\"subscription\"><col class=\"target\"><col class=\"result\"><col class=\"reason\"><col class=\"todo\"></colgroup>");
                w.WriteLine("<thead><tr><th>Subscription</th><th>Target</th><th>Status</th><th>Accounts that need manual work</th><th>Billing</th></tr></thead>");
                w.WriteLine("<tbody>");
                foreach (var upgrade in customer.Upgrades)
                {
                    WriteUpgrade(upgrade, w);
                }
                w.WriteLine("</tbody></table>");
            }
            w.WriteLine("</section>");
        }

        private static void WriteCheck(EligibilityResult check, TextWriter w)
        {
            var reasons = check.Reasons;
            int rows = Math.Max(1, reasons.Count);
            string span = rows > 1 ? $" rowspan=\"{N(rows)}\"" : string.Empty;
            string target = check.TargetOfferId is null
                ? E(UpgradeReport.NoTarget)
                : $"{E(check.TargetOfferId)}<span class=\"sub\">{E(check.TargetOffer)}</span>";
            string head =
                $"<td{span}><span class=\"mono\">{E(check.SubscriptionId)}</span><span class=\"sub\">{E(check.OfferId)}: {E(check.Offer)}, {N(check.Quantity)} seat(s)</span></td>" +
                $"<td{span}>{target}<span class=\"sub\">{E(KindText(check))}, {E(check.UpgradeType.ToString())}</span></td>";
            w.WriteLine($"<tbody class=\"check {(check.IsEligible ? "eligible" : "not-eligible")}\">");
            if (reasons.Count == 0)
            {
                w.WriteLine($"<tr>{head}<td class=\"status\">Eligible</td><td></td><td></td></tr>");
            }
            for (int i = 0; i < reasons.Count; i++)
            {
                var reason = reasons[i];
                string related = reason.RelatedSubscriptionId is null
                    ? string.Empty
                    : $"<span class=\"sub\">Related subscription: <span class=\"mono\">{E(reason.RelatedSubscriptionId)}</span></span>";
                string first = i == 0 ? head + $"<td class=\"status\"{span}>Not eligible</td>" : string.Empty;
                w.WriteLine($"<tr>{first}<td><span class=\"code\">{E(reason.Code.ToString())}</span><span class=\"sub\">{E(reason.Message)}</span>{related}</td><td>{E(reason.Remediation)}</td></tr>");
            }
            w.WriteLine("</tbody>");
        }

        private static void WriteUpgrade(UpgradeResult upgrade, TextWriter w)
        {
            w.Write("<tr>");
            w.Write($"<td><span class=\"mono\">{E(upgrade.SubscriptionId)}</span><span class=\"sub\">{E(upgrade.OfferId)}, now <span class=\"mono\">{E(upgrade.TargetSubscriptionId)}</span></span></td>");
            w.Write($"<td>{E(upgrade.TargetOfferId)}<span class=\"sub\">{E(upgrade.TargetOffer)}, {N(upgrade.Quantity)} seat(s), {E(upgrade.Kind.ToString())}, {E(upgrade.UpgradeType.ToString())}" +
                (upgrade.SeatsToAssign > 0 ? $", {N(upgrade.SeatsToAssign)} seat(s) to assign" : string.Empty) + "</span></td>");
            w.Write($"<td class=\"status\">{E(upgrade.Status.ToString())}</td>");
            if (upgrade.AffectedAccounts.Count == 0)
            {
                w.Write("<td>none</td>");
            }
            else
            {
                w.Write("<td><ul>");
                foreach (var account in upgrade.AffectedAccounts)
                {
                    w.Write($"<li><span class=\"mono\">{E(account.UserPrincipalName)}</span> <span class=\"code\">{E(account.Reason.ToString())}</span>: {E(account.Detail)}</li>");
                }
                w.Write("</ul></td>");
            }
            w.WriteLine($"<td>{E(upgrade.BillingImpact.ToString())}</td></tr>");
        }

        /// <summary>What kind of upgrade a check is about (SPEC 1.9): new commerce says into which subscription, or which exist.</summary>
        private static string KindText(EligibilityResult check)
        {
            string text = check.Commerce == Commerce.NewCommerce ? $"{check.Kind} (new commerce)" : check.Kind.ToString();
            if (check.ToSubscriptionId != null)
            {
                return text + " into " + check.ToSubscriptionId;
            }
            return check.ExistingTargetSubscriptionIds.Count > 0
                ? text + "; existing target subscription(s): " + string.Join(", ", check.ExistingTargetSubscriptionIds)
                : text;
        }

        private static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

        private static string N(int value) => value.ToString(Invariant);

        private static string Percent(int value, int max) =>
            max <= 0 ? "0" : Math.Max(1.0, 100.0 * value / max).ToString("0.##", Invariant);
    }
}
