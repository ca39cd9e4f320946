using System;
using System.Linq;
using System.Net.Http;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Upgrades on Partner Center: the plan (its verdict, billing, an upgrade done earlier) and the upgrade itself, posted
    /// through the <see cref="VerifiedWriter"/> after eligibility is checked again against what Partner Center says now.
    /// </summary>
    internal sealed class PartnerCenterUpgrades
    {
        private const string AffectedUnknown =
            "Partner Center reports the user accounts that need manual work (its licenseErrors) only when it performs the upgrade; the result lists them.";

        private readonly PartnerCenterClient _client;
        private readonly PartnerCenterReader _reader;
        private readonly PartnerCenterVerdict _verdict;
        private readonly VerifiedWriter _writer;
        private readonly UpgradeHistory _history;
        private readonly PartnerInfo _partner;
        private readonly Func<DateTime> _today;

        public PartnerCenterUpgrades(PartnerCenterClient client, PartnerCenterReader reader, PartnerCenterVerdict verdict, VerifiedWriter writer, UpgradeHistory history, PartnerInfo partner, Func<DateTime> today)
        {
            _client = client;
            _reader = reader;
            _verdict = verdict;
            _writer = writer;
            _history = history;
            _partner = partner;
            _today = today;
        }

        public UpgradePlan Plan(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeType type, int? quantity, CancellationToken cancellation, bool fresh)
        {
            var context = engine.CreateContext(customer, _partner);
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
                    PartnerCenterVerdict.SourceName);
            }
            else
            {
                var upgrades = _reader.Upgrades.Get(customer.CustomerId, source.SubscriptionId, cancellation, fresh);
                eligibility = _verdict.Decide(engine, context, source, target, upgrades, type, quantity);
            }
            var billing = ReferenceEquals(engine.Catalog.Find(source.OfferId), sourceOffer)
                ? BillingCalculator.Calculate(sourceOffer, source.Quantity, target, seats, source.BillingCycle, source.PeriodEnd, _today())
                : BillingImpact.Unavailable($"The catalogue does not map Partner Center offer {source.OfferId} (no partnerCenterOfferId), so its price is unknown.");
            return new UpgradePlan(customer, source, sourceOffer, target, type, seats, eligibility, existing, Array.Empty<AffectedAccount>(), billing, AffectedUnknown);
        }

        /// <param name="customer">The customer as Partner Center shows it now (read fresh for this upgrade).</param>
        public UpgradeResult Upgrade(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeType upgradeType, int? quantity, CancellationToken cancellation)
        {
            _writer.SettleInterrupted(customer);

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
            var offer = PartnerCenterVerdict.FindUpgrade(_reader.Upgrades.Get(customer.CustomerId, source.SubscriptionId, cancellation), target)
                ?? throw new NotEligibleException(plan.Eligibility);
            var write = new UpgradeWrite(this, customer, source, target, offer, plan.Quantity, upgradeType);
            var intent = _writer.Intent(customer.CustomerId, UpgradeHistory.Operation,
                new[] { new JournalChange(source.SubscriptionId, write.Before, new SubscriptionState(SubscriptionStatus.Deleted, source.Quantity)) },
                $"to {target.OfferId} ({target.PartnerCenterOfferId ?? target.OfferId}), {plan.Quantity} seats, {upgradeType}");

            var outcome = _writer.Run(intent, write, cancellation);
            if (outcome.Response is null)
            {
                var created = outcome.Confirmed.Created!;
                Commit(intent, source, created.SubscriptionId, plan.Quantity, outcome.Note);
                return new UpgradeResult(customer.CustomerId, customer.Name, source.SubscriptionId, created.SubscriptionId, plan.SourceOffer.OfferId, target.OfferId, target.Offer,
                    upgradeType, created.Quantity, UpgradeStatus.AlreadyUpgraded, Array.Empty<AffectedAccount>(),
                    BillingImpact.Unavailable("Partner Center made the upgrade but its answer was lost, so its billing and the accounts that need manual work (licenseErrors) could not be read; check them in Partner Center."));
            }

            var response = outcome.Response;
            var result = ResourceJson.ReadOrNull<UpgradeResultResource>(response.Body) ?? new UpgradeResultResource();
            string? targetId = result.TargetSubscriptionId;
            var errors = result.UpgradeErrors;
            if (string.IsNullOrWhiteSpace(targetId))
            {
                if (errors != null && errors.Count > 0)
                {
                    var refusal = new UpgradeResource { IsEligible = false, UpgradeErrors = errors, TargetOffer = offer.TargetOffer };
                    var context = engine.CreateContext(customer, _partner);
                    _writer.Abandon(intent, "Partner Center refused it: " + string.Join(", ", errors.Select(e => CodeText(e))));
                    _reader.Invalidate(customer.CustomerId);
                    throw new NotEligibleException(_verdict.FromUpgrade(engine, context, source, refusal, target, upgradeType, quantity));
                }
                targetId = write.ReadBack(cancellation).Created?.SubscriptionId;
                if (targetId is null)
                {
                    throw new PartnerCenterOutcomeUnknownException(
                        $"Partner Center accepted the upgrade of subscription {source.SubscriptionId} without naming the new subscription, and none is visible yet. Check it in Partner Center before running the upgrade again.",
                        "POST", write.Path, response.StatusCode, null, null, response.RequestId, response.CorrelationId);
                }
            }

            var affected = PartnerCenterMapper.AffectedAccounts(customer.CustomerId, source.SubscriptionId, result.LicenseErrors);
            Commit(intent, source, targetId!, plan.Quantity, null);
            return new UpgradeResult(customer.CustomerId, customer.Name, source.SubscriptionId, targetId!, plan.SourceOffer.OfferId, target.OfferId, target.Offer,
                upgradeType, plan.Quantity, UpgradeStatus.Completed, affected, plan.Billing);
        }

        private void Commit(JournalEntry intent, SubscriptionRecord source, string targetId, int quantity, string? note) =>
            _history.Learn(_writer.Commit(intent,
                new[]
                {
                    new JournalChange(source.SubscriptionId, SubscriptionState.Of(source), new SubscriptionState(SubscriptionStatus.Deleted, source.Quantity)),
                    new JournalChange(targetId, null, new SubscriptionState(SubscriptionStatus.Active, quantity)),
                },
                note));

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

        private static string? CodeText(UpgradeError error) =>
            error.Code is Newtonsoft.Json.Linq.JValue value && value.Value != null ? Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

        /// <summary>An offer the catalogue does not map, as far as Partner Center names it.</summary>
        internal static CatalogOffer Unmapped(SubscriptionRecord source) => CatalogOffer.PassThrough(source.OfferId, source.OfferName ?? source.OfferId);

        /// <summary>What reading back after an upgrade shows: the source now, and the subscription the upgrade created.</summary>
        internal sealed class Seen
        {
            public Seen(SubscriptionRecord? source, SubscriptionRecord? created)
            {
                Source = source;
                Created = created;
            }

            public SubscriptionRecord? Source { get; }
            public SubscriptionRecord? Created { get; }
        }

        /// <summary>POST .../upgrades: the upgrade entry Partner Center listed, sent back with the type and quantity chosen.</summary>
        private sealed class UpgradeWrite : IVerifiableWrite<Seen>
        {
            private readonly PartnerCenterUpgrades _owner;
            private readonly CustomerRecord _customer;
            private readonly SubscriptionRecord _source;
            private readonly CatalogOffer _target;
            private readonly Newtonsoft.Json.Linq.JObject _body;

            public UpgradeWrite(PartnerCenterUpgrades owner, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeResource offer, int quantity, UpgradeType type)
            {
                _owner = owner;
                _customer = customer;
                _source = source;
                _target = target;
                _body = (Newtonsoft.Json.Linq.JObject)offer.Json.DeepClone();
                _body["upgradeType"] = PartnerCenterMapper.UpgradeTypeText(type);
                _body["quantity"] = quantity;
                _body["isEligible"] = true;
                Path = $"customers/{Uri.EscapeDataString(customer.CustomerId)}/subscriptions/{Uri.EscapeDataString(source.SubscriptionId)}/upgrades";
                Before = SubscriptionState.Of(source);
            }

            public string Path { get; }
            public SubscriptionState Before { get; }

            /// <summary>The MS-RequestId of this upgrade, the same on a re-send: Partner Center de-duplicates on it (SPEC 1.8).</summary>
            private readonly string _requestId = Guid.NewGuid().ToString();

            public PartnerCenterResponse Send(CancellationToken cancellation) => _owner._client.Write(HttpMethod.Post, Path, _body, cancellation, requestId: _requestId);

            public Seen ReadBack(CancellationToken cancellation)
            {
                var now = _owner._reader.GetCustomerFresh(_customer.CustomerId, cancellation);
                var sourceNow = now.FindSubscription(_source.SubscriptionId);
                return new Seen(sourceNow, sourceNow is null ? null : FindExistingUpgrade(now, sourceNow, _target));
            }

            public ReadBack Judge(Seen seen) =>
                seen.Created != null ? PartnerCenter.ReadBack.Done
                : seen.Source != null && Before.Matches(seen.Source) ? PartnerCenter.ReadBack.Unchanged
                : PartnerCenter.ReadBack.Unexpected;

            public string Unconfirmed(PartnerCenterOutcomeUnknownException unknown) =>
                $"Partner Center did not confirm the upgrade of {_source.SubscriptionId} ({unknown.Summary}); reading the subscription to see whether it happened.";

            public string ReadBackFailed(PartnerCenterException check) =>
                $"and reading the subscription back failed too ({check.Summary}). The journal keeps the intent; check the subscription in Partner Center before running the upgrade again.";

            public string AlreadyDone(Seen seen) =>
                $"Partner Center shows subscription {_source.SubscriptionId} upgraded to {seen.Created!.SubscriptionId}; not sending the upgrade again.";

            public string SendingAgain(Seen seen) =>
                $"Partner Center shows subscription {_source.SubscriptionId} unchanged: the upgrade did not happen; sending it once more.";

            public string FailedTwice(PartnerCenterOutcomeUnknownException unknown, Seen seen) =>
                $"Partner Center did not upgrade subscription {_source.SubscriptionId}: the request failed twice ({unknown.Summary}) and the subscription is unchanged.";

            public string Unexpected(Seen seen) =>
                $"and the subscription is now {(seen.Source is null ? "gone" : seen.Source.Status + " with " + seen.Source.Quantity + " seats")} without an upgraded subscription of {_target.OfferId}. Check it in Partner Center before running the upgrade again.";
        }
    }
}
