using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>
    /// What the rules need to know about one customer, indexed once so each (subscription, target) check is a handful of
    /// mask and array operations: offers resolved, owned offers, the union of services, seat pool totals, delegation.
    /// </summary>
    internal sealed class CustomerContext
    {
        private static readonly PartnerRole[] s_allowedRoles =
        {
            PartnerRole.GlobalAdmin, PartnerRole.UserManagementAdmin, PartnerRole.AdminAgent, PartnerRole.SalesAgent, PartnerRole.HelpdeskAgent,
        };

        internal CustomerContext(OfferCatalog catalog, CustomerRecord customer, PartnerInfo partner)
        {
            Catalog = catalog;
            Customer = customer;
            Partner = partner;
            // A snapshot: results point at subscriptions by their index here, so later edits of the list cannot shift them.
            Subscriptions = customer.Subscriptions.ToArray();
            int count = Subscriptions.Length;
            Offers = new CatalogOffer?[count];
            // Most catalogues have at most 64 offers: one word of bits, no array.
            OwnedOffers = catalog.Offers.Count > 64 ? new ulong[(catalog.Offers.Count + 63) / 64] : null;
            PoolTotals = new long[catalog.SeatPoolCount];
            for (int i = 0; i < count; i++)
            {
                var subscription = Subscriptions[i];
                var offer = catalog.Find(subscription.OfferId);
                Offers[i] = offer;
                if (offer is null || subscription.Status == SubscriptionStatus.Deleted)
                {
                    continue;
                }
                if (OwnedOffers is null)
                {
                    _owned |= 1UL << offer.Index;
                }
                else
                {
                    OwnedOffers[offer.Index >> 6] |= 1UL << (offer.Index & 63);
                }
                ServiceUnion |= offer.ServiceMask;
                if (offer.PoolIndex >= 0)
                {
                    PoolTotals[offer.PoolIndex] += subscription.Quantity;
                }
            }

            PartnerRoleAllowed = IsPartnerRoleAllowed(partner);
            var delegation = customer.DelegatedAdmin;
            DelegationType = delegation.Type;
            var families = catalog.ServiceFamilies;
            for (int f = 0; f < families.Count; f++)
            {
                foreach (string service in delegation.Services)
                {
                    if (string.Equals(service, families[f], StringComparison.OrdinalIgnoreCase))
                    {
                        _coveredFamilies |= 1UL << f;
                    }
                }
            }
            var market = catalog.Market(customer.Market);
            SoldHere = market.Sold;
            EquivalentHere = market.Equivalent;
            var roles = delegation.Roles;
            GdapCanWrite = roles.Contains(GdapRole.DirectoryWriter) || roles.Contains(GdapRole.GlobalAdministrator);
            GdapCanRead = GdapCanWrite || roles.Contains(GdapRole.DirectoryReader) || roles.Contains(GdapRole.GlobalReader);
        }

        public static IReadOnlyList<PartnerRole> AllowedPartnerRoles => s_allowedRoles;

        /// <summary>Whether the partner user holds one of the roles that may upgrade and add licenses (SPEC 1.1).</summary>
        public static bool IsPartnerRoleAllowed(PartnerInfo partner)
        {
            foreach (var role in partner.Roles)
            {
                if (Array.IndexOf(s_allowedRoles, role) >= 0)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Why the partner user may not do <paramref name="action"/>: the roles held and the roles needed.</summary>
        public static string PartnerRoleRefusal(PartnerInfo partner, string action) =>
            $"The partner user's roles ({string.Join(", ", partner.Roles)}) do not allow {action}; one of {string.Join(", ", s_allowedRoles)} is needed.";

        public OfferCatalog Catalog { get; }
        public CustomerRecord Customer { get; }

        /// <summary>The time (UTC) the checks are made at: new commerce's cancellation windows are judged against it.</summary>
        internal DateTime Now { get; set; } = DateTime.UtcNow;
        public PartnerInfo Partner { get; }

        internal SubscriptionRecord[] Subscriptions { get; }

        /// <summary>The offer of each subscription of <see cref="Subscriptions"/>; null where the catalogue does not know it.</summary>
        internal CatalogOffer?[] Offers { get; }
        private readonly ulong _owned;
        private readonly ulong _coveredFamilies;

        /// <summary>Offers held in a live subscription, as bits by offer index (null when they fit in one word).</summary>
        internal ulong[]? OwnedOffers { get; }
        internal ulong ServiceUnion { get; }
        internal long[] PoolTotals { get; } // long: many large subscriptions in one pool must not wrap
        internal bool PartnerRoleAllowed { get; }
        internal DelegatedAdminType DelegationType { get; }
        /// <summary>Per offer index: is it sold in the customer's market?</summary>
        internal bool[] SoldHere { get; }

        /// <summary>Per offer index: the form of the offer sold in the customer's market.</summary>
        internal CatalogOffer[] EquivalentHere { get; }

        /// <summary>Does the delegated admin relationship cover the offer's service family?</summary>
        internal bool Covers(CatalogOffer offer) => (_coveredFamilies & (1UL << offer.FamilyIndex)) != 0;
        internal bool GdapCanRead { get; }
        internal bool GdapCanWrite { get; }

        internal bool Owns(CatalogOffer offer) =>
            OwnedOffers is null ? (_owned & (1UL << offer.Index)) != 0 : (OwnedOffers[offer.Index >> 6] & (1UL << (offer.Index & 63))) != 0;

        internal int IndexOf(SubscriptionRecord subscription)
        {
            var subscriptions = Subscriptions;
            for (int i = 0; i < subscriptions.Length; i++)
            {
                if (ReferenceEquals(subscriptions[i], subscription))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Seats the customer holds in <paramref name="poolIndex"/> outside <paramref name="excluded"/>.</summary>
        internal long PoolSeatsExcluding(int poolIndex, SubscriptionRecord excluded, CatalogOffer? excludedOffer)
        {
            long total = PoolTotals[poolIndex];
            if (excludedOffer != null && excludedOffer.PoolIndex == poolIndex && excluded.Status != SubscriptionStatus.Deleted)
            {
                total -= excluded.Quantity;
            }
            return total;
        }
    }
}
