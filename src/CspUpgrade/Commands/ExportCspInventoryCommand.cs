using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Writes the connected backend's customers and subscriptions as an inventory file (YAML or JSON by extension) that
    /// Connect-CspInventory loads again, for planning offline. The snapshot and its notes are the engine's (InventorySnapshot).
    /// </summary>
    [Cmdlet(VerbsData.Export, "CspInventory", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportCspInventoryCommand : CspCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        private string _file = null!;
        private bool _json;
        private bool _filtered;
        private InventorySnapshot _snapshot = null!;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? CustomerId { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void Begin()
        {
            string path = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
            _file = OutputPath.Resolve(this, path, ParameterSetName == LiteralPathSet, "inventory.yaml");
            if (!(InventorySnapshot.IsJson(_file) is bool json))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"Cannot write '{_file}': an inventory file is YAML (.yaml or .yml) or JSON (.json), chosen by the extension; give a path ending in one of these."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.InvalidArgument,
                    path));
                return;
            }
            _json = json;
            OutputPath.EnsureReplaceable(this, _file, Force);
            RefreshBackend();
            var backend = Backend;
            _snapshot = new InventorySnapshot(backend.Partner, Catalog, ErrorRecords.Describe(backend) + (backend.Connection.Endpoint is Uri endpoint ? " " + endpoint : string.Empty));
        }

        protected override void Process()
        {
            if (CustomerId is null)
            {
                return;
            }
            _filtered = true;
            foreach (string id in CustomerId)
            {
                AddCustomer(id);
            }
        }

        protected override void End()
        {
            if (!_filtered)
            {
                WriteVerbose($"Listing every customer of {_snapshot.Source}.");
                List<string> ids;
                try
                {
                    ids = Backend.GetCustomers(Cancellation).Select(c => c.CustomerId).ToList();
                }
                catch (Exception ex) when (IsActionError(ex))
                {
                    // Without the list there is nothing to snapshot: the error is the outcome.
                    WriteActionError(ex, null);
                    return;
                }
                var progress = new ProgressRecord(0x4578, "Export-CspInventory", "Reading customers");
                for (int i = 0; i < ids.Count; i++)
                {
                    progress.StatusDescription = $"Customer {i + 1} of {ids.Count}";
                    progress.PercentComplete = i * 100 / ids.Count;
                    WriteProgress(progress);
                    AddCustomer(ids[i]);
                }
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            else if (_snapshot.CustomerCount == 0 && _snapshot.CustomersLeftOut.Count == 0)
            {
                WriteVerbose("None of the customers given was read: nothing is written.");
                return;
            }

            var notes = _snapshot.Notes(listed: _json ? int.MaxValue : 10);
            if (notes.Count > 0)
            {
                WriteWarning($"Export-CspInventory: {string.Join(" ", notes)}" + (_json ? " (A JSON file cannot hold comments: this warning is the only place this is said.)" : " (Also in the comment at the top of the file.)"));
            }
            string action = $"Write an inventory snapshot of {_snapshot.CustomerCount} customers and {_snapshot.SubscriptionCount} subscriptions ({(_json ? "JSON" : "YAML")})";
            if (!ShouldProcess(_file, action))
            {
                return;
            }
            WriteVerbose($"Writing the inventory snapshot ({_snapshot.CustomerCount} customers, {_snapshot.SubscriptionCount} subscriptions) to '{_file}'.");
            var taken = DateTime.UtcNow;
            OutputPath.Write(this, _file, text => _snapshot.Write(text, _json, taken), Force, "The inventory snapshot");
            WriteObject(new FileInfo(_file));
        }

        private void AddCustomer(string id)
        {
            WriteVerbose($"Reading customer '{id}' with its subscriptions.");
            try
            {
                var customer = Backend.GetCustomer(id, Cancellation);
                if (customer is null)
                {
                    WriteCustomerNotFound(id);
                    return;
                }
                _snapshot.Add(customer);
            }
            catch (Exception ex) when (IsActionError(ex))
            {
                WriteActionError(ex, id);
            }
        }
    }
}
