using System;
using System.IO;
using System.Text;

namespace CspUpgrade.Engine.Reports
{
    /// <summary>
    /// Writes a text file whole or not at all: into a temporary file beside it, flushed to disk, then renamed over the target,
    /// so a reader (or a killed process) sees the old file or the new one, never a half-written one.
    /// </summary>
    internal static class AtomicTextFile
    {
        /// <summary>
        /// Writes <paramref name="path"/> (UTF-8, no BOM) with what <paramref name="write"/> produces. Without
        /// <paramref name="overwrite"/> an existing file is left alone and <see cref="IOException"/> is thrown; any failure
        /// removes the temporary file and leaves an existing target as it was.
        /// </summary>
        public static void Write(string path, Action<TextWriter> write, bool overwrite)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                    {
                        write(writer);
                        writer.Flush();
                        stream.Flush(flushToDisk: true);
                    }
                }
                if (File.Exists(path))
                {
                    if (!overwrite)
                    {
                        throw new IOException($"The file '{path}' already exists.");
                    }
                    File.Replace(temporary, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
                }
                else
                {
                    // Fails rather than overwrites when someone created the file in the meantime.
                    File.Move(temporary, path);
                }
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The write's own failure is what matters; a leftover temporary file is named so it is recognisable.
            }
        }
    }
}
