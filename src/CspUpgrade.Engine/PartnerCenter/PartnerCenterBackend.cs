using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Security;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// The Partner Center REST API as the backend (SPEC 1.8), a facade over its parts: <see cref="PartnerCenterReader"/>
    /// (reads, cached until <see cref="Refresh"/>, once per command), <see cref="PartnerCenterVerdict"/> (eligibility is
    /// Partner Center's own answer, with the local rules' view alongside where they disagree), <see cref="PartnerCenterUpgrades"/>
    /// and <see cref="PartnerCenterLicenses"/> (writes, each through the one <see cref="VerifiedWriter"/>: journaled, never
    /// re-sent before the current state has been read). Safe to call from several threads at once.
    /// </summary>
    internal sealed class PartnerCenterBackend : IRemoteBackend, IPacedBackend, IOfferedTargets
    {
        public const string SourceName = PartnerCenterVerdict.SourceName;

        private readonly PartnerCenterClient _client;
        private readonly ICatalogSource _session;
        private readonly PartnerCenterReader _reader;
        private readonly PartnerCenterVerdict _verdict;
        private readonly PartnerCenterUpgrades _upgrades;
        private readonly PartnerCenterLicenses _licenses;
        private readonly PartnerCenterTransitions _transitions;

        private PartnerCenterBackend(PartnerCenterClient client, ICatalogSource session, string journalPath, string partnerName)
        {
            _client = client;
            _session = session;
            JournalPath = journalPath;
            Partner = new PartnerInfo
            {
                Name = partnerName,
                // Partner Center checks the signed-in user's roles itself on every call (403 when they do not allow it).
                Roles = new List<PartnerRole> { PartnerRole.AdminAgent },
                RolesAssumed = true,
            };
            Connection = new ConnectionInfo("PartnerCenter", null, client.Endpoint, partnerName, Partner.Roles, DateTime.UtcNow) { JournalPath = journalPath, TokenExpiry = () => client.TokenExpiresOn };
            var journal = new RemoteJournal(journalPath, "Partner Center");
            var history = new UpgradeHistory(journal.ReadAll());
            _reader = new PartnerCenterReader(client, session, history);
            _verdict = new PartnerCenterVerdict(_reader);
            var writer = new VerifiedWriter(journal, Partner, _reader.Invalidate, client.Channel);
            _upgrades = new PartnerCenterUpgrades(client, _reader, _verdict, writer, history, Partner, () => UtcNow());
            _licenses = new PartnerCenterLicenses(client, _reader, writer, Partner);
            _transitions = new PartnerCenterTransitions(client, _reader, writer, journal, history, Partner, () => UtcNow());
        }

        /// <summary>
        /// Connects: checks the endpoint (https, or loopback), verifies the token with one cheap GET (the partner's organization
        /// profile) and returns the backend. Throws <see cref="PartnerCenterUnauthorizedException"/> for a refused token.
        /// </summary>
        public static PartnerCenterBackend Connect(
            Uri? endpoint,
            SecureString accessToken,
            string? journalPath,
            ICatalogSource session,
            CancellationToken cancellation,
            PartnerCenterClientOptions? options = null,
            HttpMessageHandler? handler = null) =>
            Connect(endpoint, FixedTokenSource.From(accessToken), journalPath, session, cancellation, options, handler);

        /// <summary>
        /// Connects with a token source (renewed before expiry and after a 401 when it can be): the first token is obtained here,
        /// so a failed sign-in throws <see cref="PartnerCenterSignInException"/>. The backend owns <paramref name="tokens"/>.
        /// </summary>
        /// <param name="session">Where the catalogue and the rules come from, read at each call (<see cref="ICatalogSource"/>).</param>
        public static PartnerCenterBackend Connect(
            Uri? endpoint,
            ITokenSource tokens,
            string? journalPath,
            ICatalogSource session,
            CancellationToken cancellation,
            PartnerCenterClientOptions? options = null,
            HttpMessageHandler? handler = null)
        {
            PartnerCenterClient client;
            try
            {
                client = new PartnerCenterClient(endpoint ?? PartnerCenterClient.DefaultEndpoint, tokens, options, handler);
            }
            catch
            {
                tokens.Dispose();
                throw;
            }
            try
            {
                string partnerName = Verify(client, cancellation);
                return new PartnerCenterBackend(client, session, journalPath ?? DefaultJournalPath, partnerName);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>LocalApplicationData/CspUpgrade/partnercenter.journal.jsonl.</summary>
        public static string DefaultJournalPath
        {
            get
            {
                string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
                if (string.IsNullOrEmpty(root))
                {
                    root = Path.GetTempPath();
                }
                return Path.Combine(root, "CspUpgrade", "partnercenter.journal.jsonl");
            }
        }

        public ConnectionInfo Connection { get; }
        public PartnerInfo Partner { get; }
        public Uri Endpoint => _client.Endpoint;

        public BackendChannel Channel => _client.Channel;
        public string JournalPath { get; }

        /// <summary>Today's date for billing (UTC); replaceable for tests.</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>The pace asked for at connect (-RequestsPerMinute).</summary>
        int IPacedBackend.RequestsPerMinute => _client.Options.RequestsPerMinute;

        /// <summary>Page size asked of GET customers.</summary>
        public int CustomerPageSize
        {
            get => _reader.CustomerPageSize;
            set => _reader.CustomerPageSize = value;
        }

        private static string Verify(PartnerCenterClient client, CancellationToken cancellation)
        {
            try
            {
                var profile = ResourceJson.ReadOrNull<OrganizationResource>(client.Get("profiles/organization", cancellation).Body);
                return profile?.CompanyName ?? "Partner Center";
            }
            catch (PartnerCenterException ex) when (ex.StatusCode == 403 || ex.StatusCode == 404)
            {
                // Some partner roles may not read the organization profile; listing one customer proves the token as well.
                client.Get("customers?size=1", cancellation);
                return "Partner Center";
            }
        }

        /// <summary>Forgets every cached read (called once per command).</summary>
        public void Refresh() => _reader.Refresh();

        public IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation) => _reader.GetCustomers(cancellation);

        public CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation) => _reader.GetCustomer(customerId, cancellation);

        public EligibilityResult CheckEligibility(
            CustomerContext customer,
            SubscriptionRecord subscription,
            CatalogOffer target,
            UpgradeChoice choice,
            CancellationToken cancellation)
        {
            var engine = _session.Engine;
            _reader.EnsureMapping();
            if (subscription.Commerce == Commerce.NewCommerce)
            {
                return _transitions.Check(engine, customer, subscription, target, choice, cancellation);
            }
            var upgrades = _reader.Upgrades.Get(customer.Customer.CustomerId, subscription.SubscriptionId, cancellation);
            return _verdict.Decide(engine, customer, subscription, target, upgrades, choice.UpgradeType, choice.Quantity);
        }

        public IReadOnlyList<EligibilityResult> CheckAllPaths(
            CustomerContext customer,
            SubscriptionRecord subscription,
            UpgradeChoice choice,
            CancellationToken cancellation)
        {
            var engine = _session.Engine;
            _reader.EnsureMapping();
            if (subscription.Commerce == Commerce.NewCommerce)
            {
                return _transitions.CheckAll(engine, customer, subscription, choice, cancellation);
            }
            var upgrades = _reader.Upgrades.Get(customer.Customer.CustomerId, subscription.SubscriptionId, cancellation);
            return _verdict.DecideAll(engine, customer, subscription, upgrades, choice.UpgradeType, choice.Quantity);
        }

        CatalogOffer? IOfferedTargets.FindOfferedTarget(string customerId, string subscriptionId, string idOrName, CancellationToken cancellation)
        {
            var engine = _session.Engine;
            var subscription = _reader.GetCustomer(customerId, cancellation)?.FindSubscription(subscriptionId);
            if (subscription is null)
            {
                return null;
            }
            return subscription.Commerce == Commerce.NewCommerce
                ? _transitions.OfferedTarget(engine, customerId, subscription.SubscriptionId, idOrName, cancellation)
                : _verdict.OfferedTarget(engine, _reader.Upgrades.Get(customerId, subscriptionId, cancellation), idOrName);
        }

        public UpgradePlan PlanUpgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            var engine = _session.Engine;
            var customer = _reader.GetCustomer(customerId, cancellation) ?? throw new CustomerNotFoundException(customerId);
            var source = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            if (source.Commerce == Commerce.NewCommerce)
            {
                return _transitions.Plan(engine, customer, source, target, choice, cancellation, fresh: false);
            }
            return _upgrades.Plan(engine, customer, source, target, choice.UpgradeType, choice.Quantity, cancellation, fresh: false);
        }

        /// <summary>A legacy upgrade (POST .../upgrades), or for a new-commerce subscription a transition or a change at renewal.</summary>
        public UpgradeResult Upgrade(string customerId, string subscriptionId, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            var engine = _session.Engine;
            var customer = _reader.GetCustomerFresh(customerId, cancellation);
            var source = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            return source.Commerce == Commerce.NewCommerce
                ? _transitions.Upgrade(engine, customer, source, target, choice, cancellation)
                : _upgrades.Upgrade(engine, customer, source, target, choice.UpgradeType, choice.Quantity, cancellation);
        }

        public SubscriptionRecord AddLicenses(string customerId, string subscriptionId, int count, CancellationToken cancellation) =>
            _licenses.AddLicenses(_session.Engine, customerId, subscriptionId, count, cancellation);

        public override string ToString() => "Partner Center " + Endpoint;

        public void Dispose() => _client.Dispose();
    }
}
