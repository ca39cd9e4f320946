using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>
    /// What became of an upgrade (SPEC 2): done now, done by an earlier run, recorded for the renewal (now or by an earlier
    /// run), or accepted by Partner Center and still running (journaled; a later run settles it).
    /// </summary>
    public enum UpgradeStatus { Completed, AlreadyUpgraded, Scheduled, AlreadyScheduled, Pending }

    /// <summary>Why a user account needs manual work after an upgrade (SPEC 1.6).</summary>
    public enum AffectedAccountReason
    {
        /// <summary>The target lacks a service the user has today through the source.</summary>
        LosesServices,

        /// <summary>The user already holds another license that gives one of the target's services.</summary>
        AlreadyLicensed,

        /// <summary>More users hold the source than the target has seats; this one gets no license.</summary>
        NoSeatAvailable,

        /// <summary>UpgradeOnly does not move licenses: assign the target's license to the user yourself.</summary>
        LicenseNotTransferred,

        /// <summary>Partner Center could not move the user's license (its licenseErrors); the detail says why.</summary>
        LicenseTransferFailed,
    }

    /// <summary>A user account that needs manual work after an upgrade.</summary>
    public sealed class AffectedAccount
    {
        public AffectedAccount(string customerId, string subscriptionId, string userPrincipalName, AffectedAccountReason reason, IReadOnlyList<string> services, string detail)
        {
            CustomerId = customerId;
            SubscriptionId = subscriptionId;
            UserPrincipalName = userPrincipalName;
            Reason = reason;
            Services = ItemList<string>.Of(services);
            Detail = detail;
        }

        public string CustomerId { get; }

        /// <summary>The source subscription of the upgrade.</summary>
        public string SubscriptionId { get; }

        public string UserPrincipalName { get; }
        public AffectedAccountReason Reason { get; }

        /// <summary>The services the reason is about (lost, duplicated); empty when it is about the license itself.</summary>
        public IReadOnlyList<string> Services { get; }

        public string Detail { get; }

        /// <summary>"user: Reason (services)", e.g. "ann@contoso.example: LosesServices (Exchange, Teams)".</summary>
        public override string ToString() =>
            Services.Count == 0 ? $"{UserPrincipalName}: {Reason}" : $"{UserPrincipalName}: {Reason} ({string.Join(", ", Services)})";
    }

    /// <summary>The "cancel and add" billing effect of an upgrade (SPEC 1.6); empty with a reason when it cannot be known.</summary>
    public sealed class BillingImpact
    {
        private BillingImpact(decimal? credit, decimal? charge, string? currency, int? daysRemaining, int? daysInPeriod, string? unavailableReason)
        {
            Credit = credit;
            Charge = charge;
            Net = credit is decimal c && charge is decimal g ? g - c : (decimal?)null;
            Currency = currency;
            DaysRemaining = daysRemaining;
            DaysInPeriod = daysInPeriod;
            UnavailableReason = unavailableReason;
        }

        public static BillingImpact Of(decimal credit, decimal charge, string currency, int daysRemaining, int daysInPeriod) =>
            new BillingImpact(credit, charge, currency, daysRemaining, daysInPeriod, null);

        public static BillingImpact Unavailable(string reason) => new BillingImpact(null, null, null, null, null, reason);

        /// <summary>Prorated credit for the source's unused days.</summary>
        public decimal? Credit { get; }

        /// <summary>Prorated charge for the target until the period ends.</summary>
        public decimal? Charge { get; }

        /// <summary>Charge minus credit.</summary>
        public decimal? Net { get; }

        public string? Currency { get; }
        public int? DaysRemaining { get; }
        public int? DaysInPeriod { get; }
        public string? UnavailableReason { get; }

        public override string ToString() =>
            Net is decimal net ? $"{net:0.00} {Currency} (charge {Charge:0.00} - credit {Credit:0.00})" : UnavailableReason ?? string.Empty;
    }

    /// <summary>What an upgrade did (Invoke-CspSubscriptionUpgrade output).</summary>
    public sealed class UpgradeResult
    {
        public UpgradeResult(
            string customerId,
            string customerName,
            string subscriptionId,
            string targetSubscriptionId,
            string offerId,
            string targetOfferId,
            string targetOffer,
            UpgradeType upgradeType,
            int quantity,
            UpgradeStatus status,
            IReadOnlyList<AffectedAccount> affectedAccounts,
            BillingImpact billingImpact,
            UpgradeKind kind = UpgradeKind.Full,
            int seatsToAssign = 0)
        {
            Kind = kind;
            SeatsToAssign = seatsToAssign;
            CustomerId = customerId;
            CustomerName = customerName;
            SubscriptionId = subscriptionId;
            TargetSubscriptionId = targetSubscriptionId;
            OfferId = offerId;
            TargetOfferId = targetOfferId;
            TargetOffer = targetOffer;
            UpgradeType = upgradeType;
            Quantity = quantity;
            Status = status;
            AffectedAccounts = ItemList<AffectedAccount>.Of(affectedAccounts);
            BillingImpact = billingImpact;
        }

        public string CustomerId { get; }
        public string CustomerName { get; }

        /// <summary>The source subscription (legacy: now cancelled; new commerce: changed in place, shrunk, or removed).</summary>
        public string SubscriptionId { get; }

        public string TargetSubscriptionId { get; }
        public string OfferId { get; }
        public string TargetOfferId { get; }
        public string TargetOffer { get; }
        public UpgradeType UpgradeType { get; }

        /// <summary>Full, Partial, IntoExisting or AtRenewal (SPEC 1.9); a legacy upgrade is Full.</summary>
        public UpgradeKind Kind { get; }

        public int Quantity { get; }
        public UpgradeStatus Status { get; }

        /// <summary>Seats of the target that wait for the admin to assign them (a partial or into-existing move moves no license).</summary>
        public int SeatsToAssign { get; }
        public IReadOnlyList<AffectedAccount> AffectedAccounts { get; }
        public int AffectedAccountCount => AffectedAccounts.Count;
        public BillingImpact BillingImpact { get; }

        /// <summary>Billing net as a flat column (survives Export-Csv); null when unknown.</summary>
        public decimal? BillingNet => BillingImpact.Net;

        /// <summary>Affected accounts' UPNs as one string (survives Export-Csv).</summary>
        public string AffectedAccountNames => string.Join(", ", AffectedAccounts.Select(a => a.UserPrincipalName).Distinct());

        public override string ToString() => $"{SubscriptionId} -> {TargetSubscriptionId} ({Status})";
    }
}
