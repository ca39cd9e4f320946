using System.Collections.Generic;

namespace CspUpgrade
{
    /// <summary>Everything an upgrade would do, computed before doing it (for -WhatIf, and re-computed under the lock).</summary>
    public sealed class UpgradePlan
    {
        internal UpgradePlan(
            CustomerRecord customer,
            SubscriptionRecord source,
            CatalogOffer sourceOffer,
            CatalogOffer target,
            UpgradeType upgradeType,
            int quantity,
            EligibilityResult eligibility,
            SubscriptionRecord? existingUpgrade,
            IReadOnlyList<AffectedAccount> affectedAccounts,
            BillingImpact billing,
            string? affectedAccountsUnknown = null)
        {
            Customer = customer;
            Source = source;
            SourceOffer = sourceOffer;
            Target = target;
            UpgradeType = upgradeType;
            Quantity = quantity;
            Eligibility = eligibility;
            ExistingUpgrade = existingUpgrade;
            AffectedAccounts = affectedAccounts;
            Billing = billing;
            AffectedAccountsUnknown = affectedAccountsUnknown;
        }

        public CustomerRecord Customer { get; }
        public SubscriptionRecord Source { get; }
        public CatalogOffer SourceOffer { get; }
        public CatalogOffer Target { get; }
        public UpgradeType UpgradeType { get; }
        public int Quantity { get; }
        public EligibilityResult Eligibility { get; }

        /// <summary>The subscription an earlier run of this same upgrade created; the upgrade is then already done.</summary>
        public SubscriptionRecord? ExistingUpgrade { get; }

        public IReadOnlyList<AffectedAccount> AffectedAccounts { get; }
        public BillingImpact Billing { get; }

        /// <summary>
        /// Set when the affected accounts cannot be known before acting (Partner Center reports them only when it performs the
        /// upgrade), saying so; <see cref="AffectedAccounts"/> is then empty.
        /// </summary>
        public string? AffectedAccountsUnknown { get; }

        public bool IsAlreadyDone => ExistingUpgrade != null;

        /// <summary>One line for -WhatIf and confirmation: source -> target, seats, affected accounts, billing net.</summary>
        public string Describe()
        {
            string billing = Billing.Net is decimal net
                ? $"billing net {net:0.00} {Billing.Currency} (charge {Billing.Charge:0.00}, credit {Billing.Credit:0.00})"
                : $"billing net unknown ({Billing.UnavailableReason})";
            string affected = AffectedAccountsUnknown != null
                ? "affected accounts known only after the upgrade (Partner Center reports them when it acts)"
                : $"{AffectedAccounts.Count} affected account(s)";
            return $"Upgrade {SourceOffer.OfferId} -> {Target.OfferId} ({UpgradeType}), {Quantity} seats, {affected}, {billing}";
        }

        public UpgradeResult ToResult(string targetSubscriptionId, UpgradeStatus status) =>
            new UpgradeResult(
                Customer.CustomerId,
                Customer.Name,
                Source.SubscriptionId,
                targetSubscriptionId,
                SourceOffer.OfferId,
                Target.OfferId,
                Target.Offer,
                UpgradeType,
                status == UpgradeStatus.AlreadyUpgraded ? ExistingUpgrade!.Quantity : Quantity,
                status,
                status == UpgradeStatus.AlreadyUpgraded ? System.Array.Empty<AffectedAccount>() : AffectedAccounts,
                status == UpgradeStatus.AlreadyUpgraded ? BillingImpact.Unavailable("The upgrade was already done; nothing was billed now.") : Billing);
    }
}
