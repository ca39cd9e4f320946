using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// A remote backend as one cmdlet sees it: every call runs with that cmdlet's status sink installed (so throttling waits
    /// become its verbose lines and progress), and a call cut short by Ctrl+C ends the pipeline as a stop, not as an error.
    /// </summary>
    internal sealed class ReportingBackend : IRemoteBackend
    {
        private readonly Action<BackendStatusUpdate> _sink;
        private readonly Func<bool> _stopping;
        private readonly PipelineDispatcher? _dispatcher;

        public ReportingBackend(ICspBackend inner, Action<BackendStatusUpdate> sink, Func<bool> stopping, PipelineDispatcher? dispatcher = null)
        {
            _dispatcher = dispatcher;
            Inner = inner;
            _sink = sink;
            _stopping = stopping;
        }

        public ICspBackend Inner { get; }

        public ConnectionInfo Connection => Inner.Connection;
        public PartnerInfo Partner => Inner.Partner;

        public void Refresh() => Run(() => Inner.Refresh());

        public IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation) => Run(() => Inner.GetCustomers(cancellation));

        public CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation) => Run(() => Inner.GetCustomer(customerId, cancellation));

        public EligibilityResult CheckEligibility(EligibilityEngine engine, CustomerContext customer, SubscriptionRecord subscription, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation) =>
            Run(() => Inner.CheckEligibility(engine, customer, subscription, target, choice, cancellation));

        public IReadOnlyList<EligibilityResult> CheckAllPaths(EligibilityEngine engine, CustomerContext customer, SubscriptionRecord subscription, UpgradeChoice choice, CancellationToken cancellation) =>
            Run(() => Inner.CheckAllPaths(engine, customer, subscription, choice, cancellation));

        public UpgradePlan PlanUpgrade(EligibilityEngine engine, string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation) =>
            Run(() => Inner.PlanUpgrade(engine, customerId, subscriptionId, target, choice, cancellation));

        public UpgradeResult Upgrade(EligibilityEngine engine, string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation) =>
            Run(() => Inner.Upgrade(engine, customerId, subscriptionId, target, choice, cancellation));

        public SubscriptionRecord AddLicenses(EligibilityEngine engine, string customerId, string subscriptionId, int count, CancellationToken cancellation) =>
            Run(() => Inner.AddLicenses(engine, customerId, subscriptionId, count, cancellation));

        /// <summary>The session owns the backend; a cmdlet's view of it closes nothing.</summary>
        public void Dispose()
        {
        }

        private void Run(Action call) => Run<object?>(() =>
        {
            call();
            return null;
        });

        private T Run<T>(Func<T> call)
        {
            using (BackendStatus.Use(_sink))
            using (PipelineDispatcher.Use(_dispatcher))
            {
                try
                {
                    return call();
                }
                catch (OperationCanceledException) when (_stopping())
                {
                    throw new PipelineStoppedException();
                }
            }
        }
    }
}
