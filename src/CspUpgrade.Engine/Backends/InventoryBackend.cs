using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace CspUpgrade
{
    /// <summary>
    /// A local inventory file as the backend. Reads come from memory; the file is read again when it changed on disk
    /// (another process may have written it), checked at most once per call to <see cref="Refresh"/>.
    /// </summary>
    public sealed class InventoryBackend : ICspBackend
    {
        private readonly Func<OfferCatalog> _catalog;
        private InventoryDocument _document;
        private Dictionary<string, CustomerRecord> _byId;
        private (DateTime Written, long Length) _stamp;

        private InventoryBackend(string path, Func<OfferCatalog> catalog, InventoryDocument document)
        {
            Path = path;
            _catalog = catalog;
            _document = document;
            _byId = Index(document);
            _stamp = Stamp(path);
            Connection = new ConnectionInfo("Inventory", path, null, document.Partner.Name, document.Partner.Roles, DateTime.UtcNow);
        }

        /// <summary>Loads and validates the inventory; throws <see cref="InventoryInvalidException"/> with every problem.</summary>
        public static InventoryBackend Open(string path, Func<OfferCatalog> catalog)
        {
            var document = InventoryLoader.Load(path, catalog());
            return new InventoryBackend(path, catalog, document);
        }

        public string Path { get; }
        public ConnectionInfo Connection { get; }
        public PartnerInfo Partner => _document.Partner;
        public InventoryDocument Document => _document;

        /// <summary>Re-reads the file if it changed since it was loaded.</summary>
        public void Refresh()
        {
            var stamp = Stamp(Path);
            if (stamp != _stamp)
            {
                Replace(InventoryLoader.Load(Path, _catalog()), stamp);
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

        public IReadOnlyList<EligibilityResult> CheckEligibility(
            EligibilityEngine engine,
            CustomerContext customer,
            SubscriptionRecord subscription,
            CatalogOffer? target,
            UpgradeType upgradeType,
            int? quantity,
            CancellationToken cancellation) =>
            target is null
                ? engine.CheckAllPaths(customer, subscription, upgradeType, quantity)
                : new[] { engine.Check(customer, subscription, target, upgradeType, quantity) };

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
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        }
    }
}
