using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace CspUpgrade.Engine.Backends
{
    /// <summary>
    /// A local inventory file as the backend. Reads come from memory; the file is read again when it changed on disk
    /// (another process may have written it), checked at most once per call to <see cref="Refresh"/>.
    /// </summary>
    internal sealed class InventoryBackend : ICspBackend
    {
        private readonly ICatalogSource _session;
        private InventoryDocument _document;
        private Dictionary<string, CustomerRecord> _byId;
        private (DateTime Written, long Length) _stamp;

        private InventoryBackend(string path, ICatalogSource session, InventoryDocument document)
        {
            Path = path;
            _session = session;
            Store = new InventoryStore(path, session);
            _document = document;
            _byId = Index(document);
            _stamp = Stamp(path);
            Connection = new ConnectionInfo("Inventory", path, null, document.Partner.Name, document.Partner.Roles, DateTime.UtcNow);
        }

        /// <summary>Loads and validates the inventory; throws <see cref="InventoryInvalidException"/> with every problem.</summary>
        /// <param name="session">Where the catalogue and the rules come from, read at each call (<see cref="ICatalogSource"/>).</param>
        public static InventoryBackend Open(string path, ICatalogSource session)
        {
            var document = InventoryLoader.Load(path, session.Catalog);
            return new InventoryBackend(path, session, document);
        }

        public string Path { get; }
        public InventoryStore Store { get; }

        /// <summary>Today's date comes from here (UTC), so billing can be tested with a fixed clock.</summary>
        public Func<DateTime> UtcNow
        {
            get => Store.UtcNow;
            set => Store.UtcNow = value;
        }

        public ConnectionInfo Connection { get; }
        public PartnerInfo Partner => _document.Partner;
        public InventoryDocument Document => _document;

        /// <summary>Re-reads the file if it changed since it was loaded.</summary>
        public void Refresh()
        {
            var stamp = Stamp(Path);
            if (stamp != _stamp)
            {
                Replace(InventoryLoader.Load(Path, _session.Catalog), stamp);
            }
        }

        internal void Replace(InventoryDocument document, (DateTime, long) stamp)
        {
            _document = document;
            _byId = Index(document);
            _stamp = stamp;
        }

        public IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation) => _document.Customers;

        public CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation) =>
            customerId != null && _byId.TryGetValue(customerId.Trim(), out var customer) ? customer : null;

        public EligibilityResult CheckEligibility(
            CustomerContext customer,
            SubscriptionRecord subscription,
            CatalogOffer target,
            UpgradeChoice choice,
            CancellationToken cancellation) =>
            _session.Engine.Check(customer, subscription, target, choice);

        public IReadOnlyList<EligibilityResult> CheckAllPaths(
            CustomerContext customer,
            SubscriptionRecord subscription,
            UpgradeChoice choice,
            CancellationToken cancellation) =>
            _session.Engine.CheckAllPaths(customer, subscription, choice);

        public UpgradePlan PlanUpgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            var engine = _session.Engine;
            var (customer, subscription) = Find(_document, customerId, subscriptionId);
            var context = engine.CreateContext(customer, _document.Partner, UtcNow());
            return UpgradePlanner.Plan(engine, context, subscription, target, choice, UtcNow());
        }

        public UpgradeResult Upgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            var engine = _session.Engine;
            var result = Store.Write(document =>
            {
                var (customer, source) = Find(document, customerId, subscriptionId);
                var context = engine.CreateContext(customer, document.Partner, UtcNow());
                var plan = UpgradePlanner.Plan(engine, context, source, target, choice, UtcNow());
                if (plan.AlreadyDoneStatus is UpgradeStatus done)
                {
                    return Mutation<UpgradeResult>.Unchanged(plan.ToResult(plan.AlreadyDoneTargetId!, done));
                }
                plan.RequireExpectedKind(choice);
                if (!plan.Eligibility.IsEligible)
                {
                    throw new NotEligibleException(plan.Eligibility);
                }
                if (plan.SourceOffer.Commerce == Commerce.NewCommerce)
                {
                    return NewCommerceChange(document, customer, plan);
                }

                var before = SubscriptionState.Of(source);
                var created = UpgradePlanner.Apply(plan, Guid.NewGuid().ToString());
                var entry = new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, UtcNow(), document.Partner.Name, customer.CustomerId, "Upgrade",
                    new[]
                    {
                        new JournalChange(source.SubscriptionId, before, SubscriptionState.Of(source)),
                        new JournalChange(created.SubscriptionId, null, SubscriptionState.Of(created)),
                    });
                return Mutation<UpgradeResult>.Changed(plan.ToResult(created.SubscriptionId, UpgradeStatus.Completed), entry);
            }, cancellation);
            AdoptWritten();
            return result;
        }

        /// <summary>
        /// A new-commerce change on the document, journaled with every subscription it touches (the source; the new or the
        /// existing target), offer and scheduled change included so an interrupted one settles by what the file shows.
        /// </summary>
        private Mutation<UpgradeResult> NewCommerceChange(InventoryDocument document, CustomerRecord customer, UpgradePlan plan)
        {
            var source = plan.Source;
            var sourceBefore = SubscriptionState.Of(source);
            var intoBefore = plan.Into is null ? null : SubscriptionState.Of(plan.Into);
            var holder = NewCommercePlanner.Apply(plan, Guid.NewGuid().ToString());
            var changes = new List<JournalChange> { new JournalChange(source.SubscriptionId, sourceBefore, SubscriptionState.Of(source)) };
            if (!ReferenceEquals(holder, source))
            {
                changes.Add(new JournalChange(holder.SubscriptionId, intoBefore, SubscriptionState.Of(holder)));
            }
            bool atRenewal = plan.Kind == UpgradeKind.AtRenewal;
            var entry = new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, UtcNow(), document.Partner.Name, customer.CustomerId,
                atRenewal ? "ScheduleChange" : "Upgrade" + plan.Kind, changes);
            return Mutation<UpgradeResult>.Changed(plan.ToResult(holder.SubscriptionId, atRenewal ? UpgradeStatus.Scheduled : UpgradeStatus.Completed), entry);
        }

        public SubscriptionRecord AddLicenses(string customerId, string subscriptionId, int count, CancellationToken cancellation)
        {
            var engine = _session.Engine;
            var result = Store.Write(document =>
            {
                var (customer, subscription) = Find(document, customerId, subscriptionId);
                int quantity = LicensePlanner.Check(engine, customer, subscription, count, document.Partner);
                var before = SubscriptionState.Of(subscription);
                subscription.Quantity = quantity;
                if (subscription.Commerce == Commerce.NewCommerce)
                {
                    // SPEC 1.9: a mid-term seat addition opens a new 7-day cancellation window.
                    subscription.CancellableUntil = UtcNow().ToUniversalTime().AddHours(168);
                }
                var entry = new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, UtcNow(), document.Partner.Name, customer.CustomerId, "AddLicenses",
                    new[] { new JournalChange(subscription.SubscriptionId, before, SubscriptionState.Of(subscription)) });
                return Mutation<SubscriptionRecord>.Changed(subscription, entry);
            }, cancellation);
            AdoptWritten();
            return result;
        }

        private void AdoptWritten()
        {
            if (Store.LastWritten is InventoryDocument written)
            {
                Replace(written, Store.LastWrittenStamp);
            }
        }

        private static (CustomerRecord, SubscriptionRecord) Find(InventoryDocument document, string customerId, string subscriptionId)
        {
            // Ids match as in GetCustomer: ignoring case and surrounding blanks (a CSV cell "c1 ").
            string id = customerId.Trim();
            var customer = document.Customers.Find(c => string.Equals(c.CustomerId, id, StringComparison.OrdinalIgnoreCase))
                ?? throw new CustomerNotFoundException(customerId);
            var subscription = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            return (customer, subscription);
        }

        public void Dispose()
        {
        }

        private static Dictionary<string, CustomerRecord> Index(InventoryDocument document)
        {
            var byId = new Dictionary<string, CustomerRecord>(document.Customers.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var customer in document.Customers)
            {
                byId[customer.CustomerId] = customer;
            }
            return byId;
        }

        internal static (DateTime, long) Stamp(string path)
        {
            // Through a symbolic link: the target's time and length, not the link's own.
            var info = new FileInfo(FileFacts.FinalTarget(path));
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        }
    }
}
