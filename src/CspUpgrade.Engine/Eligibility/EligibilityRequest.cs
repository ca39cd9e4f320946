namespace CspUpgrade
{
    /// <summary>
    /// One eligibility question, as a piped item asks it: a customer (alone: all its non-deleted subscriptions) or one of
    /// its subscriptions, against one target offer (by id or display name) or, without one, every upgrade path.
    /// </summary>
    public sealed class EligibilityRequest
    {
        public EligibilityRequest(string customerId, string? subscriptionId = null, string? targetOffer = null, UpgradeType upgradeType = UpgradeType.UpgradeWithLicenseTransfer, int? quantity = null)
        {
            CustomerId = customerId;
            SubscriptionId = subscriptionId;
            TargetOffer = targetOffer;
            UpgradeType = upgradeType;
            Quantity = quantity;
        }

        public string CustomerId { get; }

        /// <summary>Null or blank: every non-deleted subscription of the customer.</summary>
        public string? SubscriptionId { get; }

        /// <summary>Null or blank: every upgrade path of each subscription's offer.</summary>
        public string? TargetOffer { get; }

        public UpgradeType UpgradeType { get; }

        /// <summary>Seats on the target; null means the source subscription's quantity.</summary>
        public int? Quantity { get; }
    }
}
