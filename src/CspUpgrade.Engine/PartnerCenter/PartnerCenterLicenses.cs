using System;
using System.Net.Http;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Adding licenses on Partner Center: the subscription as read now, sent back with the new quantity (PATCH) through the
    /// <see cref="VerifiedWriter"/>, a 202 followed to completion, and the result read back to be sure.
    /// </summary>
    internal sealed class PartnerCenterLicenses
    {
        private readonly PartnerCenterClient _client;
        private readonly PartnerCenterReader _reader;
        private readonly VerifiedWriter _writer;
        private readonly PartnerInfo _partner;

        public PartnerCenterLicenses(PartnerCenterClient client, PartnerCenterReader reader, VerifiedWriter writer, PartnerInfo partner)
        {
            _client = client;
            _reader = reader;
            _writer = writer;
            _partner = partner;
        }

        public SubscriptionRecord AddLicenses(EligibilityEngine engine, string customerId, string subscriptionId, int count, CancellationToken cancellation)
        {
            var customer = _reader.GetCustomerFresh(customerId, cancellation);
            var subscription = customer.FindSubscription(subscriptionId) ?? throw new SubscriptionNotFoundException(customerId, subscriptionId);
            _writer.SettleInterrupted(customer);
            int wanted = LicensePlanner.Check(engine, customer, subscription, count, _partner, backendDecidesCaps: true);
            string path = $"customers/{Uri.EscapeDataString(customer.CustomerId)}/subscriptions/{Uri.EscapeDataString(subscription.SubscriptionId)}";
            var current = _reader.GetSubscription(path, cancellation).Resource
                ?? throw new PartnerCenterException($"Partner Center returned no subscription for GET {path}.", "GET", path);
            var write = new QuantityWrite(_client, _reader, path, subscription, current, wanted);
            var intent = _writer.Intent(customer.CustomerId, "AddLicenses",
                new[] { new JournalChange(subscription.SubscriptionId, SubscriptionState.Of(subscription), new SubscriptionState(subscription.Status, wanted)) },
                $"+{count} seats");

            var outcome = _writer.Run(intent, write, cancellation);
            if (outcome.Response is null)
            {
                return Commit(intent, outcome.Confirmed!, outcome.Note);
            }

            var response = outcome.Response;
            JObject? final = response.Body as JObject;
            if (response.StatusCode == 202)
            {
                // Accepted is not done: Partner Center shows the old quantity for a few reads (SPEC 1.8).
                var polled = _client.Poll(response, new PollRequest("PATCH", path, $"the new quantity of subscription {subscription.SubscriptionId}", "Check it in Partner Center before adding licenses again.",
                    $"Partner Center could not change the quantity of subscription {subscription.SubscriptionId}.",
                    body => ResourceJson.Read<SubscriptionResource>(body) is var s && s.HasQuantity ? _reader.ToRecord(s).Quantity == wanted : (bool?)null), cancellation);
                if (!polled.Visible && ResourceJson.ReadOrNull<SubscriptionResource>(polled.Body) is SubscriptionResource shown && shown.HasQuantity)
                {
                    return NotVisibleYet(customer.CustomerId, _reader.ToRecord(shown), wanted);
                }
                final = polled.Body;
            }
            var finished = ResourceJson.ReadOrNull<SubscriptionResource>(final);
            var updated = finished != null && finished.HasQuantity ? _reader.ToRecord(finished) : null;
            if (updated is null || updated.Quantity != wanted)
            {
                updated = _reader.GetSubscription(path, cancellation).Record;
            }
            if (updated is null || updated.Quantity != wanted)
            {
                throw new PartnerCenterOutcomeUnknownException(
                    $"Partner Center accepted the new quantity of subscription {subscription.SubscriptionId} but shows {(updated is null ? "no subscription" : updated.Quantity + " seats")} instead of {wanted}. Check it in Partner Center before adding licenses again.",
                    "PATCH", path, response.StatusCode, null, null, response.RequestId, response.CorrelationId);
            }
            return Commit(intent, updated, null);
        }

        /// <summary>
        /// Accepted and still not visible at the polling bound: not a failure (SPEC 1.8). A warning says so, the subscription is
        /// returned as Partner Center shows it, and the journal keeps the intent for a later run to settle against the quantity then.
        /// </summary>
        private SubscriptionRecord NotVisibleYet(string customerId, SubscriptionRecord shown, int wanted)
        {
            _reader.Invalidate(customerId);
            _client.Channel.Report(new BackendStatusUpdate(
                $"Partner Center accepted {wanted} seats for subscription {shown.SubscriptionId} but still shows {shown.Quantity}: the change is not visible yet. " +
                "The journal keeps it; check the quantity later (Get-CspSubscription) before adding licenses again.",
                warning: true));
            return shown;
        }

        private SubscriptionRecord Commit(JournalEntry intent, SubscriptionRecord updated, string? note)
        {
            _writer.Commit(intent, new[] { new JournalChange(updated.SubscriptionId, intent.Subscriptions[0].Before, SubscriptionState.Of(updated)) }, note);
            return updated;
        }

        /// <summary>PATCH of the subscription as read, with the new quantity.</summary>
        private sealed class QuantityWrite : IVerifiableWrite<SubscriptionRecord?>
        {
            private readonly PartnerCenterClient _client;
            private readonly PartnerCenterReader _reader;
            private readonly string _path;
            private readonly SubscriptionRecord _subscription;
            private readonly JObject _body;
            private readonly int _wanted;

            public QuantityWrite(PartnerCenterClient client, PartnerCenterReader reader, string path, SubscriptionRecord subscription, SubscriptionResource current, int wanted)
            {
                _client = client;
                _reader = reader;
                _path = path;
                _subscription = subscription;
                _wanted = wanted;
                _body = (JObject)current.Json.DeepClone();
                _body["quantity"] = wanted;
            }

            /// <summary>The MS-RequestId of this change, the same on a re-send: Partner Center de-duplicates on it (SPEC 1.8).</summary>
            private readonly string _requestId = Guid.NewGuid().ToString();

            public PartnerCenterResponse Send(CancellationToken cancellation) => _client.Write(new HttpMethod("PATCH"), _path, _body, cancellation, requestId: _requestId);

            public SubscriptionRecord? ReadBack(CancellationToken cancellation) => _reader.GetSubscription(_path, cancellation).Record;

            public ReadBack Judge(SubscriptionRecord? seen) =>
                seen != null && seen.Quantity == _wanted ? PartnerCenter.ReadBack.Done
                : seen != null && seen.Quantity == _subscription.Quantity ? PartnerCenter.ReadBack.Unchanged
                : PartnerCenter.ReadBack.Unexpected;

            public string Unconfirmed(PartnerCenterOutcomeUnknownException unknown) =>
                $"Partner Center did not confirm the new quantity of {_subscription.SubscriptionId} ({unknown.Summary}); reading the subscription to see whether it changed.";

            public string ReadBackFailed(PartnerCenterException check) =>
                $"and reading the subscription back failed too ({check.Summary}). The journal keeps the intent; check the quantity in Partner Center before adding licenses again.";

            public string AlreadyDone(SubscriptionRecord? seen) =>
                $"Partner Center shows subscription {_subscription.SubscriptionId} at {_wanted} seats already; not sending the change again.";

            public string SendingAgain(SubscriptionRecord? seen) =>
                $"Partner Center shows subscription {_subscription.SubscriptionId} still at {seen!.Quantity} seats: the change did not happen; sending it once more.";

            public string FailedTwice(PartnerCenterOutcomeUnknownException unknown, SubscriptionRecord? seen) =>
                $"Partner Center did not change subscription {_subscription.SubscriptionId}: the request failed twice ({unknown.Summary}) and it still has {seen!.Quantity} seats.";

            public string Unexpected(SubscriptionRecord? seen) =>
                $"and the subscription now has {(seen is null ? "an unreadable quantity" : seen.Quantity + " seats")} (expected {_subscription.Quantity} or {_wanted}). Check it in Partner Center before adding licenses again.";
        }
    }
}
