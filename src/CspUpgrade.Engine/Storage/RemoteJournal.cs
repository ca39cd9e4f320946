using System;
using System.Collections.Generic;
using System.IO;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// The journal of a remote backend's writes (SPEC 1.8): the same lines as an inventory's journal, in a file of its own,
    /// appended from several threads at once. Interrupted operations are settled against what the service shows.
    /// </summary>
    internal sealed class RemoteJournal
    {
        private readonly object _lock = new object();
        private readonly string _service;

        /// <param name="path">The journal file; its folder is created at the first write.</param>
        /// <param name="service">The service's name in settle notes ("Partner Center").</param>
        public RemoteJournal(string path, string service)
        {
            Path = path;
            _service = service;
        }

        public string Path { get; }

        public void Append(JournalEntry entry)
        {
            lock (_lock)
            {
                string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }
                JournalFile.Append(Path, entry);
            }
        }

        /// <summary>Every readable entry; none when the file cannot be read (only the history is lost: the service still shows its state).</summary>
        public IReadOnlyList<JournalEntry> ReadAll()
        {
            try
            {
                return JournalFile.Read(Path);
            }
            catch (IOException)
            {
                return Array.Empty<JournalEntry>();
            }
            catch (UnauthorizedAccessException)
            {
                return Array.Empty<JournalEntry>();
            }
        }

        /// <summary>
        /// Settles this customer's operations that a stopped process left as intents, older than <paramref name="after"/> (so
        /// never one still running): committed when the service shows the change, abandoned when it shows the state before.
        /// </summary>
        /// <param name="settledElsewhere">Operations whose state this journal's lines cannot show (settled by the backend's own means).</param>
        public void Settle(CustomerRecord fresh, PartnerInfo partner, TimeSpan after, ICollection<string>? settledElsewhere = null)
        {
            IReadOnlyList<JournalEntry> entries;
            try
            {
                if (!File.Exists(Path))
                {
                    return;
                }
                entries = JournalFile.Read(Path);
            }
            catch (IOException)
            {
                return;
            }
            var now = DateTime.UtcNow;
            InterruptedOperations.Settle(
                entries,
                new InventoryDocument { Partner = partner, Customers = { fresh } },
                () => now,
                Append,
                $"settled later: {_service} shows the change made",
                $"settled later: {_service} shows the change not made",
                intent => string.Equals(intent.CustomerId, fresh.CustomerId, StringComparison.OrdinalIgnoreCase) && now - intent.Time >= after
                    && !(settledElsewhere?.Contains(intent.Operation) ?? false),
                abandonOnlyWhenUnchanged: true);
        }
    }
}
