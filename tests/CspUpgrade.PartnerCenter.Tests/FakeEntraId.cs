using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>One token-endpoint request as the fake saw it (form fields; secrets included, for assertions only).</summary>
    public sealed record TokenRequest(string Path, IReadOnlyDictionary<string, string> Form, int Status)
    {
        public string Field(string name) => Form.TryGetValue(name, out var value) ? value : string.Empty;
    }

    /// <summary>
    /// A fake Entra ID token service over https on 127.0.0.1 (Kestrel, port 0) with a self-signed certificate made at start
    /// (MSAL accepts only https authorities): /{tenant}/oauth2/v2.0/token for refresh_token and device_code grants,
    /// /{tenant}/oauth2/v2.0/devicecode, and the OpenID configuration. It answers as Entra ID does: access_token, expires_in,
    /// a rotated refresh_token, an unsigned id_token (oid, tid, preferred_username) and client_info, so MSAL's silent refresh
    /// finds the account; errors as {error, error_description, error_codes}.
    /// </summary>
    public sealed class FakeEntraId : IDisposable
    {
        public const string ApplicationId = "11111111-2222-3333-4444-555555555555";
        public const string TenantId = "fabrikam-tenant";
        public const string UserObjectId = "99999999-0000-4000-8000-000000000001";
        public const string FirstRefreshToken = "rt-initial-Hk42Qz9PpW3mXy7B";
        public const string Secret = "app-secret-Ve8Lr5Nc2Tq6Jd0S";
        public const string UserCode = "FAKE-CODE-7Q2";

        private readonly LoopbackServer _server;
        private readonly object _lock = new object();
        private readonly HashSet<string> _validRefreshTokens = new HashSet<string> { FirstRefreshToken };
        private int _issued;

        public FakeEntraId()
        {
            Certificate = MakeCertificate();
            _server = new LoopbackServer(HandleAsync, Certificate);
            Authority = _server.Root;
        }

        /// <summary>https://127.0.0.1:port/ (the instance; the tenant goes after it).</summary>
        public Uri Authority { get; }

        public X509Certificate2 Certificate { get; }

        /// <summary>Lifetime of the access tokens issued, in seconds.</summary>
        public int ExpiresIn { get; set; } = 3600;

        /// <summary>Device code: how many polls answer authorization_pending before the token.</summary>
        public int PendingPolls { get; set; } = 1;

        /// <summary>Called with every access token issued (e.g. to make the fake Partner Center accept only the newest).</summary>
        public Action<string>? OnIssued { get; set; }

        public List<string> IssuedAccessTokens { get; } = new();
        public List<string> IssuedRefreshTokens { get; } = new();
        public ConcurrentQueue<TokenRequest> Requests { get; } = new();

        public IReadOnlyList<TokenRequest> TokenGrants(string grantType) =>
            Requests.Where(r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) && r.Field("grant_type") == grantType).ToList();

        /// <summary>Every secret string of this fake: tokens issued, refresh tokens, the client secret.</summary>
        public IEnumerable<string> Secrets()
        {
            lock (_lock)
            {
                return IssuedAccessTokens.Concat(IssuedRefreshTokens).Concat(new[] { FirstRefreshToken, Secret }).ToList();
            }
        }

        /// <summary>An HttpClient that trusts exactly this fake's certificate (the MSAL HTTP seam).</summary>
        public HttpClient TrustingHttpClient()
        {
            string thumbprint = Certificate.Thumbprint;
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                    string.Equals(certificate?.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase),
            };
            return new HttpClient(handler);
        }

        /// <summary>The certificate as PEM, for a child process's SSL_CERT_FILE.</summary>
        public string CertificatePem() => Certificate.ExportCertificatePem();

        private static X509Certificate2 MakeCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        }

        private async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            var form = new Dictionary<string, string>();
            if (request.HasFormContentType)
            {
                foreach (var field in await request.ReadFormAsync())
                {
                    form[field.Key] = field.Value.ToString();
                }
            }
            string path = request.Path.Value ?? string.Empty;
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            (int status, JObject body) answer;
            lock (_lock)
            {
                answer = parts.Length >= 2 && path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) ? (200, Configuration(parts[0]))
                    : parts.Length == 4 && parts[1] == "oauth2" && parts[3] == "token" ? Token(form, parts[0])
                    : parts.Length == 4 && parts[1] == "oauth2" && parts[3] == "devicecode" ? (200, DeviceCode())
                    : (404, Error("not_found", "AADSTS90002: no such endpoint.", 90002));
            }
            Requests.Enqueue(new TokenRequest(path, form, answer.status));
            context.Response.StatusCode = answer.status;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(answer.body.ToString(Newtonsoft.Json.Formatting.None));
        }

        private JObject Configuration(string tenant)
        {
            string root = Authority.ToString().TrimEnd('/') + "/" + tenant;
            return new JObject
            {
                ["issuer"] = root + "/v2.0",
                ["authorization_endpoint"] = root + "/oauth2/v2.0/authorize",
                ["token_endpoint"] = root + "/oauth2/v2.0/token",
                ["device_authorization_endpoint"] = root + "/oauth2/v2.0/devicecode",
            };
        }

        private static JObject DeviceCode() => new JObject
        {
            ["device_code"] = "device-code-1",
            ["user_code"] = UserCode,
            ["verification_uri"] = "https://microsoft.com/devicelogin",
            ["expires_in"] = 900,
            ["interval"] = 1,
            ["message"] = $"To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {UserCode} to authenticate.",
        };

        private (int, JObject) Token(Dictionary<string, string> form, string tenant)
        {
            form.TryGetValue("grant_type", out var grant);
            form.TryGetValue("client_id", out var client);
            if (client != ApplicationId)
            {
                return (400, Error("unauthorized_client", $"AADSTS700016: Application with identifier '{client}' was not found in the directory.", 700016));
            }
            if (form.TryGetValue("client_secret", out var secret) && secret != Secret)
            {
                return (401, Error("invalid_client", "AADSTS7000215: Invalid client secret provided.", 7000215));
            }
            switch (grant)
            {
                case "refresh_token":
                    form.TryGetValue("refresh_token", out var refresh);
                    if (refresh is null || !_validRefreshTokens.Contains(refresh))
                    {
                        return (400, Error("invalid_grant", "AADSTS70000: The provided value for the 'refresh_token' is not valid.", 70000));
                    }
                    return (200, Issue(form));
                case "device_code":
                case "urn:ietf:params:oauth:grant-type:device_code":
                    if (PendingPolls > 0)
                    {
                        PendingPolls--;
                        return (400, Error("authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.", 70016));
                    }
                    return (200, Issue(form));
                default:
                    return (400, Error("unsupported_grant_type", $"AADSTS70003: The grant type '{grant}' is not supported.", 70003));
            }
        }

        private JObject Issue(Dictionary<string, string> form)
        {
            int n = ++_issued;
            string access = $"at-{n}-{Guid.NewGuid():N}";
            string refresh = $"rt-{n}-{Guid.NewGuid():N}";
            IssuedAccessTokens.Add(access);
            IssuedRefreshTokens.Add(refresh);
            _validRefreshTokens.Add(refresh);
            OnIssued?.Invoke(access);
            string scope = string.Join(" ", (form.TryGetValue("scope", out var s) ? s : string.Empty)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(x => x != "openid" && x != "profile" && x != "offline_access"));
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var idToken = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64Url(new JObject
            {
                ["aud"] = ApplicationId,
                ["iss"] = Authority + TenantId + "/v2.0",
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + 3600,
                ["oid"] = UserObjectId,
                ["sub"] = "subject-1",
                ["tid"] = TenantId,
                ["preferred_username"] = "admin@fabrikam.example",
                ["name"] = "Fabrikam Admin",
                ["ver"] = "2.0",
            }.ToString(Newtonsoft.Json.Formatting.None)) + ".";
            return new JObject
            {
                ["token_type"] = "Bearer",
                ["scope"] = scope,
                ["expires_in"] = ExpiresIn,
                ["ext_expires_in"] = ExpiresIn,
                ["access_token"] = access,
                ["refresh_token"] = refresh,
                ["id_token"] = idToken,
                ["client_info"] = Base64Url($"{{\"uid\":\"{UserObjectId}\",\"utid\":\"{TenantId}\"}}"),
            };
        }

        private static JObject Error(string error, string description, int code) => new JObject
        {
            ["error"] = error,
            ["error_description"] = description + " Trace ID: 0000 Correlation ID: 1111 Timestamp: 2026-12-01 00:00:00Z",
            ["error_codes"] = new JArray(code),
            ["timestamp"] = "2026-12-01 00:00:00Z",
        };

        public static string Base64Url(string text) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public void Dispose()
        {
            _server.Dispose();
            Certificate.Dispose();
        }
    }
}
