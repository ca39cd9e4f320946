using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Partner Center's reads (customers with their subscriptions, and the collections kept per subscription such as upgrades),
    /// cached until <see cref="Refresh"/> (once per command) and mapped with the session's current catalogue: a new catalogue
    /// drops what was read with the old one. Concurrent readers of the same resource share one request; a failed read is not cached.
    /// </summary>
    internal sealed class PartnerCenterReader
    {
        private readonly PartnerCenterClient _client;
        private readonly ICatalogSource _session;
        private readonly UpgradeHistory _history;
        private readonly object _mappingLock = new object();
        private readonly ReadCache<CustomerRecord?> _customers = new ReadCache<CustomerRecord?>();

        /// <summary>GET customers/{id} per customer, kept for the connection (market and delegated access do not change within a run).</summary>
        private readonly ReadCache<CustomerResource?> _details = new ReadCache<CustomerResource?>();
        private readonly List<Action<string?>> _perSubscription = new List<Action<string?>>();
        private volatile CustomerDirectory? _directory;
        private OfferCatalog? _mappedFor;
        private PartnerCenterOfferMap _offers = PartnerCenterOfferMap.Empty;

        public PartnerCenterReader(PartnerCenterClient client, ICatalogSource session, UpgradeHistory history)
        {
            _client = client;
            _session = session;
            _history = history;
            Upgrades = PerSubscription<UpgradeResource>("upgrades");
        }

        /// <summary>Partner Center's upgrades of each subscription (GET .../upgrades).</summary>
        public SubscriptionCollection<UpgradeResource> Upgrades { get; }

        /// <summary>A collection kept under each subscription, cached with (and forgotten with) the rest of the reads.</summary>
        public SubscriptionCollection<T> PerSubscription<T>(string name) where T : Resource, new()
        {
            var collection = new SubscriptionCollection<T>(_client, name);
            lock (_perSubscription)
            {
                _perSubscription.Add(customerId =>
                {
                    if (customerId is null)
                    {
                        collection.Clear();
                    }
                    else
                    {
                        collection.Invalidate(customerId);
                    }
                });
            }
            return collection;
        }

        /// <summary>Page size asked of GET customers.</summary>
        public int CustomerPageSize { get; set; } = 100;

        /// <summary>
        /// Partner Center's offers to the catalogue's: the map the reads were mapped with, or a new one when the session's
        /// catalogue was replaced after the calling check read it (the check keeps deciding with the catalogue it began with).
        /// </summary>
        public PartnerCenterOfferMap OffersFor(OfferCatalog catalog) =>
            ReferenceEquals(catalog, _mappedFor) ? _offers : new PartnerCenterOfferMap(catalog);

        /// <summary>Forgets every cached read.</summary>
        public void Refresh()
        {
            _directory = null;
            _customers.Clear();
            ForgetPerSubscription(null);
        }

        public IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation)
        {
            EnsureMapping();
            var directory = _directory;
            if (directory != null)
            {
                return directory.All;
            }
            var catalog = _mappedFor!;
            var summaries = ListCustomers(cancellation);
            var customers = new List<CustomerRecord>(summaries.Count);
            foreach (var details in AllDetails(summaries, cancellation))
            {
                customers.Add(PartnerCenterMapper.Customer(details.Details ?? details.Summary, catalog));
            }
            _directory = new CustomerDirectory(customers);
            return customers;
        }

        /// <summary>How many GET customers/{id} a customer listing has in flight at once (all within the connection's pace).</summary>
        public const int DetailReaders = 8;

        /// <summary>
        /// The list carries neither market nor delegated access (SPEC 1.8): they come from each customer's own resource, read
        /// <see cref="DetailReaders"/> at a time on worker threads (one after the other, 2,000 customers at ~200 ms would leave
        /// most of the budget unused for minutes), handed back in list order. A worker whose token must be renewed by a
        /// -TokenProvider script asks the command's own thread, which runs it here while it waits (BackendChannel.RunCallerWork).
        /// </summary>
        private IEnumerable<(CustomerResource Summary, CustomerResource? Details)> AllDetails(List<CustomerResource> summaries, CancellationToken cancellation)
        {
            using (var queue = new OrderedWorkQueue<CustomerResource?>(DetailReaders, cancellation))
            {
                foreach (var summary in summaries)
                {
                    string? id = summary.Id;
                    queue.Add(token => string.IsNullOrWhiteSpace(id) ? null : Details(id!, token));
                }
                queue.Complete();
                int index = 0;
                while (index < summaries.Count)
                {
                    if (!queue.TryTakeCompleted(out var slot))
                    {
                        cancellation.ThrowIfCancellationRequested();
                        _client.Channel.RunCallerWork();
                        queue.WaitForCompletion(TimeSpan.FromMilliseconds(20));
                        continue;
                    }
                    var summary = summaries[index++];
                    if (slot!.Error != null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(slot.Error).Throw();
                    }
                    yield return (summary, slot.Result);
                }
            }
        }

        /// <summary>GET customers, page after page, following each page's links.next (its uri and headers) until there is none.</summary>
        private List<CustomerResource> ListCustomers(CancellationToken cancellation)
        {
            var all = new List<CustomerResource>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string request = $"customers?size={CustomerPageSize}";
            IReadOnlyDictionary<string, string>? headers = null;
            while (true)
            {
                var collection = Collection<CustomerResource>.From(_client.Get(request, cancellation, headers).Body);
                all.AddRange(collection.Items);
                var next = collection.Next;
                if (next is null)
                {
                    return all;
                }
                var nextHeaders = next.HeaderValues();
                string key = next.Uri + "\n" + string.Join("\n", nextHeaders.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => h.Key + "=" + h.Value));
                if (!seen.Add(key))
                {
                    return all; // a link pointing back to a page already read would page forever
                }
                request = next.Uri!;
                headers = nextHeaders;
            }
        }

        /// <summary>GET customers/{id} (null when there is no such customer), once per customer for the connection.</summary>
        private CustomerResource? Details(string customerId, CancellationToken cancellation)
        {
            string key = customerId.Trim();
            var details = _details.Get(key, id =>
            {
                try
                {
                    return ResourceJson.ReadOrNull<CustomerResource>(_client.Get("customers/" + Uri.EscapeDataString(id), cancellation).Body);
                }
                catch (PartnerCenterException ex) when (ex.StatusCode == 404)
                {
                    return null;
                }
            });
            if (details is null)
            {
                _details.Remove(key); // a customer not found now may be there on the next command
            }
            return details;
        }

        public CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation)
        {
            if (string.IsNullOrWhiteSpace(customerId))
            {
                return null;
            }
            EnsureMapping();
            return _customers.Get(customerId.Trim(), key => LoadCustomer(key, cancellation));
        }

        /// <summary>The customer as Partner Center shows it now (nothing cached for it is used).</summary>
        public CustomerRecord GetCustomerFresh(string customerId, CancellationToken cancellation)
        {
            EnsureMapping();
            Invalidate(customerId);
            return GetCustomer(customerId, cancellation) ?? throw new CustomerNotFoundException(customerId);
        }

        /// <summary>One subscription as Partner Center shows it now: the record, and the resource as read (a PATCH sends it back).</summary>
        public (SubscriptionRecord? Record, SubscriptionResource? Resource) GetSubscription(string path, CancellationToken cancellation)
        {
            var resource = ResourceJson.ReadOrNull<SubscriptionResource>(_client.Get(path, cancellation).Body);
            return (resource is null ? null : ToRecord(resource), resource);
        }

        /// <summary>A subscription resource as a record (offers mapped, an upgrade's source filled in).</summary>
        public SubscriptionRecord ToRecord(SubscriptionResource resource)
        {
            var record = PartnerCenterMapper.Subscription(resource, _offers);
            _history.Mark(record);
            return record;
        }

        /// <summary>Drops what is cached for one customer (after a write to it).</summary>
        public void Invalidate(string customerId)
        {
            _customers.Remove(customerId.Trim());
            ForgetPerSubscription(customerId);
        }

        private CustomerRecord? LoadCustomer(string customerId, CancellationToken cancellation)
        {
            var catalog = _mappedFor!;
            CustomerRecord? summary = null;
            _directory?.ById.TryGetValue(customerId, out summary);
            if (summary is null)
            {
                var details = Details(customerId, cancellation);
                if (details is null)
                {
                    return null;
                }
                summary = PartnerCenterMapper.Customer(details, catalog);
            }

            var subscriptions = _client.Get($"customers/{Uri.EscapeDataString(summary.CustomerId)}/subscriptions", cancellation);
            return new CustomerRecord
            {
                CustomerId = summary.CustomerId,
                Name = summary.Name,
                Market = summary.Market,
                DelegatedAdmin = summary.DelegatedAdmin,
                UsersKnown = false,
                Subscriptions = PartnerCenterMapper.Subscriptions(Collection<SubscriptionResource>.From(subscriptions.Body).Items, _offers, _history),
            };
        }

        /// <summary>Maps offers with the session's current catalogue; a new catalogue drops what was mapped with the old one.</summary>
        public void EnsureMapping()
        {
            var catalog = _session.Catalog;
            if (ReferenceEquals(catalog, _mappedFor))
            {
                return;
            }
            lock (_mappingLock)
            {
                if (!ReferenceEquals(catalog, _mappedFor))
                {
                    _offers = new PartnerCenterOfferMap(catalog);
                    Refresh();
                    _mappedFor = catalog;
                }
            }
        }

        private void ForgetPerSubscription(string? customerId)
        {
            lock (_perSubscription)
            {
                foreach (var forget in _perSubscription)
                {
                    forget(customerId);
                }
            }
        }

        /// <summary>The customer list of one GET customers walk, and the same customers by id (the first of a repeated id wins).</summary>
        private sealed class CustomerDirectory
        {
            public CustomerDirectory(IReadOnlyList<CustomerRecord> all)
            {
                All = all;
                foreach (var customer in all)
                {
                    if (!ById.ContainsKey(customer.CustomerId))
                    {
                        ById.Add(customer.CustomerId, customer);
                    }
                }
            }

            public IReadOnlyList<CustomerRecord> All { get; }

            public Dictionary<string, CustomerRecord> ById { get; } = new Dictionary<string, CustomerRecord>(StringComparer.OrdinalIgnoreCase);
        }
    }
}
