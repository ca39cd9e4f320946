using System.Management.Automation;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>Forgets the session's backend. Safe to run when nothing is connected (e.g. in a finally block).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CspConnection")]
    public sealed class DisconnectCspConnectionCommand : CspCmdlet
    {
        protected override void End()
        {
            var session = Session;
            var backend = session.Backend;
            if (backend is null)
            {
                WriteVerbose("No backend was connected.");
                return;
            }
            session.Backend = null;
            backend.Dispose();
            WriteVerbose($"Disconnected from {backend.Connection}.");
        }
    }
}
