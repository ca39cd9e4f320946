namespace CspUpgrade.Engine.Reports
{
    /// <summary>The report's only style sheet, inlined into the page: screen layout, CSS bar charts and a print layout.</summary>
    internal static class HtmlReportStyle
    {
        public const string Css = @"
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --ok: #2e7d32; --bad: #c62828; --done: #1565c0; --reason: #ef6c00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h2 .id, .mono { font-family: ui-monospace, 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', monospace; font-size: 12px; }
h2 .id { color: var(--muted); font-weight: normal; margin-left: 8px; }
.meta, .sub, .legend, .empty { color: var(--muted); }
.sub { display: block; font-size: 12px; }
.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 10px; margin: 18px 0 8px; }
.total { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.total .value { display: block; font-size: 24px; font-weight: 600; }
.total .label { color: var(--muted); font-size: 12px; }
#total-eligible .value { color: var(--ok); }
#total-not-eligible .value { color: var(--bad); }
#total-completed .value { color: var(--done); }
.summary { margin: 8px 0 16px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 12px; break-inside: avoid; page-break-inside: avoid; }
.chart figcaption { font-weight: 600; margin-bottom: 8px; }
table.bars { width: 100%; border-collapse: collapse; }
table.bars th { text-align: left; font-weight: normal; padding: 3px 10px 3px 0; width: 1%; white-space: nowrap; }
table.bars td.track { width: 100%; padding: 3px 0; white-space: nowrap; }
table.bars td.num { width: 1%; text-align: right; padding-left: 8px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 14px; vertical-align: middle; }
.bar, .key { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar.reason { background: var(--reason); }
.bar.eligible, .key.eligible { background: var(--ok); }
.bar.not-eligible, .key.not-eligible { background: var(--bad); }
.bar.upgraded, .key.upgraded { background: var(--done); }
.key { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
.contents ol { columns: 2; margin: 0; }
table.results { width: 100%; border-collapse: collapse; margin: 8px 0 16px; table-layout: fixed; font-size: 13px; }
col.subscription { width: 19%; } col.target { width: 19%; } col.result { width: 8%; } col.reason { width: 30%; } col.todo { width: 24%; }
table.results caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.results th, table.results td { border: 1px solid var(--line); padding: 5px 7px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.mono { overflow-wrap: anywhere; }
table.results thead th { background: #f6f8fa; }
table.results ul { margin: 0; padding-left: 18px; }
tbody.check { break-inside: avoid; page-break-inside: avoid; }
tbody.eligible td.status { color: var(--ok); font-weight: 600; }
tbody.not-eligible td.status { color: var(--bad); font-weight: 600; }
.code { font-weight: 600; font-size: 13px; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } .contents ol { columns: 1; } }
@media print {
  @page { margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .totals { grid-template-columns: repeat(5, 1fr); }
  .charts { grid-template-columns: 1fr; gap: 10px; }
  col.result { width: 11%; } col.target { width: 19%; } col.reason { width: 28%; } col.todo { width: 21%; }
  .contents { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .customer { break-before: auto; }
  table.results thead { display: table-header-group; }
  table.results tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}";
    }
}
