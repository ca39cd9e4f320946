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
            _file = OutputPath.Resolve(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet, "upgrade-report.html");
            OutputPath.EnsureReplaceable(this, _file, Force);
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
            OutputPath.Write(this, _file, _report.WriteHtml, Force, "The report");
            WriteObject(new FileInfo(_file));
        }
    }
}
