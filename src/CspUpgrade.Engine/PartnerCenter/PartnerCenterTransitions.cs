using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// New commerce on Partner Center (SPEC 1.9): eligibility from GET transitionEligibilities (immediate, or scheduled for
    /// -AtRenewal), and the upgrade itself: a transition POSTed with the catalogItemId Partner Center just offered (the same
    /// MS-RequestId on any re-send), followed on GET transitions until Completed or Failed within the client's polling bound;
    /// still running there, it is Pending and journaled with Partner Center's operation id, and a later run settles it. A change
    /// at renewal goes to <see cref="PartnerCenterScheduledChanges"/>. Legacy subscriptions never come here.
    /// </summary>
    internal sealed class PartnerCenterTransitions
    {
        private readonly PartnerCenterClient _client;
        private readonly PartnerCenterReader _reader;
        private readonly TransitionVerdict _verdict;
        private readonly VerifiedWriter _writer;
        private readonly PendingTransitions _pending;
        private readonly PartnerCenterScheduledChanges _scheduled;
        private readonly UpgradeHistory _history;
        private readonly PartnerInfo _partner;
        private readonly Func<DateTime> _today;
        private readonly SubscriptionCollection<TransitionEligibilityResource> _immediate;
        private readonly SubscriptionCollection<TransitionEligibilityResource> _atRenewal;

        public PartnerCenterTransitions(PartnerCenterClient client, PartnerCenterReader reader, VerifiedWriter writer, RemoteJournal journal, UpgradeHistory history, PartnerInfo partner, Func<DateTime> today)
        {
            _client = client;
            _reader = reader;
            _verdict = new TransitionVerdict(reader);
            _writer = writer;
            _pending = new PendingTransitions(client, journal, writer);
            _history = history;
            _partner = partner;
            _today = today;
            _immediate = reader.PerSubscription<TransitionEligibilityResource>("transitionEligibilities?eligibilityType=immediate");
            _atRenewal = reader.PerSubscription<TransitionEligibilityResource>("transitionEligibilities?eligibilityType=scheduled");
            _scheduled = new PartnerCenterScheduledChanges(client, reader, _verdict, writer, journal, partner);
        }

        /// <summary>The targets Partner Center lists now (immediate) or for the renewal (scheduled).</summary>
        public IReadOnlyList<TransitionEligibilityResource> Eligibilities(string customerId, string subscriptionId, bool atRenewal, CancellationToken cancellation, bool fresh = false) =>
            (atRenewal ? _atRenewal : _immediate).Get(customerId, subscriptionId, cancellation, fresh);

        /// <summary>
        /// A target Partner Center lists for the subscription (now, else for its renewal) under this catalog item id or title:
        /// the catalogue's offer when it maps the item, else the item passed through; null when it lists none by that id or title.
        /// </summary>
        public CatalogOffer? OfferedTarget(EligibilityEngine engine, string customerId, string subscriptionId, string idOrName, CancellationToken cancellation)
        {
            var offers = _reader.OffersFor(engine.Catalog);
            return TransitionVerdict.OfferedTarget(Eligibilities(customerId, subscriptionId, false, cancellation), idOrName, offers)
                ?? TransitionVerdict.OfferedTarget(Eligibilities(customerId, subscriptionId, true, cancellation), idOrName, offers);
        }

        public EligibilityResult Check(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation) =>
            _verdict.Decide(engine, context, subscription, target, Eligibilities(context.Customer.CustomerId, subscription.SubscriptionId, choice.AtRenewal, cancellation), choice);

        public IReadOnlyList<EligibilityResult> CheckAll(EligibilityEngine engine, CustomerContext context, SubscriptionRecord subscription, UpgradeChoice choice, CancellationToken cancellation) =>
            _verdict.DecideAll(engine, context, subscription, Eligibilities(context.Customer.CustomerId, subscription.SubscriptionId, choice.AtRenewal, cancellation), choice);

        /// <summary>What the transition (or the change at renewal) would do, with Partner Center's verdict on it now.</summary>
        public UpgradePlan Plan(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation, bool fresh)
        {
            var context = engine.CreateContext(customer, _partner);
            var sourceOffer = engine.Catalog.Find(source.OfferId) ?? PartnerCenterUpgrades.Unmapped(source);
            var kind = choice.KindFor(Commerce.NewCommerce, source.Quantity);
            int seats = choice.Quantity ?? source.Quantity;
            var items = Eligibilities(customer.CustomerId, source.SubscriptionId, choice.AtRenewal, cancellation, fresh);
            var eligibility = _verdict.Decide(engine, context, source, target, items, choice);
            var existing = kind == UpgradeKind.Full && string.Equals(source.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase) ? source : null;
            var wanted = kind == UpgradeKind.AtRenewal ? PartnerCenterScheduledChanges.Wanted(source, target, choice) : null;
            bool scheduledAlready = wanted != null && Equals(source.ScheduledChange, wanted);
            return new UpgradePlan(customer, source, sourceOffer, target, choice.UpgradeType, seats, eligibility, existing, Array.Empty<AffectedAccount>(),
                Billing(engine, source, sourceOffer, target, kind, seats), Affected(kind))
            {
                Kind = kind,
                SeatsToAssign = SeatsToAssign(kind, seats, source.Quantity),
                Into = kind == UpgradeKind.IntoExisting ? customer.FindSubscription(choice.ToSubscriptionId!) : null,
                Scheduled = wanted,
                ScheduledAlready = scheduledAlready,
                // An immediate change deletes the scheduled renewal change; a new one at renewal replaces it (the cmdlet warns).
                ClearsScheduledChange = scheduledAlready ? null : source.ScheduledChange,
            };
        }

        /// <summary>A partial move, or one into an existing subscription that leaves seats behind, moves no license: the seats wait for an assignment.</summary>
        private static int SeatsToAssign(UpgradeKind kind, int seats, int sourceSeats) =>
            kind == UpgradeKind.Partial || (kind == UpgradeKind.IntoExisting && seats < sourceSeats) ? seats : 0;

        public UpgradeResult Upgrade(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, CancellationToken cancellation)
        {
            _writer.SettleInterrupted(customer);
            var kind = choice.KindFor(Commerce.NewCommerce, source.Quantity);
            int seats = choice.Quantity ?? source.Quantity;
            string requestKey = RequestKey(target, seats, kind, choice.ToSubscriptionId);

            // Transitions an earlier run left running: settled first; this same request, if among them, is never sent again.
            var settled = _pending.Settle(customer.CustomerId, cancellation);
            if (settled.Count > 0)
            {
                customer = _reader.GetCustomerFresh(customer.CustomerId, cancellation);
                source = customer.FindSubscription(source.SubscriptionId) ?? throw new SubscriptionNotFoundException(customer.CustomerId, source.SubscriptionId);
                var same = settled.LastOrDefault(s => s.IsSameRequest(source.SubscriptionId, requestKey) && s.State != TransitionState.Failed);
                if (same != null)
                {
                    return same.State == TransitionState.Completed
                        ? Result(engine, customer, source, target, choice, kind, seats, same.TargetSubscriptionId ?? source.SubscriptionId, UpgradeStatus.AlreadyUpgraded)
                        : Result(engine, customer, source, target, choice, kind, seats, choice.ToSubscriptionId ?? source.SubscriptionId, UpgradeStatus.Pending);
                }
            }

            if (choice.AtRenewal)
            {
                return _scheduled.Schedule(engine, customer, source, target, choice, Eligibilities(customer.CustomerId, source.SubscriptionId, true, cancellation, fresh: true), cancellation);
            }
            if (kind == UpgradeKind.Full && string.Equals(source.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase))
            {
                return Result(engine, customer, source, target, choice, kind, source.Quantity, source.SubscriptionId, UpgradeStatus.AlreadyUpgraded);
            }

            // Eligibility again, against what Partner Center offers now; the catalogItemId sent is the one it just offered.
            var items = Eligibilities(customer.CustomerId, source.SubscriptionId, false, cancellation, fresh: true);
            var context = engine.CreateContext(customer, _partner);
            var eligibility = _verdict.Decide(engine, context, source, target, items, choice);
            var offered = TransitionVerdict.FindItem(items, target, _reader.OffersFor(engine.Catalog));
            if (!eligibility.IsEligible || offered?.CatalogItemId is null)
            {
                throw new NotEligibleException(eligibility);
            }
            var write = new TransitionWrite(_client, customer, source, offered, target, choice, kind, seats);
            var intent = _writer.Intent(customer.CustomerId, PendingTransitions.Operation, Changes(customer, source, target, choice, kind, seats, null),
                $"to {target.OfferId} ({offered.CatalogItemId}), {seats} seats, {kind}, {TransitionVerdict.TransitionType(choice.UpgradeType)}, MS-RequestId {write.RequestId} {requestKey}");
            write.RememberHistory(cancellation);
            var outcome = _writer.Run(intent, write, cancellation);
            var transition = outcome.Response is null ? outcome.Confirmed : ResourceJson.ReadOrNull<TransitionResource>(outcome.Response.Body);
            if (transition is null)
            {
                // Answered without a Transition: what the history shows now.
                transition = write.ReadBack(cancellation);
            }
            transition = Follow(customer.CustomerId, source.SubscriptionId, transition, write, cancellation);
            var state = transition?.State ?? TransitionState.Running;

            if (state == TransitionState.Failed)
            {
                var errors = transition!.Errors;
                _writer.Abandon(intent, "Partner Center reports the transition Failed: " + string.Join("; ", errors.Select(e => e.Description ?? e.Code?.ToString())));
                _reader.Invalidate(customer.CustomerId);
                throw new NotEligibleException(Failed(eligibility, errors));
            }
            if (state == TransitionState.Running)
            {
                string operationId = transition?.OperationId?.Trim() ?? string.Empty;
                if (operationId.Length > 0)
                {
                    _pending.MarkPending(intent, operationId, source.SubscriptionId);
                }
                _reader.Invalidate(customer.CustomerId);
                _client.Channel.Report(new BackendStatusUpdate(
                    $"Partner Center is still performing the transition of {source.SubscriptionId} to {target.Offer}{(operationId.Length > 0 ? " (operation " + operationId + ")" : string.Empty)}; "
                    + "it is journaled as pending: run the same command again later to see it settled (it is not sent twice).", warning: true));
                return Result(engine, customer, source, target, choice, kind, seats, choice.ToSubscriptionId ?? source.SubscriptionId, UpgradeStatus.Pending);
            }

            string targetId = TargetSubscription(customer, source, target, choice, kind, transition!, cancellation);
            var committed = _writer.Commit(intent, Changes(customer, source, target, choice, kind, seats, targetId), outcome.Note);
            _history.Learn(committed);
            var reassignment = transition!.Events?.Where(e => e.IsReassignment && e.State == TransitionState.Failed).SelectMany(e => e.Errors ?? new List<TransitionError>()).ToList();
            if (reassignment != null && reassignment.Count > 0)
            {
                _client.Channel.Report(new BackendStatusUpdate(
                    $"Partner Center made the transition of {source.SubscriptionId} but could not reassign licenses: {string.Join("; ", reassignment.Select(e => e.Description ?? e.Code?.ToString()))}. Assign them yourself.", warning: true));
            }
            return Result(engine, customer, source, target, choice, kind, seats, targetId, UpgradeStatus.Completed);
        }

        /// <summary>GET .../transitions?operationId= until the transition is Completed or Failed, within the client's polling bound.</summary>
        private TransitionResource? Follow(string customerId, string sourceId, TransitionResource? transition, TransitionWrite write, CancellationToken cancellation)
        {
            var options = _client.Options;
            var started = DateTime.UtcNow;
            for (int poll = 1; (transition?.State ?? TransitionState.Running) == TransitionState.Running && poll <= options.MaxPolls; poll++)
            {
                if (DateTime.UtcNow - started > options.MaxPollDuration)
                {
                    break;
                }
                string? operationId = transition?.OperationId?.Trim();
                _client.Channel.Report(new BackendStatusUpdate(
                    $"Partner Center is performing the transition of {sourceId}{(string.IsNullOrEmpty(operationId) ? string.Empty : " (operation " + operationId + ")")}; checking again in {options.PollInterval.TotalSeconds:0.#} s (check {poll} of {options.MaxPolls}).",
                    options.PollInterval));
                PartnerCenterClient.Sleep(options.PollInterval, cancellation);
                var now = string.IsNullOrEmpty(operationId) ? write.ReadBack(cancellation) : _pending.Read(customerId, sourceId, operationId!, cancellation);
                transition = now ?? transition;
            }
            return transition;
        }

        /// <summary>The subscription the seats are in now: the existing one, the source (in place), or the one a partial transition created.</summary>
        private string TargetSubscription(CustomerRecord before, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, UpgradeKind kind, TransitionResource transition, CancellationToken cancellation)
        {
            if (kind == UpgradeKind.IntoExisting)
            {
                return choice.ToSubscriptionId!;
            }
            if (kind == UpgradeKind.Full)
            {
                return source.SubscriptionId;
            }
            string? named = transition.ToSubscriptionId?.Trim();
            if (!string.IsNullOrEmpty(named) && !string.Equals(named, source.SubscriptionId, StringComparison.OrdinalIgnoreCase))
            {
                return named!;
            }
            // Partner Center did not name it: the subscription of the target that was not there before.
            var now = _reader.GetCustomerFresh(before.CustomerId, cancellation);
            var created = now.Subscriptions.FirstOrDefault(s => string.Equals(s.OfferId, target.OfferId, StringComparison.OrdinalIgnoreCase) && before.FindSubscription(s.SubscriptionId) is null);
            return created?.SubscriptionId ?? string.Empty;
        }

        /// <summary>The journal's view of the move: the source shrinks (to nothing: removed), an existing target grows, a created one appears.</summary>
        private static IReadOnlyList<JournalChange> Changes(CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, UpgradeKind kind, int seats, string? createdId)
        {
            // Offers are recorded: a full transition keeps status and seats and changes only the offer (an immediate change also
            // deletes the scheduled renewal change).
            var changes = new List<JournalChange>();
            int left = kind == UpgradeKind.Full ? source.Quantity : source.Quantity - seats;
            changes.Add(new JournalChange(source.SubscriptionId, SubscriptionState.Of(source),
                new SubscriptionState(left == 0 ? SubscriptionStatus.Deleted : source.Status, left, kind == UpgradeKind.Full ? target.OfferId : source.OfferId)));
            if (kind == UpgradeKind.IntoExisting && customer.FindSubscription(choice.ToSubscriptionId!) is SubscriptionRecord existing)
            {
                changes.Add(new JournalChange(existing.SubscriptionId, SubscriptionState.Of(existing),
                    new SubscriptionState(existing.Status, existing.Quantity + seats, existing.OfferId, existing.ScheduledChange)));
            }
            if (kind == UpgradeKind.Partial && !string.IsNullOrEmpty(createdId))
            {
                changes.Add(new JournalChange(createdId!, null, new SubscriptionState(SubscriptionStatus.Active, seats, target.OfferId)));
            }
            return changes;
        }

        private UpgradeResult Result(EligibilityEngine engine, CustomerRecord customer, SubscriptionRecord source, CatalogOffer target, UpgradeChoice choice, UpgradeKind kind, int seats,
            string targetSubscriptionId, UpgradeStatus status)
        {
            var sourceOffer = engine.Catalog.Find(source.OfferId);
            var billing = status == UpgradeStatus.Completed
                ? Billing(engine, source, sourceOffer ?? PartnerCenterUpgrades.Unmapped(source), target, kind, seats)
                : BillingImpact.Unavailable(status == UpgradeStatus.Pending
                    ? "Partner Center is still performing the transition; billing shows once it has completed."
                    : "The transition was already done; nothing was billed now.");
            int toAssign = SeatsToAssign(kind, seats, source.Quantity);
            return new UpgradeResult(customer.CustomerId, customer.Name, source.SubscriptionId, targetSubscriptionId, sourceOffer?.OfferId ?? source.OfferId, target.OfferId, target.Offer,
                choice.UpgradeType, seats, status, Array.Empty<AffectedAccount>(), billing, kind, status == UpgradeStatus.Pending ? 0 : toAssign);
        }

        private BillingImpact Billing(EligibilityEngine engine, SubscriptionRecord source, CatalogOffer sourceOffer, CatalogOffer target, UpgradeKind kind, int seats)
        {
            if (kind == UpgradeKind.AtRenewal)
            {
                return BillingImpact.Unavailable("A change at renewal bills nothing now; the next term is billed at the target's price.");
            }
            if (!ReferenceEquals(engine.Catalog.Find(source.OfferId), sourceOffer))
            {
                return BillingImpact.Unavailable($"The catalogue does not map Partner Center offer {source.OfferId} (no partnerCenterProductId), so its price is unknown.");
            }
            if (target.IsPassThrough)
            {
                return BillingImpact.Unavailable($"The catalogue does not know {target.Offer} ({target.OfferId}), which Partner Center offers, so its price is unknown.");
            }
            // The moved seats: credited at the source's price, charged at the target's, over the source's current billing period.
            return BillingCalculator.Calculate(sourceOffer, seats, target, seats, source.BillingCycle, source.PeriodEnd, _today());
        }

        private static string? Affected(UpgradeKind kind) => kind switch
        {
            UpgradeKind.Partial or UpgradeKind.IntoExisting =>
                "No license moves with a partial or into-existing transition: every user licensed on the source needs a license of the target assigned (Partner Center does not list users).",
            UpgradeKind.AtRenewal => "Nothing changes before the renewal.",
            _ => "Partner Center moves the licenses itself in a full transition and reports failures as events of the transition.",
        };

        private static EligibilityResult Failed(EligibilityResult checkedBefore, IReadOnlyList<TransitionError> errors)
        {
            var reasons = errors.Count == 0
                ? new List<EligibilityReason> { new EligibilityReason(ReasonCode.Other, "Partner Center reports the transition Failed without a reason.", PartnerCenterReasons.Remediation(ReasonCode.Other)) }
                : errors.Select(e =>
                {
                    var (code, original) = TransitionReasons.MapTransition(e.Code);
                    return new EligibilityReason(code, "The transition failed: " + TransitionReasons.Message(e, code, original), TransitionReasons.Remediation(code), null, original);
                }).ToList();
            return new EligibilityResult(checkedBefore.CustomerId, checkedBefore.CustomerName, checkedBefore.SubscriptionId, checkedBefore.OfferId, checkedBefore.Offer,
                checkedBefore.TargetOfferId, checkedBefore.TargetOffer, checkedBefore.UpgradeType, checkedBefore.Quantity, reasons, PartnerCenterVerdict.SourceName)
            {
                Commerce = Commerce.NewCommerce,
                Kind = checkedBefore.Kind,
                ToSubscriptionId = checkedBefore.ToSubscriptionId,
                ExistingTargetSubscriptionIds = checkedBefore.ExistingTargetSubscriptionIds,
            };
        }

        /// <summary>What makes two requests the same transition (journaled at the end of the intent's note).</summary>
        private static string RequestKey(CatalogOffer target, int seats, UpgradeKind kind, string? toSubscriptionId) =>
            $"[request {target.OfferId}|{seats}|{kind}|{toSubscriptionId}]";
    }
}
