using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// -Path and -LiteralPath of the commands that read files, resolved the way other cmdlets resolve them: against the
    /// current location and PowerShell drives, wildcards for -Path, file-system paths only, a directory refused by name.
    /// </summary>
    internal sealed class FilePaths
    {
        private readonly PSCmdlet _cmdlet;

        public FilePaths(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>
        /// Resolves -Path (wildcards allowed) or -LiteralPath to file-system paths the way other cmdlets do: against the
        /// current location and PowerShell drives. Missing files are reported as non-terminating PathNotFound errors.
        /// </summary>
        public IReadOnlyList<string> Resolve(string path, bool literal)
        {
            var resolved = Resolve(path, literal, out var problems);
            foreach (var problem in problems)
            {
                _cmdlet.WriteError(problem);
            }
            return resolved;
        }

        /// <summary>The files <paramref name="path"/> names, and a PathNotFound record for each problem, written by the caller.</summary>
        private IReadOnlyList<string> Resolve(string path, bool literal, out List<ErrorRecord> problems)
        {
            var resolved = new List<string>();
            problems = new List<ErrorRecord>();
            try
            {
                if (literal)
                {
                    string file = _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                    if (Directory.Exists(file))
                    {
                        throw new ItemNotFoundException(IsDirectoryMessage(file));
                    }
                    if (!File.Exists(file))
                    {
                        throw new ItemNotFoundException($"Cannot find file '{file}' because it does not exist.");
                    }
                    resolved.Add(file);
                }
                else
                {
                    foreach (string file in _cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider))
                    {
                        EnsureFileSystem(provider, path);
                        if (Directory.Exists(file))
                        {
                            // One directory among the matches is an error for it; the files still count.
                            problems.Add(new ErrorRecord(new ItemNotFoundException(IsDirectoryMessage(file)), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, file));
                            continue;
                        }
                        resolved.Add(file);
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException)
            {
                problems.Add(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            }
            return resolved;
        }

        /// <summary>Paths outside the file system (Env:, Variable:, a registry drive) are refused: these cmdlets read and write files.</summary>
        public static void EnsureFileSystem(ProviderInfo provider, string path)
        {
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                throw new ArgumentException($"Path '{path}' is not a file-system path.");
            }
        }

        private static string IsDirectoryMessage(string path) => $"'{path}' is a directory, not a file; give the path of a file.";

        /// <summary>Exactly one file for -Path/-LiteralPath, or a terminating error.</summary>
        public string ResolveSingle(string path, bool literal)
        {
            // One error, terminating: the problem itself (a missing file, a directory) when nothing else matched.
            var resolved = Resolve(path, literal, out var problems);
            if (resolved.Count == 0 && problems.Count > 0)
            {
                _cmdlet.ThrowTerminatingError(problems[0]);
            }
            if (resolved.Count != 1)
            {
                _cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(resolved.Count == 0
                        ? $"Cannot find file '{path}'."
                        : $"Path '{path}' matches {resolved.Count} files; name exactly one."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.InvalidArgument,
                    path));
            }
            return resolved[0];
        }
    }
}
