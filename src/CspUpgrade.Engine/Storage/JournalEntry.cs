using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// State of one subscription before or after an operation, as the journal records it: status and quantity, and (since new
    /// commerce, where an upgrade changes the offer in place or only records a change at renewal) the offer and the scheduled
    /// change. A line written before those were recorded has no offer; its state is then told by status and quantity alone.
    /// </summary>
    internal sealed class SubscriptionState
    {
        public SubscriptionState(SubscriptionStatus status, int quantity, string? offerId = null, ScheduledChange? scheduledChange = null)
        {
            Status = status;
            Quantity = quantity;
            OfferId = offerId;
            ScheduledChange = scheduledChange;
        }

        public SubscriptionStatus Status { get; }
        public int Quantity { get; }

        /// <summary>The subscription's offer; null on a line that did not record it.</summary>
        public string? OfferId { get; }

        /// <summary>The change recorded for the renewal; null when none (or when the line did not record the offer).</summary>
        public ScheduledChange? ScheduledChange { get; }

        public static SubscriptionState Of(SubscriptionRecord subscription) =>
            new SubscriptionState(subscription.Status, subscription.Quantity, subscription.OfferId, subscription.ScheduledChange);

        public bool Matches(SubscriptionRecord? subscription) =>
            subscription != null && subscription.Status == Status && subscription.Quantity == Quantity
            && (OfferId is null
                || (string.Equals(subscription.OfferId, OfferId, StringComparison.OrdinalIgnoreCase) && Equals(subscription.ScheduledChange, ScheduledChange)));

        public override string ToString() =>
            OfferId is null ? $"{Status}/{Quantity}" : $"{Status}/{Quantity}/{OfferId}{(ScheduledChange is null ? string.Empty : " then " + ScheduledChange)}";
    }

    internal sealed class JournalChange
    {
        public JournalChange(string subscriptionId, SubscriptionState? before, SubscriptionState after)
        {
            SubscriptionId = subscriptionId;
            Before = before;
            After = after;
        }

        public string SubscriptionId { get; }

        /// <summary>Null for a subscription the operation creates.</summary>
        public SubscriptionState? Before { get; }

        public SubscriptionState After { get; }
    }

    /// <summary>One line of &lt;inventory&gt;.journal.jsonl.</summary>
    internal sealed class JournalEntry
    {
        public const string Intent = "intent";
        public const string Committed = "committed";
        public const string Abandoned = "abandoned";

        public JournalEntry(string operationId, string phase, DateTime time, string partner, string customerId, string operation, IReadOnlyList<JournalChange> subscriptions, string? note = null)
        {
            OperationId = operationId;
            Phase = phase;
            Time = time;
            Partner = partner;
            CustomerId = customerId;
            Operation = operation;
            Subscriptions = subscriptions;
            Note = note;
        }

        public string OperationId { get; }

        /// <summary>intent (before the file is replaced), committed (after), or abandoned (an interrupted intent that never took effect).</summary>
        public string Phase { get; }

        public DateTime Time { get; }
        public string Partner { get; }
        public string CustomerId { get; }
        public string Operation { get; }
        public IReadOnlyList<JournalChange> Subscriptions { get; }
        public string? Note { get; }

        public JournalEntry WithPhase(string phase, DateTime time, string? note = null) =>
            new JournalEntry(OperationId, phase, time, Partner, CustomerId, Operation, Subscriptions, note);

        /// <summary>True when every subscription the operation touched is in its after state in <paramref name="document"/>.</summary>
        public bool IsReflectedIn(InventoryDocument document)
        {
            var customer = document.Customers.FirstOrDefault(c => string.Equals(c.CustomerId, CustomerId, StringComparison.OrdinalIgnoreCase));
            return customer != null && Subscriptions.All(change => change.After.Matches(customer.FindSubscription(change.SubscriptionId)));
        }
    }
}
