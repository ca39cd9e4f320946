using System;
using System.Management.Automation;
using System.Security;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Uses the Partner Center REST API as the session's backend. The token (get it elsewhere, e.g. from Get-AzAccessToken)
    /// stays a SecureString: it is turned into text only for each request's Authorization header and is never shown,
    /// logged or journaled. The connection is verified with one cheap GET.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CspPartnerCenter")]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class ConnectCspPartnerCenterCommand : CspCmdlet
    {
        /// <summary>A Partner Center access token (bearer), as a SecureString.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; } = null!;

        /// <summary>
        /// The API root (https://api.partnercenter.microsoft.com, v1/ is added) or a URL ending in /v1/; https only (plain http for
        /// loopback addresses only). Default https://api.partnercenter.microsoft.com/v1/.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [ValidatePartnerCenterEndpoint]
        public Uri? Endpoint { get; set; }

        /// <summary>Where every write is journaled; default LocalApplicationData/CspUpgrade/partnercenter.journal.jsonl.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>The pace every request of this connection shares, in requests a minute (Partner Center allows about 500).</summary>
        [Parameter]
        [ValidateRange(1, 60000)]
        public int RequestsPerMinute { get; set; } = PartnerCenterClientOptions.DefaultRequestsPerMinute;

        protected override void EndProcessing()
        {
            var session = Session;
            string journal = JournalPath is null
                ? PartnerCenterBackend.DefaultJournalPath
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(JournalPath);
            var endpoint = PartnerCenterClient.NormalizeEndpoint(Endpoint ?? PartnerCenterClient.DefaultEndpoint);
            PrepareStatusQueue();
            PartnerCenterBackend backend;
            try
            {
                using (BackendStatus.Use(OnBackendStatus))
                {
                    WriteVerbose($"Verifying the connection to Partner Center at {endpoint} ...");
                    WriteVerbose($"Pacing requests at {RequestsPerMinute} a minute.");
                    backend = PartnerCenterBackend.Connect(endpoint, AccessToken, journal, () => session.Catalog, Cancellation,
                        new PartnerCenterClientOptions { RequestsPerMinute = RequestsPerMinute });
                }
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (PartnerCenterException ex)
            {
                ThrowTerminatingError(PartnerCenterError(ex, endpoint));
                return;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.NotConnected, ErrorCategory.InvalidArgument, endpoint));
                return;
            }

            session.Backend?.Dispose();
            session.Backend = backend;
            WriteVerbose($"Connected to Partner Center at {backend.Endpoint} as {backend.Partner.Name}; writes are journaled to '{backend.JournalPath}'.");
            WriteObject(backend.Connection);
        }
    }

    /// <summary>Refuses endpoints the token must not go to: anything but https, except plain http on loopback.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidatePartnerCenterEndpointAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            var uri = value as Uri ?? (value is string text && Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var parsed) ? parsed : null);
            if (!PartnerCenterClient.IsAllowedEndpoint(uri, out string? problem))
            {
                throw new ValidationMetadataException(problem);
            }
        }
    }
}
