using System;
using System.IO;
using System.Management.Automation;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>Writes piped eligibility and upgrade results as one self-contained HTML report.</summary>
    [Cmdlet(VerbsData.Export, "CspUpgradeReport", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportCspUpgradeReportCommand : CspCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string DefaultTitle = "CSP upgrade report";

        private UpgradeReport _report = null!;
        private string _file = null!;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = null!;

        [Parameter(ValueFromPipeline = true)]
        public EligibilityResult[]? EligibilityResult { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public UpgradeResult[]? UpgradeResult { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = DefaultTitle;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void Begin()
        {
            _file = ResolveOutputFile(ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet);
            if (File.Exists(_file) && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{_file}' already exists. Use -Force to replace it, or choose another -Path."),
                    ErrorIds.OutputFileExists,
                    ErrorCategory.ResourceExists,
                    _file));
            }
            _report = new UpgradeReport(Title, DateTime.UtcNow);
        }

        protected override void Process()
        {
            foreach (var result in EligibilityResult ?? Array.Empty<EligibilityResult>())
            {
                if (result != null)
                {
                    _report.Add(result);
                }
            }
            foreach (var result in UpgradeResult ?? Array.Empty<UpgradeResult>())
            {
                if (result != null)
                {
                    _report.Add(result);
                }
            }
        }

        protected override void End()
        {
            if (_report.Count == 0)
            {
                WriteWarning("No eligibility or upgrade results were given: the report has no customers. Pipe the output of Test-CspUpgradeEligibility or Invoke-CspSubscriptionUpgrade to Export-CspUpgradeReport.");
            }
            if (!ShouldProcess(_file, $"Write the upgrade report ({_report.Count} results)"))
            {
                return;
            }
            WriteVerbose($"Writing the upgrade report of {_report.Count} results to '{_file}'.");
            try
            {
                AtomicTextFile.Write(_file, _report.WriteHtml, overwrite: Force);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                bool exists = !Force && File.Exists(_file);
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The report could not be written to '{_file}': {ex.Message} Nothing was written; " +
                        (exists ? "the file that appeared there meanwhile is unchanged (use -Force to replace it)." : "an existing file is unchanged."), ex),
                    exists ? ErrorIds.OutputFileExists : ErrorIds.OutputWriteFailed,
                    exists ? ErrorCategory.ResourceExists : ErrorCategory.WriteError,
                    _file));
            }
            WriteObject(new FileInfo(_file));
        }

        /// <summary>
        /// The file-system path to write: -LiteralPath as written; -Path with wildcards may name one existing file. Resolved
        /// against the current location and PowerShell drives; a directory, a folder that does not exist or a path outside
        /// the file system is PathNotFound.
        /// </summary>
        private string ResolveOutputFile(string path, bool literal)
        {
            string file;
            try
            {
                if (!literal && WildcardPattern.ContainsWildcardCharacters(path) && InvokeProvider.Item.Exists(path))
                {
                    var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo matched);
                    if (matches.Count != 1)
                    {
                        throw new ArgumentException($"Path '{path}' matches {matches.Count} files; name exactly one.");
                    }
                    FilePaths.EnsureFileSystem(matched, path);
                    file = matches[0];
                }
                else
                {
                    file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                    FilePaths.EnsureFileSystem(provider, path);
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException || ex is NotSupportedException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                throw;
            }
            if (Directory.Exists(file))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"'{file}' is a directory; give the path of the report file to write, for example '{System.IO.Path.Combine(file, "upgrade-report.html")}'."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.InvalidArgument,
                    path));
            }
            string? folder = System.IO.Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ItemNotFoundException($"Cannot write '{file}': the folder '{folder}' does not exist."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.ObjectNotFound,
                    path));
            }
            return file;
        }
    }
}
