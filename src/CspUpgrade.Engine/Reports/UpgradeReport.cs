using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Reports
{
    /// <summary>
    /// The content of an upgrade report (Export-CspUpgradeReport): eligibility and upgrade results collected in the order they
    /// came, with the totals and counts the report shows worked out from them. <see cref="WriteHtml"/> renders it.
    /// </summary>
    internal sealed class UpgradeReport
    {
        /// <summary>Shown for a result without a target (its offer has no upgrade path).</summary>
        internal const string NoTarget = "(no upgrade path)";

        private readonly List<EligibilityResult> _checks = new List<EligibilityResult>();
        private readonly List<UpgradeResult> _upgrades = new List<UpgradeResult>();

        public UpgradeReport(string title, DateTime generatedAtUtc)
        {
            Title = title;
            GeneratedAtUtc = generatedAtUtc;
        }

        internal string Title { get; }
        internal DateTime GeneratedAtUtc { get; }

        internal IReadOnlyList<EligibilityResult> Checks => _checks;
        internal IReadOnlyList<UpgradeResult> Upgrades => _upgrades;

        /// <summary>How many results the report holds.</summary>
        public int Count => _checks.Count + _upgrades.Count;

        public void Add(EligibilityResult result) => _checks.Add(result ?? throw new ArgumentNullException(nameof(result)));

        public void Add(UpgradeResult result) => _upgrades.Add(result ?? throw new ArgumentNullException(nameof(result)));

        internal int EligibleCount => _checks.Count(c => c.IsEligible);

        internal int NotEligibleCount => _checks.Count - EligibleCount;

        internal int CustomerCount => Customers().Count;

        internal int UpgradeCount(UpgradeStatus status) => _upgrades.Count(u => u.Status == status);

        internal int AffectedAccountCount => _upgrades.Sum(u => u.AffectedAccountCount);

        /// <summary>The billing net of the upgrades that carry one, per currency (ordinal order of the currency).</summary>
        internal IReadOnlyList<KeyValuePair<string, decimal>> BillingNetByCurrency() =>
            _upgrades.Where(u => u.BillingNet.HasValue)
                .GroupBy(u => u.BillingImpact.Currency ?? string.Empty, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, decimal>(g.Key, g.Sum(u => u.BillingNet!.Value)))
                .ToList();

        /// <summary>How often each reason code occurs over all checks, most frequent first, then by code.</summary>
        internal IReadOnlyList<KeyValuePair<ReasonCode, int>> ReasonCounts() =>
            _checks.SelectMany(c => c.Reasons)
                .GroupBy(r => r.Code)
                .Select(g => new KeyValuePair<ReasonCode, int>(g.Key, g.Count()))
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.ToString(), StringComparer.Ordinal)
                .ToList();

        /// <summary>Per target offer id: eligible checks, ineligible checks and upgrades done (completed or already), by offer id.</summary>
        internal IReadOnlyList<TargetCount> TargetCounts()
        {
            var counts = new Dictionary<string, TargetCount>(StringComparer.OrdinalIgnoreCase);
            TargetCount For(string? offerId, string? offer)
            {
                string key = string.IsNullOrEmpty(offerId) ? NoTarget : offerId!;
                if (!counts.TryGetValue(key, out var count))
                {
                    count = new TargetCount(key, string.IsNullOrEmpty(offerId) ? null : offer);
                    counts.Add(key, count);
                }
                return count;
            }
            foreach (var check in _checks)
            {
                var count = For(check.TargetOfferId, check.TargetOffer);
                if (check.IsEligible)
                {
                    count.Eligible++;
                }
                else
                {
                    count.NotEligible++;
                }
            }
            foreach (var upgrade in _upgrades)
            {
                For(upgrade.TargetOfferId, upgrade.TargetOffer).Upgraded++;
            }
            return counts.Values.OrderByDescending(c => c.Total).ThenBy(c => c.TargetOfferId, StringComparer.Ordinal).ToList();
        }

        /// <summary>The customers the results are about, by name then id, each with its results in the order they came.</summary>
        internal IReadOnlyList<CustomerSection> Customers()
        {
            var sections = new Dictionary<string, CustomerSection>(StringComparer.OrdinalIgnoreCase);
            CustomerSection For(string id, string name)
            {
                if (!sections.TryGetValue(id, out var section))
                {
                    section = new CustomerSection(id, name);
                    sections.Add(id, section);
                }
                return section;
            }
            foreach (var check in _checks)
            {
                For(check.CustomerId, check.CustomerName).Checks.Add(check);
            }
            foreach (var upgrade in _upgrades)
            {
                For(upgrade.CustomerId, upgrade.CustomerName).Upgrades.Add(upgrade);
            }
            return sections.Values
                .OrderBy(s => s.CustomerName, StringComparer.CurrentCultureIgnoreCase)
                .ThenBy(s => s.CustomerId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>Writes the report as one self-contained HTML document (no script, no external resource).</summary>
        public void WriteHtml(TextWriter writer) => HtmlReportRenderer.Write(this, writer);

        /// <summary>Counts of one target offer for the chart by target.</summary>
        internal sealed class TargetCount
        {
            internal TargetCount(string targetOfferId, string? targetOffer)
            {
                TargetOfferId = targetOfferId;
                TargetOffer = targetOffer;
            }

            public string TargetOfferId { get; }
            public string? TargetOffer { get; }
            public int Eligible { get; internal set; }
            public int NotEligible { get; internal set; }
            public int Upgraded { get; internal set; }
            public int Total => Eligible + NotEligible + Upgraded;
        }

        /// <summary>One customer's part of the report.</summary>
        internal sealed class CustomerSection
        {
            internal CustomerSection(string customerId, string customerName)
            {
                CustomerId = customerId;
                CustomerName = customerName;
            }

            public string CustomerId { get; }
            public string CustomerName { get; }
            public List<EligibilityResult> Checks { get; } = new List<EligibilityResult>();
            public List<UpgradeResult> Upgrades { get; } = new List<UpgradeResult>();
        }
    }
}
