using System;
using System.Collections.Generic;

namespace CspUpgrade
{
    /// <summary>A local inventory file (SPEC 2.1): the partner, its customers, their subscriptions and users.</summary>
    public sealed class InventoryDocument
    {
        public PartnerInfo Partner { get; set; } = new PartnerInfo();
        public List<CustomerRecord> Customers { get; set; } = new List<CustomerRecord>();
    }

    public sealed class PartnerInfo
    {
        public string Name { get; set; } = string.Empty;
        public List<PartnerRole> Roles { get; set; } = new List<PartnerRole>();

        /// <summary>True when the backend does not say the roles and <see cref="Roles"/> are what the module assumes (Partner Center).</summary>
        internal bool RolesAssumed { get; set; }
    }

    public sealed class CustomerRecord
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

    public sealed class DelegatedAdminInfo
    {
        public DelegatedAdminType Type { get; set; }

        /// <summary>Service families the relationship covers (e.g. Office365).</summary>
        public List<string> Services { get; set; } = new List<string>();

        /// <summary>GDAP roles; empty for DAP and None.</summary>
        public List<GdapRole> Roles { get; set; } = new List<GdapRole>();

        /// <summary>True when the backend does not say the relationship and this is what the module assumes (Partner Center).</summary>
        internal bool Assumed { get; set; }
    }

    public sealed class SubscriptionRecord
    {
        /// <summary>A copy with every field (lists shared): change a field of the copy by assigning it, never a shared list in place.</summary>
        internal SubscriptionRecord Copy() => (SubscriptionRecord)MemberwiseClone();

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
    }

    public sealed class UserRecord
    {
        public string Upn { get; set; } = string.Empty;

        /// <summary>Ids of the subscriptions whose licenses the user holds.</summary>
        public List<string> Licenses { get; set; } = new List<string>();
    }
}
