using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Testing.PartnerCenter
{
    /// <summary>The two shapes of GET .../transitions that Partner Center's sources show (SPEC 1.9).</summary>
    public enum TransitionsListShape
    {
        /// <summary>As the REST documentation's example: <c>{"transition": [...]}</c>, properties PascalCase.</summary>
        Documented,

        /// <summary>As the SDK's ResourceCollection&lt;Transition&gt;: <c>{"totalCount", "items": [...]}</c>.</summary>
        Sdk,
    }

    /// <summary>
    /// New commerce on the fake, as Partner Center's documentation describes it (SPEC 1.9): subscriptions with a three-part offer id
    /// and productType OnlineServicesNCE; GET transitionEligibilities (immediate, scheduled) with the existing target subscriptions
    /// judged on the four documented conditions; POST transitions answered with a Transition whose events progress on later reads
    /// (Started, InProgress, then Completed or Failed) and whose effect (in place, a new subscription, seats moved into an existing
    /// one) shows when it completes; GET transitions in either list shape; PATCH with If-Match (412 on a stale etag; the etag changes
    /// on every change) carrying scheduledNextTermInstructions. The legacy routes answer for a new-commerce subscription as the
    /// documentation allows: GET upgrades lists nothing (upgrades are documented for traditional subscriptions only), POST upgrades
    /// is refused.
    /// </summary>
    public sealed partial class FakePartnerCenter
    {
        public const string NceProductType = "OnlineServicesNCE";

        /// <summary>Public product ids of the new-commerce offers (SPEC 1.9), by catalogue offer id.</summary>
        public static IReadOnlyDictionary<string, string> NceProductIds { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["M365_BUSINESS_BASIC"] = "CFQ7TTC0LH18",
            ["M365_BUSINESS_STANDARD"] = "CFQ7TTC0LDPB",
            ["M365_BUSINESS_PREMIUM"] = "CFQ7TTC0LCHC",
            ["M365_APPS_BUSINESS"] = "CFQ7TTC0LH1G",
            ["M365_APPS_ENTERPRISE"] = "CFQ7TTC0LGZT",
            ["O365_E1_NCE"] = "CFQ7TTC0LF8Q",
            ["O365_E3_NCE"] = "CFQ7TTC0LF8R",
            ["O365_E5_NCE"] = "CFQ7TTC0LF8S",
            ["M365_E3"] = "CFQ7TTC0LFLX",
            ["M365_E5"] = "CFQ7TTC0LFLZ",
            ["EXCHANGE_ONLINE_P1_NCE"] = "CFQ7TTC0LH16",
            ["EXCHANGE_ONLINE_P2_NCE"] = "CFQ7TTC0LH1P",
        };

        /// <summary>The SKU the fake sells every product as (the documentation's examples use 0001).</summary>
        public const string NceSkuId = "0001";

        /// <summary>The first day the fake treats as "now" for cancellation windows (not the machine's clock: tests must not depend on it).</summary>
        public DateTimeOffset Now { get; set; } = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Which shape GET .../transitions answers in.</summary>
        public TransitionsListShape TransitionsShape { get; set; } = TransitionsListShape.Documented;

        /// <summary>How many reads of GET .../transitions show a transition still running before it completes (0: complete on the first read).</summary>
        public int TransitionReadsToComplete { get; set; } = 1;

        /// <summary>The next N transitions end Failed with <see cref="TransitionFailureCode"/> (nothing changes).</summary>
        public int FailNextTransitions { get; set; }

        /// <summary>TransitionErrorCode of a failed transition (an integer or a name, as the service may send either).</summary>
        public object TransitionFailureCode { get; set; } = 12;

        /// <summary>The next N transition POSTs are taken (the transition starts) and then the connection is aborted: the answer is lost.</summary>
        public int LoseNextTransitionResponses { get; set; }

        /// <summary>The next N transition POSTs are answered 503 without being taken.</summary>
        public int FailNextTransitionsBeforeTaking { get; set; }

        /// <summary>Before each of the next N PATCHes carrying If-Match, someone else changes the subscription (its etag moves on).</summary>
        public int ChangeBeforeNextPatches { get; set; }

        /// <summary>GET transitionEligibilities answers per subscription id and eligibility type (immediate, scheduled); missing: none.</summary>
        private readonly Dictionary<string, List<JObject>> _eligibilities = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Every transition taken, by operation id.</summary>
        private readonly Dictionary<string, FakeTransition> _transitions = new(StringComparer.OrdinalIgnoreCase);

        private int _etagCounter;

        /// <summary>Every transition the fake took (also those whose answer was lost), oldest first.</summary>
        public IReadOnlyList<JObject> Transitions
        {
            get
            {
                lock (_lock)
                {
                    return _transitions.Values.OrderBy(t => t.Sequence).Select(t => t.ToJson(documented: false)).ToList();
                }
            }
        }

        /// <summary>Partner Center's catalogItemId for a catalogue offer: productId:skuId:availabilityId (the availability is the fake's own).</summary>
        public static string CatalogItemId(string catalogOfferId) => ProductSku(catalogOfferId) + ":" + AvailabilityId(catalogOfferId);

        /// <summary>productId:skuId of a catalogue offer.</summary>
        public static string ProductSku(string catalogOfferId) => ProductId(catalogOfferId) + ":" + NceSkuId;

        public static string ProductId(string catalogOfferId) =>
            NceProductIds.TryGetValue(catalogOfferId, out string? id) ? id : "FAKE" + Hash(catalogOfferId).Substring(0, 8);

        /// <summary>Availability ids change over time and are not public: the fake makes one up per offer.</summary>
        public static string AvailabilityId(string catalogOfferId) => "AV" + Hash("availability:" + catalogOfferId).Substring(0, 10);

        private static string Hash(string text) =>
            BitConverter.ToString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToUpperInvariant()))).Replace("-", string.Empty);

        /// <summary>A new-commerce subscription as GET subscriptions shows it (SPEC 1.9's fields).</summary>
        /// <param name="cancellationAllowedUntil">The end of the 7-day cancellation window; default a day before <see cref="Now"/>'s default (outside it).</param>
        public static JObject NceSubscription(string id, string catalogOfferId, string offerName, int quantity, string status = "active", string termDuration = "P1Y",
            string billingCycle = "monthly", string commitmentEnd = "2027-05-31T00:00:00Z", string billingCycleEnd = "2026-06-30T00:00:00Z", bool autoRenew = true,
            string cancellationAllowedUntil = "2026-05-31T00:00:00Z") =>
            new JObject
            {
                ["id"] = id,
                ["offerId"] = CatalogItemId(catalogOfferId),
                ["offerName"] = offerName,
                ["friendlyName"] = offerName,
                ["productType"] = new JObject { ["id"] = NceProductType, ["displayName"] = "OnlineServicesNCE" },
                ["quantity"] = quantity,
                ["unitType"] = "Licenses",
                ["status"] = status,
                ["termDuration"] = termDuration,
                ["billingCycle"] = billingCycle,
                ["autoRenewEnabled"] = autoRenew,
                ["commitmentEndDate"] = commitmentEnd,
                ["billingCycleEndDate"] = billingCycleEnd,
                ["cancellationAllowedUntilDate"] = cancellationAllowedUntil,
                ["refundableQuantity"] = new JObject { ["totalQuantity"] = 0, ["details"] = new JArray() },
                ["scheduledNextTermInstructions"] = null,
                ["attributes"] = new JObject { ["etag"] = "W/\"" + id + "-0\"", ["objectType"] = "Subscription" },
            };

        /// <summary>
        /// One TransitionEligibility (a target the source may go to), each transition type eligible unless errors are given for it.
        /// The subscriptionEligibilities are filled in when served (the customer's subscriptions of the target product).
        /// </summary>
        public static JObject TransitionEligibility(string catalogTargetId, string title, object[]? errors = null, object[]? licenseTransferErrors = null) =>
            new JObject
            {
                ["catalogItemId"] = CatalogItemId(catalogTargetId),
                ["title"] = title,
                ["description"] = title + " (fake)",
                ["quantity"] = 0,
                ["eligibilities"] = new JArray(
                    Detail("transition_only", errors),
                    Detail("transition_with_license_transfer", licenseTransferErrors ?? errors)),
                ["attributes"] = new JObject { ["objectType"] = "TransitionEligibility" },
            };

        private static JObject Detail(string type, object[]? codes) => new JObject
        {
            ["isEligible"] = codes is null || codes.Length == 0,
            ["transitionType"] = type,
            ["errors"] = new JArray((codes ?? Array.Empty<object>()).Select(code => new JObject
            {
                ["code"] = JToken.FromObject(code),
                ["description"] = $"Partner Center says no ({code}).",
            })),
        };

        /// <summary>What GET transitionEligibilities?eligibilityType=<paramref name="eligibilityType"/> lists for a subscription.</summary>
        public void SetTransitionEligibilities(string subscriptionId, string eligibilityType, params JObject[] items)
        {
            lock (_lock)
            {
                _eligibilities[subscriptionId + "|" + eligibilityType] = items.ToList();
            }
        }

        /// <summary>
        /// New-commerce data (customer c10 Fabrikam Retail, all P1Y monthly unless said): n1 Business Basic 10 seats ending
        /// 2027-05-31; n2 Business Standard 5 seats ending 2027-06-30 (an eligible existing target); n3 Business Standard 3 seats
        /// P1M ending 2026-06-30 (term shorter, ends before the source); n4 Business Basic 8 seats with auto-renew off. n1 may go now
        /// to Business Standard and Business Premium, not to Office 365 E3 (code 3, an integer) nor Microsoft 365 E5 (a name); at
        /// renewal to Business Standard and Business Premium.
        /// </summary>
        public FakePartnerCenter WithNewCommerceData()
        {
            var c10 = AddCustomer("c10", "Fabrikam Retail");
            c10.Subscriptions.Add(NceSubscription("n1", "M365_BUSINESS_BASIC", "Microsoft 365 Business Basic", 10));
            c10.Subscriptions.Add(NceSubscription("n2", "M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard", 5, commitmentEnd: "2027-06-30T00:00:00Z"));
            c10.Subscriptions.Add(NceSubscription("n3", "M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard", 3, termDuration: "P1M", commitmentEnd: "2026-06-30T00:00:00Z"));
            c10.Subscriptions.Add(NceSubscription("n4", "M365_BUSINESS_BASIC", "Microsoft 365 Business Basic", 8, autoRenew: false));
            foreach (string id in new[] { "n1", "n4" })
            {
                SetTransitionEligibilities(id, "immediate",
                    TransitionEligibility("M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard"),
                    TransitionEligibility("M365_BUSINESS_PREMIUM", "Microsoft 365 Business Premium"),
                    TransitionEligibility("O365_E3_NCE", "Office 365 E3", new object[] { 3 }),
                    TransitionEligibility("M365_E5", "Microsoft 365 E5", new object[] { "conversions_not_found" }));
                SetTransitionEligibilities(id, "scheduled",
                    TransitionEligibility("M365_BUSINESS_STANDARD", "Microsoft 365 Business Standard"),
                    TransitionEligibility("M365_BUSINESS_PREMIUM", "Microsoft 365 Business Premium"));
            }
            return this;
        }

        private static bool IsNce(JObject subscription) =>
            string.Equals((string?)subscription.SelectToken("productType.id"), NceProductType, StringComparison.OrdinalIgnoreCase)
            || ((string?)subscription["offerId"] ?? string.Empty).Split(':').Length == 3;

        private string NextEtag(JObject subscription)
        {
            string etag = "W/\"" + (string?)subscription["id"] + "-" + (++_etagCounter).ToString(CultureInfo.InvariantCulture) + "\"";
            subscription["attributes"] ??= new JObject();
            subscription["attributes"]!["etag"] = etag;
            return etag;
        }

        private static string Etag(JObject subscription) => (string?)subscription.SelectToken("attributes.etag") ?? string.Empty;

        private static Answer Error(int status, object code, string description) =>
            Answer.Json(status, new JObject { ["code"] = JToken.FromObject(code), ["description"] = description });

        // ---- Routes --------------------------------------------------------------------------------------------------

        /// <summary>A new-commerce subscription on the legacy upgrades route: upgrades are documented for traditional subscriptions only.</summary>
        private Answer? LegacyRouteForNce(RecordedRequest r, string customerId, string subscriptionId)
        {
            if (FindSubscriptionLocked(customerId, subscriptionId) is not JObject s || !IsNce(s))
            {
                return null;
            }
            if (r.Method == "GET")
            {
                return Answer.Json(200, new JObject { ["totalCount"] = 0, ["items"] = new JArray(), ["attributes"] = new JObject { ["objectType"] = "Collection" } });
            }
            return Error(400, 7, "The subscription is a new commerce subscription: upgrades do not apply to it (use transitions).");
        }

        /// <summary>GET .../transitionEligibilities?eligibilityType=immediate|scheduled (default immediate).</summary>
        private Answer TransitionEligibilitiesOf(RecordedRequest r, string customerId, string subscriptionId)
        {
            var source = FindSubscriptionLocked(customerId, subscriptionId);
            if (source is null)
            {
                return NotFound("subscription");
            }
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query);
            string type = query.TryGetValue("eligibilityType", out var t) && t.ToString().Length > 0 ? t.ToString().ToLowerInvariant() : "immediate";
            if (type != "immediate" && type != "scheduled")
            {
                return Error(400, 400, $"eligibilityType '{type}' is not one of immediate, scheduled.");
            }
            var items = new JArray();
            foreach (var item in _eligibilities.TryGetValue(subscriptionId + "|" + type, out var list) ? list : new List<JObject>())
            {
                var served = (JObject)item.DeepClone();
                served["quantity"] = source["quantity"]?.DeepClone();
                // Existing subscriptions of the target: only for an immediate transition (the documentation: empty for scheduled).
                served["subscriptionEligibilities"] = type == "immediate"
                    ? new JArray(Customer(customerId)!.Subscriptions.Where(s => !ReferenceEquals(s, source) && SameProduct(s, (string?)served["catalogItemId"]) && (string?)s["status"] != "deleted")
                        .Select(s => TargetSubscriptionEligibility(source, s)))
                    : new JArray();
                items.Add(served);
            }
            return Answer.Json(200, new JObject { ["totalCount"] = items.Count, ["items"] = items, ["attributes"] = new JObject { ["objectType"] = "Collection" } });
        }

        private static bool SameProduct(JObject subscription, string? catalogItemId)
        {
            string[] a = ((string?)subscription["offerId"] ?? string.Empty).Split(':');
            string[] b = (catalogItemId ?? string.Empty).Split(':');
            return a.Length == 3 && b.Length == 3 && string.Equals(a[0], b[0], StringComparison.OrdinalIgnoreCase) && string.Equals(a[1], b[1], StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>An existing target judged on the documented conditions: 1 not active, 2 in its cancellation window, 3 shorter term, 4 ends before the source.</summary>
        private JObject TargetSubscriptionEligibility(JObject source, JObject target)
        {
            var errors = new JArray();
            void Add(int code, string text) => errors.Add(new JObject { ["code"] = code, ["description"] = text });
            if ((string?)target["status"] != "active")
            {
                Add(1, "Subscription is not active.");
            }
            if (Date(target["cancellationAllowedUntilDate"]) is DateTimeOffset until && Now < until)
            {
                Add(2, "Subscription is within cancellation window.");
            }
            if (TermMonths((string?)target["termDuration"]) < TermMonths((string?)source["termDuration"]))
            {
                Add(3, "Subscription term duration is shorter than the source subscription's term duration.");
            }
            if (Date(target["commitmentEndDate"]) is DateTimeOffset targetEnd && Date(source["commitmentEndDate"]) is DateTimeOffset sourceEnd && targetEnd < sourceEnd)
            {
                Add(4, "Subscription term end date is before the source subscription's term end date.");
            }
            return new JObject
            {
                ["isEligible"] = errors.Count == 0,
                ["subscriptionId"] = target["id"]?.DeepClone(),
                ["subscriptionFriendlyName"] = target["friendlyName"]?.DeepClone(),
                ["subscriptionTermDuration"] = target["termDuration"]?.DeepClone(),
                ["subscriptionBillingCycle"] = target["billingCycle"]?.DeepClone(),
                ["errors"] = errors,
            };
        }

        private static int TermMonths(string? term) => (term ?? string.Empty).ToUpperInvariant() switch
        {
            "P1M" => 1,
            "P1Y" => 12,
            "P3Y" => 36,
            _ => 0,
        };

        private static DateTimeOffset? Date(JToken? token) =>
            token is JValue v && v.Value != null && DateTimeOffset.TryParse(Convert.ToString(v.Value, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
                ? d : (DateTimeOffset?)null;

        /// <summary>
        /// POST .../transitions: checked against what transitionEligibilities (immediate) offers now; taken, it answers the
        /// Transition with its operationId and a Started event. Its effect shows when it completes (on a later GET transitions).
        /// </summary>
        private Answer PostTransition(RecordedRequest r, string customerId, string subscriptionId)
        {
            var customer = Customer(customerId);
            var source = FindSubscriptionLocked(customerId, subscriptionId);
            if (customer is null || source is null)
            {
                return NotFound("subscription");
            }
            JObject body;
            try
            {
                body = JObject.Parse(r.Body);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return Error(400, 400, "The request body is not a Transition.");
            }
            if (!IsNce(source))
            {
                return Error(400, 0, "The fake takes transitions of new commerce subscriptions only.");
            }
            if ((string?)source["status"] != "active")
            {
                return Error(400, 2, "Subscription can't be Transitioned - source subscription isn't active.");
            }
            string toItem = (string?)body["toCatalogItemId"] ?? string.Empty;
            string transitionType = (string?)body["transitionType"] ?? string.Empty;
            var offered = (_eligibilities.TryGetValue(subscriptionId + "|immediate", out var list) ? list : new List<JObject>())
                .FirstOrDefault(e => string.Equals((string?)e["catalogItemId"], toItem, StringComparison.OrdinalIgnoreCase));
            if (offered is null)
            {
                return Error(400, 8, $"The catalog item {toItem} is not a transition of this subscription.");
            }
            var detail = offered["eligibilities"]?.OfType<JObject>().FirstOrDefault(e => string.Equals((string?)e["transitionType"], transitionType, StringComparison.OrdinalIgnoreCase));
            if (detail is null || (bool?)detail["isEligible"] != true)
            {
                return Answer.Json(400, new JObject
                {
                    ["code"] = detail?["errors"]?.First?["code"]?.DeepClone() ?? 0,
                    ["description"] = $"The transition type '{transitionType}' is not eligible for {toItem}.",
                });
            }
            if (body["quantity"] is not JValue { Type: JTokenType.Integer } q || (int)q < 1 || (int)q > (int)source["quantity"]!)
            {
                return Error(400, 0, $"The quantity must be 1 to the source's {(int)source["quantity"]!} seats.");
            }
            string? toSubscription = (string?)body["toSubscriptionId"];
            if (!string.IsNullOrEmpty(toSubscription))
            {
                var target = FindSubscriptionLocked(customerId, toSubscription!);
                if (target is null || !SameProduct(target, toItem))
                {
                    return Error(400, 0, $"The subscription {toSubscription} is not a subscription of {toItem}.");
                }
                var judged = TargetSubscriptionEligibility(source, target);
                if ((bool)judged["isEligible"]! != true)
                {
                    return Answer.Json(400, new JObject { ["code"] = judged["errors"]![0]!["code"]!.DeepClone(), ["description"] = (string?)judged["errors"]![0]!["description"] });
                }
            }

            if (FailNextTransitionsBeforeTaking > 0)
            {
                FailNextTransitionsBeforeTaking--;
                return Error(503, 5503, "The service is temporarily unavailable.");
            }
            r.Acted = true;
            var transition = new FakeTransition(_transitions.Count + 1, Guid.NewGuid().ToString(), customerId, subscriptionId, (string?)source["offerId"], toItem,
                toSubscription, (int)q, transitionType, (string?)offered["title"], body["termDuration"]?.DeepClone(), body["billingCycle"]?.DeepClone(), Now.UtcDateTime);
            if (FailNextTransitions > 0)
            {
                FailNextTransitions--;
                transition.WillFail = TransitionFailureCode;
            }
            _transitions[transition.OperationId] = transition;
            if (TransitionReadsToComplete <= 0)
            {
                Advance(transition);
            }
            r.Kept = Answer.Json(200, transition.ToJson(documented: true));
            if (LoseNextTransitionResponses > 0)
            {
                LoseNextTransitionResponses--;
                return Answer.Aborted;
            }
            return (Answer)r.Kept;
        }

        /// <summary>GET .../transitions[?operationId=]: the subscription's transitions (as source or target), each read moving running ones on.</summary>
        private Answer TransitionsOf(RecordedRequest r, string customerId, string subscriptionId)
        {
            if (FindSubscriptionLocked(customerId, subscriptionId) is null)
            {
                return NotFound("subscription");
            }
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query);
            string operation = query.TryGetValue("operationId", out var o) ? o.ToString() : string.Empty;
            var matching = _transitions.Values
                .Where(t => string.Equals(t.CustomerId, customerId, StringComparison.OrdinalIgnoreCase)
                    && (string.Equals(t.FromSubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase) || string.Equals(t.ToSubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)))
                .Where(t => operation.Length == 0 || string.Equals(t.OperationId, operation, StringComparison.OrdinalIgnoreCase))
                .OrderBy(t => t.Sequence)
                .ToList();
            foreach (var transition in matching)
            {
                transition.Reads++;
                if (transition.Reads >= TransitionReadsToComplete)
                {
                    Advance(transition);
                }
                else
                {
                    transition.Progress("InProgress");
                }
            }
            bool documented = TransitionsShape == TransitionsListShape.Documented;
            var array = new JArray(matching.Select(t => t.ToJson(documented)));
            return Answer.Json(200, documented
                ? new JObject { ["transition"] = array, ["attributes"] = new JObject { ["objectType"] = "Collection" } }
                : new JObject { ["totalCount"] = array.Count, ["items"] = array, ["attributes"] = new JObject { ["objectType"] = "Collection" } });
        }

        /// <summary>Ends a running transition: Failed (nothing changes), or Completed with its effect on the subscriptions.</summary>
        private void Advance(FakeTransition t)
        {
            if (t.Finished)
            {
                return;
            }
            if (t.WillFail != null)
            {
                t.Fail(new JObject { ["code"] = JToken.FromObject(t.WillFail), ["description"] = "The licenses could not be reassigned (fake failure)." });
                return;
            }
            var customer = Customer(t.CustomerId)!;
            var source = FindSubscriptionLocked(t.CustomerId, t.FromSubscriptionId)!;
            int sourceSeats = (int)source["quantity"]!;
            source["scheduledNextTermInstructions"] = null; // an immediate change deletes the scheduled renewal changes
            if (!string.IsNullOrEmpty(t.ToSubscriptionId))
            {
                var target = FindSubscriptionLocked(t.CustomerId, t.ToSubscriptionId!)!;
                target["quantity"] = (int)target["quantity"]! + t.Quantity;
                NextEtag(target);
                Shrink(source, sourceSeats - t.Quantity);
            }
            else if (t.Quantity == sourceSeats)
            {
                // Full: in place, the subscription keeps its id.
                source["offerId"] = t.ToCatalogItemId;
                source["offerName"] = t.Title;
                source["friendlyName"] = t.Title;
                NextEtag(source);
            }
            else
            {
                // Partial: a new subscription of the target with the seats, the source's term, billing cycle and end date.
                string newId = $"{t.FromSubscriptionId}-t{++_created}";
                var created = (JObject)source.DeepClone();
                created["id"] = newId;
                created["offerId"] = t.ToCatalogItemId;
                created["offerName"] = t.Title;
                created["friendlyName"] = t.Title;
                created["quantity"] = t.Quantity;
                created["scheduledNextTermInstructions"] = null;
                NextEtag(created);
                customer.Subscriptions.Add(created);
                t.ToSubscriptionId = newId;
                Shrink(source, sourceSeats - t.Quantity);
            }
            t.Complete();
        }

        private void Shrink(JObject source, int seats)
        {
            source["quantity"] = seats;
            if (seats == 0)
            {
                source["status"] = "deleted";
            }
            NextEtag(source);
        }

        /// <summary>
        /// PATCH with If-Match: 412 when the etag is not the subscription's current one. A new-commerce subscription takes
        /// scheduledNextTermInstructions (checked against eligibilityType=scheduled; auto-renew must be on), autoRenewEnabled and a
        /// quantity; a legacy one goes on to the quantity PATCH. Every change moves the etag on.
        /// </summary>
        private Answer PatchSubscription(RecordedRequest r, string customerId, string subscriptionId)
        {
            var subscription = FindSubscriptionLocked(customerId, subscriptionId);
            if (subscription is null)
            {
                return NotFound("subscription");
            }
            string ifMatch = r.Header("If-Match");
            if (ifMatch.Length > 0)
            {
                if (ChangeBeforeNextPatches > 0)
                {
                    ChangeBeforeNextPatches--;
                    NextEtag(subscription);
                }
                if (!EtagMatches(ifMatch, Etag(subscription)))
                {
                    return Error(412, 412, "The subscription was changed since it was read (If-Match does not match its etag). Read it again.");
                }
            }
            if (!IsNce(subscription))
            {
                var answer = Patch(r, customerId, subscriptionId);
                if (r.Acted)
                {
                    NextEtag(subscription);
                    if (r.Kept is Answer { Body: JObject kept })
                    {
                        kept["attributes"] = subscription["attributes"]!.DeepClone();
                    }
                }
                return answer;
            }

            JObject patch;
            try
            {
                patch = JObject.Parse(r.Body);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return Error(400, 400, "The request body is not a Subscription.");
            }
            bool autoRenew = patch["autoRenewEnabled"] is JValue { Type: JTokenType.Boolean } a ? (bool)a : (bool?)subscription["autoRenewEnabled"] == true;
            var instructions = patch["scheduledNextTermInstructions"];
            if (instructions is JObject next)
            {
                if (!autoRenew)
                {
                    return Error(400, 0, "Scheduled changes need auto-renew on (autoRenewEnabled).");
                }
                string item = string.Join(":", (string?)next.SelectToken("product.productId"), (string?)next.SelectToken("product.skuId"), (string?)next.SelectToken("product.availabilityId"));
                bool sameProduct = SameProduct(subscription, item);
                var scheduled = _eligibilities.TryGetValue(subscriptionId + "|scheduled", out var list) ? list : new List<JObject>();
                if (!sameProduct && !scheduled.Any(e => string.Equals((string?)e["catalogItemId"], item, StringComparison.OrdinalIgnoreCase)))
                {
                    return Error(400, 8, $"The catalog item {item} is not a scheduled transition of this subscription.");
                }
                if (next["quantity"] is not JValue { Type: JTokenType.Integer } nq || (int)nq < 1)
                {
                    return Error(400, 0, "The next term's quantity must be at least 1.");
                }
            }
            r.Acted = true;
            if (patch["quantity"] is JValue { Type: JTokenType.Integer } quantity)
            {
                subscription["quantity"] = (int)quantity;
            }
            subscription["autoRenewEnabled"] = autoRenew;
            subscription["scheduledNextTermInstructions"] = instructions is JObject ? instructions.DeepClone() : null;
            NextEtag(subscription);
            r.Kept = Answer.Json(200, subscription.DeepClone());
            if (LoseNextPatchResponses > 0)
            {
                LoseNextPatchResponses--;
                return Answer.Aborted;
            }
            return (Answer)r.Kept;
        }

        /// <summary>If-Match compares entity tags; a client may send the etag quoted as HTTP writes it or as Partner Center's attributes show it.</summary>
        private static bool EtagMatches(string ifMatch, string etag) =>
            ifMatch == "*" || string.Equals(ifMatch.Trim(), etag, StringComparison.Ordinal) || string.Equals(Unquote(ifMatch), Unquote(etag), StringComparison.Ordinal);

        private static string Unquote(string tag)
        {
            string t = tag.Trim();
            if (t.StartsWith("W/", StringComparison.Ordinal))
            {
                t = t.Substring(2);
            }
            return t.Length >= 2 && t[0] == '"' && t[t.Length - 1] == '"' ? t.Substring(1, t.Length - 2).Replace("\\\"", "\"") : t;
        }

        /// <summary>One transition the fake took and how far it got.</summary>
        private sealed class FakeTransition
        {
            private readonly List<JObject> _events = new();

            public FakeTransition(int sequence, string operationId, string customerId, string from, string? fromItem, string toItem, string? toSubscription, int quantity,
                string type, string? title, JToken? termDuration, JToken? billingCycle, DateTime now)
            {
                Sequence = sequence;
                OperationId = operationId;
                CustomerId = customerId;
                FromSubscriptionId = from;
                FromCatalogItemId = fromItem;
                ToCatalogItemId = toItem;
                ToSubscriptionId = toSubscription;
                Quantity = quantity;
                TransitionType = type;
                Title = title;
                TermDuration = termDuration;
                BillingCycle = billingCycle;
                Clock = now;
                Event("Started");
            }

            public int Sequence { get; }
            public string OperationId { get; }
            public string CustomerId { get; }
            public string FromSubscriptionId { get; }
            public string? FromCatalogItemId { get; }
            public string ToCatalogItemId { get; }
            public string? ToSubscriptionId { get; set; }
            public int Quantity { get; }
            public string TransitionType { get; }
            public string? Title { get; }
            public JToken? TermDuration { get; }
            public JToken? BillingCycle { get; }
            public DateTime Clock { get; private set; }
            public int Reads { get; set; }
            public object? WillFail { get; set; }
            public bool Finished { get; private set; }

            public void Progress(string status)
            {
                if (!Finished && (string?)_events[_events.Count - 1]["status"] != status)
                {
                    Event(status);
                }
            }

            public void Complete()
            {
                Event("Completed");
                Finished = true;
            }

            public void Fail(JObject error)
            {
                Event("Failed", error);
                Finished = true;
            }

            private void Event(string status, JObject? error = null)
            {
                Clock = Clock.AddSeconds(30);
                var e = new JObject
                {
                    ["name"] = "Conversion",
                    ["status"] = status,
                    ["timestamp"] = Clock.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
                    ["attributes"] = new JObject { ["objectType"] = "TransitionEvent" },
                };
                if (error != null)
                {
                    e["errors"] = new JArray(error);
                }
                _events.Add(e);
            }

            /// <param name="documented">PascalCase keys as the REST documentation's examples write them; camelCase as the SDK serialises.</param>
            public JObject ToJson(bool documented)
            {
                string K(string name) => documented && name != "quantity" && name != "transitionType" && name != "operationId" ? char.ToUpperInvariant(name[0]) + name.Substring(1) : name;
                var json = new JObject
                {
                    [K("operationId")] = OperationId,
                    [K("fromCatalogItemId")] = FromCatalogItemId,
                    [K("fromSubscriptionId")] = FromSubscriptionId,
                    [K("toCatalogItemId")] = ToCatalogItemId,
                    [K("toSubscriptionId")] = ToSubscriptionId,
                    [K("quantity")] = Quantity,
                    [K("termDuration")] = TermDuration?.DeepClone(),
                    [K("billingCycle")] = BillingCycle?.DeepClone(),
                    [K("transitionType")] = TransitionType,
                    [K("events")] = new JArray(_events.Select(e => e.DeepClone())),
                    ["attributes"] = new JObject { ["objectType"] = "Transition" },
                };
                return json;
            }
        }
    }
}
