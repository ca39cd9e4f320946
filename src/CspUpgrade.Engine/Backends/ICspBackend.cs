using System;
using System.Collections.Generic;
using System.Threading;

namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// Where customers and subscriptions come from and where actions go: a local inventory file or Partner Center.
    /// Cmdlets talk only to this, so a backend can be added without touching them. A backend decides with the catalogue of
    /// the session it was connected for (<see cref="ICatalogSource"/>), read at each call; it is never handed another.
    /// </summary>
    internal interface ICspBackend : IDisposable
    {
        ConnectionInfo Connection { get; }

        /// <summary>The partner and the signed-in partner user's roles.</summary>
        PartnerInfo Partner { get; }

        /// <summary>Brings cached data up to date (e.g. an inventory file another process changed); called once per command.</summary>
        void Refresh();

        /// <summary>All customers; their subscription lists may be left unfilled (use <see cref="GetCustomer"/>).</summary>
        IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation);

        /// <summary>One customer with its subscriptions and users; null when the backend has no such customer.</summary>
        CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation);

        /// <summary>Eligibility of one subscription for one target, as this backend decides it.</summary>
        EligibilityResult CheckEligibility(
            CustomerContext customer,
            SubscriptionRecord subscription,
            CatalogOffer target,
            UpgradeChoice choice,
            CancellationToken cancellation);

        /// <summary>Eligibility for every upgrade path of the subscription (one ineligible result when it has none).</summary>
        IReadOnlyList<EligibilityResult> CheckAllPaths(
            CustomerContext customer,
            SubscriptionRecord subscription,
            UpgradeChoice choice,
            CancellationToken cancellation);

        /// <summary>What upgrading would do, without doing it (for -WhatIf and confirmation).</summary>
        UpgradePlan PlanUpgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation);

        /// <summary>
        /// Upgrades a subscription after re-checking eligibility against fresh data. Re-running a completed upgrade returns
        /// <see cref="UpgradeStatus.AlreadyUpgraded"/> and changes nothing. Throws <see cref="NotEligibleException"/> when not possible.
        /// </summary>
        UpgradeResult Upgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation);

        /// <summary>Adds seats; throws <see cref="ActionRefusedException"/> when the rules refuse. Returns the updated subscription.</summary>
        SubscriptionRecord AddLicenses(string customerId, string subscriptionId, int count, CancellationToken cancellation);
    }
}
