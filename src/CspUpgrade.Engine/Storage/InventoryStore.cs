using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace CspUpgrade
{
    /// <summary>The inventory file was locked by another writer for longer than the wait allows.</summary>
    public sealed class InventoryLockedException : IOException
    {
        public InventoryLockedException(string path, TimeSpan waited)
            : base($"Inventory '{path}' is being written by another process; gave up after waiting {waited.TotalSeconds:0} s. Retry when it has finished.")
        {
            Path = path;
        }

        public string Path { get; }
    }

    /// <summary>What a change function decided: its result, and the journal entry when it changed the document.</summary>
    public sealed class Mutation<T>
    {
        private Mutation(T result, JournalEntry? entry)
        {
            Result = result;
            Entry = entry;
        }

        public T Result { get; }
        public JournalEntry? Entry { get; }

        public static Mutation<T> Changed(T result, JournalEntry entry) => new Mutation<T>(result, entry);

        public static Mutation<T> Unchanged(T result) => new Mutation<T>(result, null);
    }

    /// <summary>
    /// Safe writes to an inventory file (SPEC 2.1): serialised between processes by an OS lock on an open handle (a killed
    /// process releases it), the file re-read under the lock, the change journaled as intent then committed, and the new
    /// content written to a temporary file, flushed to disk and renamed over the old one, whose bytes stay in .bak.
    /// Interrupted operations found in the journal are settled at the next write by looking at the file.
    /// </summary>
    public sealed class InventoryStore
    {
        private readonly Func<OfferCatalog> _catalog;

        public InventoryStore(string path, Func<OfferCatalog> catalog)
        {
            Path = path;
            _catalog = catalog;
        }

        public string Path { get; }
        public string JournalPath => InventoryJournal.PathFor(Path);
        public string LockPath => Path + ".lock";
        public string BackupPath => Path + ".bak";
        public string TemporaryPath => Path + ".tmp";
        public bool IsJson => Engine.Documents.Nodes.IsJsonPath(Path);

        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Clock for journal times (UTC).</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>Called between the steps of a write; lets crash tests stop a process at each point.</summary>
        internal static Action<string>? StepHook { get; set; }

        /// <summary>The document after the last write through this store, with the file's stamp.</summary>
        public InventoryDocument? LastWritten { get; private set; }

        internal (DateTime, long) LastWrittenStamp { get; private set; }

        /// <summary>
        /// Runs <paramref name="change"/> on a fresh copy of the file while holding the lock, and persists the document when it
        /// returns a journal entry.
        /// </summary>
        public T Write<T>(Func<InventoryDocument, Mutation<T>> change, CancellationToken cancellation)
        {
            LastWritten = null;
            using var held = AcquireLock(cancellation);
            var document = InventoryLoader.Load(Path, _catalog());
            SettleInterrupted(document);
            RemoveStaleTemporary();

            var mutation = change(document);
            if (mutation.Entry is null)
            {
                return mutation.Result;
            }

            var intent = mutation.Entry;
            InventoryJournal.Append(JournalPath, intent);
            Step("intent");
            WriteTemporary(document);
            Step("temporary");
            File.Replace(TemporaryPath, Path, BackupPath, ignoreMetadataErrors: true);
            Step("replaced");
            InventoryJournal.Append(JournalPath, intent.WithPhase(JournalEntry.Committed, UtcNow()));
            Step("committed");
            LastWritten = document;
            LastWrittenStamp = InventoryBackend.Stamp(Path);
            return mutation.Result;
        }

        private FileStream AcquireLock(CancellationToken cancellation)
        {
            var waited = Stopwatch.StartNew();
            int delay = 10;
            while (true)
            {
                try
                {
                    // FileShare.None is an OS lock on this handle (flock on Unix): it dies with the process, so no stale lock.
                    return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException ex) when (!(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException))
                {
                    if (waited.Elapsed >= LockTimeout)
                    {
                        throw new InventoryLockedException(Path, waited.Elapsed);
                    }
                }
                if (cancellation.WaitHandle.WaitOne(delay))
                {
                    cancellation.ThrowIfCancellationRequested();
                }
                delay = Math.Min(delay * 2, 200);
            }
        }

        private void SettleInterrupted(InventoryDocument document)
        {
            InterruptedOperations.Settle(InventoryJournal.Read(JournalPath), document, UtcNow, entry => InventoryJournal.Append(JournalPath, entry),
                "settled: the file holds this operation's result", "settled: the operation never reached the file");
        }

        private void RemoveStaleTemporary()
        {
            // Only a writer holding the lock creates it, so one found now was left by a killed process.
            if (File.Exists(TemporaryPath))
            {
                File.Delete(TemporaryPath);
            }
        }

        private void WriteTemporary(InventoryDocument document)
        {
            using var stream = new FileStream(TemporaryPath, FileMode.Create, FileAccess.Write, FileShare.None);
            using (var text = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
            {
                InventoryWriter.Write(document, text, IsJson);
            }
            stream.Flush(flushToDisk: true);
        }

        private static void Step(string name) => StepHook?.Invoke(name);
    }
}
