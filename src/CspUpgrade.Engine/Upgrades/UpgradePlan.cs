using System.Collections.Generic;

namespace CspUpgrade.Engine.Upgrades
{
    /// <summary>Everything an upgrade would do, computed before doing it (for -WhatIf, and re-computed under the lock).</summary>
    internal sealed class UpgradePlan
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

        public bool IsAlreadyDone => ExistingUpgrade != null || ScheduledAlready;

        /// <summary>What the upgrade is (SPEC 1.9's table); a legacy upgrade is Full.</summary>
        public UpgradeKind Kind { get; internal set; }

        /// <summary>Seats of the target that wait for an assignment afterwards (a partial or into-existing move).</summary>
        public int SeatsToAssign { get; internal set; }

        /// <summary>IntoExisting: the subscription the seats move into.</summary>
        public SubscriptionRecord? Into { get; internal set; }

        /// <summary>AtRenewal: the change to record.</summary>
        public ScheduledChange? Scheduled { get; internal set; }

        /// <summary>True when the source already has exactly this change recorded for its renewal.</summary>
        public bool ScheduledAlready { get; internal set; }

        /// <summary>An immediate new-commerce change deletes the source's scheduled renewal change: this one (null when none).</summary>
        public ScheduledChange? ClearsScheduledChange { get; internal set; }

        /// <summary>The status a re-run reports (AlreadyUpgraded, AlreadyScheduled), or null when the upgrade is still to do.</summary>
        public UpgradeStatus? AlreadyDoneStatus =>
            ExistingUpgrade != null ? UpgradeStatus.AlreadyUpgraded : ScheduledAlready ? UpgradeStatus.AlreadyScheduled : (UpgradeStatus?)null;

        /// <summary>The subscription a re-run names as the target: the one an earlier run made, or the source itself (in place, at renewal).</summary>
        public string? AlreadyDoneTargetId => ExistingUpgrade?.SubscriptionId ?? (ScheduledAlready ? Source.SubscriptionId : null);

        /// <summary>
        /// A piped result's Kind is an expectation (SPEC 1.9): when this plan is another Kind (seats changed since the check),
        /// nothing is done and the item is NotEligible naming both.
        /// </summary>
        public void RequireExpectedKind(UpgradeChoice choice)
        {
            if (choice.ExpectedKind is UpgradeKind expected && expected != Kind && !IsAlreadyDone)
            {
                throw new ActionRefusedException(ActionRefusal.NotEligible,
                    $"Subscription {Source.SubscriptionId} ({SourceOffer.OfferId}) of {Customer.Name}: the upgrade to {Target.OfferId} was checked as {expected} " +
                    $"but is now {Kind} (the subscription has {Source.Quantity} seats, {Quantity} asked); nothing was done. Check it again and pass the new result.",
                    Source.SubscriptionId);
            }
        }

        /// <summary>One line for -WhatIf and confirmation: source -> target, seats, affected accounts, billing net.</summary>
        public string Describe()
        {
            if (Kind == UpgradeKind.AtRenewal)
            {
                return $"Schedule {SourceOffer.OfferId} -> {Target.OfferId} at renewal ({Scheduled}), nothing changes now" +
                       (ClearsScheduledChange is null ? string.Empty : $", replacing the scheduled change {ClearsScheduledChange}");
            }
            string billing = Billing.Net is decimal net
                ? $"billing net {net:0.00} {Billing.Currency} (charge {Billing.Charge:0.00}, credit {Billing.Credit:0.00})"
                : $"billing net unknown ({Billing.UnavailableReason})";
            string affected = AffectedAccountsUnknown != null
                ? "affected accounts known only after the upgrade (Partner Center reports them when it acts)"
                : $"{AffectedAccounts.Count} affected account(s)";
            string kind = Kind switch
            {
                UpgradeKind.Partial => $", partial: a new subscription of {Quantity} seats, {Source.Quantity - Quantity} stay on {Source.SubscriptionId}, {SeatsToAssign} seats to assign",
                UpgradeKind.IntoExisting => $", into subscription {Into?.SubscriptionId} ({Into?.Quantity} + {Quantity} seats){(SeatsToAssign > 0 ? $", {SeatsToAssign} seats to assign" : string.Empty)}",
                _ => string.Empty,
            };
            string cleared = ClearsScheduledChange is null ? string.Empty : $", deletes the scheduled renewal change {ClearsScheduledChange}";
            return $"Upgrade {SourceOffer.OfferId} -> {Target.OfferId} ({UpgradeType}{(Source.Commerce == Commerce.NewCommerce ? ", " + Kind : string.Empty)}), {Quantity} seats{kind}, {affected}, {billing}{cleared}";
        }

        public UpgradeResult ToResult(string targetSubscriptionId, UpgradeStatus status)
        {
            bool already = status == UpgradeStatus.AlreadyUpgraded || status == UpgradeStatus.AlreadyScheduled;
            return new UpgradeResult(
                Customer.CustomerId,
                Customer.Name,
                Source.SubscriptionId,
                targetSubscriptionId,
                SourceOffer.OfferId,
                Target.OfferId,
                Target.Offer,
                UpgradeType,
                status == UpgradeStatus.AlreadyUpgraded && ExistingUpgrade != null ? ExistingUpgrade.Quantity : Quantity,
                status,
                already ? System.Array.Empty<AffectedAccount>() : AffectedAccounts,
                status == UpgradeStatus.AlreadyUpgraded ? BillingImpact.Unavailable("The upgrade was already done; nothing was billed now.")
                    : status == UpgradeStatus.AlreadyScheduled ? BillingImpact.Unavailable("The change was already scheduled; it is billed from the renewal on.")
                    : Billing,
                Kind,
                already ? 0 : SeatsToAssign);
        }
    }
}
