using System;
using System.Management.Automation;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>The session's backend. Never shows a token.</summary>
    [Cmdlet(VerbsCommon.Get, "CspConnection")]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class GetCspConnectionCommand : CspCmdlet
    {
        protected override void End()
        {
            var backend = Session.Backend;
            if (backend is null)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException("No CspUpgrade backend is connected in this session. Run Connect-CspInventory or Connect-CspPartnerCenter."),
                    ErrorIds.NotConnected,
                    ErrorCategory.ConnectionError,
                    null));
                return;
            }
            WriteVerbose($"The session uses {ErrorRecords.Describe(backend)}.");
            WriteObject(backend.Connection);
        }
    }
}
