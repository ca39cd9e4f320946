namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// How an upgrade is asked for, beyond source and target (SPEC 2, 1.9): the upgrade type, the seats, and for new commerce an
    /// existing target subscription or a change at renewal with its term and billing cycle. What eligibility checks, plans and
    /// performs on every backend.
    /// </summary>
    internal sealed class UpgradeChoice
    {
        public static readonly UpgradeChoice Default = new UpgradeChoice();

        private static readonly UpgradeChoice s_upgradeOnly = new UpgradeChoice(UpgradeType.UpgradeOnly);

        /// <summary>
        /// A choice as the constructor makes it, except that the plain ones (a type, no seats, nothing of new commerce) are
        /// shared, so bulk checks and piped rows allocate none.
        /// </summary>
        public static UpgradeChoice Of(
            UpgradeType upgradeType,
            int? quantity,
            UpgradeKind? expectedKind = null,
            string? toSubscriptionId = null,
            bool atRenewal = false,
            TermDuration? termDuration = null,
            BillingCycle? billingCycle = null)
        {
            if (quantity is null && expectedKind is null && toSubscriptionId is null && !atRenewal && termDuration is null && billingCycle is null)
            {
                if (upgradeType == UpgradeType.UpgradeWithLicenseTransfer)
                {
                    return Default;
                }
                if (upgradeType == UpgradeType.UpgradeOnly)
                {
                    return s_upgradeOnly;
                }
            }
            return new UpgradeChoice(upgradeType, quantity, expectedKind, toSubscriptionId, atRenewal, termDuration, billingCycle);
        }

        /// <param name="expectedKind">A piped result's Kind: re-checked, and another Kind is a refusal naming both; AtRenewal means <paramref name="atRenewal"/>.</param>
        public UpgradeChoice(
            UpgradeType upgradeType = UpgradeType.UpgradeWithLicenseTransfer,
            int? quantity = null,
            UpgradeKind? expectedKind = null,
            string? toSubscriptionId = null,
            bool atRenewal = false,
            TermDuration? termDuration = null,
            BillingCycle? billingCycle = null)
        {
            UpgradeType = upgradeType;
            Quantity = quantity;
            ExpectedKind = expectedKind;
            ToSubscriptionId = string.IsNullOrWhiteSpace(toSubscriptionId) ? null : toSubscriptionId!.Trim();
            AtRenewal = atRenewal || expectedKind == UpgradeKind.AtRenewal;
            TermDuration = termDuration;
            BillingCycle = billingCycle;
        }

        public UpgradeType UpgradeType { get; }

        /// <summary>Seats (SPEC 1.9's table: of the new subscription, moved, or of the next term); null: the source's.</summary>
        public int? Quantity { get; }

        /// <summary>The Kind the caller expects (a piped result's); null when none was given.</summary>
        public UpgradeKind? ExpectedKind { get; }

        /// <summary>New commerce: the customer's existing subscription of the target to move the seats into.</summary>
        public string? ToSubscriptionId { get; }

        /// <summary>New commerce: schedule the change for the renewal instead of making it now.</summary>
        public bool AtRenewal { get; }

        /// <summary>At renewal: the next term; null: the source's.</summary>
        public TermDuration? TermDuration { get; }

        /// <summary>At renewal: the next billing cycle; null: the source's.</summary>
        public BillingCycle? BillingCycle { get; }

        /// <summary>The same choice for another upgrade type (a legacy check of both types).</summary>
        public UpgradeChoice With(UpgradeType upgradeType) =>
            upgradeType == UpgradeType ? this : new UpgradeChoice(upgradeType, Quantity, ExpectedKind, ToSubscriptionId, AtRenewal, TermDuration, BillingCycle);

        /// <summary>
        /// The Kind this choice asks for on a subscription of <paramref name="sourceQuantity"/> seats and the given commerce
        /// (SPEC 1.9's table): legacy is Full; then AtRenewal, IntoExisting, Partial (fewer seats) and Full.
        /// </summary>
        public UpgradeKind KindFor(Commerce commerce, int sourceQuantity)
        {
            if (commerce != Commerce.NewCommerce)
            {
                return UpgradeKind.Full;
            }
            if (AtRenewal)
            {
                return UpgradeKind.AtRenewal;
            }
            if (ToSubscriptionId != null)
            {
                return UpgradeKind.IntoExisting;
            }
            return Quantity is int seats && seats < sourceQuantity ? UpgradeKind.Partial : UpgradeKind.Full;
        }
    }
}
