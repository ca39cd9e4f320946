using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// POST .../transitions (SPEC 1.9): {fromCatalogItemId, fromSubscriptionId, toCatalogItemId (the one Partner Center just offered),
    /// toSubscriptionId?, quantity, transitionType, termDuration?, billingCycle?}, with one MS-RequestId for every re-send. A lost
    /// answer is judged by the subscription's transition history: a transition to the same item and seats that was not there
    /// before means it was taken.
    /// </summary>
    internal sealed class TransitionWrite : IVerifiableWrite<TransitionResource?>
    {
        private readonly PartnerCenterClient _client;
        private readonly string _customerId;
        private readonly SubscriptionRecord _source;
        private readonly JObject _body;
        private readonly string _toItem;
        private readonly int _seats;
        private HashSet<string> _known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public TransitionWrite(PartnerCenterClient client, CustomerRecord customer, SubscriptionRecord source, TransitionEligibilityResource offered, CatalogOffer target,
            UpgradeChoice choice, UpgradeKind kind, int seats)
        {
            _client = client;
            _customerId = customer.CustomerId;
            _source = source;
            _toItem = offered.CatalogItemId!.Trim();
            _seats = seats;
            Target = target;
            _body = new JObject
            {
                ["fromSubscriptionId"] = source.SubscriptionId,
                ["toCatalogItemId"] = _toItem,
                ["quantity"] = seats,
                ["transitionType"] = TransitionVerdict.TransitionType(choice.UpgradeType),
            };
            if (kind == UpgradeKind.IntoExisting)
            {
                // The existing subscription keeps its own term and billing cycle.
                _body["toSubscriptionId"] = choice.ToSubscriptionId;
            }
            else
            {
                // In place or a new subscription: the source's term and billing cycle.
                if (source.TermDuration is TermDuration term)
                {
                    _body["termDuration"] = term.ToString();
                }
                _body["billingCycle"] = NewCommerceMapper.Text(source.BillingCycle);
            }
            Path = PendingTransitions.TransitionsPath(customer.CustomerId, source.SubscriptionId);
        }

        public string Path { get; }

        public CatalogOffer Target { get; }

        /// <summary>The MS-RequestId of this transition, the same on a re-send: Partner Center de-duplicates on it (SPEC 1.8).</summary>
        public string RequestId { get; } = Guid.NewGuid().ToString();

        /// <summary>Names the source's catalog item (read now) and notes the transitions already in its history, before sending.</summary>
        public void RememberHistory(CancellationToken cancellation)
        {
            _known = new HashSet<string>(History(cancellation).Select(Key), StringComparer.OrdinalIgnoreCase);
            var resource = ResourceJson.ReadOrNull<SubscriptionResource>(_client.Get($"customers/{Uri.EscapeDataString(_customerId)}/subscriptions/{Uri.EscapeDataString(_source.SubscriptionId)}", cancellation).Body);
            if (PartnerCenterOfferMap.CommerceOf(resource?.OfferId?.Trim() ?? string.Empty) == Commerce.NewCommerce)
            {
                _body["fromCatalogItemId"] = resource!.OfferId!.Trim();
            }
        }

        public PartnerCenterResponse Send(CancellationToken cancellation) => _client.Write(HttpMethod.Post, Path, _body, cancellation, requestId: RequestId);

        /// <summary>The transition this write started, when the history shows one that was not there before (null when none).</summary>
        public TransitionResource? ReadBack(CancellationToken cancellation) =>
            History(cancellation).LastOrDefault(t => !_known.Contains(Key(t)) && SameItem(t.ToCatalogItemId) && t.Quantity == _seats.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public ReadBack Judge(TransitionResource? seen) => seen != null ? PartnerCenter.ReadBack.Done : PartnerCenter.ReadBack.Unchanged;

        public string Unconfirmed(PartnerCenterOutcomeUnknownException unknown) =>
            $"Partner Center did not confirm the transition of {_source.SubscriptionId} ({unknown.Summary}); reading its transitions to see whether it was taken.";

        public string ReadBackFailed(PartnerCenterException check) =>
            $"and reading its transitions failed too ({check.Summary}). The journal keeps the intent; check the subscription in Partner Center before running the upgrade again.";

        public string AlreadyDone(TransitionResource? seen) =>
            $"Partner Center shows the transition of {_source.SubscriptionId} to {Target.Offer} taken{(seen?.OperationId is string id ? " (operation " + id + ")" : string.Empty)}; not sending it again.";

        public string SendingAgain(TransitionResource? seen) =>
            $"Partner Center shows no transition of {_source.SubscriptionId} to {Target.Offer}: sending it once more (with the same MS-RequestId).";

        public string FailedTwice(PartnerCenterOutcomeUnknownException unknown, TransitionResource? seen) =>
            $"Partner Center did not take the transition of {_source.SubscriptionId}: the request failed twice ({unknown.Summary}) and no transition was started.";

        public string Unexpected(TransitionResource? seen) =>
            $"and what Partner Center shows cannot tell whether the transition was taken. Check subscription {_source.SubscriptionId} in Partner Center before running the upgrade again.";

        private IReadOnlyList<TransitionResource> History(CancellationToken cancellation) =>
            TransitionResource.ListFrom(_client.Get(Path, cancellation).Body);

        private bool SameItem(string? item)
        {
            string[] a = (item ?? string.Empty).Trim().Split(':');
            string[] b = _toItem.Split(':');
            return a.Length >= 2 && b.Length >= 2 && string.Equals(a[0], b[0], StringComparison.OrdinalIgnoreCase) && string.Equals(a[1], b[1], StringComparison.OrdinalIgnoreCase);
        }

        private static string Key(TransitionResource t) =>
            t.OperationId?.Trim() is string id && id.Length > 0 ? id : $"{t.ToCatalogItemId}|{t.Quantity}|{t.Events?.FirstOrDefault()?.Timestamp}";
    }
}
