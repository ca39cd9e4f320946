using System.Management.Automation;

namespace CspBenchEmpty
{
    /// <summary>The one trivial cmdlet of the baseline module.</summary>
    [Cmdlet(VerbsCommon.Get, "CspBenchNothing")]
    public sealed class GetCspBenchNothingCommand : PSCmdlet
    {
        protected override void ProcessRecord() => WriteObject(true);
    }
}
