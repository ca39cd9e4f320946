using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>
    /// The Partner Center REST API as the backend (SPEC 1.8). Reads are cached until the next <see cref="Refresh"/> (once per
    /// command); eligibility is Partner Center's own answer, with the local rules' view alongside where they disagree; writes
    /// are journaled (intent, then committed or abandoned) and never re-sent before the current state has been read.
    /// Safe to call from several threads at once.
    /// </summary>
    public sealed class PartnerCenterBackend : IRemoteBackend
    {
        public const string SourceName = "PartnerCenter";

        private const string AffectedUnknown =
            "Partner Center reports the user accounts that need manual work (its licenseErrors) only when it performs the upgrade; the result lists them.";

        private static readonly TimeSpan s_settleAfter = TimeSpan.FromMinutes(15);

        private readonly PartnerCenterClient _client;
        private readonly Func<OfferCatalog> _catalog;
        private readonly object _mappingLock = new object();
        private readonly object _journalLock = new object();
        private readonly ConcurrentDictionary<string, Lazy<CustomerRecord?>> _customers = new ConcurrentDictionary<string, Lazy<CustomerRecord?>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JObject>>> _upgrades = new ConcurrentDictionary<string, Lazy<IReadOnlyList<JObject>>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, string> _upgradedFrom = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private volatile CustomerDirectory? _directory;
        private OfferCatalog? _mappedFor;
        private Dictionary<string, CatalogOffer> _offers = new Dictionary<string, CatalogOffer>();

        private PartnerCenterBackend(PartnerCenterClient client, Func<OfferCatalog> catalog, string journalPath, string partnerName)
        {
            _client = client;
            _catalog = catalog;
            JournalPath = journalPath;
            Partner = new PartnerInfo
            {
                Name = partnerName,
                // Partner Center checks the signed-in user's roles itself on every call (403 when they do not allow it).
                Roles = new List<PartnerRole> { PartnerRole.AdminAgent },
            };
            Connection = new ConnectionInfo("PartnerCenter", null, client.Endpoint, partnerName, Partner.Roles, DateTime.UtcNow) { JournalPath = journalPath };
            LoadUpgradeHistory();
        }

        /// <summary>
        /// Connects: checks the endpoint (https, or loopback), verifies the token with one cheap GET (the partner's organization
        /// profile) and returns the backend. Throws <see cref="PartnerCenterUnauthorizedException"/> for a refused token.
        /// </summary>
        public static PartnerCenterBackend Connect(
            Uri? endpoint,
            SecureString accessToken,
            string? journalPath,
            Func<OfferCatalog> catalog,
            CancellationToken cancellation,
            PartnerCenterClientOptions? options = null,
            HttpMessageHandler? handler = null)
        {
            var client = new PartnerCenterClient(endpoint ?? PartnerCenterClient.DefaultEndpoint, accessToken, options, handler);
            try
            {
                string partnerName = Verify(client, cancellation);
                return new PartnerCenterBackend(client, catalog, journalPath ?? DefaultJournalPath, partnerName);
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
        public string JournalPath { get; }

        /// <summary>Today's date for billing (UTC); replaceable for tests.</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>Page size asked of GET customers.</summary>
        public int CustomerPageSize { get; set; } = 100;

        private static string Verify(PartnerCenterClient client, CancellationToken cancellation)
        {
            try
            {
                var profile = client.Get("profiles/organization", cancellation).Body;
                return PartnerCenterMapper.Text(profile?["companyName"]) ?? "Partner Center";
            }
            catch (PartnerCenterException ex) when (ex.StatusCode == 403 || ex.StatusCode == 404)
            {
                // Some partner roles may not read the organization profile; listing one customer proves the token as well.
                client.Get("customers?size=1", cancellation);
                return "Partner Center";
            }
        }

        /// <summary>Forgets every cached read (called once per command).</summary>
        public void Refresh()
        {
            _directory = null;
            _customers.Clear();
            _upgrades.Clear();
        }

        // ---- Reads -------------------------------------------------------------------------------------------------

        public IEnumerable<CustomerRecord> GetCustomers(CancellationToken cancellation)
        {
            EnsureMapping();
            var directory = _directory;
            if (directory != null)
            {
                return directory.All;
            }
            var catalog = _mappedFor!;
            var customers = new List<CustomerRecord>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string first = $"customers?size={CustomerPageSize}";
            string? continuation = null;
            for (int page = 0; page < 100000; page++)
            {
                var headers = continuation is null ? null : new Dictionary<string, string> { ["MS-ContinuationToken"] = continuation };
                var response = _client.Get(continuation is null ? first : first + "&seek_operation=next", cancellation, headers);
                foreach (var item in PartnerCenterMapper.Items(response.Body))
                {
                    customers.Add(PartnerCenterMapper.Customer(item, catalog));
                }
                continuation = PartnerCenterMapper.Text(response.Body?["continuationToken"]);
                if (string.IsNullOrEmpty(continuation) || !seen.Add(continuation!))
                {
                    break;
                }
            }
            _directory = new CustomerDirectory(customers);
            return customers;
        }

        public CustomerRecord? GetCustomer(string customerId, CancellationToken cancellation)
        {
            if (string.IsNullOrWhiteSpace(customerId))
            {
                return null;
            }
            EnsureMapping();
            string id = customerId.Trim();
            var lazy = _customers.GetOrAdd(id, key => new Lazy<CustomerRecord?>(() => LoadCustomer(key, cancellation), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch
            {
                ((ICollection<KeyValuePair<string, Lazy<CustomerRecord?>>>)_customers).Remove(new KeyValuePair<string, Lazy<CustomerRecord?>>(id, lazy));
                throw;
            }
        }

        private CustomerRecord? LoadCustomer(string customerId, CancellationToken cancellation)
        {
            var catalog = _mappedFor!;
            CustomerRecord? summary = null;
            _directory?.ById.TryGetValue(customerId, out summary);
            if (summary is null)
            {
                try
                {
                    var response = _client.Get("customers/" + Uri.EscapeDataString(customerId), cancellation);
                    if (!(response.Body is JObject body))
                    {
                        return null;
                    }
                    summary = PartnerCenterMapper.Customer(body, catalog);
                }
                catch (PartnerCenterException ex) when (ex.StatusCode == 404)
                {
                    return null;
                }
            }

            var subscriptions = _client.Get($"customers/{Uri.EscapeDataString(summary.CustomerId)}/subscriptions", cancellation);
            return new CustomerRecord
            {
                CustomerId = summary.CustomerId,
                Name = summary.Name,
                Market = summary.Market,
                DelegatedAdmin = summary.DelegatedAdmin,
                UsersKnown = false,
                Subscriptions = PartnerCenterMapper.Subscriptions(PartnerCenterMapper.Items(subscriptions.Body), _offers, _upgradedFrom),
            };
        }

        /// <summary>Partner Center's upgrades for one subscription (GET .../upgrades), cached for the command unless fresh.</summary>
        public IReadOnlyList<JObject> GetUpgrades(string customerId, string subscriptionId, CancellationToken cancellation, bool fresh = false)
        {
            string key = customerId.Trim() + "/" + subscriptionId.Trim();
            if (fresh)
            {
                _upgrades.TryRemove(key, out _);
            }
            var lazy = _upgrades.GetOrAdd(key, _ => new Lazy<IReadOnlyList<JObject>>(
                () => PartnerCenterMapper.Items(_client.Get(
                    $"customers/{Uri.EscapeDataString(customerId.Trim())}/subscriptions/{Uri.EscapeDataString(subscriptionId.Trim())}/upgrades", cancellation).Body),
                LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch
            {
                ((ICollection<KeyValuePair<string, Lazy<IReadOnlyList<JObject>>>>)_upgrades).Remove(new KeyValuePair<string, Lazy<IReadOnlyList<JObject>>>(key, lazy));
                throw;
            }
        }

        /// <summary>Maps offers with the session's current catalogue; a new catalogue drops what was mapped with the old one.</summary>
        private void EnsureMapping()
        {
            var catalog = _catalog();
            if (ReferenceEquals(catalog, _mappedFor))
            {
                return;
            }
            lock (_mappingLock)
            {
                if (!ReferenceEquals(catalog, _mappedFor))
                {
                    _offers = PartnerCenterMapper.OffersByPartnerCenterId(catalog);
                    Refresh();
                    _mappedFor = catalog;
                }
            }
        }

        private void Invalidate(string customerId)
        {
            string id = customerId.Trim();
            _customers.TryRemove(id, out _);
            foreach (string key in _upgrades.Keys)
            {
                if (key.StartsWith(id + "/", StringComparison.OrdinalIgnoreCase))
                {
                    _upgrades.TryRemove(key, out _);
                }
            }
        }

        private CustomerRecord ReadCustomerFresh(string customerId, CancellationToken cancellation)
        {
            EnsureMapping();
            Invalidate(customerId);
            return GetCustomer(customerId, cancellation) ?? throw new CustomerNotFoundException(customerId);
        }

        // ---- Eligibility -------------------------------------------------------------------------------------------

        public EligibilityResult CheckEligibility(
            EligibilityEngine engine,
            CustomerContext customer,
            SubscriptionRecord subscription,
            CatalogOffer target,
            UpgradeType upgradeType,
            int? quantity,
            CancellationToken cancellation)
        {
            EnsureMapping();
            var upgrades = GetUpgrades(customer.Customer.CustomerId, subscription.SubscriptionId, cancellation);
            return Decide(engine, customer, subscription, target, upgrades, upgradeType, quantity);
        }

        public IReadOnlyList<EligibilityResult> CheckAllPaths(
            EligibilityEngine engine,
            CustomerContext customer,
            SubscriptionRecord subscription,
            UpgradeType upgradeType,
            int? quantity,
            CancellationToken cancellation)
        {
            EnsureMapping();
            var upgrades = GetUpgrades(customer.Customer.CustomerId, subscription.SubscriptionId, cancellation);
            if (upgrades.Count == 0)
            {
                return new[] { NoPaths(engine, customer, subscription, upgradeType, quantity) };
            }
            var results = new List<EligibilityResult>(upgrades.Count);
            foreach (var upgrade in upgrades)
            {
                results.Add(FromUpgrade(engine, customer, subscription, upgrade, null, upgradeType, quantity));
            }
            return results;
        }

        /// <summary>Partner Center's answer for one target: its upgrade entry, or "not a target" when it lists none for it.</summary>
        private EligibilityResult Decide(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer target, IReadOnlyList<JObject> upgrades, UpgradeType type, int? quantity)
        {
            var upgrade = FindUpgrade(upgrades, target);
            if (upgrade != null)
            {
                return FromUpgrade(engine, context, subscription, upgrade, target, type, quantity);
            }

            var customer = context.Customer;
            var (offerId, offerName) = SourceNames(engine, subscription);
            EligibilityReason reason;
            if (upgrades.Count == 0)
            {
                reason = new EligibilityReason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths,
                    $"Partner Center lists no upgrade for subscription {subscription.SubscriptionId} ({offerName}).",
                    PartnerCenterReasons.Remediation(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));
            }
            else
            {
                string listed = string.Join(", ", upgrades.Select(u => TargetNames(engine, u).Name));
                string mapping = string.IsNullOrWhiteSpace(target.PartnerCenterOfferId)
                    ? $" (the catalogue has no partnerCenterOfferId for {target.OfferId}, so it cannot be matched to Partner Center's offers)"
                    : string.Empty;
                reason = new EligibilityReason(ReasonCode.SubscriptionTargetOfferNotFound,
                    $"Partner Center does not list {target.Offer} as an upgrade of subscription {subscription.SubscriptionId}{mapping}; it lists: {listed}.",
                    PartnerCenterReasons.Remediation(ReasonCode.SubscriptionTargetOfferNotFound));
            }
            var result = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName, target.OfferId, target.Offer,
                type, quantity ?? subscription.Quantity, new[] { reason }, SourceName);
            SetAdditionalServices(result, engine.Catalog.Find(subscription.OfferId), target);
            CompareWithLocalRules(result, engine, context, subscription, target, type, quantity);
            return result;
        }

        private EligibilityResult NoPaths(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, UpgradeType type, int? quantity)
        {
            var customer = context.Customer;
            var (offerId, offerName) = SourceNames(engine, subscription);
            var reason = new EligibilityReason(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths,
                $"Partner Center lists no upgrade for subscription {subscription.SubscriptionId} ({offerName}).",
                PartnerCenterReasons.Remediation(ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));
            var result = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName, null, null,
                type, quantity ?? subscription.Quantity, new[] { reason }, SourceName);
            CompareWithLocalRules(result, engine, context, subscription, null, type, quantity);
            return result;
        }

        private EligibilityResult FromUpgrade(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, JObject upgrade, CatalogOffer? requested, UpgradeType type, int? quantity)
        {
            var customer = context.Customer;
            var (offerId, offerName) = SourceNames(engine, subscription);
            var (target, targetId, targetName) = TargetNames(engine, upgrade);
            target ??= requested;
            var reasons = Reasons(upgrade, type);
            var result = new EligibilityResult(customer.CustomerId, customer.Name, subscription.SubscriptionId, offerId, offerName,
                target?.OfferId ?? targetId, target?.Offer ?? targetName, type, quantity ?? subscription.Quantity, reasons, SourceName);
            SetAdditionalServices(result, engine.Catalog.Find(subscription.OfferId), target);
            if (target != null)
            {
                CompareWithLocalRules(result, engine, context, subscription, target, type, quantity);
            }
            return result;
        }

        /// <summary>The reasons of one Partner Center Upgrade entry, for the requested upgrade type.</summary>
        private static IReadOnlyList<EligibilityReason> Reasons(JObject upgrade, UpgradeType type)
        {
            var reasons = new List<EligibilityReason>();
            foreach (var error in (upgrade["upgradeErrors"] as JArray ?? new JArray()).OfType<JObject>())
            {
                var (code, original) = PartnerCenterReasons.Map(error["code"]);
                reasons.Add(new EligibilityReason(code, PartnerCenterReasons.Message(error, code, original), PartnerCenterReasons.Remediation(code), null, original));
            }
            bool eligible = upgrade["isEligible"] is JValue flag && flag.Type == JTokenType.Boolean && (bool)flag;
            string? pcType = PartnerCenterMapper.Text(upgrade["upgradeType"]);
            if (eligible && reasons.Count == 0 && type == UpgradeType.UpgradeWithLicenseTransfer && string.Equals(pcType, "upgrade_only", StringComparison.OrdinalIgnoreCase))
            {
                reasons.Add(new EligibilityReason(ReasonCode.Other,
                    "Partner Center allows this upgrade only without moving licenses (upgrade_only).",
                    "Run it with -UpgradeType UpgradeOnly and assign the new licenses to the users yourself afterwards.",
                    null, "upgrade_only"));
            }
            else if (!eligible && reasons.Count == 0)
            {
                reasons.Add(new EligibilityReason(ReasonCode.Other,
                    $"Partner Center reports this upgrade as not possible{(pcType is null ? string.Empty : " (upgradeType " + pcType + ")")} without giving a reason.",
                    PartnerCenterReasons.Remediation(ReasonCode.Other), null, pcType ?? "isEligible=false"));
            }
            return reasons;
        }

        private static void SetAdditionalServices(EligibilityResult result, CatalogOffer? source, CatalogOffer? target)
        {
            if (source != null && target != null)
            {
                result.AdditionalServices = target.Services.Where(s => !source.Services.Contains(s, StringComparer.OrdinalIgnoreCase)).ToArray();
            }
        }

        /// <summary>
        /// Where the catalogue maps both offers, runs this module's own rules on the same data and records their verdict
        /// (<see cref="EligibilityResult.LocalReasonCodes"/>), and how they disagree with Partner Center's.
        /// </summary>
        private static void CompareWithLocalRules(EligibilityResult result, EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer? target, UpgradeType type, int? quantity)
        {
            var catalog = engine.Catalog;
            if (catalog.Find(subscription.OfferId) is null || (target != null && !ReferenceEquals(catalog.Find(target.OfferId), target)) || context.Catalog != catalog)
            {
                return;
            }
            bool localEligible;
            string localCodes;
            try
            {
                if (target != null)
                {
                    var local = engine.Check(context, subscription, target, type, quantity);
                    localEligible = local.IsEligible;
                    localCodes = local.ReasonCodes;
                }
                else
                {
                    var all = engine.CheckAllPaths(context, subscription, type, quantity);
                    var eligibleTargets = all.Where(r => r.IsEligible).Select(r => r.TargetOfferId).ToList();
                    localEligible = eligibleTargets.Count > 0;
                    localCodes = localEligible
                        ? "paths to " + string.Join(", ", eligibleTargets)
                        : string.Join(", ", all.SelectMany(r => r.Reasons.Select(x => x.Code)).Distinct().Select(c => c.ToString()));
                }
            }
            catch (OfferNotFoundException)
            {
                return;
            }

            result.LocalReasonCodes = localEligible && target != null ? "Eligible" : localCodes;
            if (localEligible != result.IsEligible)
            {
                result.Disagreement = result.IsEligible
                    ? $"Partner Center allows this upgrade, but this module's rules refuse it ({localCodes}); Partner Center decides, but check the catalogue and the customer's other subscriptions."
                    : target is null
                        ? $"Partner Center lists no upgrade for this subscription, but the catalogue has {localCodes}."
                        : $"Partner Center refuses this upgrade ({result.ReasonCodes}), but this module's rules allow it; Partner Center decides.";
            }
        }

        private (string OfferId, string Offer) SourceNames(EligibilityEngine engine, SubscriptionRecord subscription)
        {
            var offer = engine.Catalog.Find(subscription.OfferId);
            return offer != null ? (offer.OfferId, offer.Offer) : (subscription.OfferId, subscription.OfferName ?? subscription.OfferId);
        }

        /// <summary>The catalogue offer an Upgrade's targetOffer maps to (null when unmapped), and Partner Center's id and name.</summary>
        private (CatalogOffer? Offer, string Id, string Name) TargetNames(EligibilityEngine engine, JObject upgrade)
        {
            var targetOffer = upgrade["targetOffer"] as JObject;
            string id = PartnerCenterMapper.Text(targetOffer?["id"]) ?? PartnerCenterMapper.Text(targetOffer?["offerId"]) ?? string.Empty;
            string name = PartnerCenterMapper.Text(targetOffer?["name"]) ?? id;
            var offers = ReferenceEquals(engine.Catalog, _mappedFor) ? _offers : PartnerCenterMapper.OffersByPartnerCenterId(engine.Catalog);
            return offers.TryGetValue(id.Trim(), out var offer) ? (offer, offer.OfferId, offer.Offer) : (null, id, name);
        }

        private static JObject? FindUpgrade(IReadOnlyList<JObject> upgrades, CatalogOffer target)
        {
            foreach (var upgrade in upgrades)
            {
                string? id = PartnerCenterMapper.Text(upgrade.SelectToken("targetOffer.id")) ?? PartnerCenterMapper.Text(upgrade.SelectToken("targetOffer.offerId"));
                if (id != null && (string.Equals(id.Trim(), target.PartnerCenterOfferId?.Trim(), StringComparison.OrdinalIgnoreCase)
                    || (string.IsNullOrWhiteSpace(target.PartnerCenterOfferId) && string.Equals(id.Trim(), target.OfferId, StringComparison.OrdinalIgnoreCase))))
                {
                    return upgrade;
                }
            }
            return null;
        }

        // ---- Planning and acting -----------------------------------------------------------------------------------

        public UpgradePlan PlanUpgrade(EligibilityEngine engine, string customerId, string subscriptionId, CatalogOffer target, UpgradeType upgradeType, int? quantity, CancellationToken cancellation)
        {
            EnsureMapping();
            var customer = GetCustomer(customerId, cancellation) ?? throw new CustomerNotFoundException(customerId);
            var source = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            return Plan(engine, customer, source, target, upgradeType, quantity, cancellation, fresh: false);
        }

        private UpgradePlan Plan(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeType type, int? quantity, CancellationToken cancellation, bool fresh)
        {
            var context = engine.CreateContext(customer, Partner);
            var sourceOffer = engine.Catalog.Find(source.OfferId) ?? Unmapped(source);
            int seats = quantity ?? source.Quantity;
            var existing = FindExistingUpgrade(customer, source, target);
            EligibilityResult eligibility;
            if (existing != null)
            {
                eligibility = new EligibilityResult(customer.CustomerId, customer.Name, source.SubscriptionId, sourceOffer.OfferId, sourceOffer.Offer, target.OfferId, target.Offer, type, seats,
                    new[]
                    {
                        new EligibilityReason(ReasonCode.SubscriptionStatusNotActive,
                            $"Subscription {source.SubscriptionId} was already upgraded to {target.Offer} (subscription {existing.SubscriptionId}).",
                            "Nothing to do.", existing.SubscriptionId),
                    },
                    SourceName);
            }
            else
            {
                var upgrades = GetUpgrades(customer.CustomerId, source.SubscriptionId, cancellation, fresh);
                eligibility = Decide(engine, context, source, target, upgrades, type, quantity);
            }
            var billing = ReferenceEquals(engine.Catalog.Find(source.OfferId), sourceOffer)
                ? BillingCalculator.Calculate(sourceOffer, source.Quantity, target, seats, source.BillingCycle, source.PeriodEnd, UtcNow())
                : BillingImpact.Unavailable($"The catalogue does not map Partner Center offer {source.OfferId} (no partnerCenterOfferId), so its price is unknown.");
            return new UpgradePlan(customer, source, sourceOffer, target, type, seats, eligibility, existing, Array.Empty<AffectedAccount>(), billing, AffectedUnknown);
        }

        /// <summary>
        /// The subscription an earlier upgrade of <paramref name="source"/> to <paramref name="target"/> created: one the journal
        /// recorded, or else, when the source is cancelled, the customer's live subscription of the target offer.
        /// </summary>
        private static SubscriptionRecord? FindExistingUpgrade(CustomerRecord customer, SubscriptionRecord source, CatalogOffer target)
        {
            bool IsTarget(SubscriptionRecord s) =>
                !ReferenceEquals(s, source) && s.Status != SubscriptionStatus.Deleted && string.Equals(s.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase);

            var recorded = customer.Subscriptions.FirstOrDefault(s => IsTarget(s) && string.Equals(s.UpgradedFrom, source.SubscriptionId, StringComparison.OrdinalIgnoreCase));
            if (recorded != null)
            {
                return recorded;
            }
            return source.Status == SubscriptionStatus.Deleted ? customer.Subscriptions.FirstOrDefault(IsTarget) : null;
        }

        public UpgradeResult Upgrade(EligibilityEngine engine, string customerId, string subscriptionId, CatalogOffer target, UpgradeType upgradeType, int? quantity, CancellationToken cancellation)
        {
            var customer = ReadCustomerFresh(customerId, cancellation);
            var source = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            Settle(customer);

            // Eligibility again, against what Partner Center says now.
            var plan = Plan(engine, customer, source, target, upgradeType, quantity, cancellation, fresh: true);
            if (plan.ExistingUpgrade is SubscriptionRecord done)
            {
                return plan.ToResult(done.SubscriptionId, UpgradeStatus.AlreadyUpgraded);
            }
            if (!plan.Eligibility.IsEligible)
            {
                throw new NotEligibleException(plan.Eligibility);
            }
            var offer = FindUpgrade(GetUpgrades(customer.CustomerId, source.SubscriptionId, cancellation), target)
                ?? throw new NotEligibleException(plan.Eligibility);
            var body = (JObject)offer.DeepClone();
            body["upgradeType"] = PartnerCenterMapper.UpgradeTypeText(upgradeType);
            body["quantity"] = plan.Quantity;
            body["isEligible"] = true;
            string path = $"customers/{Uri.EscapeDataString(customer.CustomerId)}/subscriptions/{Uri.EscapeDataString(source.SubscriptionId)}/upgrades";

            var before = SubscriptionState.Of(source);
            var intent = new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, DateTime.UtcNow, Partner.Name, customer.CustomerId, "Upgrade",
                new[] { new JournalChange(source.SubscriptionId, before, new SubscriptionState(SubscriptionStatus.Deleted, source.Quantity)) },
                $"to {target.OfferId} ({target.PartnerCenterOfferId ?? target.OfferId}), {plan.Quantity} seats, {upgradeType}");
            Journal(intent);

            PartnerCenterResponse response;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    response = _client.Write(HttpMethod.Post, path, body, cancellation);
                    break;
                }
                catch (PartnerCenterOutcomeUnknownException unknown)
                {
                    Report($"Partner Center did not confirm the upgrade of {source.SubscriptionId} ({unknown.Summary}); reading the subscription to see whether it happened.");
                    CustomerRecord now;
                    try
                    {
                        now = ReadCustomerFresh(customer.CustomerId, cancellation);
                    }
                    catch (PartnerCenterException check)
                    {
                        throw Unknown(unknown, $"and reading the subscription back failed too ({check.Summary}). The journal keeps the intent; check the subscription in Partner Center before running the upgrade again.");
                    }
                    var sourceNow = now.FindSubscription(source.SubscriptionId);
                    var created = sourceNow is null ? null : FindExistingUpgrade(now, sourceNow, target);
                    if (created != null)
                    {
                        CommitUpgrade(intent, source, created.SubscriptionId, plan.Quantity, "confirmed by reading Partner Center after: " + unknown.Summary);
                        Report($"Partner Center shows subscription {source.SubscriptionId} upgraded to {created.SubscriptionId}; not sending the upgrade again.");
                        return new UpgradeResult(customer.CustomerId, customer.Name, source.SubscriptionId, created.SubscriptionId, plan.SourceOffer.OfferId, target.OfferId, target.Offer,
                            upgradeType, created.Quantity, UpgradeStatus.AlreadyUpgraded, Array.Empty<AffectedAccount>(),
                            BillingImpact.Unavailable("Partner Center made the upgrade but its answer was lost, so its billing and the accounts that need manual work (licenseErrors) could not be read; check them in Partner Center."));
                    }
                    if (attempt == 1 && sourceNow != null && before.Matches(sourceNow))
                    {
                        Report($"Partner Center shows subscription {source.SubscriptionId} unchanged: the upgrade did not happen; sending it once more.");
                        continue;
                    }
                    if (sourceNow != null && before.Matches(sourceNow))
                    {
                        Journal(intent.WithPhase(JournalEntry.Abandoned, DateTime.UtcNow, "not done after a retry: " + unknown.Summary));
                        throw new PartnerCenterException($"Partner Center did not upgrade subscription {source.SubscriptionId}: the request failed twice ({unknown.Summary}) and the subscription is unchanged.",
                            unknown.Method, unknown.Path, unknown.StatusCode, unknown.ErrorCode, unknown.ErrorMessage, unknown.RequestId, unknown.CorrelationId, unknown);
                    }
                    throw Unknown(unknown, $"and the subscription is now {(sourceNow is null ? "gone" : sourceNow.Status + " with " + sourceNow.Quantity + " seats")} without an upgraded subscription of {target.OfferId}. Check it in Partner Center before running the upgrade again.");
                }
                catch (PartnerCenterException refused)
                {
                    Journal(intent.WithPhase(JournalEntry.Abandoned, DateTime.UtcNow, $"Partner Center refused it: {refused.StatusCode} {refused.ErrorCode}".TrimEnd()));
                    throw;
                }
            }

            var result = response.Body as JObject ?? new JObject();
            string? targetId = PartnerCenterMapper.Text(result["targetSubscriptionId"]);
            var errors = (result["upgradeErrors"] as JArray)?.OfType<JObject>().ToList() ?? new List<JObject>();
            if (string.IsNullOrWhiteSpace(targetId))
            {
                if (errors.Count > 0)
                {
                    var refusal = new JObject { ["isEligible"] = false, ["upgradeErrors"] = new JArray(errors), ["targetOffer"] = offer["targetOffer"]?.DeepClone() };
                    var context = engine.CreateContext(customer, Partner);
                    Journal(intent.WithPhase(JournalEntry.Abandoned, DateTime.UtcNow, "Partner Center refused it: " + string.Join(", ", errors.Select(e => PartnerCenterMapper.Text(e["code"])))));
                    Invalidate(customer.CustomerId);
                    throw new NotEligibleException(FromUpgrade(engine, context, source, refusal, target, upgradeType, quantity));
                }
                var now = ReadCustomerFresh(customer.CustomerId, cancellation);
                var sourceNow = now.FindSubscription(source.SubscriptionId);
                targetId = (sourceNow is null ? null : FindExistingUpgrade(now, sourceNow, target))?.SubscriptionId;
                if (targetId is null)
                {
                    throw new PartnerCenterOutcomeUnknownException(
                        $"Partner Center accepted the upgrade of subscription {source.SubscriptionId} without naming the new subscription, and none is visible yet. Check it in Partner Center before running the upgrade again.",
                        "POST", path, response.StatusCode, null, null, response.RequestId, response.CorrelationId);
                }
            }

            var affected = AffectedAccounts(customer.CustomerId, source.SubscriptionId, result["licenseErrors"] as JArray);
            CommitUpgrade(intent, source, targetId!, plan.Quantity, null);
            return new UpgradeResult(customer.CustomerId, customer.Name, source.SubscriptionId, targetId!, plan.SourceOffer.OfferId, target.OfferId, target.Offer,
                upgradeType, plan.Quantity, UpgradeStatus.Completed, affected, plan.Billing);
        }

        private void CommitUpgrade(JournalEntry intent, SubscriptionRecord source, string targetId, int quantity, string? note)
        {
            Journal(new JournalEntry(intent.OperationId, JournalEntry.Committed, DateTime.UtcNow, intent.Partner, intent.CustomerId, intent.Operation,
                new[]
                {
                    new JournalChange(source.SubscriptionId, SubscriptionState.Of(source), new SubscriptionState(SubscriptionStatus.Deleted, source.Quantity)),
                    new JournalChange(targetId, null, new SubscriptionState(SubscriptionStatus.Active, quantity)),
                },
                note ?? intent.Note));
            _upgradedFrom[targetId] = source.SubscriptionId;
            Invalidate(intent.CustomerId);
        }

        /// <summary>licenseErrors [{userObjectId, name, email, errors}] of an UpgradeResult: the accounts that need manual work.</summary>
        private static IReadOnlyList<AffectedAccount> AffectedAccounts(string customerId, string subscriptionId, JArray? licenseErrors)
        {
            var accounts = new List<AffectedAccount>();
            foreach (var error in licenseErrors?.OfType<JObject>() ?? Enumerable.Empty<JObject>())
            {
                string user = PartnerCenterMapper.Text(error["email"]) ?? PartnerCenterMapper.Text(error["name"]) ?? PartnerCenterMapper.Text(error["userObjectId"]) ?? "(unknown user)";
                var why = new List<string>();
                foreach (var item in error["errors"] as JArray ?? new JArray())
                {
                    if (item is JObject o)
                    {
                        string? code = PartnerCenterMapper.Text(o["code"]) ?? PartnerCenterMapper.Text(o["errorCode"]);
                        string? text = PartnerCenterMapper.Text(o["description"]) ?? PartnerCenterMapper.Text(o["message"]) ?? PartnerCenterMapper.Text(o["errorMessage"]);
                        why.Add(code != null && text != null ? $"{code}: {text}" : code ?? text ?? o.ToString(Newtonsoft.Json.Formatting.None));
                    }
                    else if (PartnerCenterMapper.Text(item) is string text)
                    {
                        why.Add(text);
                    }
                }
                string userId = PartnerCenterMapper.Text(error["userObjectId"]) is string oid ? $" (user {oid})" : string.Empty;
                accounts.Add(new AffectedAccount(customerId, subscriptionId, user, AffectedAccountReason.LicenseTransferFailed, Array.Empty<string>(),
                    $"Partner Center could not move the license of {user}{userId}: {(why.Count > 0 ? string.Join("; ", why) : "no reason given")}. Assign the new license yourself."));
            }
            return accounts;
        }

        public SubscriptionRecord AddLicenses(EligibilityEngine engine, string customerId, string subscriptionId, int count, CancellationToken cancellation)
        {
            var customer = ReadCustomerFresh(customerId, cancellation);
            var subscription = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            Settle(customer);
            int wanted = LicensePlanner.Check(engine, customer, subscription, count, Partner);
            string path = $"customers/{Uri.EscapeDataString(customer.CustomerId)}/subscriptions/{Uri.EscapeDataString(subscription.SubscriptionId)}";
            var current = _client.Get(path, cancellation).Body as JObject
                ?? throw new PartnerCenterException($"Partner Center returned no subscription for GET {path}.", "GET", path);
            var body = (JObject)current.DeepClone();
            body["quantity"] = wanted;

            var before = SubscriptionState.Of(subscription);
            var intent = new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, DateTime.UtcNow, Partner.Name, customer.CustomerId, "AddLicenses",
                new[] { new JournalChange(subscription.SubscriptionId, before, new SubscriptionState(subscription.Status, wanted)) },
                $"+{count} seats");
            Journal(intent);

            PartnerCenterResponse response;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    response = _client.Write(new HttpMethod("PATCH"), path, body, cancellation);
                    break;
                }
                catch (PartnerCenterOutcomeUnknownException unknown)
                {
                    Report($"Partner Center did not confirm the new quantity of {subscription.SubscriptionId} ({unknown.Summary}); reading the subscription to see whether it changed.");
                    JObject? now;
                    try
                    {
                        now = _client.Get(path, cancellation).Body as JObject;
                    }
                    catch (PartnerCenterException check)
                    {
                        throw Unknown(unknown, $"and reading the subscription back failed too ({check.Summary}). The journal keeps the intent; check the quantity in Partner Center before adding licenses again.");
                    }
                    var seen = now is null ? null : PartnerCenterMapper.Subscription(now, _offers);
                    if (seen != null && seen.Quantity == wanted)
                    {
                        Report($"Partner Center shows subscription {subscription.SubscriptionId} at {wanted} seats already; not sending the change again.");
                        return CommitLicenses(intent, seen, "confirmed by reading Partner Center after: " + unknown.Summary);
                    }
                    if (attempt == 1 && seen != null && seen.Quantity == subscription.Quantity)
                    {
                        Report($"Partner Center shows subscription {subscription.SubscriptionId} still at {seen.Quantity} seats: the change did not happen; sending it once more.");
                        continue;
                    }
                    if (seen != null && seen.Quantity == subscription.Quantity)
                    {
                        Journal(intent.WithPhase(JournalEntry.Abandoned, DateTime.UtcNow, "not done after a retry: " + unknown.Summary));
                        throw new PartnerCenterException($"Partner Center did not change subscription {subscription.SubscriptionId}: the request failed twice ({unknown.Summary}) and it still has {seen.Quantity} seats.",
                            unknown.Method, unknown.Path, unknown.StatusCode, unknown.ErrorCode, unknown.ErrorMessage, unknown.RequestId, unknown.CorrelationId, unknown);
                    }
                    throw Unknown(unknown, $"and the subscription now has {(seen is null ? "an unreadable quantity" : seen.Quantity + " seats")} (expected {subscription.Quantity} or {wanted}). Check it in Partner Center before adding licenses again.");
                }
                catch (PartnerCenterException refused)
                {
                    Journal(intent.WithPhase(JournalEntry.Abandoned, DateTime.UtcNow, $"Partner Center refused it: {refused.StatusCode} {refused.ErrorCode}".TrimEnd()));
                    throw;
                }
            }

            JObject? final = response.StatusCode == 202
                ? Poll(response, path, subscription.SubscriptionId, wanted, cancellation)
                : response.Body as JObject;
            var updated = final != null && final["quantity"] != null ? PartnerCenterMapper.Subscription(final, _offers) : null;
            if (updated is null || updated.Quantity != wanted)
            {
                updated = _client.Get(path, cancellation).Body is JObject reread ? PartnerCenterMapper.Subscription(reread, _offers) : null;
            }
            if (updated is null || updated.Quantity != wanted)
            {
                throw new PartnerCenterOutcomeUnknownException(
                    $"Partner Center accepted the new quantity of subscription {subscription.SubscriptionId} but shows {(updated is null ? "no subscription" : updated.Quantity + " seats")} instead of {wanted}. Check it in Partner Center before adding licenses again.",
                    "PATCH", path, response.StatusCode, null, null, response.RequestId, response.CorrelationId);
            }
            return CommitLicenses(intent, updated, null);
        }

        private SubscriptionRecord CommitLicenses(JournalEntry intent, SubscriptionRecord updated, string? note)
        {
            Journal(new JournalEntry(intent.OperationId, JournalEntry.Committed, DateTime.UtcNow, intent.Partner, intent.CustomerId, intent.Operation,
                new[] { new JournalChange(updated.SubscriptionId, intent.Subscriptions[0].Before, SubscriptionState.Of(updated)) },
                note ?? intent.Note));
            Invalidate(intent.CustomerId);
            if (_upgradedFrom.TryGetValue(updated.SubscriptionId, out string? source))
            {
                updated.UpgradedFrom = source;
            }
            return updated;
        }

        /// <summary>
        /// Follows a 202 Accepted: polls its Location (on this endpoint only) until Partner Center reports the change done,
        /// waiting Retry-After (or the poll interval) between polls, for at most <see cref="PartnerCenterClientOptions.MaxPollDuration"/>.
        /// Without a Location, polls the subscription itself until it shows the new quantity.
        /// </summary>
        private JObject? Poll(PartnerCenterResponse accepted, string subscriptionPath, string subscriptionId, int wanted, CancellationToken cancellation)
        {
            var options = _client.Options;
            var deadline = DateTime.UtcNow + options.MaxPollDuration;
            string target = accepted.Location?.AbsoluteUri ?? subscriptionPath;
            var wait = Cap(accepted.RetryAfter ?? options.PollInterval, options.MaxRetryAfter);
            for (int poll = 1; ; poll++)
            {
                if (DateTime.UtcNow + wait > deadline)
                {
                    throw new PartnerCenterOutcomeUnknownException(
                        $"Partner Center accepted the new quantity of subscription {subscriptionId} but had not finished after {options.MaxPollDuration.TotalMinutes:0.#} minutes. Check it in Partner Center before adding licenses again.",
                        "PATCH", subscriptionPath, 202, null, null, accepted.RequestId, accepted.CorrelationId);
                }
                Report($"Partner Center is applying the new quantity of subscription {subscriptionId}; checking again in {wait.TotalSeconds:0.#} s (poll {poll}).", wait);
                PartnerCenterClient.Sleep(wait, cancellation);
                BackendStatus.Report(new BackendStatusUpdate("Partner Center: checking.", null, resumed: true));
                var response = _client.Get(target, cancellation);
                if (response.StatusCode == 202)
                {
                    wait = Cap(response.RetryAfter ?? options.PollInterval, options.MaxRetryAfter);
                    continue;
                }
                var body = response.Body as JObject;
                if (body is null)
                {
                    return null;
                }
                if (body["quantity"] != null)
                {
                    if (accepted.Location is null && PartnerCenterMapper.Subscription(body, _offers).Quantity != wanted)
                    {
                        continue;
                    }
                    return body;
                }
                string status = (PartnerCenterMapper.Text(body["status"]) ?? string.Empty).ToLowerInvariant();
                switch (status)
                {
                    case "failed":
                    case "error":
                        throw new PartnerCenterException($"Partner Center could not change the quantity of subscription {subscriptionId}.", "PATCH", subscriptionPath, 200,
                            PartnerCenterMapper.Text(body.SelectToken("error.code")), PartnerCenterMapper.Text(body.SelectToken("error.message")) ?? PartnerCenterMapper.Text(body["description"]),
                            response.RequestId, response.CorrelationId);
                    case "notstarted":
                    case "running":
                    case "inprogress":
                    case "in_progress":
                    case "pending":
                    case "accepted":
                        wait = Cap(response.RetryAfter ?? options.PollInterval, options.MaxRetryAfter);
                        continue;
                    default:
                        return null; // done: the caller reads the subscription
                }
            }
        }

        private static TimeSpan Cap(TimeSpan wait, TimeSpan max) => wait > max ? max : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

        private static PartnerCenterOutcomeUnknownException Unknown(PartnerCenterOutcomeUnknownException first, string more) =>
            new PartnerCenterOutcomeUnknownException(first.Summary.TrimEnd('.') + ", " + more, first.Method, first.Path, first.StatusCode, first.ErrorCode, first.ErrorMessage, first.RequestId, first.CorrelationId, first);

        private static void Report(string message, TimeSpan? wait = null) => BackendStatus.Report(new BackendStatusUpdate(message, wait));

        private static CatalogOffer Unmapped(SubscriptionRecord source) =>
            new CatalogOffer(source.OfferId, source.OfferName ?? source.OfferId, null, null, string.Empty, Array.Empty<string>(), null, null, null, null,
                new[] { BillingCycle.Monthly, BillingCycle.Annual }, source.OfferId);

        // ---- Journal -----------------------------------------------------------------------------------------------

        private void Journal(JournalEntry entry)
        {
            lock (_journalLock)
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(JournalPath));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }
                InventoryJournal.Append(JournalPath, entry);
            }
        }

        /// <summary>Which subscriptions earlier upgrades created (committed journal lines), so re-runs find them.</summary>
        private void LoadUpgradeHistory()
        {
            try
            {
                foreach (var entry in InventoryJournal.Read(JournalPath))
                {
                    RememberUpgrade(entry);
                }
            }
            catch (IOException)
            {
                // An unreadable journal only loses the history; Partner Center's own state still shows upgrades done.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private void RememberUpgrade(JournalEntry entry)
        {
            if (entry.Phase != JournalEntry.Committed || entry.Operation != "Upgrade")
            {
                return;
            }
            var created = entry.Subscriptions.FirstOrDefault(c => c.Before is null);
            var source = entry.Subscriptions.FirstOrDefault(c => c.Before != null);
            if (created != null && source != null)
            {
                _upgradedFrom[created.SubscriptionId] = source.SubscriptionId;
            }
        }

        /// <summary>
        /// Settles this customer's operations that a stopped process left as intents (older than a few minutes, so never one
        /// still running): committed when Partner Center shows the change, abandoned when it shows the state before.
        /// </summary>
        private void Settle(CustomerRecord fresh)
        {
            IReadOnlyList<JournalEntry> entries;
            try
            {
                if (!File.Exists(JournalPath))
                {
                    return;
                }
                entries = InventoryJournal.Read(JournalPath);
            }
            catch (IOException)
            {
                return;
            }
            var document = new InventoryDocument { Partner = Partner, Customers = { fresh } };
            var now = DateTime.UtcNow;
            foreach (var intent in InventoryJournal.Interrupted(entries))
            {
                if (!string.Equals(intent.CustomerId, fresh.CustomerId, StringComparison.OrdinalIgnoreCase) || now - intent.Time < s_settleAfter)
                {
                    continue;
                }
                if (intent.IsReflectedIn(document))
                {
                    Journal(intent.WithPhase(JournalEntry.Committed, now, "settled later: Partner Center shows the change made"));
                }
                else if (intent.Subscriptions.All(c => c.Before is null || c.Before.Matches(fresh.FindSubscription(c.SubscriptionId))))
                {
                    Journal(intent.WithPhase(JournalEntry.Abandoned, now, "settled later: Partner Center shows the change not made"));
                }
            }
        }

        public override string ToString() => "Partner Center " + Endpoint;

        public void Dispose() => _client.Dispose();

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
