using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>A local inventory file (SPEC 2.1): the partner, its customers, their subscriptions and users.</summary>
    internal sealed class InventoryDocument
    {
        public PartnerInfo Partner { get; set; } = new PartnerInfo();
        public List<CustomerRecord> Customers { get; set; } = new List<CustomerRecord>();
    }

    internal sealed class PartnerInfo
    {
        public string Name { get; set; } = string.Empty;
        public List<PartnerRole> Roles { get; set; } = new List<PartnerRole>();

        /// <summary>True when the backend does not say the roles and <see cref="Roles"/> are what the module assumes (Partner Center).</summary>
        internal bool RolesAssumed { get; set; }
    }

    internal sealed class CustomerRecord
    {
        public string CustomerId { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;

        /// <summary>Two-letter market; IN is India.</summary>
        public string Market { get; set; } = string.Empty;

        public DelegatedAdminInfo DelegatedAdmin { get; set; } = new DelegatedAdminInfo();
        public List<SubscriptionRecord> Subscriptions { get; set; } = new List<SubscriptionRecord>();
        public List<UserRecord> Users { get; set; } = new List<UserRecord>();

        /// <summary>False for a summary whose <see cref="Subscriptions"/> were not read (a backend's customer list).</summary>
        public bool SubscriptionsKnown { get; set; } = true;

        /// <summary>False when the backend did not read the customer's users (Partner Center).</summary>
        public bool UsersKnown { get; set; } = true;

        public SubscriptionRecord? FindSubscription(string subscriptionId)
        {
            // Ids piped from our own objects are the very same strings: try the cheap comparison first.
            foreach (var subscription in Subscriptions)
            {
                if (string.Equals(subscription.SubscriptionId, subscriptionId, StringComparison.Ordinal))
                {
                    return subscription;
                }
            }
            // Otherwise ignore case and surrounding blanks (a CSV cell "s1 " names s1, as customer and offer cells do).
            string id = subscriptionId?.Trim() ?? string.Empty;
            foreach (var subscription in Subscriptions)
            {
                if (string.Equals(subscription.SubscriptionId, id, StringComparison.OrdinalIgnoreCase))
                {
                    return subscription;
                }
            }
            return null;
        }
    }

    internal sealed class DelegatedAdminInfo
    {
        public DelegatedAdminType Type { get; set; }

        /// <summary>Service families the relationship covers (e.g. Office365).</summary>
        public List<string> Services { get; set; } = new List<string>();

        /// <summary>GDAP roles; empty for DAP and None.</summary>
        public List<GdapRole> Roles { get; set; } = new List<GdapRole>();

        /// <summary>True when the backend does not say the relationship and this is what the module assumes (Partner Center).</summary>
        internal bool Assumed { get; set; }
    }

    internal sealed class SubscriptionRecord
    {
        /// <summary>A copy with every field (lists shared): change a field of the copy by assigning it, never a shared list in place.</summary>
        internal SubscriptionRecord Copy()
        {
            var copy = (SubscriptionRecord)MemberwiseClone();
            copy._terms = _terms?.Copy();
            return copy;
        }

        public string SubscriptionId { get; set; } = string.Empty;

        /// <summary>Catalogue offer id (or, for an offer the catalogue does not map, the backend's own offer id).</summary>
        public string OfferId { get; set; } = string.Empty;

        /// <summary>The backend's display name for an offer the catalogue does not map (Partner Center's offerName); else null.</summary>
        public string? OfferName { get; set; }

        public SubscriptionStatus Status { get; set; }
        public int Quantity { get; set; }
        public SalesChannel Channel { get; set; }
        public BillingCycle BillingCycle { get; set; }

        /// <summary>Last day of the current billing period (UTC date).</summary>
        public DateTime? PeriodEnd { get; set; }

        public List<string> AddOns { get; set; } = new List<string>();

        /// <summary>Set on a subscription created by an upgrade: the source subscription's id.</summary>
        public string? UpgradedFrom { get; set; }

        /// <summary>Legacy or NewCommerce: the commerce of the subscription's offer (SPEC 1.9).</summary>
        public Commerce Commerce { get; set; }

        // New commerce only (SPEC 2.1); null on a legacy subscription. Kept in one object made when the first is set, so a
        // legacy record stays as small as before new commerce: bulk checks walk 100,000 of them.
        private Terms? _terms;

        /// <summary>The term the subscription was bought for (P1M, P1Y, P3Y).</summary>
        public TermDuration? TermDuration
        {
            get => _terms?.TermDuration;
            set
            {
                if (value != null || _terms != null)
                {
                    Set().TermDuration = value;
                }
            }
        }

        /// <summary>Last day of the term (inclusive, UTC date).</summary>
        public DateTime? TermEndDate
        {
            get => _terms?.TermEndDate;
            set
            {
                if (value != null || _terms != null)
                {
                    Set().TermEndDate = value;
                }
            }
        }

        /// <summary>Whether the subscription renews at the end of its term; a change at renewal needs it.</summary>
        public bool? AutoRenew
        {
            get => _terms?.AutoRenew;
            set
            {
                if (value != null || _terms != null)
                {
                    Set().AutoRenew = value;
                }
            }
        }

        /// <summary>End of the 7-day cancellation window (UTC time), when the subscription is or was in one.</summary>
        public DateTime? CancellableUntil
        {
            get => _terms?.CancellableUntil;
            set
            {
                if (value != null || _terms != null)
                {
                    Set().CancellableUntil = value;
                }
            }
        }

        /// <summary>A change recorded to apply at renewal; null when none.</summary>
        public ScheduledChange? ScheduledChange
        {
            get => _terms?.ScheduledChange;
            set
            {
                if (value != null || _terms != null)
                {
                    Set().ScheduledChange = value;
                }
            }
        }

        private Terms Set() => _terms ??= new Terms();

        private sealed class Terms
        {
            public TermDuration? TermDuration;
            public DateTime? TermEndDate;
            public bool? AutoRenew;
            public DateTime? CancellableUntil;
            public ScheduledChange? ScheduledChange;

            public Terms Copy() => (Terms)MemberwiseClone();
        }

        /// <summary>In the cancellation window at <paramref name="utcNow"/> (SPEC 1.9: while now &lt; cancellableUntil).</summary>
        public bool InCancellationWindow(DateTime utcNow) => CancellableUntil is DateTime until && utcNow < until;
    }

    /// <summary>A new-commerce change to apply at renewal (SPEC 1.9 scheduledNextTermInstructions; the inventory's scheduledChange).</summary>
    public sealed class ScheduledChange
    {
        public ScheduledChange(string offerId, int quantity, TermDuration? termDuration, BillingCycle? billingCycle)
        {
            OfferId = offerId;
            Quantity = quantity;
            TermDuration = termDuration;
            BillingCycle = billingCycle;
        }

        /// <summary>The offer the subscription renews as (catalogue id, or the backend's id for an offer it does not map).</summary>
        public string OfferId { get; }

        /// <summary>Seats of the next term.</summary>
        public int Quantity { get; }

        /// <summary>The next term's duration; null: the subscription's own.</summary>
        public TermDuration? TermDuration { get; }

        /// <summary>The next term's billing cycle; null: the subscription's own.</summary>
        public BillingCycle? BillingCycle { get; }

        /// <summary>"M365_BUSINESS_STANDARD x 10 (P1Y, Monthly)".</summary>
        public override string ToString()
        {
            string terms = TermDuration is null && BillingCycle is null
                ? string.Empty
                : $" ({string.Join(", ", new[] { TermDuration?.ToString(), BillingCycle?.ToString() }.Where(t => t != null))})";
            return $"{OfferId} x {Quantity}{terms}";
        }

        public override bool Equals(object? obj) =>
            obj is ScheduledChange other && string.Equals(OfferId, other.OfferId, StringComparison.OrdinalIgnoreCase)
            && Quantity == other.Quantity && TermDuration == other.TermDuration && BillingCycle == other.BillingCycle;

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(OfferId) ^ Quantity;
    }

    internal sealed class UserRecord
    {
        public string Upn { get; set; } = string.Empty;

        /// <summary>Ids of the subscriptions whose licenses the user holds.</summary>
        public List<string> Licenses { get; set; } = new List<string>();
    }
}
