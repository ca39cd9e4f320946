using System;
using System.Diagnostics;
using System.IO;
using System.Text;
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
    internal sealed class Mutation<T>
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
    /// A path that is a symbolic link is written through to its target (lock, temporary, .bak and journal beside the
    /// target); the target's permission bits are kept, and a file its owner may not write is refused. The new text keeps
    /// the file's own layout and comments where only values change (<see cref="LayoutPatch"/>) and is loaded back before
    /// it replaces the file, so a write never leaves a file that would not load. Every file-system fault becomes an
    /// <see cref="InventoryWriteFailedException"/> saying whether the change is in the file.
    /// </summary>
    internal sealed class InventoryStore
    {
        private readonly ICatalogSource _session;

        /// <param name="session">The catalogue the file is checked against on each read and write (the session's, read each time).</param>
        public InventoryStore(string path, ICatalogSource session)
        {
            Path = path;
            _session = session;
        }

        /// <summary>The path as given (possibly a symbolic link).</summary>
        public string Path { get; }

        /// <summary>The file the path finally names, following symbolic links; the write's other files sit beside it.</summary>
        public string TargetPath => FileFacts.FinalTarget(Path);

        public string JournalPath => JournalFile.PathFor(TargetPath);
        public string LockPath => TargetPath + ".lock";
        public string BackupPath => TargetPath + ".bak";
        public string TemporaryPath => TargetPath + ".tmp";
        public bool IsJson => Engine.Documents.DocumentFields.IsJsonPath(Path);

        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Clock for journal times (UTC).</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>Called between the steps of a write; lets crash tests stop a process at each point.</summary>
        internal static Action<string>? StepHook { get; set; }

        /// <summary>
        /// Fault injection for tests: called with the step's name (lock, read, settle, intent, temporary, replace, committed)
        /// just before that step touches the disk; an exception it throws stands for the step's failure (a full disk).
        /// </summary>
        internal Action<string>? BeforeStep { get; set; }

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
            var progress = new Progress();
            try
            {
                return WriteLocked(new Files(TargetPath), change, progress, cancellation);
            }
            catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && !(ex is InventoryLockedException) && !(ex is InventoryWriteFailedException))
            {
                if (progress.OpenIntent is JournalEntry open && !progress.Applied)
                {
                    TryAbandon(progress.Files!, open, ex);
                }
                throw new InventoryWriteFailedException(Path, progress.Step, progress.Applied, ex);
            }
        }

        private T WriteLocked<T>(Files files, Func<InventoryDocument, Mutation<T>> change, Progress progress, CancellationToken cancellation)
        {
            progress.Files = files;
            progress.At("lock", $"taking the lock {files.Lock}", BeforeStep);
            using var held = AcquireLock(files.Lock, cancellation);
            progress.At("read", $"reading {files.Target}", BeforeStep);
            var stored = StoredText.Read(files.Target);
            var document = InventoryLoader.Load(Path, new StringReader(stored.Text), _session.Catalog, IsJson);
            progress.At("settle", $"settling interrupted operations in the journal {files.Journal}", BeforeStep);
            SettleInterrupted(files.Journal, document);
            progress.At("temporary", $"removing the stale temporary file {files.Temporary}", null);
            RemoveStaleTemporary(files.Temporary);

            string before = InventoryWriter.ToText(document, IsJson);
            var mutation = change(document);
            if (mutation.Entry is null)
            {
                return mutation.Result;
            }

            int? mode = FileFacts.Mode(files.Target);
            if (!FileFacts.OwnerMayWrite(files.Target, mode))
            {
                throw new InventoryWriteFailedException(Path, mode is int bits
                    ? $"checking permissions ({files.Target} is {FileFacts.Describe(bits)}: its owner may not write it; chmod u+w to allow changes)"
                    : $"checking permissions ({files.Target} is read-only: its owner may not write it; clear the read-only attribute to allow changes)", applied: false, cause: null);
            }
            string text = Render(stored.Text, before, document);

            var intent = mutation.Entry;
            progress.At("intent", $"writing the journal {files.Journal}", BeforeStep);
            JournalFile.Append(files.Journal, intent);
            progress.OpenIntent = intent;
            Step("intent");
            progress.At("temporary", $"writing the temporary file {files.Temporary}", BeforeStep);
            WriteTemporary(files.Temporary, text, stored.Encoding, mode);
            Step("temporary");
            progress.At("replace", $"replacing {files.Target} (its previous bytes going to {files.Backup})", BeforeStep);
            File.Replace(files.Temporary, files.Target, files.Backup, ignoreMetadataErrors: true);
            progress.Applied = true;
            Step("replaced");
            progress.At("committed", $"recording the commit in the journal {files.Journal}", BeforeStep);
            JournalFile.Append(files.Journal, intent.WithPhase(JournalEntry.Committed, UtcNow()));
            Step("committed");
            LastWritten = document;
            LastWrittenStamp = InventoryBackend.Stamp(Path);
            return mutation.Result;
        }

        /// <summary>
        /// The new text: the file's own text with only the changed values rewritten when that is possible, else the
        /// canonical text; either way loaded back and compared with the intended document before it is used.
        /// </summary>
        private string Render(string original, string before, InventoryDocument document)
        {
            string canonical = InventoryWriter.ToText(document, IsJson);
            if (original != before && LayoutPatch.TryApply(original, before, canonical) is string patched && LoadsAs(patched, canonical))
            {
                return patched;
            }
            try
            {
                InventoryLoader.Load(Path, new StringReader(canonical), _session.Catalog, IsJson);
            }
            catch (InventoryInvalidException ex)
            {
                throw new InventoryWriteFailedException(Path, "checking the new content (it would not load again: " + ex.Message + ")", applied: false, cause: null);
            }
            return canonical;
        }

        private bool LoadsAs(string text, string canonical)
        {
            try
            {
                return InventoryWriter.ToText(InventoryLoader.Load(Path, new StringReader(text), _session.Catalog, IsJson), IsJson) == canonical;
            }
            catch (InventoryInvalidException)
            {
                return false;
            }
        }

        private FileStream AcquireLock(string lockPath, CancellationToken cancellation)
        {
            var waited = Stopwatch.StartNew();
            int delay = 10;
            while (true)
            {
                try
                {
                    // FileShare.None is an OS lock on this handle (flock on Unix): it dies with the process, so no stale lock.
                    return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException ex) when (IsHeldByAnother(ex))
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

        /// <summary>
        /// Another process holds the lock: a sharing or lock violation on Windows, EWOULDBLOCK from flock on Unix (11 on
        /// Linux, 35 on macOS). Anything else (a full disk, a folder in the way) will not pass by waiting.
        /// </summary>
        private static bool IsHeldByAnother(IOException ex) =>
            ex.HResult == unchecked((int)0x80070020) || ex.HResult == unchecked((int)0x80070021) || ex.HResult == 11 || ex.HResult == 35;

        private void SettleInterrupted(string journal, InventoryDocument document)
        {
            InterruptedOperations.Settle(JournalFile.Read(journal), document, UtcNow, entry => JournalFile.Append(journal, entry),
                "settled: the file holds this operation's result", "settled: the operation never reached the file");
        }

        /// <summary>The write failed before the file was replaced: say so in the journal now if it can still be written.</summary>
        private void TryAbandon(Files files, JournalEntry intent, Exception cause)
        {
            try
            {
                JournalFile.Append(files.Journal, intent.WithPhase(JournalEntry.Abandoned, UtcNow(), "write failed: " + cause.Message));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The next write settles it by looking at the file.
            }
        }

        private static void RemoveStaleTemporary(string temporary)
        {
            // Only a writer holding the lock creates it, so one found now was left by a killed process.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        private static void WriteTemporary(string temporary, string text, Encoding encoding, int? mode)
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                byte[] preamble = encoding.GetPreamble();
                stream.Write(preamble, 0, preamble.Length);
                byte[] bytes = encoding.GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            // The rename makes the temporary file the inventory: it must carry the inventory's permission bits.
            FileFacts.CopyMode(mode, temporary);
        }

        private static void Step(string name) => StepHook?.Invoke(name);

        /// <summary>The files of one write, all beside the link's final target.</summary>
        private sealed class Files
        {
            public Files(string target)
            {
                Target = target;
            }

            public string Target { get; }
            public string Lock => Target + ".lock";
            public string Journal => JournalFile.PathFor(Target);
            public string Backup => Target + ".bak";
            public string Temporary => Target + ".tmp";
        }

        /// <summary>Where a write got to: what it was doing, whether an intent is open, whether the file was replaced.</summary>
        private sealed class Progress
        {
            public Files? Files { get; set; }
            public string Step { get; private set; } = "starting";
            public JournalEntry? OpenIntent { get; set; }
            public bool Applied { get; set; }

            public void At(string name, string description, Action<string>? fault)
            {
                Step = description;
                fault?.Invoke(name);
            }
        }
    }
}
