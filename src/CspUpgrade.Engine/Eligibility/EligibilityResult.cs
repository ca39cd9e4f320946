using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>Whether one subscription can be upgraded to one target, and every reason why not.</summary>
    public sealed class EligibilityResult
    {
        private string? _reasonCodes;
        private IReadOnlyList<string>? _additional;
        private OfferCatalog? _catalog;
        private ulong _additionalMask;

        public EligibilityResult(
            string customerId,
            string customerName,
            string subscriptionId,
            string offerId,
            string offer,
            string? targetOfferId,
            string? targetOffer,
            UpgradeType upgradeType,
            int quantity,
            IReadOnlyList<EligibilityReason> reasons,
            string source = "Local")
        {
            CustomerId = customerId;
            CustomerName = customerName;
            SubscriptionId = subscriptionId;
            OfferId = offerId;
            Offer = offer;
            TargetOfferId = targetOfferId;
            TargetOffer = targetOffer;
            UpgradeType = upgradeType;
            Quantity = quantity;
            Reasons = reasons;
            Source = source;
        }

        public string CustomerId { get; }
        public string CustomerName { get; }
        public string SubscriptionId { get; }
        public string OfferId { get; }

        /// <summary>Display name of the source offer.</summary>
        public string Offer { get; }

        /// <summary>Null when the source offer has no upgrade paths at all.</summary>
        public string? TargetOfferId { get; }

        public string? TargetOffer { get; }
        public UpgradeType UpgradeType { get; }
        public int Quantity { get; }
        public bool IsEligible => Reasons.Count == 0;
        public IReadOnlyList<EligibilityReason> Reasons { get; }

        /// <summary>The reason codes as one string (survives Export-Csv).</summary>
        public string ReasonCodes => _reasonCodes ??= string.Join(", ", Reasons.Select(r => r.Code.ToString()));

        /// <summary>Services the target has and the source lacks.</summary>
        public IReadOnlyList<string> AdditionalServices
        {
            get => _additional ??= _catalog?.ServiceNames(_additionalMask) ?? Array.Empty<string>();
            set => _additional = value;
        }

        /// <summary>Who decided: Local (the rules of this module) or PartnerCenter.</summary>
        public string Source { get; }

        internal void SetAdditionalServices(OfferCatalog catalog, ulong mask)
        {
            _catalog = catalog;
            _additionalMask = mask;
        }

        public override string ToString() =>
            $"{SubscriptionId} -> {TargetOfferId ?? "(none)"}: {(IsEligible ? "eligible" : ReasonCodes)}";
    }
}
