using System;
using System.IO;
using System.Management.Automation;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>Uses a local inventory file (YAML or JSON) as the session's backend.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CspInventory", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class ConnectCspInventoryCommand : CspCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = null!;

        protected override void Process()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            string file = Paths.ResolveSingle(literal ? LiteralPath : Path, literal);
            var session = Session;
            WriteVerbose($"Loading inventory '{file}'.");
            try
            {
                var backend = InventoryBackend.Open(file, session);
                session.Backend?.Dispose();
                session.Backend = backend;
                WriteVerbose($"Connected to inventory '{file}': {backend.Document.Customers.Count} customers.");
                WriteObject(backend.Connection);
            }
            catch (InventoryInvalidException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InventoryInvalid, ErrorCategory.InvalidData, file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.UnreadableFile(ex, ErrorIds.InventoryInvalid, file));
            }
        }
    }
}
