using System.Linq;
using System.Collections.Generic;

namespace CspUpgrade
{
    /// <summary>An offer of the session's catalogue (Get-CspOffer output).</summary>
    public sealed class CatalogOffer
    {
        internal CatalogOffer(
            string offerId,
            string name,
            string? market,
            string? variantOf,
            string serviceFamily,
            IReadOnlyList<string> services,
            int? maxSeats,
            string? seatPool,
            decimal? unitPrice,
            string? currency,
            IReadOnlyList<BillingCycle> billingCycles,
            string? partnerCenterOfferId)
        {
            OfferId = offerId;
            Offer = name;
            Market = market;
            VariantOf = variantOf;
            ServiceFamily = serviceFamily;
            Services = ItemList<string>.Of(services);
            MaxSeats = maxSeats;
            SeatPool = seatPool;
            UnitPrice = unitPrice;
            Currency = currency;
            BillingCycles = ItemList<BillingCycle>.Of(billingCycles);
            PartnerCenterOfferId = partnerCenterOfferId;
        }

        public string OfferId { get; }

        /// <summary>Display name.</summary>
        public string Offer { get; }

        /// <summary>Market the offer is sold in; null when sold in every market.</summary>
        public string? Market { get; }

        /// <summary>For a market variant, the id of the global offer it is a variant of.</summary>
        public string? VariantOf { get; }

        public string ServiceFamily { get; }
        public IReadOnlyList<string> Services { get; }

        /// <summary>Seat cap of one subscription; null for no cap.</summary>
        public int? MaxSeats { get; }

        /// <summary>Offers sharing a pool share one seat total per customer (e.g. Business: 300).</summary>
        public string? SeatPool { get; }

        /// <summary>Price per seat per month, when the catalogue has prices.</summary>
        public decimal? UnitPrice { get; }

        public string? Currency { get; }
        /// <summary>The billing cycles the offer is sold with; empty when not restricted.</summary>
        public IReadOnlyList<BillingCycle> BillingCycles { get; }
        public string? PartnerCenterOfferId { get; }

        /// <summary>Former names (e.g. the pre-2020 ones); accepted wherever a name is.</summary>
        public IReadOnlyList<string> Aliases
        {
            get => _aliases;
            internal set => _aliases = ItemList<string>.Of(value);
        }

        private IReadOnlyList<string> _aliases = ItemList<string>.Empty;

        /// <summary>Legacy (the default) or NewCommerce.</summary>
        public Commerce Commerce { get; internal set; }

        /// <summary>New commerce: Partner Center's productId, or productId:skuId, that maps subscriptions to this offer.</summary>
        public string? PartnerCenterProductId { get; internal set; }

        /// <summary>New commerce: the terms the offer is sold with; empty when not restricted.</summary>
        public IReadOnlyList<TermDuration> TermDurations
        {
            get => _termDurations;
            internal set => _termDurations = ItemList<TermDuration>.Of(value);
        }

        private IReadOnlyList<TermDuration> _termDurations = ItemList<TermDuration>.Empty;

        /// <summary>Ids of the offers this one can be upgraded to.</summary>
        public IReadOnlyList<string> UpgradeTargets
        {
            get => _upgradeTargets;
            internal set => _upgradeTargets = ItemList<string>.Of(value);
        }

        private IReadOnlyList<string> _upgradeTargets = ItemList<string>.Empty;

        internal int Index { get; set; }
        internal ulong ServiceMask { get; set; }
        internal int BillingCycleMask { get; set; }
        internal int PoolIndex { get; set; } = -1;
        internal int FamilyIndex { get; set; }
        internal int? PoolLimit { get; set; }

        /// <summary>True when the offer is sold with this billing cycle (every cycle when the catalogue lists none).</summary>
        public bool SupportsBillingCycle(BillingCycle cycle) => (BillingCycleMask & (1 << (int)cycle)) != 0;

        /// <summary>True when the offer is sold with this term (every term when the catalogue lists none).</summary>
        public bool SupportsTermDuration(TermDuration term) => _termDurations.Count == 0 || _termDurations.Contains(term);

        /// <summary>
        /// An offer the catalogue does not know, passed through with the backend's id and name (SPEC 1.8: Partner Center decides
        /// eligibility and caps). Not part of any catalogue: no index into one, no services, caps, prices or restrictions.
        /// </summary>
        internal static CatalogOffer PassThrough(string offerId, string name) =>
            new CatalogOffer(offerId, name, null, null, string.Empty, System.Array.Empty<string>(), null, null, null, null,
                new[] { BillingCycle.Monthly, BillingCycle.Annual }, offerId)
            {
                Index = -1,
                Commerce = offerId.Split(':').Length == 3 ? Commerce.NewCommerce : Commerce.Legacy,
            };

        /// <summary>An offer the catalogue does not know, passed through from the backend (<see cref="PassThrough"/>).</summary>
        internal bool IsPassThrough => Index < 0;

        public override string ToString() => OfferId;
    }
}
