using System;
using System.IO;

namespace CspUpgrade
{
    /// <summary>
    /// A write to an inventory failed on the file system (a file that cannot be created or replaced, a folder in the way,
    /// a full disk, a read-only inventory). <see cref="Applied"/> says whether the inventory holds the change regardless:
    /// true only when the file was replaced and a later step (the journal's committed line) failed.
    /// </summary>
    public sealed class InventoryWriteFailedException : IOException
    {
        public InventoryWriteFailedException(string path, string step, bool applied, Exception? cause)
            : base(Describe(path, step, applied, cause), cause)
        {
            Path = path;
            Step = step;
            Applied = applied;
        }

        public string Path { get; }

        /// <summary>What the write was doing when it failed, e.g. "writing the journal /data/inv.yaml.journal.jsonl".</summary>
        public string Step { get; }

        public bool Applied { get; }

        private static string Describe(string path, string step, bool applied, Exception? cause)
        {
            string why = cause is null ? string.Empty : $": {cause.Message}";
            return applied
                ? $"Inventory '{path}': {step} failed{why}. The change WAS applied (the file holds it): do not repeat it; the next write records it in the journal."
                : $"Inventory '{path}' was not changed: {step} failed{why}. The change was NOT applied.";
        }
    }
}
