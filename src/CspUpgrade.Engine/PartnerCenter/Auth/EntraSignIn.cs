using System;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CspUpgrade.Engine.PartnerCenter.Auth
{
    /// <summary>
    /// Signing in to Partner Center through Entra ID (MSAL): the Secure Application Model (an application and a user's refresh
    /// token) or device code sign-in. Nothing here touches MSAL, so the module loads Microsoft.Identity.Client only when one of
    /// these is actually used (<see cref="MsalAcquirer"/> is the only class that names MSAL's types).
    /// </summary>
    internal sealed class EntraSignIn
    {
        /// <summary>Partner Center's user-impersonation scope (SPEC 1.8).</summary>
        public const string Scope = "https://api.partnercenter.microsoft.com/user_impersonation";

        public static readonly Uri DefaultAuthority = new Uri("https://login.microsoftonline.com/");

        public EntraSignIn(string applicationId)
        {
            if (string.IsNullOrWhiteSpace(applicationId))
            {
                throw new ArgumentException("The application id is empty.", nameof(applicationId));
            }
            ApplicationId = applicationId.Trim();
        }

        public string ApplicationId { get; }

        /// <summary>The tenant to sign in to; default "organizations" (the account's own tenant).</summary>
        public string? TenantId { get; set; }

        /// <summary>The Entra ID instance (default https://login.microsoftonline.com/), or a full authority URL that names the tenant.</summary>
        public Uri? Authority { get; set; }

        /// <summary>Secure Application Model: the user's refresh token.</summary>
        public SecureString? RefreshToken { get; set; }

        /// <summary>A confidential application's secret (else <see cref="Certificate"/>, else the application is a public client).</summary>
        public SecureString? ApplicationSecret { get; set; }

        public X509Certificate2? Certificate { get; set; }

        /// <summary>Device code sign-in: shows Entra ID's "open this page and enter this code" text to the user.</summary>
        public Action<string>? ShowDeviceCode { get; set; }

        /// <summary>The connection's channel, where token refreshes are reported.</summary>
        public BackendChannel? Channel { get; set; }

        /// <summary>Test seam: the HttpClient MSAL uses (e.g. one that trusts a loopback test certificate).</summary>
        internal Func<HttpClient>? HttpClientFactory { get; set; }

        /// <summary>Test seam for hosted tests: used when <see cref="HttpClientFactory"/> is not set.</summary>
        internal static Func<HttpClient>? DefaultHttpClientFactory { get; set; }

        /// <summary>Whether <see cref="Authority"/> is Microsoft's public cloud (then MSAL validates it as usual).</summary>
        internal bool IsDefaultAuthority => Authority is null || string.Equals(Authority.Host, DefaultAuthority.Host, StringComparison.OrdinalIgnoreCase);

        /// <summary>The authority URL with its tenant: {instance}/{tenant}, or the given URL when it already names one.</summary>
        public string AuthorityUrl()
        {
            var instance = Authority ?? DefaultAuthority;
            string path = instance.AbsolutePath.Trim('/');
            if (path.Length > 0)
            {
                if (!string.IsNullOrWhiteSpace(TenantId) && !string.Equals(path, TenantId!.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"-Authority '{instance}' names the tenant '{path}' and -TenantId names '{TenantId}': give the tenant once.");
                }
                return instance.GetLeftPart(UriPartial.Authority) + "/" + path + "/";
            }
            string tenant = string.IsNullOrWhiteSpace(TenantId) ? "organizations" : TenantId!.Trim();
            return instance.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(tenant) + "/";
        }

        /// <summary>Secure Application Model: the refresh token is exchanged at connect, then MSAL refreshes silently.</summary>
        public ITokenSource SecureApplicationModel()
        {
            if (RefreshToken is null || RefreshToken.Length == 0)
            {
                throw new ArgumentException("The refresh token is empty.");
            }
            AuthorityUrl();
            return MsalAcquirer.CreateSource(this, deviceCode: false);
        }

        /// <summary>Device code sign-in: the user signs in elsewhere with the code <see cref="ShowDeviceCode"/> shows; then MSAL refreshes silently.</summary>
        public ITokenSource DeviceCode()
        {
            if (ShowDeviceCode is null)
            {
                throw new ArgumentException("Device code sign-in needs a way to show the code.");
            }
            AuthorityUrl();
            return MsalAcquirer.CreateSource(this, deviceCode: true);
        }
    }
}
