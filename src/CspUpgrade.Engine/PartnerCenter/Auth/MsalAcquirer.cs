using System;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;

namespace CspUpgrade.Engine.PartnerCenter.Auth
{
    /// <summary>
    /// Gets Partner Center tokens from Entra ID through MSAL: first by the refresh token (Secure Application Model) or a device
    /// code, then silently from MSAL's own cache (its refresh token), forced after a 401. The only class that names MSAL's
    /// types, so Microsoft.Identity.Client is loaded on the first sign-in through Entra ID, not at Import-Module.
    /// </summary>
    internal sealed class MsalAcquirer
    {
        private static readonly string[] s_scopes = { EntraSignIn.Scope };

        private readonly IClientApplicationBase _app;
        private readonly EntraSignIn _options;
        private readonly bool _deviceCode;
        private readonly string _authority;
        private IAccount? _account;
        private bool _signedIn;

        private MsalAcquirer(EntraSignIn options, bool deviceCode)
        {
            _options = options;
            _deviceCode = deviceCode;
            _authority = options.AuthorityUrl();
            _app = deviceCode || (options.ApplicationSecret is null && options.Certificate is null) ? BuildPublic() : BuildConfidential();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ITokenSource CreateSource(EntraSignIn options, bool deviceCode)
        {
            var acquirer = new MsalAcquirer(options, deviceCode);
            return new RefreshingTokenSource("Entra ID (" + acquirer._authority + ")", acquirer.Acquire, channel: options.Channel);
        }

        private IPublicClientApplication BuildPublic()
        {
            var builder = PublicClientApplicationBuilder.Create(_options.ApplicationId);
            builder = _options.IsDefaultAuthority ? builder.WithAuthority(_authority) : builder.WithAuthority(_authority, false).WithInstanceDiscovery(false);
            if (HttpClientFactory() is IMsalHttpClientFactory http)
            {
                builder = builder.WithHttpClientFactory(http);
            }
            return builder.Build();
        }

        private IConfidentialClientApplication BuildConfidential()
        {
            var builder = ConfidentialClientApplicationBuilder.Create(_options.ApplicationId);
            builder = _options.ApplicationSecret != null ? builder.WithClientSecret(Reveal(_options.ApplicationSecret)) : builder.WithCertificate(_options.Certificate);
            builder = _options.IsDefaultAuthority ? builder.WithAuthority(_authority) : builder.WithAuthority(_authority, false).WithInstanceDiscovery(false);
            if (HttpClientFactory() is IMsalHttpClientFactory http)
            {
                builder = builder.WithHttpClientFactory(http);
            }
            return builder.Build();
        }

        private IMsalHttpClientFactory? HttpClientFactory()
        {
            var factory = _options.HttpClientFactory ?? EntraSignIn.DefaultHttpClientFactory;
            return factory is null ? null : new HttpClientFactoryAdapter(factory());
        }

        private BearerToken Acquire(bool forceRefresh, CancellationToken cancellation)
        {
            AuthenticationResult result;
            try
            {
                result = Run(() => _signedIn && _account != null
                    ? _app.AcquireTokenSilent(s_scopes, _account).WithForceRefresh(forceRefresh).ExecuteAsync(cancellation)
                    : FirstSignIn(cancellation));
            }
            catch (MsalUiRequiredException ex)
            {
                throw Failed("Entra ID asks for the user to sign in again (the refresh token expired or was revoked): run Connect-CspPartnerCenter again", ex);
            }
            catch (MsalServiceException ex)
            {
                throw Failed(_signedIn ? "Renewing the Partner Center access token failed" : "Signing in to Partner Center through Entra ID failed", ex);
            }
            catch (MsalException ex)
            {
                throw Failed("Signing in to Partner Center through Entra ID failed", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new PartnerCenterSignInException($"Entra ID at {_authority} could not be reached: {Scrub(ex.Message)}");
            }
            _signedIn = true;
            _account = result.Account ?? _account;
            if (string.IsNullOrEmpty(result.AccessToken))
            {
                throw new PartnerCenterSignInException("Entra ID answered without an access token.");
            }
            return BearerToken.FromText(result.AccessToken, result.ExpiresOn);
        }

        private Task<AuthenticationResult> FirstSignIn(CancellationToken cancellation)
        {
            if (_deviceCode)
            {
                return ((IPublicClientApplication)_app).AcquireTokenWithDeviceCode(s_scopes, code =>
                {
                    _options.ShowDeviceCode!(code.Message);
                    return Task.FromResult(0);
                }).ExecuteAsync(cancellation);
            }
            // Also the fallback when Entra ID sent no id_token (no account for a silent refresh): the refresh token is used again.
            return ((IByRefreshToken)_app).AcquireTokenByRefreshToken(s_scopes, Reveal(_options.RefreshToken!)).ExecuteAsync(cancellation);
        }

        private static AuthenticationResult Run(Func<Task<AuthenticationResult>> call) =>
            Task.Run(call).ConfigureAwait(false).GetAwaiter().GetResult();

        private PartnerCenterSignInException Failed(string what, MsalException ex)
        {
            string? description = ex is MsalServiceException service && service.StatusCode != 0
                ? $"{ex.Message} (HTTP {service.StatusCode})"
                : ex.Message;
            return new PartnerCenterSignInException($"{what} (application {_options.ApplicationId}, authority {_authority})", Scrub(ex.ErrorCode), Scrub(description));
        }

        private string? Scrub(string? text) =>
            PartnerCenterSignInException.Scrub(text, new[]
            {
                _options.RefreshToken is null ? null : Reveal(_options.RefreshToken),
                _options.ApplicationSecret is null ? null : Reveal(_options.ApplicationSecret),
            });

        private static string Reveal(SecureString secret) => BearerToken.Reveal(secret);

        private sealed class HttpClientFactoryAdapter : IMsalHttpClientFactory
        {
            private readonly HttpClient _client;

            public HttpClientFactoryAdapter(HttpClient client) => _client = client;

            public HttpClient GetHttpClient() => _client;
        }
    }
}
