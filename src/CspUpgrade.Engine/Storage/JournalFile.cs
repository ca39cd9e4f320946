using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// Reads and appends a journal file, one JSON object per line (SPEC 2.1): the one kept next to an inventory and the one
    /// of a remote backend's writes (<see cref="RemoteJournal"/>, SPEC 1.8).
    /// </summary>
    internal static class JournalFile
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

        /// <summary>
        /// Intents that have neither a committed nor an abandoned line: operations a process did not finish. An operation whose
        /// intent was written again (a remote operation still running, with what the service named it) counts once, by its last intent.
        /// </summary>
        public static IReadOnlyList<JournalEntry> Interrupted(IReadOnlyList<JournalEntry> entries)
        {
            var resolved = new HashSet<string>(entries.Where(e => e.Phase != JournalEntry.Intent).Select(e => e.OperationId));
            return entries.Where(e => e.Phase == JournalEntry.Intent && !resolved.Contains(e.OperationId))
                .GroupBy(e => e.OperationId).Select(g => g.Last()).ToList();
        }
    }
}
