using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;

namespace CspUpgrade
{
    /// <summary>Whether one subscription can be upgraded to one target, and every reason why not.</summary>
    public sealed class EligibilityResult
    {
        private static readonly ConcurrentDictionary<(ulong, ulong), string> s_reasonCodeStrings = new ConcurrentDictionary<(ulong, ulong), string>();
        private static readonly IReadOnlyList<EligibilityReason> s_noReasons = ItemList<EligibilityReason>.Of(null, ItemList.SentenceSeparator);

        // Local checks keep their inputs and a compact list of failed conditions; names, reason objects and texts are
        // read through them only when someone asks, so bulk checks allocate one small object each.
        private readonly ReasonEntry[]? _entries;
        private readonly Decided? _decided;
        private IReadOnlyList<EligibilityReason>? _reasons;
        private string? _reasonCodes;
        private IReadOnlyList<string>? _additional;

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
            _decided = new Decided(customerId, customerName, subscriptionId, offerId, offer, targetOfferId, targetOffer, source);
            UpgradeType = upgradeType;
            Quantity = quantity;
            _reasons = ItemList<EligibilityReason>.Of(reasons, ItemList.SentenceSeparator);
        }

        internal EligibilityResult(CustomerContext context, SubscriptionRecord subscription, CatalogOffer sourceOffer, CatalogOffer? target, UpgradeType upgradeType, int quantity, ReasonEntry[]? entries)
        {
            Context = context;
            Subscription = subscription;
            SourceOffer = sourceOffer;
            Target = target;
            UpgradeType = upgradeType;
            Quantity = quantity;
            _entries = entries;
            Commerce = sourceOffer?.Commerce ?? Commerce.Legacy;
        }

        public string CustomerId => _decided?.CustomerId ?? Context!.Customer.CustomerId;
        public string CustomerName => _decided?.CustomerName ?? Context!.Customer.Name;
        public string SubscriptionId => _decided?.SubscriptionId ?? Subscription!.SubscriptionId;
        public string OfferId => _decided?.OfferId ?? SourceOffer!.OfferId;

        /// <summary>Display name of the source offer.</summary>
        public string Offer => _decided?.Offer ?? SourceOffer!.Offer;

        /// <summary>Null when the source offer has no upgrade paths at all.</summary>
        public string? TargetOfferId => _decided is null ? Target?.OfferId : _decided.TargetOfferId;

        public string? TargetOffer => _decided is null ? Target?.Offer : _decided.TargetOffer;
        public UpgradeType UpgradeType { get; }
        public int Quantity { get; }

        /// <summary>Legacy or NewCommerce: the source subscription's commerce.</summary>
        public Commerce Commerce { get; internal set; }

        /// <summary>What the upgrade would do (SPEC 1.9's table): Full, Partial, IntoExisting or AtRenewal; a legacy one is Full.</summary>
        public UpgradeKind Kind { get; internal set; }

        /// <summary>IntoExisting: the existing subscription of the target the seats would move into; else null.</summary>
        public string? ToSubscriptionId
        {
            get => _asked?.ToSubscriptionId;
            internal set => Asked.ToSubscriptionId = value;
        }

        /// <summary>New commerce: the customer's active Partner-channel subscriptions of the target (candidates for -ToSubscriptionId).</summary>
        public IReadOnlyList<string> ExistingTargetSubscriptionIds
        {
            get => _asked?.ExistingTargets ?? ItemList<string>.Empty;
            internal set => Asked.ExistingTargets = ItemList<string>.Of(value);
        }

        // What only some results carry (new commerce's, and legacy ones asked with a new-commerce choice): a legacy bulk
        // check allocates its result alone, as it did before new commerce.
        private AskedFor? _asked;

        private AskedFor Asked => _asked ??= new AskedFor();

        private sealed class AskedFor
        {
            public UpgradeChoice Choice { get; set; } = UpgradeChoice.Default;
            public SubscriptionRecord? Into { get; set; }
            public string? ToSubscriptionId { get; set; }
            public IReadOnlyList<string>? ExistingTargets { get; set; }
        }

        public bool IsEligible => _entries is null && (_reasons is null || _reasons.Count == 0);

        public IReadOnlyList<EligibilityReason> Reasons => _reasons ??= MakeReasons();

        /// <summary>The reason codes as one string (survives Export-Csv).</summary>
        public string ReasonCodes => _reasonCodes ??= MakeReasonCodes();

        /// <summary>Every reason's code, message and remediation as one line of text (survives Export-Csv); empty when eligible.</summary>
        public string ReasonSummary => Reasons.ToString() ?? string.Empty;

        /// <summary>Services the target has and the source lacks.</summary>
        public IReadOnlyList<string> AdditionalServices
        {
            get => _additional ??= Context is null || Target is null
                ? ItemList<string>.Empty
                : ItemList<string>.Of(Context.Catalog.ServiceNames(Target.ServiceMask & ~SourceOffer!.ServiceMask));
            set => _additional = ItemList<string>.Of(value);
        }

        /// <summary>Who decided: Local (the rules of this module) or PartnerCenter.</summary>
        public string Source => _decided?.Source ?? "Local";

        /// <summary>
        /// When another backend decided (Partner Center), what this module's own rules say: "Eligible" or their reason codes;
        /// null when the local rules could not be applied (e.g. an offer the catalogue does not map).
        /// </summary>
        public string? LocalReasonCodes
        {
            get => _comparison?.LocalReasonCodes;
            set => (_comparison ??= new Comparison()).LocalReasonCodes = value;
        }

        /// <summary>Set when the local rules and the backend disagree, saying how; null when they agree.</summary>
        public string? Disagreement
        {
            get => _comparison?.Disagreement;
            set => (_comparison ??= new Comparison()).Disagreement = value;
        }

        // Only results decided by another backend carry a comparison; local ones do not pay for the fields.
        private Comparison? _comparison;

        private sealed class Comparison
        {
            public string? LocalReasonCodes { get; set; }
            public string? Disagreement { get; set; }
        }

        /// <summary>Local results: how the upgrade was asked for (term and cycle at renewal, the existing target's id).</summary>
        internal UpgradeChoice Choice
        {
            get => _asked?.Choice ?? UpgradeChoice.Default;
            set
            {
                if (_asked != null || !ReferenceEquals(value, UpgradeChoice.Default))
                {
                    Asked.Choice = value;
                }
            }
        }

        /// <summary>Local IntoExisting results: the existing target subscription (null when the id named none of the customer's).</summary>
        internal SubscriptionRecord? Into
        {
            get => _asked?.Into;
            set => Asked.Into = value;
        }

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
            var reasons = new List<EligibilityReason>(_entries.Length);
            foreach (var entry in _entries)
            {
                var relatedOffer = entry.RelatedOfferIndex >= 0 ? Context!.Catalog.Offers[entry.RelatedOfferIndex] : null;
                if (entry.Mask == 0)
                {
                    reasons.Add(new EligibilityReason(entry.Code, this, entry.Related, SeatNumber(entry.Code), relatedOffer));
                    continue;
                }
                for (int i = 0; i < 64; i++)
                {
                    if ((entry.Mask & (1UL << i)) != 0)
                    {
                        reasons.Add(new EligibilityReason(entry.Code, this, Context!.Subscriptions[i], 0, relatedOffer));
                    }
                }
            }
            return ItemList<EligibilityReason>.Of(reasons, ItemList.SentenceSeparator);
        }

        // SeatLimitExceeded's number (the cap, or the seats already in the pool) is worked out again only when read.
        private int SeatNumber(ReasonCode code)
        {
            if (code != ReasonCode.SeatLimitExceeded || Target is null)
            {
                return 0;
            }
            if (Commerce == Commerce.NewCommerce)
            {
                return NewCommerceRules.SeatNumber(this);
            }
            return Target.MaxSeats is int cap && Quantity > cap ? cap : (int)Math.Min(int.MaxValue, Context!.PoolSeatsExcluding(Target.PoolIndex, Subscription!, SourceOffer));
        }

        private sealed class Decided
        {
            public Decided(string customerId, string customerName, string subscriptionId, string offerId, string offer, string? targetOfferId, string? targetOffer, string source)
            {
                CustomerId = customerId;
                CustomerName = customerName;
                SubscriptionId = subscriptionId;
                OfferId = offerId;
                Offer = offer;
                TargetOfferId = targetOfferId;
                TargetOffer = targetOffer;
                Source = source;
            }

            public string CustomerId { get; }
            public string CustomerName { get; }
            public string SubscriptionId { get; }
            public string OfferId { get; }
            public string Offer { get; }
            public string? TargetOfferId { get; }
            public string? TargetOffer { get; }
            public string Source { get; }
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

            // The same few code sequences recur across thousands of results: build each string once, keyed by its runs
            // (code ordinal in 6 bits, how many times in 8 bits), four runs to a word and up to eight, and the run count in
            // the top bits of the second word. The ordinal field is wide enough for every code (checked when the type is
            // first used), so two sequences never share a key.
            ulong low = 0, high = 0;
            int runs = 0;
            int i = 0;
            while (i < _entries.Length)
            {
                var code = _entries[i].Code;
                int count = 0;
                for (; i < _entries.Length && _entries[i].Code == code; i++)
                {
                    count += _entries[i].Count;
                }
                if (count > 255 || runs == MaxCachedRuns)
                {
                    runs = MaxCachedRuns + 1;
                    break;
                }
                ulong run = (((ulong)ReasonCodeNames.Ordinal(code) << 8) | (uint)count) << (RunBits * (runs % RunsPerWord));
                if (runs < RunsPerWord)
                {
                    low |= run;
                }
                else
                {
                    high |= run;
                }
                runs++;
            }
            if (runs > MaxCachedRuns)
            {
                return Join(_entries);
            }
            high |= (ulong)runs << 60;
            var key = (low, high);
            return s_reasonCodeStrings.TryGetValue(key, out string? cached) ? cached : s_reasonCodeStrings.GetOrAdd(key, _ => Join(_entries));
        }

        private const int RunBits = 14;
        private const int RunsPerWord = 4;
        private const int MaxCachedRuns = 2 * RunsPerWord;

        private static string Join(ReasonEntry[] entries)
        {
            var text = new StringBuilder();
            foreach (var entry in entries)
            {
                for (int n = entry.Count; n > 0; n--)
                {
                    text.Append(text.Length == 0 ? string.Empty : ", ").Append(ReasonCodeNames.Name(entry.Code));
                }
            }
            return text.ToString();
        }
    }

    /// <summary>
    /// One failed condition as the engine records it, turned into <see cref="EligibilityReason"/>s when read: either about
    /// one related subscription, or about each subscription in a mask of indexes into <see cref="CustomerContext.Subscriptions"/>.
    /// </summary>
    internal readonly struct ReasonEntry
    {
        private readonly int _packed;

        public ReasonEntry(ReasonCode code, SubscriptionRecord? related = null, CatalogOffer? relatedOffer = null)
        {
            Related = related;
            Mask = 0;
            _packed = (int)code | ((relatedOffer is null ? 0 : relatedOffer.Index + 1) << 8);
        }

        private ReasonEntry(ReasonCode code, ulong mask)
        {
            Related = null;
            Mask = mask;
            _packed = (int)code;
        }

        public static ReasonEntry ForSubscriptions(ReasonCode code, ulong mask) => new ReasonEntry(code, mask);

        public SubscriptionRecord? Related { get; }
        public ulong Mask { get; }
        public ReasonCode Code => (ReasonCode)(_packed & 0xFF);
        public int RelatedOfferIndex => (_packed >> 8) - 1;

        /// <summary>How many reasons this entry stands for.</summary>
        public int Count
        {
            get
            {
                if (Mask == 0)
                {
                    return 1;
                }
                int count = 0;
                for (ulong m = Mask; m != 0; m &= m - 1)
                {
                    count++;
                }
                return count;
            }
        }
    }

    /// <summary>Reason code names without Enum.ToString's reflection, and a dense ordinal for packing sequences.</summary>
    internal static class ReasonCodeNames
    {
        private static readonly ReasonCode[] s_codes = (ReasonCode[])Enum.GetValues(typeof(ReasonCode));
        private static readonly string[] s_names = Array.ConvertAll(s_codes, c => c.ToString());
        private static readonly int[] s_ordinals = BuildOrdinals();

        /// <summary>Codes fit the 6 bits a cached code sequence gives each ordinal; more would print wrong codes.</summary>
        public const int MaxCodes = 64;

        public static int Ordinal(ReasonCode code) => s_ordinals[(int)code];

        public static string Name(ReasonCode code) => (int)code >= 0 && (int)code < s_ordinals.Length && s_ordinals[(int)code] >= 0 ? s_names[s_ordinals[(int)code]] : code.ToString();

        private static int[] BuildOrdinals()
        {
            if (s_codes.Length > MaxCodes)
            {
                throw new InvalidOperationException($"{s_codes.Length} reason codes do not fit the {MaxCodes} a cached code sequence can tell apart.");
            }
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
