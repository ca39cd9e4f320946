using System;
using System.IO;
using System.Management.Automation;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// The file an export cmdlet writes (Export-CspUpgradeReport, Export-CspInventory): where -Path/-LiteralPath points, the
    /// refusal to replace an existing file without -Force, and the atomic write with the contract's error ids.
    /// </summary>
    internal static class OutputPath
    {
        /// <summary>
        /// The file-system path to write: -LiteralPath as written; -Path with wildcards may name one existing file. Resolved
        /// against the current location and PowerShell drives; a directory, a folder that does not exist or a path outside
        /// the file system is PathNotFound. <paramref name="exampleName"/> is the file name suggested when a folder is given.
        /// </summary>
        public static string Resolve(CspCmdlet cmdlet, string path, bool literal, string exampleName)
        {
            string file;
            try
            {
                if (!literal && WildcardPattern.ContainsWildcardCharacters(path) && cmdlet.InvokeProvider.Item.Exists(path))
                {
                    var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo matched);
                    if (matches.Count != 1)
                    {
                        throw new ArgumentException($"Path '{path}' matches {matches.Count} files; name exactly one.");
                    }
                    FilePaths.EnsureFileSystem(matched, path);
                    file = matches[0];
                }
                else
                {
                    file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                    FilePaths.EnsureFileSystem(provider, path);
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException || ex is NotSupportedException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                throw;
            }
            if (Directory.Exists(file))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"'{file}' is a directory; give the path of the file to write, for example '{Path.Combine(file, exampleName)}'."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.InvalidArgument,
                    path));
            }
            string? folder = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ItemNotFoundException($"Cannot write '{file}': the folder '{folder}' does not exist."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.ObjectNotFound,
                    path));
            }
            return file;
        }

        /// <summary>Stops with OutputFileExists when <paramref name="file"/> exists and -Force was not given.</summary>
        public static void EnsureReplaceable(CspCmdlet cmdlet, string file, bool force)
        {
            if (File.Exists(file) && !force)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{file}' already exists. Use -Force to replace it, or choose another -Path."),
                    ErrorIds.OutputFileExists,
                    ErrorCategory.ResourceExists,
                    file));
            }
        }

        /// <summary>
        /// Writes <paramref name="file"/> whole or not at all (<see cref="AtomicTextFile"/>). A failure stops the command with
        /// OutputWriteFailed, or OutputFileExists when the file appeared meanwhile and -Force was not given; either way nothing
        /// was written. <paramref name="what"/> names the content in the message ("The report").
        /// </summary>
        public static void Write(CspCmdlet cmdlet, string file, Action<TextWriter> write, bool force, string what)
        {
            try
            {
                AtomicTextFile.Write(file, write, overwrite: force);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                bool exists = !force && File.Exists(file);
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"{what} could not be written to '{file}': {ex.Message} Nothing was written; " +
                        (exists ? "the file that appeared there meanwhile is unchanged (use -Force to replace it)." : "an existing file is unchanged."), ex),
                    exists ? ErrorIds.OutputFileExists : ErrorIds.OutputWriteFailed,
                    exists ? ErrorCategory.ResourceExists : ErrorCategory.WriteError,
                    file));
            }
        }
    }
}
