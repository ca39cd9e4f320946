using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Uses the Partner Center REST API as the session's backend. Tokens come from -AccessToken (used until it expires),
    /// -TokenProvider (a script asked again before expiry and after a 401), or Entra ID through MSAL (Secure Application Model
    /// with -RefreshToken, or -UseDeviceAuthentication), renewed the same way. Tokens stay SecureStrings, turned into text only
    /// for each request's Authorization header, and are never shown, logged or journaled. The connection is verified with
    /// one cheap GET.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CspPartnerCenter", DefaultParameterSetName = AccessTokenSet)]
    [OutputType(typeof(ConnectionInfo))]
    public sealed class ConnectCspPartnerCenterCommand : CspCmdlet
    {
        private const string AccessTokenSet = "AccessToken";
        private const string TokenProviderSet = "TokenProvider";
        private const string RefreshTokenSet = "RefreshToken";
        private const string RefreshTokenThumbprintSet = "RefreshTokenCertificateThumbprint";
        private const string RefreshTokenCertificateSet = "RefreshTokenCertificate";
        private const string DeviceSet = "DeviceAuthentication";

        /// <summary>A Partner Center access token (bearer), as a SecureString; used until it expires.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; } = null!;

        /// <summary>A script that returns a token (SecureString, string, or an object with Token and ExpiresOn); asked again before expiry and after a 401.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenProviderSet)]
        [ValidateNotNull]
        public ScriptBlock TokenProvider { get; set; } = null!;

        /// <summary>The Entra ID application (client) id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenCertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string ApplicationId { get; set; } = null!;

        /// <summary>Secure Application Model: the user's refresh token for the application.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenCertificateSet)]
        [ValidateNotNull]
        public SecureString RefreshToken { get; set; } = null!;

        /// <summary>The application's client secret (confidential application).</summary>
        [Parameter(ParameterSetName = RefreshTokenSet)]
        [ValidateNotNull]
        public SecureString? ApplicationSecret { get; set; }

        /// <summary>The thumbprint of the application's certificate in Cert:\CurrentUser\My or Cert:\LocalMachine\My.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenThumbprintSet)]
        [ValidateNotNullOrEmpty]
        public string CertificateThumbprint { get; set; } = null!;

        /// <summary>The application's certificate, with its private key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenCertificateSet)]
        [ValidateNotNull]
        public X509Certificate2 Certificate { get; set; } = null!;

        /// <summary>Signs in with a device code: open the page shown and enter the code there.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
        public SwitchParameter UseDeviceAuthentication { get; set; }

        /// <summary>The Entra ID tenant (id or domain); default organizations (the account's own).</summary>
        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenThumbprintSet)]
        [Parameter(ParameterSetName = RefreshTokenCertificateSet)]
        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>The Entra ID authority (https); default https://login.microsoftonline.com/ (e.g. https://login.microsoftonline.us/ for US Government).</summary>
        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenThumbprintSet)]
        [Parameter(ParameterSetName = RefreshTokenCertificateSet)]
        [Parameter(ParameterSetName = DeviceSet)]
        [ValidateNotNull]
        [ValidateAuthority]
        public Uri? Authority { get; set; }

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

        protected override void End()
        {
            var session = Session;
            string journal = JournalPath is null
                ? PartnerCenterBackend.DefaultJournalPath
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(JournalPath);
            var endpoint = PartnerCenterClient.NormalizeEndpoint(Endpoint ?? PartnerCenterClient.DefaultEndpoint);
            // The connection's channel exists before the backend does, so the sign-in and the first requests report through it.
            var channel = new BackendChannel();
            using var attached = channel.Attach(Caller);
            PartnerCenterBackend backend;
            try
            {
                var tokens = CreateTokenSource(channel);
                WriteVerbose($"Verifying the connection to Partner Center at {endpoint} ...");
                WriteVerbose($"Pacing requests at {RequestsPerMinute} a minute.");
                backend = RunBesidePipeline(cancellation =>
                {
                    return PartnerCenterBackend.Connect(endpoint, tokens, journal, session, cancellation,
                        new PartnerCenterClientOptions { RequestsPerMinute = RequestsPerMinute, Channel = channel });
                });
            }
            catch (PartnerCenterException ex)
            {
                ThrowTerminatingError(ErrorRecords.PartnerCenter(ex, endpoint));
                return;
            }
            catch (Exception ex) when (ApplicationId != null && (ex is System.IO.FileNotFoundException || ex is System.IO.FileLoadException || ex is TypeLoadException))
            {
                // Windows PowerShell 5.1 lacks MSAL's framework dependencies (System.Text.Json, DiagnosticSource), which the module does not ship.
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"Sign-in through Entra ID could not load Microsoft.Identity.Client or one of its dependencies ({ex.Message}). It needs PowerShell 7; on Windows PowerShell 5.1 connect with -TokenProvider or -AccessToken.", ex),
                    ErrorIds.PartnerCenterSignInFailed,
                    ErrorCategory.NotInstalled,
                    ApplicationId));
                return;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.NotConnected, ErrorCategory.InvalidArgument, endpoint));
                return;
            }

            session.Backend?.Dispose();
            session.Backend = backend;
            WriteVerbose($"Connected to Partner Center at {backend.Endpoint} as {backend.Partner.Name}; writes are journaled to '{backend.JournalPath}'."
                + (backend.Connection.TokenExpiresOn is DateTimeOffset expires ? $" The access token expires at {expires:u}." : string.Empty));
            WriteObject(backend.Connection);
        }

        /// <summary>Where tokens come from, per parameter set. Entra ID's (MSAL) are built in their own methods, so MSAL loads only for them.</summary>
        private ITokenSource CreateTokenSource(BackendChannel channel)
        {
            switch (ParameterSetName)
            {
                case TokenProviderSet:
                    return new ScriptTokenProvider(TokenProvider, channel).CreateSource();
                case RefreshTokenSet:
                case RefreshTokenThumbprintSet:
                case RefreshTokenCertificateSet:
                    return SecureApplicationModel(channel);
                case DeviceSet:
                    return DeviceAuthentication(channel);
                default:
                    return FixedTokenSource.From(AccessToken);
            }
        }

        private ITokenSource SecureApplicationModel(BackendChannel channel)
        {
            var signIn = EntraOptions(channel);
            signIn.RefreshToken = RefreshToken;
            signIn.ApplicationSecret = ApplicationSecret;
            signIn.Certificate = ParameterSetName == RefreshTokenThumbprintSet ? FindCertificate(CertificateThumbprint) : Certificate;
            WriteVerbose($"Signing in through Entra ID at {signIn.AuthorityUrl()} as application {ApplicationId} with a refresh token (Secure Application Model).");
            return signIn.SecureApplicationModel();
        }

        private ITokenSource DeviceAuthentication(BackendChannel channel)
        {
            var signIn = EntraOptions(channel);
            var caller = Caller;
            var cancellation = Cancellation;
            // MSAL shows the code from one of its own threads: the text goes to the host from the pipeline thread.
            signIn.ShowDeviceCode = message => caller.Invoke(() =>
            {
                WriteInformation(new HostInformationMessage { Message = message }, new[] { "PSHOST" });
                return true;
            }, cancellation);
            WriteVerbose($"Signing in through Entra ID at {signIn.AuthorityUrl()} as application {ApplicationId} with a device code.");
            return signIn.DeviceCode();
        }

        private EntraSignIn EntraOptions(BackendChannel channel)
        {
            try
            {
                var signIn = new EntraSignIn(ApplicationId) { TenantId = TenantId, Authority = Authority, Channel = channel };
                signIn.AuthorityUrl();
                return signIn;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PartnerCenterSignInFailed, ErrorCategory.InvalidArgument, Authority));
                throw;
            }
        }

        private X509Certificate2 FindCertificate(string thumbprint)
        {
            string wanted = thumbprint.Replace(" ", string.Empty);
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                try
                {
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    continue;
                }
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                if (found.Count > 0)
                {
                    return found[0];
                }
            }
            ThrowTerminatingError(new ErrorRecord(
                new ItemNotFoundException($"No certificate with thumbprint '{wanted}' is in Cert:\\CurrentUser\\My or Cert:\\LocalMachine\\My."),
                ErrorIds.PartnerCenterSignInFailed,
                ErrorCategory.ObjectNotFound,
                wanted));
            throw new InvalidOperationException();
        }

        /// <summary>
        /// Runs <paramref name="work"/> on another thread while this (the pipeline) thread writes its status and runs what it
        /// queues for PowerShell (the token provider, the device-code prompt), so a sign-in that waits on the user can show its prompt.
        /// </summary>
        private T RunBesidePipeline<T>(Func<CancellationToken, T> work)
        {
            var caller = Caller;
            T result = default!;
            Exception? error = null;
            var worker = new Thread(() =>
            {
                try
                {
                    result = work(Cancellation);
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            }) { IsBackground = true, Name = "CspUpgrade sign-in" };
            worker.Start();
            while (!worker.Join(0))
            {
                WriteQueuedStatus();
                WaitHandle.WaitAny(new[] { caller.Pending }, TimeSpan.FromMilliseconds(50));
            }
            WriteQueuedStatus();
            if (error != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
            return result;
        }
    }

    /// <summary>Entra ID is reached over https only.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateAuthorityAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            var uri = value as Uri ?? (value is string text && Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var parsed) ? parsed : null);
            if (uri is null || !uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ValidationMetadataException($"The authority '{value}' must be an https URL without a query, such as {EntraSignIn.DefaultAuthority}.");
            }
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
