using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;

namespace CspUpgrade
{
    /// <summary>Whether one subscription can be upgraded to one target, and every reason why not.</summary>
    public sealed class EligibilityResult
    {
        private static readonly ConcurrentDictionary<ulong, string> s_reasonCodeStrings = new ConcurrentDictionary<ulong, string>();
        private static readonly IReadOnlyList<EligibilityReason> s_noReasons = Array.Empty<EligibilityReason>();

        // Local checks keep their inputs and a compact list of failed conditions; reason objects and texts are made
        // only when someone reads them, so bulk checks allocate one small object each.
        private readonly ReasonEntry[]? _entries;
        private IReadOnlyList<EligibilityReason>? _reasons;
        private string? _reasonCodes;
        private IReadOnlyList<string>? _additional;
        private readonly ulong _additionalMask;

        /// <summary>A result decided elsewhere (e.g. by Partner Center), with its reasons spelled out.</summary>
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
            _reasons = reasons;
            Source = source;
        }

        internal EligibilityResult(CustomerContext context, SubscriptionRecord subscription, CatalogOffer sourceOffer, CatalogOffer? target, UpgradeType upgradeType, int quantity, ReasonEntry[]? entries)
        {
            Context = context;
            Subscription = subscription;
            SourceOffer = sourceOffer;
            Target = target;
            CustomerId = context.Customer.CustomerId;
            CustomerName = context.Customer.Name;
            SubscriptionId = subscription.SubscriptionId;
            OfferId = sourceOffer.OfferId;
            Offer = sourceOffer.Offer;
            TargetOfferId = target?.OfferId;
            TargetOffer = target?.Offer;
            UpgradeType = upgradeType;
            Quantity = quantity;
            _entries = entries;
            _additionalMask = target is null ? 0 : target.ServiceMask & ~sourceOffer.ServiceMask;
            Source = "Local";
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

        public bool IsEligible => _entries is null && (_reasons is null || _reasons.Count == 0);

        public IReadOnlyList<EligibilityReason> Reasons => _reasons ??= MakeReasons();

        /// <summary>The reason codes as one string (survives Export-Csv).</summary>
        public string ReasonCodes => _reasonCodes ??= MakeReasonCodes();

        /// <summary>Services the target has and the source lacks.</summary>
        public IReadOnlyList<string> AdditionalServices
        {
            get => _additional ??= Context?.Catalog.ServiceNames(_additionalMask) ?? Array.Empty<string>();
            set => _additional = value;
        }

        /// <summary>Who decided: Local (the rules of this module) or PartnerCenter.</summary>
        public string Source { get; }

        /// <summary>
        /// When another backend decided (Partner Center), what this module's own rules say: "Eligible" or their reason codes;
        /// null when the local rules could not be applied (e.g. an offer the catalogue does not map).
        /// </summary>
        public string? LocalReasonCodes { get; set; }

        /// <summary>Set when the local rules and the backend disagree, saying how; null when they agree.</summary>
        public string? Disagreement { get; set; }

        internal CustomerContext? Context { get; }
        internal SubscriptionRecord? Subscription { get; }
        internal CatalogOffer? SourceOffer { get; }
        internal CatalogOffer? Target { get; }

        public override string ToString() =>
            $"{SubscriptionId} -> {TargetOfferId ?? "(none)"}: {(IsEligible ? "eligible" : ReasonCodes)}";

        private IReadOnlyList<EligibilityReason> MakeReasons()
        {
            if (_entries is null)
            {
                return s_noReasons;
            }
            var reasons = new EligibilityReason[_entries.Length];
            for (int i = 0; i < reasons.Length; i++)
            {
                var entry = _entries[i];
                reasons[i] = new EligibilityReason(entry.Code, this, entry.Related, entry.Number, entry.RelatedOffer);
            }
            return reasons;
        }

        private string MakeReasonCodes()
        {
            if (_entries is null)
            {
                if (_reasons is null || _reasons.Count == 0)
                {
                    return string.Empty;
                }
                var text = new StringBuilder();
                foreach (var reason in _reasons)
                {
                    text.Append(text.Length == 0 ? string.Empty : ", ").Append(ReasonCodeNames.Name(reason.Code));
                }
                return text.ToString();
            }

            // The same few code sequences recur across thousands of results: build each string once.
            if (_entries.Length <= 15)
            {
                ulong key = (ulong)_entries.Length << 60;
                for (int i = 0; i < _entries.Length; i++)
                {
                    key |= (ulong)ReasonCodeNames.Ordinal(_entries[i].Code) << (4 * i);
                }
                return s_reasonCodeStrings.TryGetValue(key, out string? cached) ? cached : s_reasonCodeStrings.GetOrAdd(key, _ => Join(_entries));
            }
            return Join(_entries);
        }

        private static string Join(ReasonEntry[] entries)
        {
            var text = new StringBuilder();
            foreach (var entry in entries)
            {
                text.Append(text.Length == 0 ? string.Empty : ", ").Append(ReasonCodeNames.Name(entry.Code));
            }
            return text.ToString();
        }
    }

    /// <summary>One failed condition as the engine records it; turned into an <see cref="EligibilityReason"/> when read.</summary>
    internal readonly struct ReasonEntry
    {
        public ReasonEntry(ReasonCode code, SubscriptionRecord? related = null, CatalogOffer? relatedOffer = null, int number = 0)
        {
            Code = code;
            Related = related;
            RelatedOffer = relatedOffer;
            Number = number;
        }

        public ReasonCode Code { get; }
        public SubscriptionRecord? Related { get; }
        public CatalogOffer? RelatedOffer { get; }
        public int Number { get; }
    }

    /// <summary>Reason code names without Enum.ToString's reflection, and a dense ordinal for packing sequences.</summary>
    internal static class ReasonCodeNames
    {
        private static readonly ReasonCode[] s_codes = (ReasonCode[])Enum.GetValues(typeof(ReasonCode));
        private static readonly string[] s_names = Array.ConvertAll(s_codes, c => c.ToString());
        private static readonly int[] s_ordinals = BuildOrdinals();

        public static int Ordinal(ReasonCode code) => s_ordinals[(int)code];

        public static string Name(ReasonCode code) => (int)code >= 0 && (int)code < s_ordinals.Length && s_ordinals[(int)code] >= 0 ? s_names[s_ordinals[(int)code]] : code.ToString();

        private static int[] BuildOrdinals()
        {
            int max = 0;
            foreach (var code in s_codes)
            {
                max = Math.Max(max, (int)code);
            }
            var ordinals = new int[max + 1];
            for (int i = 0; i < ordinals.Length; i++)
            {
                ordinals[i] = -1;
            }
            for (int i = 0; i < s_codes.Length; i++)
            {
                ordinals[(int)s_codes[i]] = i;
            }
            return ordinals;
        }
    }
}
