using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// A new-commerce change at renewal (SPEC 1.9): the target must be one GET transitionEligibilities?eligibilityType=scheduled
    /// lists; the full subscription, as read, is PATCHed back with scheduledNextTermInstructions and If-Match: its etag. A stale
    /// etag (412: changed since it was read) is read again and sent once more; the same change recorded already is
    /// AlreadyScheduled and sends nothing.
    /// </summary>
    internal sealed class PartnerCenterScheduledChanges
    {
        public const string Operation = "ScheduledChange";

        private readonly PartnerCenterClient _client;
        private readonly PartnerCenterReader _reader;
        private readonly TransitionVerdict _verdict;
        private readonly VerifiedWriter _writer;
        private readonly RemoteJournal _journal;
        private readonly PartnerInfo _partner;

        public PartnerCenterScheduledChanges(PartnerCenterClient client, PartnerCenterReader reader, TransitionVerdict verdict, VerifiedWriter writer, RemoteJournal journal, PartnerInfo partner)
        {
            _client = client;
            _reader = reader;
            _verdict = verdict;
            _writer = writer;
            _journal = journal;
            _partner = partner;
        }

        public UpgradeResult Schedule(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice,
            IReadOnlyList<TransitionEligibilityResource> items, CancellationToken cancellation)
        {
            var wanted = Wanted(source, target, choice);
            Settle(customer, source);
            if (Equals(source.ScheduledChange, wanted))
            {
                return Result(engine, customer, source, target, choice, wanted, UpgradeStatus.AlreadyScheduled);
            }
            var context = engine.CreateContext(customer, _partner);
            var eligibility = _verdict.Decide(engine, context, source, target, items, choice);
            var offered = TransitionVerdict.FindItem(items, target, _reader.OffersFor(engine.Catalog));
            string[] parts = (offered?.CatalogItemId ?? string.Empty).Trim().Split(':');
            if (!eligibility.IsEligible || parts.Length != 3)
            {
                throw new NotEligibleException(eligibility);
            }
            var instructions = new JObject
            {
                ["product"] = new JObject
                {
                    ["productId"] = parts[0],
                    ["skuId"] = parts[1],
                    ["availabilityId"] = parts[2],
                    ["billingCycle"] = NewCommerceMapper.Text(wanted.BillingCycle ?? source.BillingCycle),
                    ["termDuration"] = (wanted.TermDuration ?? source.TermDuration)?.ToString(),
                },
                ["quantity"] = wanted.Quantity,
            };
            var write = new ScheduleWrite(this, customer.CustomerId, source, instructions, wanted);
            var intent = _writer.Intent(customer.CustomerId, Operation,
                new[] { new JournalChange(source.SubscriptionId, SubscriptionState.Of(source), new SubscriptionState(source.Status, source.Quantity, source.OfferId, wanted)) },
                $"at renewal: {wanted} [was {source.ScheduledChange?.ToString() ?? "none"}]");
            var outcome = _writer.Run(intent, write, cancellation);
            _writer.Commit(intent, intent.Subscriptions, outcome.Note);
            return Result(engine, customer, source, target, choice, wanted, UpgradeStatus.Scheduled);
        }

        /// <summary>The change asked for: the target with the seats, term and billing cycle asked (the source's by default).</summary>
        public static ScheduledChange Wanted(SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice) =>
            new ScheduledChange(target.OfferId, choice.Quantity ?? source.Quantity, choice.TermDuration ?? source.TermDuration, choice.BillingCycle ?? source.BillingCycle);

        /// <summary>Scheduled changes a stopped run left as intents: committed when the subscription shows the change, else abandoned.</summary>
        private void Settle(CustomerRecord customer, SubscriptionRecord source)
        {
            foreach (var intent in JournalFile.Interrupted(_journal.ReadAll()))
            {
                if (intent.Operation != Operation || !string.Equals(intent.CustomerId, customer.CustomerId, StringComparison.OrdinalIgnoreCase)
                    || !intent.Subscriptions.Any(c => string.Equals(c.SubscriptionId, source.SubscriptionId, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
                string shown = source.ScheduledChange?.ToString() ?? "none";
                if ((intent.Note ?? string.Empty).StartsWith("at renewal: " + shown + " [", StringComparison.Ordinal))
                {
                    _writer.Commit(intent, intent.Subscriptions, "settled later: Partner Center shows the change scheduled");
                }
                else
                {
                    _writer.Abandon(intent, $"settled later: Partner Center shows {shown} scheduled");
                }
            }
        }

        private static UpgradeResult Result(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, ScheduledChange change, UpgradeStatus status) =>
            new UpgradeResult(customer.CustomerId, customer.Name, source.SubscriptionId, source.SubscriptionId, engine.Catalog.Find(source.OfferId)?.OfferId ?? source.OfferId,
                target.OfferId, target.Offer, choice.UpgradeType, change.Quantity, status, Array.Empty<AffectedAccount>(),
                BillingImpact.Unavailable("A change at renewal bills nothing now; the next term is billed at the target's price."), UpgradeKind.AtRenewal);

        /// <summary>The PATCH: the subscription read now, with the instructions, If-Match its etag; once more after a 412.</summary>
        private sealed class ScheduleWrite : IVerifiableWrite<SubscriptionRecord?>
        {
            private readonly PartnerCenterScheduledChanges _owner;
            private readonly SubscriptionRecord _source;
            private readonly JObject _instructions;
            private readonly ScheduledChange _wanted;
            private readonly string _path;
            private readonly string _requestId = Guid.NewGuid().ToString();

            public ScheduleWrite(PartnerCenterScheduledChanges owner, string customerId, SubscriptionRecord source, JObject instructions, ScheduledChange wanted)
            {
                _owner = owner;
                _source = source;
                _instructions = instructions;
                _wanted = wanted;
                _path = $"customers/{Uri.EscapeDataString(customerId)}/subscriptions/{Uri.EscapeDataString(source.SubscriptionId)}";
            }

            public PartnerCenterResponse Send(CancellationToken cancellation)
            {
                for (int attempt = 1; ; attempt++)
                {
                    var (_, resource) = _owner._reader.GetSubscription(_path, cancellation);
                    if (resource is null)
                    {
                        throw new PartnerCenterException($"Partner Center returned no subscription for {_path}.", "GET", _path, null, null, null, null, null);
                    }
                    var body = (JObject)resource.Json.DeepClone();
                    body["scheduledNextTermInstructions"] = _instructions.DeepClone();
                    string etag = resource.Attributes?.Etag ?? string.Empty;
                    var headers = etag.Length == 0 ? null : new Dictionary<string, string> { ["If-Match"] = Quoted(etag) };
                    try
                    {
                        // A re-send of the same PATCH keeps its MS-RequestId; the one after a 412 is another request (a newer etag).
                        return _owner._client.Write(new HttpMethod("PATCH"), _path, body, cancellation, headers, attempt == 1 ? _requestId : _requestId + "-" + attempt);
                    }
                    catch (PartnerCenterException stale) when (stale.StatusCode == 412 && attempt == 1)
                    {
                        _owner._client.Channel.Report(new BackendStatusUpdate(
                            $"Subscription {_source.SubscriptionId} changed since it was read (412, stale etag); reading it again and sending the scheduled change once more."));
                    }
                }
            }

            /// <summary>If-Match takes an entity tag in quotes; Partner Center's attributes.etag may already carry them.</summary>
            private static string Quoted(string etag)
            {
                string t = etag.Trim();
                return t.StartsWith("\"", StringComparison.Ordinal) || t.StartsWith("W/\"", StringComparison.Ordinal) ? t : "\"" + t + "\"";
            }

            public SubscriptionRecord? ReadBack(CancellationToken cancellation) => _owner._reader.GetSubscription(_path, cancellation).Record;

            public ReadBack Judge(SubscriptionRecord? seen) =>
                seen != null && Equals(seen.ScheduledChange, _wanted) ? PartnerCenter.ReadBack.Done
                : seen != null && Equals(seen.ScheduledChange, _source.ScheduledChange) ? PartnerCenter.ReadBack.Unchanged
                : PartnerCenter.ReadBack.Unexpected;

            public string Unconfirmed(PartnerCenterOutcomeUnknownException unknown) =>
                $"Partner Center did not confirm the scheduled change of {_source.SubscriptionId} ({unknown.Summary}); reading the subscription to see whether it was recorded.";

            public string ReadBackFailed(PartnerCenterException check) =>
                $"and reading the subscription back failed too ({check.Summary}). The journal keeps the intent; check the subscription's scheduled changes in Partner Center.";

            public string AlreadyDone(SubscriptionRecord? seen) =>
                $"Partner Center shows {_wanted} scheduled for {_source.SubscriptionId}; not sending it again.";

            public string SendingAgain(SubscriptionRecord? seen) =>
                $"Partner Center shows subscription {_source.SubscriptionId} without the scheduled change; sending it once more.";

            public string FailedTwice(PartnerCenterOutcomeUnknownException unknown, SubscriptionRecord? seen) =>
                $"Partner Center did not record the scheduled change of {_source.SubscriptionId}: the request failed twice ({unknown.Summary}).";

            public string Unexpected(SubscriptionRecord? seen) =>
                $"and the subscription now shows {(seen?.ScheduledChange?.ToString() ?? "no scheduled change")}. Check it in Partner Center before scheduling again.";
        }
    }
}
