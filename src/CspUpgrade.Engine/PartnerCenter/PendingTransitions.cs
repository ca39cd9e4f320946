using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Transitions Partner Center was still performing when a run stopped following them (Status Pending): the journal keeps the
    /// intent, written again with Partner Center's operation id; a later run asks GET .../transitions?operationId= and settles
    /// it: committed when Completed, abandoned when Failed, left open while it runs.
    /// </summary>
    internal sealed class PendingTransitions
    {
        public const string Operation = "Transition";

        private const string Marker = "pending: Partner Center operation ";

        private readonly PartnerCenterClient _client;
        private readonly RemoteJournal _journal;
        private readonly VerifiedWriter _writer;

        public PendingTransitions(PartnerCenterClient client, RemoteJournal journal, VerifiedWriter writer)
        {
            _client = client;
            _journal = journal;
            _writer = writer;
        }

        /// <summary>Journals that <paramref name="intent"/> is running at Partner Center as <paramref name="operationId"/> on the source.</summary>
        public void MarkPending(JournalEntry intent, string operationId, string sourceSubscriptionId) =>
            _journal.Append(new JournalEntry(intent.OperationId, JournalEntry.Intent, DateTime.UtcNow, intent.Partner, intent.CustomerId, intent.Operation, intent.Subscriptions,
                $"{Marker}{operationId} on subscription {sourceSubscriptionId}; {intent.Note}"));

        /// <summary>
        /// Settles the customer's pending transitions against Partner Center now: each one's intent, how it stands, and the
        /// subscription its seats went to (when completed).
        /// </summary>
        public IReadOnlyList<Settled> Settle(string customerId, CancellationToken cancellation)
        {
            var settled = new List<Settled>();
            foreach (var intent in JournalFile.Interrupted(_journal.ReadAll()))
            {
                if (intent.Operation != Operation || !string.Equals(intent.CustomerId, customerId, StringComparison.OrdinalIgnoreCase)
                    || !TryParse(intent.Note, out string operationId, out string source))
                {
                    continue;
                }
                var transition = Read(customerId, source, operationId, cancellation);
                var state = transition?.State ?? TransitionState.Running;
                if (state == TransitionState.Completed)
                {
                    string? target = TargetOf(intent, transition!, source);
                    var changes = intent.Subscriptions.ToList();
                    if (target != null && changes.All(c => !string.Equals(c.SubscriptionId, target, StringComparison.OrdinalIgnoreCase)) && int.TryParse(transition!.Quantity, out int seats))
                    {
                        changes.Add(new JournalChange(target, null, new SubscriptionState(SubscriptionStatus.Active, seats)));
                    }
                    _writer.Commit(intent, changes, $"settled later: Partner Center reports operation {operationId} Completed");
                    settled.Add(new Settled(intent, state, target, transition));
                }
                else if (state == TransitionState.Failed)
                {
                    _writer.Abandon(intent, $"settled later: Partner Center reports operation {operationId} Failed: {string.Join("; ", transition!.Errors.Select(e => e.Description ?? e.Code?.ToString()))}");
                    settled.Add(new Settled(intent, state, null, transition));
                }
                else
                {
                    settled.Add(new Settled(intent, state, null, transition));
                }
            }
            return settled;
        }

        /// <summary>GET .../transitions?operationId= on the source: that operation (null when Partner Center does not list it).</summary>
        public TransitionResource? Read(string customerId, string sourceSubscriptionId, string operationId, CancellationToken cancellation)
        {
            string path = $"{TransitionsPath(customerId, sourceSubscriptionId)}?operationId={Uri.EscapeDataString(operationId)}";
            var list = TransitionResource.ListFrom(_client.Get(path, cancellation).Body);
            return list.FirstOrDefault(t => string.Equals(t.OperationId?.Trim(), operationId, StringComparison.OrdinalIgnoreCase))
                ?? (list.Count == 1 && string.IsNullOrWhiteSpace(list[0].OperationId) ? list[0] : null);
        }

        public static string TransitionsPath(string customerId, string subscriptionId) =>
            $"customers/{Uri.EscapeDataString(customerId.Trim())}/subscriptions/{Uri.EscapeDataString(subscriptionId.Trim())}/transitions";

        /// <summary>The subscription the seats went to: the one Partner Center names, else the one the intent grows (into existing), else the source (in place).</summary>
        private static string? TargetOf(JournalEntry intent, TransitionResource transition, string source)
        {
            if (!string.IsNullOrWhiteSpace(transition.ToSubscriptionId))
            {
                return transition.ToSubscriptionId!.Trim();
            }
            var grown = intent.Subscriptions.FirstOrDefault(c => !string.Equals(c.SubscriptionId, source, StringComparison.OrdinalIgnoreCase));
            return grown?.SubscriptionId ?? source;
        }

        private static bool TryParse(string? note, out string operationId, out string source)
        {
            operationId = source = string.Empty;
            if (note is null || !note.StartsWith(Marker, StringComparison.Ordinal))
            {
                return false;
            }
            string rest = note.Substring(Marker.Length);
            int on = rest.IndexOf(" on subscription ", StringComparison.Ordinal);
            int end = rest.IndexOf(';');
            if (on <= 0 || end <= on)
            {
                return false;
            }
            operationId = rest.Substring(0, on).Trim();
            source = rest.Substring(on + " on subscription ".Length, end - on - " on subscription ".Length).Trim();
            return operationId.Length > 0 && source.Length > 0;
        }

        /// <summary>A pending transition as Partner Center shows it now.</summary>
        internal sealed class Settled
        {
            public Settled(JournalEntry intent, TransitionState state, string? targetSubscriptionId, TransitionResource? transition)
            {
                Intent = intent;
                State = state;
                TargetSubscriptionId = targetSubscriptionId;
                Transition = transition;
            }

            public JournalEntry Intent { get; }
            public TransitionState State { get; }
            public string? TargetSubscriptionId { get; }
            public TransitionResource? Transition { get; }

            /// <summary>Whether the intent is the same request: its note names the same target, seats, kind and existing subscription.</summary>
            public bool IsSameRequest(string sourceSubscriptionId, string requestKey) =>
                Intent.Subscriptions.Any(c => string.Equals(c.SubscriptionId, sourceSubscriptionId, StringComparison.OrdinalIgnoreCase))
                && (Intent.Note ?? string.Empty).EndsWith(requestKey, StringComparison.Ordinal);
        }
    }
}
