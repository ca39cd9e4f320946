namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// One eligibility question, as a piped item asks it: a customer (alone: all its non-deleted subscriptions) or one of
    /// its subscriptions, against one target offer (by id or display name) or, without one, every upgrade path; and how the
    /// upgrade is asked for (<see cref="Choice"/>: type, seats, new commerce's existing target or change at renewal).
    /// </summary>
    internal sealed class EligibilityRequest
    {
        public EligibilityRequest(string customerId, string? subscriptionId = null, string? targetOffer = null, UpgradeType upgradeType = UpgradeType.UpgradeWithLicenseTransfer, int? quantity = null)
            : this(customerId, subscriptionId, targetOffer, UpgradeChoice.Of(upgradeType, quantity))
        {
        }

        public EligibilityRequest(string customerId, string? subscriptionId, string? targetOffer, UpgradeChoice choice)
        {
            CustomerId = customerId;
            SubscriptionId = subscriptionId;
            TargetOffer = targetOffer;
            Choice = choice ?? UpgradeChoice.Default;
        }

        public string CustomerId { get; }

        /// <summary>Null or blank: every non-deleted subscription of the customer.</summary>
        public string? SubscriptionId { get; }

        /// <summary>Null or blank: every upgrade path of each subscription's offer.</summary>
        public string? TargetOffer { get; }

        public UpgradeChoice Choice { get; }

        public UpgradeType UpgradeType => Choice.UpgradeType;

        /// <summary>Seats on the target; null means the source subscription's quantity.</summary>
        public int? Quantity => Choice.Quantity;

        /// <summary>The Kind the caller expects (piped); null when none.</summary>
        public UpgradeKind? Kind => Choice.ExpectedKind;

        public string? ToSubscriptionId => Choice.ToSubscriptionId;
        public bool AtRenewal => Choice.AtRenewal;
        public TermDuration? TermDuration => Choice.TermDuration;
        public BillingCycle? BillingCycle => Choice.BillingCycle;
    }
}
