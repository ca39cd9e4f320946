using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>
    /// What the rules need to know about one customer, indexed once so each (subscription, target) check is a handful of
    /// mask and array operations: offers resolved, owned offers, the union of services, seat pool totals, delegation.
    /// </summary>
    public sealed class CustomerContext
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
            int count = customer.Subscriptions.Count;
            Offers = new CatalogOffer?[count];
            OwnedOffers = new ulong[(catalog.Offers.Count + 63) / 64];
            PoolTotals = new int[catalog.SeatPoolCount];
            for (int i = 0; i < count; i++)
            {
                var subscription = customer.Subscriptions[i];
                var offer = catalog.Find(subscription.OfferId);
                Offers[i] = offer;
                if (offer is null || subscription.Status == SubscriptionStatus.Deleted)
                {
                    continue;
                }
                OwnedOffers[offer.Index >> 6] |= 1UL << (offer.Index & 63);
                ServiceUnion |= offer.ServiceMask;
                if (offer.PoolIndex >= 0)
                {
                    PoolTotals[offer.PoolIndex] += subscription.Quantity;
                }
            }

            PartnerRoleAllowed = false;
            foreach (var role in partner.Roles)
            {
                PartnerRoleAllowed |= Array.IndexOf(s_allowedRoles, role) >= 0;
            }
            var delegation = customer.DelegatedAdmin;
            DelegationType = delegation.Type;
            var families = catalog.ServiceFamilies;
            CoveredFamilies = new bool[families.Count];
            for (int f = 0; f < families.Count; f++)
            {
                foreach (string service in delegation.Services)
                {
                    CoveredFamilies[f] |= string.Equals(service, families[f], StringComparison.OrdinalIgnoreCase);
                }
            }
            SoldHere = catalog.SoldInMarket(customer.Market);
            var roles = delegation.Roles;
            GdapCanWrite = roles.Contains(GdapRole.DirectoryWriter) || roles.Contains(GdapRole.GlobalAdministrator);
            GdapCanRead = GdapCanWrite || roles.Contains(GdapRole.DirectoryReader) || roles.Contains(GdapRole.GlobalReader);
        }

        public static IReadOnlyList<PartnerRole> AllowedPartnerRoles => s_allowedRoles;

        public OfferCatalog Catalog { get; }
        public CustomerRecord Customer { get; }
        public PartnerInfo Partner { get; }

        internal CatalogOffer?[] Offers { get; }
        internal ulong[] OwnedOffers { get; }
        internal ulong ServiceUnion { get; }
        internal int[] PoolTotals { get; }
        internal bool PartnerRoleAllowed { get; }
        internal DelegatedAdminType DelegationType { get; }
        /// <summary>Per service family of the catalogue: does the delegated admin relationship cover it?</summary>
        internal bool[] CoveredFamilies { get; }

        /// <summary>Per offer index: is it sold in the customer's market?</summary>
        internal bool[] SoldHere { get; }

        internal bool Covers(CatalogOffer offer) => CoveredFamilies[offer.FamilyIndex];
        internal bool GdapCanRead { get; }
        internal bool GdapCanWrite { get; }

        internal bool Owns(CatalogOffer offer) => (OwnedOffers[offer.Index >> 6] & (1UL << (offer.Index & 63))) != 0;

        internal int IndexOf(SubscriptionRecord subscription)
        {
            var subscriptions = Customer.Subscriptions;
            for (int i = 0; i < subscriptions.Count; i++)
            {
                if (ReferenceEquals(subscriptions[i], subscription))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Seats the customer holds in <paramref name="poolIndex"/> outside <paramref name="excluded"/>.</summary>
        internal int PoolSeatsExcluding(int poolIndex, SubscriptionRecord excluded, CatalogOffer? excludedOffer)
        {
            int total = PoolTotals[poolIndex];
            if (excludedOffer != null && excludedOffer.PoolIndex == poolIndex && excluded.Status != SubscriptionStatus.Deleted)
            {
                total -= excluded.Quantity;
            }
            return total;
        }
    }
}
