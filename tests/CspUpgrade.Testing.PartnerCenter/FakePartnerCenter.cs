using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Testing.PartnerCenter
{
    /// <summary>One request as the fake saw it.</summary>
    public sealed record RecordedRequest(
        int Index,
        TimeSpan At,
        string Method,
        string Path,
        string Query,
        IReadOnlyDictionary<string, string> Headers,
        string Body)
    {
        public int Status { get; set; }

        /// <summary>For POST .../upgrades: whether the source had already been upgraded when this POST arrived.</summary>
        public bool AlreadyApplied { get; set; }

        /// <summary>When the fake finished answering (or aborted).</summary>
        public TimeSpan AnsweredAt { get; set; }

        public string? RetryAfter { get; set; }

        /// <summary>A write that changed (or would have changed) the fake's state; its answer is kept for its MS-RequestId.</summary>
        public bool Acted { get; set; }

        /// <summary>The answer a write that acted had before a fault switch replaced it (kept for its MS-RequestId).</summary>
        internal object? Kept { get; set; }

        /// <summary>A write re-sent with an MS-RequestId already acted on: answered as the first time, nothing done.</summary>
        public bool Duplicate { get; set; }

        /// <summary>Answered 429 because the per-minute budget was spent.</summary>
        public bool OverBudget { get; set; }

        public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

        public override string ToString() => $"#{Index} {At.TotalSeconds:0.000}s {Method} {Path}{Query} -> {Status}";
    }

    /// <summary>
    /// A fake Partner Center on 127.0.0.1 (Kestrel, port 0) modelling the documented service (SPEC 1.8), not the module's client:
    /// resources only under /v1/; a customer list without market or delegated access (those come from GET customers/{id});
    /// pages chained by links.next (the page size capped by the service, the continuation tied to the link it gave); a PATCH that
    /// may be answered 202 with a Location relative to the API root (no v1) and that shows the OLD quantity for a few reads;
    /// writes de-duplicated on MS-RequestId (a re-send with the same id does not act twice); a per-minute request budget answered
    /// 429 with Retry-After past it; real legacy offer ids. Switches add the faults the backend must survive. It records every
    /// request (method, path, headers, body, timing, answer).
    /// </summary>
    public sealed partial class FakePartnerCenter : IDisposable
    {
        public const string Token = "pc-test-token-Q7x9Vb2Lm4Zk8Rw1";

        private readonly LoopbackServer _server;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _lock = new object();
        private int _requestCount;
        private int _created;
        /// <summary>Accepted quantity changes not visible yet, per subscription id: the new quantity, and how many reads still show the old one.</summary>
        private readonly Dictionary<string, (int Quantity, int ReadsLeft)> _pending = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The answer of every write that acted, by its MS-RequestId: a re-send with the same id gets it again.</summary>
        private readonly Dictionary<string, Answer> _writes = new(StringComparer.OrdinalIgnoreCase);

        private double _budgetTokens = double.NaN;
        private TimeSpan _budgetAt;

        public FakePartnerCenter()
        {
            _server = new LoopbackServer(HandleAsync);
            Root = _server.Root;
            Endpoint = new Uri(Root, "v1/");
        }

        /// <summary>The API root (as the SDK's ApiRootUrl): resources are under its v1/.</summary>
        public Uri Root { get; }

        /// <summary>The versioned API base, <see cref="Root"/> + v1/.</summary>
        public Uri Endpoint { get; }

        public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

        // ---- State -------------------------------------------------------------------------------------------------

        public string PartnerName { get; set; } = "Fabrikam Cloud Partner";

        /// <summary>The token the fake accepts; change it to make a connected session's token "expire".</summary>
        public string AcceptedToken { get; set; } = Token;
        /// <summary>The most customers a page holds, whatever size the client asks for (the service caps it).</summary>
        public int PageSize { get; set; } = 3;
        public List<FakeCustomer> Customers { get; } = new();

        /// <summary>GET .../upgrades answer per source subscription id (missing: an empty collection).</summary>
        public Dictionary<string, List<JObject>> Upgrades { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>licenseErrors the POST's UpgradeResult reports, per source subscription id.</summary>
        public Dictionary<string, JArray> LicenseErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

        // ---- The documented limits -----------------------------------------------------------------------------------

        /// <summary>
        /// The request budget a minute (SPEC 1.8: 500); past it, 429 with Retry-After until the budget refills. Null: no budget.
        /// The budget refills continuously and holds at most <see cref="Burst"/> requests at once.
        /// </summary>
        public int? RequestsPerMinute { get; set; } = 500;

        /// <summary>What the budget lets through at once (null: a tenth of <see cref="RequestsPerMinute"/>).</summary>
        public int? Burst { get; set; }

        /// <summary>How many reads of a subscription still show the old quantity after a PATCH answered 202.</summary>
        public int StaleReadsAfterAccept { get; set; } = 2;

        /// <summary>Retry-After of a 202 (seconds).</summary>
        public int AcceptedRetryAfterSeconds { get; set; } = 1;

        /// <summary>PATCH answers 202 Accepted (the change becomes visible after <see cref="StaleReadsAfterAccept"/> reads) instead of 200.</summary>
        public bool PatchAccepted { get; set; }

        // ---- Fault switches ----------------------------------------------------------------------------------------

        /// <summary>The next N requests that match <see cref="ThrottleWhen"/> are answered 429 with Retry-After.</summary>
        public int ThrottleNext { get; set; }

        public int RetryAfterSeconds { get; set; } = 1;
        public Func<RecordedRequest, bool>? ThrottleWhen { get; set; }

        /// <summary>The next N GETs that match <see cref="FailGetWhen"/> are answered with <see cref="FailStatus"/>.</summary>
        public int FailNextGets { get; set; }

        public int FailStatus { get; set; } = 503;
        public Func<RecordedRequest, bool>? FailGetWhen { get; set; }

        /// <summary>Each GET .../upgrades takes this long to answer (to see concurrency).</summary>
        public TimeSpan UpgradesDelay { get; set; }

        /// <summary>
        /// How long each request takes to answer, decided per request (e.g. <see cref="FakeLatency"/>: by route, jittered); applied to
        /// every route, after the budget has counted the request and before the answer is sent. A 429 answers at once. Null: no delay.
        /// </summary>
        public Func<RecordedRequest, TimeSpan>? Latency { get; set; }

        /// <summary>The most GET .../upgrades requests the fake was answering at the same time.</summary>
        public int MaxConcurrentUpgrades => _maxConcurrentUpgrades;

        private int _concurrentUpgrades;
        private int _maxConcurrentUpgrades;

        /// <summary>The next N upgrade POSTs are applied, and then the connection is aborted: the answer is lost.</summary>
        public int LoseNextPostResponses { get; set; }

        /// <summary>The next N upgrade POSTs are answered 503 without being applied.</summary>
        public int FailNextPostsBeforeApplying { get; set; }

        /// <summary>The next N upgrade POSTs are applied and then answered 500.</summary>
        public int FailNextPostsAfterApplying { get; set; }

        /// <summary>The next N PATCHes are applied, and then the connection is aborted.</summary>
        public int LoseNextPatchResponses { get; set; }

        /// <summary>Partner Center's own seat cap per subscription id: a PATCH above it is refused with 400 and changes nothing.</summary>
        public Dictionary<string, int> QuantityLimits { get; } = new Dictionary<string, int>();

        // ---- Data --------------------------------------------------------------------------------------------------

        /// <summary>Partner Center's public legacy offer ids (SPEC 1.3), by catalogue offer id.</summary>
        public static IReadOnlyDictionary<string, string> LegacyOfferIds { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["O365_BUSINESS"] = "5C9FD4CC-EDCE-44A8-8E91-07DF09744609",
            ["O365_BUSINESS_PREMIUM"] = "031C9E47-4802-4248-838E-778FB1D2CC05",
            ["O365_BUSINESS_ESSENTIALS"] = "BD938F12-058F-4927-BBA3-AE36B1D2501C",
            ["O365_PROPLUS"] = "BE57FF4C-100C-4F1F-B82D-F1C5AB63A665",
            ["O365_E1"] = "91FD106F-4B2C-4938-95AC-F54F74E9A239",
            ["O365_E3"] = "796B6B5F-613C-4E24-A17C-EBA730D49C02",
            ["O365_E5"] = "A044B16A-1861-4308-8086-A3A3B506FAC2",
            ["EXCHANGE_ONLINE_P1"] = "195416C1-3447-423A-B37B-EE59A99A19C4",
            ["SHAREPOINT_ONLINE_P1"] = "FF7A4F5B-4973-4241-8C43-80F2BE39311D",
        };

        /// <summary>
        /// The offer id Partner Center uses for a catalogue offer: the public one (SPEC 1.3), else (the India variants' ids are not
        /// public, and offers the catalogue does not know) a GUID made from the name, as a legacy offer id always is one.
        /// </summary>
        public static string PcOfferId(string catalogId)
        {
            if (LegacyOfferIds.TryGetValue(catalogId, out string? id))
            {
                return id;
            }
            byte[] hash = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("fake-offer:" + catalogId.ToUpperInvariant()));
            return new Guid(hash).ToString().ToUpperInvariant();
        }

        public FakeCustomer AddCustomer(string id, string name, string country = "US", bool delegatedAccess = true)
        {
            var customer = new FakeCustomer(id, name, country, delegatedAccess);
            lock (_lock)
            {
                Customers.Add(customer);
            }
            return customer;
        }

        /// <param name="billingCycleEnd">The end of the current billing period; default the term's end (<paramref name="commitmentEnd"/>).</param>
        public static JObject Subscription(string id, string catalogOfferId, string offerName, int quantity, string status = "active", string billingCycle = "monthly", string commitmentEnd = "2026-12-31T00:00:00Z", string? billingCycleEnd = null) =>
            new JObject
            {
                ["id"] = id,
                ["offerId"] = PcOfferId(catalogOfferId),
                ["offerName"] = offerName,
                ["friendlyName"] = offerName,
                ["quantity"] = quantity,
                ["unitType"] = "Licenses",
                ["status"] = status,
                ["billingCycle"] = billingCycle,
                ["commitmentEndDate"] = commitmentEnd,
                ["billingCycleEndDate"] = billingCycleEnd ?? commitmentEnd,
                ["autoRenewEnabled"] = true,
                ["attributes"] = new JObject { ["etag"] = "etag-" + id, ["objectType"] = "Subscription" },
            };

        public static JObject Upgrade(string catalogTargetId, string targetName, bool eligible, params object[] errorCodes) =>
            new JObject
            {
                ["targetOffer"] = new JObject { ["id"] = PcOfferId(catalogTargetId), ["name"] = targetName },
                ["upgradeType"] = eligible ? "upgrade_with_license_transfer" : "none",
                ["isEligible"] = eligible,
                ["quantity"] = 0,
                ["upgradeErrors"] = new JArray(errorCodes.Select(code => new JObject
                {
                    ["code"] = JToken.FromObject(code),
                    ["description"] = $"Partner Center says no ({code}).",
                    ["additionalDetails"] = code is string ? "details for " + code : null,
                })),
                ["attributes"] = new JObject { ["objectType"] = "Upgrade" },
            };

        public void SetUpgrades(string subscriptionId, params JObject[] upgrades)
        {
            lock (_lock)
            {
                Upgrades[subscriptionId] = upgrades.ToList();
            }
        }

        /// <summary>
        /// The standard data set (also in <see cref="Data.Inventory"/> as a local inventory): seven customers over three pages.
        /// c1 Contoso: s1 Business, 25, monthly. c2 Northwind: s2 Business Essentials, 40, annual; s3 Exchange Online (Plan 1).
        /// c3 Tailspin (no delegated access): s4 Business, suspended. c4-c7: no subscriptions.
        /// </summary>
        public FakePartnerCenter WithStandardData()
        {
            var c1 = AddCustomer("c1", "Contoso Ltd");
            c1.Subscriptions.Add(Subscription("s1", "O365_BUSINESS", "Office 365 Business", 25));
            var c2 = AddCustomer("c2", "Northwind Traders");
            c2.Subscriptions.Add(Subscription("s2", "O365_BUSINESS_ESSENTIALS", "Office 365 Business Essentials", 40, billingCycle: "annual", commitmentEnd: "2026-06-30T00:00:00Z"));
            c2.Subscriptions.Add(Subscription("s3", "EXCHANGE_ONLINE_P1", "Exchange Online (Plan 1)", 5));
            var c3 = AddCustomer("c3", "Tailspin Toys", delegatedAccess: false);
            c3.Subscriptions.Add(Subscription("s4", "O365_BUSINESS", "Office 365 Business", 10, status: "suspended", billingCycle: "annual"));
            AddCustomer("c4", "Adatum Corporation");
            AddCustomer("c5", "Fourth Coffee");
            AddCustomer("c6", "Litware Inc");
            AddCustomer("c7", "Wingtip Toys");

            SetUpgrades("s1",
                Upgrade("O365_BUSINESS_PREMIUM", "Office 365 Business Premium", true),
                Upgrade("O365_PROPLUS", "Office 365 ProPlus", true),
                Upgrade("O365_E3", "Office 365 Enterprise E3", true),
                Upgrade("O365_E5", "Office 365 Enterprise E5", true));
            SetUpgrades("s2",
                Upgrade("O365_BUSINESS_PREMIUM", "Office 365 Business Premium", true),
                Upgrade("O365_E1", "Office 365 Enterprise E1", true),
                Upgrade("O365_E3", "Office 365 Enterprise E3", true),
                Upgrade("O365_E5", "Office 365 Enterprise E5", true));
            // Mixed code forms on purpose: an integer and a snake_case string.
            SetUpgrades("s4",
                Upgrade("O365_BUSINESS_PREMIUM", "Office 365 Business Premium", false, 2, "delegated_admin_permissions_disabled"),
                Upgrade("O365_PROPLUS", "Office 365 ProPlus", false, "subscription_status_not_active", 1),
                Upgrade("O365_E3", "Office 365 Enterprise E3", false, 2, "delegated_admin_permissions_disabled"),
                Upgrade("O365_E5", "Office 365 Enterprise E5", false, "2", "DelegatedAdminPermissionsDisabled"));
            LicenseErrors["s1"] = new JArray(new JObject
            {
                ["userObjectId"] = "7d1c3f0e-0000-4000-8000-000000000001",
                ["name"] = "Ann Example",
                ["email"] = "ann@contoso.example",
                ["errors"] = new JArray(new JObject { ["code"] = "license_conflict", ["description"] = "The user already has a conflicting license." }),
            });
            return this;
        }

        public JObject? FindSubscription(string customerId, string subscriptionId)
        {
            lock (_lock)
            {
                return Customers.FirstOrDefault(c => c.Id == customerId)?.Subscriptions.FirstOrDefault(s => (string?)s["id"] == subscriptionId);
            }
        }

        public IReadOnlyList<RecordedRequest> Log => Requests.OrderBy(r => r.Index).ToList();

        public IReadOnlyList<RecordedRequest> Posts => Log.Where(r => r.Method == "POST").ToList();

        // ---- Serving -----------------------------------------------------------------------------------------------

        private async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.Body))
            {
                body = await reader.ReadToEndAsync();
            }
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            string path = request.Path.Value ?? string.Empty;
            bool versioned = path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase);
            // Recorded relative to v1/; a request outside v1/ is recorded with its leading '/' (and answered 404).
            path = versioned ? path.Substring(4) : path;
            var recorded = new RecordedRequest(System.Threading.Interlocked.Increment(ref _requestCount), _clock.Elapsed, request.Method, path, request.QueryString.Value ?? string.Empty, headers, body);
            Requests.Enqueue(recorded);

            bool upgrades = request.Method == "GET" && path.EndsWith("/upgrades", StringComparison.Ordinal);
            if (upgrades)
            {
                int now = System.Threading.Interlocked.Increment(ref _concurrentUpgrades);
                int max;
                while (now > (max = System.Threading.Volatile.Read(ref _maxConcurrentUpgrades))
                    && System.Threading.Interlocked.CompareExchange(ref _maxConcurrentUpgrades, now, max) != max)
                {
                }
                try
                {
                    if (UpgradesDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(UpgradesDelay);
                    }
                }
                finally
                {
                    System.Threading.Interlocked.Decrement(ref _concurrentUpgrades);
                }
            }

            context.Response.Headers["MS-RequestId"] = recorded.Header("MS-RequestId");
            context.Response.Headers["MS-CorrelationId"] = recorded.Header("MS-CorrelationId");
            Answer answer;
            try
            {
                answer = Decide(recorded);
            }
            catch (Exception ex)
            {
                answer = Answer.Json(500, new JObject { ["code"] = 500, ["description"] = "fake failed: " + ex.Message });
            }
            recorded.Status = answer.Status;
            recorded.RetryAfter = answer.RetryAfter;
            if (Latency != null && answer.Status != 429 && Latency(recorded) is TimeSpan delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            if (answer.Abort)
            {
                recorded.AnsweredAt = _clock.Elapsed;
                context.Abort();
                return;
            }
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfter != null)
            {
                context.Response.Headers["Retry-After"] = answer.RetryAfter;
            }
            if (answer.Location != null)
            {
                context.Response.Headers["Location"] = answer.Location;
            }
            recorded.AnsweredAt = _clock.Elapsed;
            if (answer.Body != null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(answer.Body.ToString(Formatting.None));
            }
        }

        private Answer Decide(RecordedRequest r)
        {
            lock (_lock)
            {
                if (r.Header("Authorization") != "Bearer " + AcceptedToken)
                {
                    return Answer.Json(401, new JObject { ["code"] = 900, ["description"] = "Unauthorized: the token is invalid or expired." });
                }
                if (ThrottleNext > 0 && (ThrottleWhen?.Invoke(r) ?? true))
                {
                    ThrottleNext--;
                    return new Answer(429, new JObject { ["code"] = 429, ["description"] = "Too many requests." }) { RetryAfter = RetryAfterSeconds.ToString() };
                }
                if (OverBudget(r) is Answer throttled)
                {
                    return throttled;
                }
                if (r.Path.StartsWith("/", StringComparison.Ordinal))
                {
                    return NotFound("resource (resources are under /v1/)");
                }
                if ((r.Method == "POST" || r.Method == "PATCH") && r.Header("MS-RequestId").Length > 0 && _writes.TryGetValue(r.Header("MS-RequestId"), out var done))
                {
                    // Partner Center de-duplicates on MS-RequestId: the same operation sent again gets the first answer, nothing more.
                    r.Duplicate = true;
                    return done;
                }
                if (r.Method == "GET" && FailNextGets > 0 && (FailGetWhen?.Invoke(r) ?? true))
                {
                    FailNextGets--;
                    return Answer.Json(FailStatus, new JObject { ["code"] = 5000 + FailStatus, ["description"] = "The service is temporarily unavailable." });
                }

                string[] parts = r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
                var answer = (r.Method, parts.Length) switch
                {
                    ("GET", 2) when parts[0] == "profiles" && parts[1] == "organization" => Answer.Json(200, new JObject { ["id"] = "partner-1", ["companyName"] = PartnerName }),
                    ("GET", 1) when parts[0] == "customers" => CustomersPage(r),
                    ("GET", 2) when parts[0] == "customers" => Customer(parts[1]) is FakeCustomer c ? Answer.Json(200, c.ToJson()) : NotFound("customer"),
                    ("GET", 3) when parts[0] == "customers" && parts[2] == "subscriptions" => Subscriptions(parts[1]),
                    ("GET", 4) when parts[0] == "customers" && parts[2] == "subscriptions" => FindSubscriptionLocked(parts[1], parts[3]) is JObject s ? Answer.Json(200, Read(s)) : NotFound("subscription"),
                    (_, 5) when parts[0] == "customers" && parts[4] == "upgrades" && LegacyRouteForNce(r, parts[1], parts[3]) is Answer nce => nce,
                    ("GET", 5) when parts[0] == "customers" && parts[4] == "upgrades" => UpgradesOf(parts[1], parts[3]),
                    ("POST", 5) when parts[0] == "customers" && parts[4] == "upgrades" => PostUpgrade(r, parts[1], parts[3]),
                    ("GET", 5) when parts[0] == "customers" && parts[4] == "transitionEligibilities" => TransitionEligibilitiesOf(r, parts[1], parts[3]),
                    ("GET", 5) when parts[0] == "customers" && parts[4] == "transitions" => TransitionsOf(r, parts[1], parts[3]),
                    ("POST", 5) when parts[0] == "customers" && parts[4] == "transitions" => PostTransition(r, parts[1], parts[3]),
                    ("PATCH", 4) when parts[0] == "customers" && parts[2] == "subscriptions" => PatchSubscription(r, parts[1], parts[3]),
                    _ => NotFound("resource"),
                };
                if ((r.Method == "POST" || r.Method == "PATCH") && r.Header("MS-RequestId").Length > 0 && r.Acted)
                {
                    _writes[r.Header("MS-RequestId")] = r.Kept as Answer ?? answer; // the answer it had, even if that one was lost
                }
                return answer;
            }
        }

        /// <summary>The budget: refills at <see cref="RequestsPerMinute"/> a minute, holds at most <see cref="Burst"/>; past it, 429 with Retry-After.</summary>
        private Answer? OverBudget(RecordedRequest r)
        {
            if (RequestsPerMinute is not int perMinute || perMinute <= 0)
            {
                return null;
            }
            double capacity = Burst ?? Math.Max(1, perMinute / 10);
            double rate = perMinute / 60.0;
            if (double.IsNaN(_budgetTokens))
            {
                _budgetTokens = capacity;
                _budgetAt = r.At;
            }
            _budgetTokens = Math.Min(capacity, _budgetTokens + (r.At - _budgetAt).TotalSeconds * rate);
            _budgetAt = r.At;
            if (_budgetTokens >= 1)
            {
                _budgetTokens -= 1;
                return null;
            }
            r.OverBudget = true;
            int retryAfter = (int)Math.Ceiling((1 - _budgetTokens) / rate);
            return new Answer(429, new JObject { ["code"] = 429, ["description"] = $"Rate limit is exceeded ({perMinute} requests a minute)." }) { RetryAfter = Math.Max(1, retryAfter).ToString() };
        }

        /// <summary>A subscription as a read shows it: an accepted quantity change shows only after a few reads.</summary>
        private JObject Read(JObject subscription)
        {
            string id = (string?)subscription["id"] ?? string.Empty;
            if (_pending.TryGetValue(id, out var pending))
            {
                if (pending.ReadsLeft <= 0)
                {
                    subscription["quantity"] = pending.Quantity;
                    _pending.Remove(id);
                }
                else
                {
                    _pending[id] = pending with { ReadsLeft = pending.ReadsLeft - 1 };
                }
            }
            return (JObject)subscription.DeepClone();
        }

        private FakeCustomer? Customer(string id) => Customers.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

        private JObject? FindSubscriptionLocked(string customerId, string subscriptionId) =>
            Customer(customerId)?.Subscriptions.FirstOrDefault(s => string.Equals((string?)s["id"], subscriptionId, StringComparison.OrdinalIgnoreCase));

        private static Answer NotFound(string what) => Answer.Json(404, new JObject { ["code"] = 404, ["description"] = $"The {what} was not found." });

        /// <summary>
        /// GET customers?size=N: a page of at most <see cref="PageSize"/> (whatever N asks), customers without market or delegated
        /// access; links.next names the next page's request (uri relative to the API root, MS-ContinuationToken header), and a
        /// continuation is answered only on the request its link named.
        /// </summary>
        private Answer CustomersPage(RecordedRequest r)
        {
            int start = 0;
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query);
            int size = query.TryGetValue("size", out var sizes) && int.TryParse(sizes.ToString(), out int asked) && asked > 0 ? Math.Min(asked, PageSize) : PageSize;
            string token = r.Header("MS-ContinuationToken");
            if (token.Length > 0)
            {
                if (!token.StartsWith("ct-", StringComparison.Ordinal) || !int.TryParse(token.Substring(3).Split('-')[0], out start)
                    || token.Substring(3) != $"{start}-{size}" || query["seek_operation"].ToString() != "next")
                {
                    return Answer.Json(400, new JObject { ["code"] = 400, ["description"] = "The continuation token does not belong to this request." });
                }
            }
            var page = Customers.Skip(start).Take(size).Select(c => c.ToListItem()).ToList();
            var result = new JObject
            {
                ["totalCount"] = page.Count,
                ["items"] = new JArray(page),
                ["attributes"] = new JObject { ["objectType"] = "Collection" },
            };
            if (start + size < Customers.Count)
            {
                string next = $"ct-{start + size}-{size}";
                result["continuationToken"] = next;
                result["links"] = new JObject
                {
                    ["next"] = new JObject
                    {
                        ["uri"] = $"/customers?size={size}&seek_operation=next",
                        ["method"] = "GET",
                        ["headers"] = new JArray(new JObject { ["key"] = "MS-ContinuationToken", ["value"] = next }),
                    },
                };
            }
            return Answer.Json(200, result);
        }

        private Answer Subscriptions(string customerId)
        {
            var customer = Customer(customerId);
            if (customer is null)
            {
                return NotFound("customer");
            }
            return Answer.Json(200, new JObject
            {
                ["totalCount"] = customer.Subscriptions.Count,
                ["items"] = new JArray(customer.Subscriptions.Select(Read)),
                ["attributes"] = new JObject { ["objectType"] = "Collection" },
            });
        }

        private Answer UpgradesOf(string customerId, string subscriptionId)
        {
            if (FindSubscriptionLocked(customerId, subscriptionId) is null)
            {
                return NotFound("subscription");
            }
            var items = Upgrades.TryGetValue(subscriptionId, out var list) ? list : new List<JObject>();
            return Answer.Json(200, new JObject
            {
                ["totalCount"] = items.Count,
                ["items"] = new JArray(items.Select(u => u.DeepClone())),
                ["attributes"] = new JObject { ["objectType"] = "Collection" },
            });
        }

        private Answer PostUpgrade(RecordedRequest r, string customerId, string subscriptionId)
        {
            var customer = Customer(customerId);
            var source = FindSubscriptionLocked(customerId, subscriptionId);
            if (customer is null || source is null)
            {
                return NotFound("subscription");
            }
            r.AlreadyApplied = (string?)source["status"] == "deleted";
            if (FailNextPostsBeforeApplying > 0)
            {
                FailNextPostsBeforeApplying--;
                return Answer.Json(503, new JObject { ["code"] = 5503, ["description"] = "The service is temporarily unavailable." });
            }
            r.Acted = true;
            if (r.AlreadyApplied || (string?)source["status"] != "active")
            {
                return Answer.Json(400, new JObject { ["code"] = 2, ["description"] = "The subscription is not active." });
            }
            var upgrade = JObject.Parse(r.Body);
            string targetId = (string?)upgrade.SelectToken("targetOffer.id") ?? string.Empty;
            var offered = (Upgrades.TryGetValue(subscriptionId, out var list) ? list : new List<JObject>())
                .FirstOrDefault(u => (string?)u.SelectToken("targetOffer.id") == targetId);
            if (offered is null || !(bool)offered["isEligible"]!)
            {
                return Answer.Json(400, new JObject { ["code"] = 8, ["description"] = "The target offer is not an upgrade of this subscription." });
            }
            int quantity = (int?)upgrade["quantity"] is int q && q > 0 ? q : (int)source["quantity"]!;
            string newId = $"{subscriptionId}-up{++_created}";
            var created = new JObject
            {
                ["id"] = newId,
                ["offerId"] = targetId,
                ["offerName"] = (string?)offered.SelectToken("targetOffer.name"),
                ["friendlyName"] = (string?)offered.SelectToken("targetOffer.name"),
                ["quantity"] = quantity,
                ["unitType"] = "Licenses",
                ["status"] = "active",
                ["billingCycle"] = source["billingCycle"]?.DeepClone(),
                ["commitmentEndDate"] = source["commitmentEndDate"]?.DeepClone(),
                ["attributes"] = new JObject { ["etag"] = "etag-" + newId, ["objectType"] = "Subscription" },
            };
            customer.Subscriptions.Add(created);
            source["status"] = "deleted";

            r.Kept = Answer.Json(200, new JObject
            {
                ["sourceSubscriptionId"] = subscriptionId,
                ["targetSubscriptionId"] = newId,
                ["upgradeType"] = upgrade["upgradeType"]?.DeepClone(),
                ["upgradeErrors"] = new JArray(),
                ["licenseErrors"] = LicenseErrors.TryGetValue(subscriptionId, out var errors) ? errors.DeepClone() : new JArray(),
                ["attributes"] = new JObject { ["objectType"] = "UpgradeResult" },
            });
            if (LoseNextPostResponses > 0)
            {
                LoseNextPostResponses--;
                return Answer.Aborted;
            }
            if (FailNextPostsAfterApplying > 0)
            {
                FailNextPostsAfterApplying--;
                return Answer.Json(500, new JObject { ["code"] = 5500, ["description"] = "Internal error." });
            }
            return (Answer)r.Kept;
        }

        /// <summary>
        /// PATCH of the full subscription with a new quantity: 200 with the subscription, or (<see cref="PatchAccepted"/>) 202 with a
        /// Location relative to the API root (no v1) and the old quantity shown for <see cref="StaleReadsAfterAccept"/> reads.
        /// </summary>
        private Answer Patch(RecordedRequest r, string customerId, string subscriptionId)
        {
            var subscription = FindSubscriptionLocked(customerId, subscriptionId);
            if (subscription is null)
            {
                return NotFound("subscription");
            }
            var patch = JObject.Parse(r.Body);
            int quantity = (int)patch["quantity"]!;
            if (QuantityLimits.TryGetValue(subscriptionId, out int limit) && quantity > limit)
            {
                return Answer.Json(400, new JObject { ["code"] = 800002, ["description"] = $"The quantity {quantity} exceeds the maximum of {limit} for this offer." });
            }
            r.Acted = true;
            if (PatchAccepted)
            {
                _pending[subscriptionId] = (quantity, StaleReadsAfterAccept);
                if (StaleReadsAfterAccept <= 0)
                {
                    subscription["quantity"] = quantity;
                    _pending.Remove(subscriptionId);
                }
                return new Answer(202, null)
                {
                    Location = $"/customers/{Uri.EscapeDataString(customerId)}/subscriptions/{Uri.EscapeDataString(subscriptionId)}",
                    RetryAfter = AcceptedRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }
            subscription["quantity"] = quantity;
            r.Kept = Answer.Json(200, subscription.DeepClone());
            if (LoseNextPatchResponses > 0)
            {
                LoseNextPatchResponses--;
                return Answer.Aborted;
            }
            return (Answer)r.Kept;
        }

        public void Dispose() => _server.Dispose();

        private sealed class Answer
        {
            public Answer(int status, JToken? body)
            {
                Status = status;
                Body = body;
            }

            public static Answer Aborted { get; } = new Answer(0, null) { Abort = true };

            public int Status { get; }
            public JToken? Body { get; }
            public string? RetryAfter { get; init; }
            public string? Location { get; init; }
            public bool Abort { get; init; }

            public static Answer Json(int status, JToken body) => new Answer(status, body);
        }
    }

    public sealed class FakeCustomer
    {
        public FakeCustomer(string id, string name, string country, bool delegatedAccess)
        {
            Id = id;
            Name = name;
            Country = country;
            DelegatedAccess = delegatedAccess;
        }

        public string Id { get; }
        public string Name { get; }
        public string Country { get; }
        public bool DelegatedAccess { get; }
        public List<JObject> Subscriptions { get; } = new();

        /// <summary>As GET customers lists it: no billing profile, no delegated access (SPEC 1.8).</summary>
        public JObject ToListItem() => new JObject
        {
            ["id"] = Id,
            ["companyProfile"] = new JObject { ["tenantId"] = Id, ["domain"] = Id + ".onmicrosoft.com", ["companyName"] = Name },
            ["relationshipToPartner"] = "reseller",
            ["attributes"] = new JObject { ["objectType"] = "Customer" },
        };

        /// <summary>As GET customers/{id} shows it: with the billing profile's address (the market) and delegated access.</summary>
        public JObject ToJson() => new JObject
        {
            ["id"] = Id,
            ["companyProfile"] = new JObject { ["tenantId"] = Id, ["domain"] = Id + ".onmicrosoft.com", ["companyName"] = Name },
            ["billingProfile"] = new JObject { ["companyName"] = Name, ["defaultAddress"] = new JObject { ["country"] = Country } },
            ["relationshipToPartner"] = "reseller",
            ["allowDelegatedAccess"] = DelegatedAccess,
            ["attributes"] = new JObject { ["objectType"] = "Customer" },
        };
    }
}
