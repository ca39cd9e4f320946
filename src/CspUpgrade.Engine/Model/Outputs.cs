using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>The session's backend (Get-CspConnection). Never holds a token.</summary>
    public sealed class ConnectionInfo
    {
        public ConnectionInfo(string backend, string? path, Uri? endpoint, string partnerName, IReadOnlyList<PartnerRole> partnerRoles, DateTime connectedAt)
        {
            Backend = backend;
            Path = path;
            Endpoint = endpoint;
            PartnerName = partnerName;
            PartnerRoles = ItemList<PartnerRole>.Of(partnerRoles);
            ConnectedAt = connectedAt;
        }

        /// <summary>Inventory or PartnerCenter.</summary>
        public string Backend { get; }
        public string? Path { get; }
        public Uri? Endpoint { get; }
        public string PartnerName { get; }
        public IReadOnlyList<PartnerRole> PartnerRoles { get; }
        public DateTime ConnectedAt { get; }
        public string? JournalPath { get; set; }

        /// <summary>When the Partner Center access token in use expires (it is renewed before then when it can be); never the token.</summary>
        public DateTimeOffset? TokenExpiresOn => TokenExpiry?.Invoke();

        internal Func<DateTimeOffset?>? TokenExpiry { get; set; }

        public override string ToString() => $"{Backend}: {(object?)Path ?? Endpoint}";
    }

    /// <summary>A customer of the backend (Get-CspCustomer output).</summary>
    public sealed class Customer
    {
        internal Customer(CustomerRecord record)
        {
            CustomerId = record.CustomerId;
            CustomerName = record.Name;
            Market = record.Market;
            DelegatedAdmin = record.DelegatedAdmin.Type;
            DelegatedServices = ItemList<string>.Of(record.DelegatedAdmin.Services.ToArray());
            GdapRoles = ItemList<GdapRole>.Of(record.DelegatedAdmin.Roles.ToArray());
            SubscriptionCount = record.SubscriptionsKnown ? record.Subscriptions.Count : (int?)null;
            UserCount = record.UsersKnown ? record.Users.Count : (int?)null;
        }

        public string CustomerId { get; }
        public string CustomerName { get; }
        public string Market { get; }
        public DelegatedAdminType DelegatedAdmin { get; }
        public IReadOnlyList<string> DelegatedServices { get; }
        public IReadOnlyList<GdapRole> GdapRoles { get; }
        /// <summary>Null when the backend's customer list does not carry it (Partner Center: ask with -CustomerId).</summary>
        public int? SubscriptionCount { get; }

        /// <summary>Null when the backend does not read users (Partner Center).</summary>
        public int? UserCount { get; }

        public override string ToString() => $"{CustomerName} ({CustomerId})";
    }

    /// <summary>A customer's subscription (Get-CspSubscription output); pipes into the eligibility and action cmdlets.</summary>
    public sealed class Subscription
    {
        internal Subscription(CustomerRecord customer, SubscriptionRecord record, CatalogOffer? offer, bool upgradeAvailable)
        {
            CustomerId = customer.CustomerId;
            CustomerName = customer.Name;
            SubscriptionId = record.SubscriptionId;
            OfferId = record.OfferId;
            Offer = offer?.Offer ?? record.OfferName ?? record.OfferId;
            Status = record.Status;
            Quantity = record.Quantity;
            Channel = record.Channel;
            BillingCycle = record.BillingCycle;
            PeriodEnd = record.PeriodEnd;
            AddOns = ItemList<string>.Of(record.AddOns.ToArray());
            UpgradedFrom = record.UpgradedFrom;
            UpgradeAvailable = upgradeAvailable;
            Commerce = record.Commerce;
            TermDuration = record.TermDuration;
            TermEndDate = record.TermEndDate;
            AutoRenew = record.AutoRenew;
            CancellableUntil = record.CancellableUntil;
            ScheduledChange = record.ScheduledChange;
        }

        public string CustomerId { get; }
        public string CustomerName { get; }
        public string SubscriptionId { get; }
        public string OfferId { get; }

        /// <summary>Display name of the offer.</summary>
        public string Offer { get; }

        public SubscriptionStatus Status { get; }
        public int Quantity { get; }
        public SalesChannel Channel { get; }
        public BillingCycle BillingCycle { get; }
        public DateTime? PeriodEnd { get; }
        public IReadOnlyList<string> AddOns { get; }
        public string? UpgradedFrom { get; }

        /// <summary>At least one upgrade path of the offer is sold in the customer's market.</summary>
        public bool UpgradeAvailable { get; }

        /// <summary>Legacy or NewCommerce.</summary>
        public Commerce Commerce { get; }

        /// <summary>New commerce: the term (P1M, P1Y, P3Y); null for legacy.</summary>
        public TermDuration? TermDuration { get; }

        /// <summary>New commerce: the last day of the term.</summary>
        public DateTime? TermEndDate { get; }

        /// <summary>New commerce: whether it renews at the end of the term.</summary>
        public bool? AutoRenew { get; }

        /// <summary>New commerce: the end of the cancellation window (UTC), when it had one.</summary>
        public DateTime? CancellableUntil { get; }

        /// <summary>New commerce: the change recorded for the renewal; null when none.</summary>
        public ScheduledChange? ScheduledChange { get; }

        public override string ToString() => $"{SubscriptionId} ({OfferId})";
    }

    /// <summary>An upgrade path (Get-CspUpgradeOption); with eligibility when it was asked for a subscription.</summary>
    public sealed class UpgradeOption
    {
        internal UpgradeOption(CatalogOffer source, CatalogOffer target, OfferCatalog catalog, EligibilityResult? eligibility = null)
        {
            OfferId = source.OfferId;
            Offer = source.Offer;
            TargetOfferId = target.OfferId;
            TargetOffer = target.Offer;
            AdditionalServices = ItemList<string>.Of(catalog.ServiceNames(target.ServiceMask & ~source.ServiceMask));
            MaxSeats = target.MaxSeats;
            Market = target.Market;
            CustomerId = eligibility?.CustomerId;
            CustomerName = eligibility?.CustomerName;
            SubscriptionId = eligibility?.SubscriptionId;
            IsEligible = eligibility?.IsEligible;
            ReasonCodes = eligibility?.ReasonCodes;
            Reasons = eligibility?.Reasons ?? ItemList<EligibilityReason>.Of(null, ItemList.SentenceSeparator);
            ReasonSummary = eligibility?.ReasonSummary;
        }

        public string? CustomerId { get; }
        public string? CustomerName { get; }
        public string? SubscriptionId { get; }
        public string OfferId { get; }
        public string Offer { get; }
        public string TargetOfferId { get; }
        public string TargetOffer { get; }
        public IReadOnlyList<string> AdditionalServices { get; }
        public int? MaxSeats { get; }

        /// <summary>Market of the target; null when sold everywhere.</summary>
        public string? Market { get; }

        /// <summary>Null when the option was listed for an offer rather than a subscription.</summary>
        public bool? IsEligible { get; }

        public string? ReasonCodes { get; }

        /// <summary>Every reason's message and remediation as one line (survives Export-Csv); null when listed for an offer.</summary>
        public string? ReasonSummary { get; }

        public IReadOnlyList<EligibilityReason> Reasons { get; }

        public override string ToString() => $"{OfferId} -> {TargetOfferId}";
    }
}
