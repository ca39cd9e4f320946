using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CspUpgrade
{
    /// <summary>State of one subscription before or after an operation, as the journal records it.</summary>
    public sealed class SubscriptionState
    {
        public SubscriptionState(SubscriptionStatus status, int quantity)
        {
            Status = status;
            Quantity = quantity;
        }

        public SubscriptionStatus Status { get; }
        public int Quantity { get; }

        public static SubscriptionState Of(SubscriptionRecord subscription) => new SubscriptionState(subscription.Status, subscription.Quantity);

        public bool Matches(SubscriptionRecord? subscription) =>
            subscription != null && subscription.Status == Status && subscription.Quantity == Quantity;

        public override string ToString() => $"{Status}/{Quantity}";
    }

    public sealed class JournalChange
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
    public sealed class JournalEntry
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

    /// <summary>Reads and appends the journal kept next to an inventory (SPEC 2.1), one JSON object per line.</summary>
    public static class InventoryJournal
    {
        public static string PathFor(string inventoryPath) => inventoryPath + ".journal.jsonl";

        public static void Append(string journalPath, JournalEntry entry)
        {
            var line = new StringBuilder(JournalLine.Write(entry));
            line.Append('\n');

            using var stream = new FileStream(journalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            // A process killed mid-line leaves a torn last line; start ours on a fresh line so it stays readable.
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    line.Insert(0, '\n');
                }
            }
            stream.Seek(0, SeekOrigin.End);
            byte[] bytes = new UTF8Encoding(false).GetBytes(line.ToString());
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        /// <summary>Every readable entry; a torn line (a process killed while appending) is skipped.</summary>
        public static IReadOnlyList<JournalEntry> Read(string journalPath)
        {
            var entries = new List<JournalEntry>();
            if (!File.Exists(journalPath))
            {
                return entries;
            }
            using var stream = new FileStream(journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                // A torn line (a process killed mid-append) or a foreign one is not an entry.
                if (JournalLine.Read(line) is JournalEntry entry)
                {
                    entries.Add(entry);
                }
            }
            return entries;
        }

        /// <summary>Intents that have neither a committed nor an abandoned line: operations a process did not finish.</summary>
        public static IReadOnlyList<JournalEntry> Interrupted(IReadOnlyList<JournalEntry> entries)
        {
            var resolved = new HashSet<string>(entries.Where(e => e.Phase != JournalEntry.Intent).Select(e => e.OperationId));
            return entries.Where(e => e.Phase == JournalEntry.Intent && !resolved.Contains(e.OperationId)).ToList();
        }
    }
}
