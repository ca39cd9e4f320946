using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Reflection;
using System.Threading;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Sign-in that outlasts an hour (issue 12, item 3): the real MSAL code path against a fake Entra ID over https, the
    /// -TokenProvider script, renewal before expiry and after a 401 from the fake Partner Center, and no token anywhere a
    /// user or a log could see it.
    /// </summary>
    public sealed class SignInTests : IDisposable
    {
        private readonly FakePartnerCenter _fake = new FakePartnerCenter().WithStandardData();
        private readonly FakeEntraId _entra = new FakeEntraId();
        private readonly TempDir _dir = new TempDir();

        public SignInTests()
        {
            // The fake Partner Center accepts only the newest token Entra ID issued: a renewed token retires the old one.
            _entra.OnIssued = token => _fake.AcceptedToken = token;
        }

        public void Dispose()
        {
            _fake.Dispose();
            _entra.Dispose();
            _dir.Dispose();
        }

        private string Journal => _dir.File("pc.journal.jsonl");

        private OfferCatalog Catalog()
        {
            string file = _dir.File("catalog.yaml");
            if (!File.Exists(file))
            {
                File.WriteAllText(file, Data.MappedCatalog());
            }
            return OfferCatalog.Load(file);
        }

        private EntraSignIn SecureApplicationModel(string refreshToken = FakeEntraId.FirstRefreshToken, string secret = FakeEntraId.Secret) =>
            new EntraSignIn(FakeEntraId.ApplicationId)
            {
                TenantId = FakeEntraId.TenantId,
                Authority = _entra.Authority,
                RefreshToken = Data.Secure(refreshToken),
                ApplicationSecret = Data.Secure(secret),
                HttpClientFactory = _entra.TrustingHttpClient,
            };

        [Fact]
        public void The_Secure_Application_Model_exchanges_the_refresh_token_and_after_a_401_renews_silently_with_the_rotated_one()
        {
            var catalog = Catalog();
            using var backend = PartnerCenterBackend.Connect(_fake.Endpoint, SecureApplicationModel().SecureApplicationModel(), Journal, new CspSession { Catalog = catalog }, default);

            var first = Assert.Single(_entra.TokenGrants("refresh_token"));
            Assert.Equal(FakeEntraId.FirstRefreshToken, first.Field("refresh_token"));
            Assert.Equal(FakeEntraId.Secret, first.Field("client_secret"));
            Assert.Contains(EntraSignIn.Scope, first.Field("scope"));
            Assert.Equal("/" + FakeEntraId.TenantId + "/oauth2/v2.0/token", first.Path);
            Assert.Equal("Bearer " + _entra.IssuedAccessTokens[0], _fake.Log.Last().Header("Authorization"));
            Assert.InRange(backend.Connection.TokenExpiresOn!.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));

            // The token is revoked early: the next request gets 401, MSAL refreshes with the refresh token Entra ID rotated
            // (it found the account from id_token and client_info), and the request is sent once more.
            _fake.AcceptedToken = "revoked";
            int before = _fake.Log.Count;
            Assert.Equal(7, backend.GetCustomers(default).Count());
            var grants = _entra.TokenGrants("refresh_token");
            Assert.Equal(2, grants.Count);
            Assert.Equal(_entra.IssuedRefreshTokens[0], grants[1].Field("refresh_token"));
            var after = _fake.Log.Skip(before).ToList();
            Assert.Equal(401, after[0].Status);
            Assert.Equal(after[0].Path, after[1].Path);
            Assert.All(after.Skip(1), r => Assert.Equal(200, r.Status));
            Assert.All(after.Skip(1), r => Assert.Equal("Bearer " + _entra.IssuedAccessTokens[1], r.Header("Authorization")));
        }

        [Fact]
        public void A_token_is_renewed_before_it_expires_without_Partner_Center_ever_refusing_it()
        {
            // Five minutes and two seconds: due for renewal (5 minutes before expiry) two seconds after it was issued.
            _entra.ExpiresIn = 302;
            var catalog = Catalog();
            using var backend = PartnerCenterBackend.Connect(_fake.Endpoint, SecureApplicationModel().SecureApplicationModel(), Journal, new CspSession { Catalog = catalog }, default);
            var firstExpiry = backend.Connection.TokenExpiresOn!.Value;
            Assert.Single(_entra.TokenGrants("refresh_token"));

            SpinWait.SpinUntil(() => DateTimeOffset.UtcNow >= firstExpiry - TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
            Assert.Equal(7, backend.GetCustomers(default).Count());
            Assert.Equal(2, _entra.TokenGrants("refresh_token").Count);
            Assert.DoesNotContain(_fake.Log, r => r.Status == 401);
            Assert.True(backend.Connection.TokenExpiresOn > firstExpiry);
        }

        [Fact]
        public void A_refused_refresh_token_is_PartnerCenterSignInFailed_with_what_Entra_ID_said_and_no_secret()
        {
            var catalog = Catalog();
            var ex = Assert.Throws<PartnerCenterSignInException>(() =>
                PartnerCenterBackend.Connect(_fake.Endpoint, SecureApplicationModel(refreshToken: "rt-wrong-Zt81Lp0Qa7").SecureApplicationModel(), Journal, new CspSession { Catalog = catalog }, default));
            Assert.Equal("invalid_grant", ex.SignInError);
            Assert.Contains("AADSTS70000", ex.Message);
            Assert.DoesNotContain("rt-wrong-Zt81Lp0Qa7", ex.ToString());
            Assert.DoesNotContain(FakeEntraId.Secret, ex.ToString());
            Assert.Empty(_fake.Log); // nothing was sent to Partner Center

            var secret = Assert.Throws<PartnerCenterSignInException>(() =>
                PartnerCenterBackend.Connect(_fake.Endpoint, SecureApplicationModel(secret: "wrong-secret-Yb3").SecureApplicationModel(), Journal, new CspSession { Catalog = catalog }, default));
            Assert.Equal("invalid_client", secret.SignInError);
            Assert.Contains("AADSTS7000215", secret.Message);
            Assert.DoesNotContain("wrong-secret-Yb3", secret.ToString());
        }

        [Fact]
        public void Renewal_is_due_a_margin_before_expiry_or_half_way_through_a_short_life_and_never_for_an_unknown_expiry()
        {
            var at = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(at.AddMinutes(55), RefreshingTokenSource.DueAt(at, at.AddHours(1), TimeSpan.FromMinutes(5)));
            Assert.Equal(at.AddMinutes(2), RefreshingTokenSource.DueAt(at, at.AddMinutes(4), TimeSpan.FromMinutes(5)));
            Assert.Equal(DateTimeOffset.MaxValue, RefreshingTokenSource.DueAt(at, null, TimeSpan.FromMinutes(5)));

            // A bare token's expiry is its JWT exp claim, read without validating anything.
            string jwt = FakeEntraId.Base64Url("{\"alg\":\"RS256\"}") + "." + FakeEntraId.Base64Url("{\"exp\":1796126400,\"aud\":\"x\"}") + ".c2lnbmF0dXJl";
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796126400), BearerToken.FromText(jwt).ExpiresOn);
            Assert.Null(BearerToken.FromText("opaque-token").ExpiresOn);
            Assert.DoesNotContain("c2lnbmF0dXJl", BearerToken.FromText(jwt).ToString());
        }

        // ---- The cmdlets, in the hosted PowerShell 7.6 engine -----------------------------------------------------------

        /// <summary>A shell whose module sends MSAL's requests through an HttpClient that trusts the fake's certificate.</summary>
        private PcShell Shell()
        {
            var shell = new PcShell();
            // The engine as the module loaded it (its own load context): the sign-in options are internal, reached through a public type.
            var type = (Type)shell.Ok("[CspUpgrade.ReasonCode].Assembly.GetType('CspUpgrade.Engine.PartnerCenter.Auth.EntraSignIn', $true)").Single().BaseObject;
            type.GetProperty("DefaultHttpClientFactory", BindingFlags.NonPublic | BindingFlags.Static)!.SetValue(null, (Func<HttpClient>)_entra.TrustingHttpClient);
            File.WriteAllText(_dir.File("catalog.yaml"), Data.MappedCatalog());
            shell.Ok("Import-CspOfferCatalog -Path $c", new Dictionary<string, object?> { ["c"] = _dir.File("catalog.yaml") });
            return shell;
        }

        private Dictionary<string, object?> Vars() => new Dictionary<string, object?>
        {
            ["endpoint"] = _fake.Endpoint,
            ["journal"] = Journal,
            ["authority"] = _entra.Authority,
            ["app"] = FakeEntraId.ApplicationId,
            ["tenant"] = FakeEntraId.TenantId,
            ["refresh"] = Data.Secure(FakeEntraId.FirstRefreshToken),
            ["secret"] = Data.Secure(FakeEntraId.Secret),
        };

        private const string ConnectSam =
            "Connect-CspPartnerCenter -ApplicationId $app -RefreshToken $refresh -ApplicationSecret $secret -TenantId $tenant -Authority $authority -Endpoint $endpoint -JournalPath $journal";

        [Fact]
        public void Connect_with_a_refresh_token_survives_a_revoked_token_mid_run_and_shows_TokenExpiresOn_but_never_a_token()
        {
            using var shell = Shell();
            var runs = new List<Run>();
            var connect = shell.Run(ConnectSam + " -Verbose; Get-CspConnection", Vars());
            runs.Add(connect);
            Assert.Null(connect.Terminating);
            var connections = connect.Of("ConnectionInfo");
            Assert.Equal(2, connections.Length);
            Assert.All(connections, c => Assert.InRange((DateTimeOffset)c.TokenExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61)));
            Assert.Contains(connect.Verbose, v => v.Contains("Secure Application Model"));

            // Mid-run the token stops being accepted: the bulk check (worker threads) renews it once and finishes.
            _fake.AcceptedToken = "revoked";
            var bulk = shell.Run("'c1', 'c2', 'c3' | ForEach-Object { [pscustomobject]@{ CustomerId = $_ } } | Test-CspUpgradeEligibility -Verbose");
            runs.Add(bulk);
            Assert.Null(bulk.Terminating);
            Assert.Empty(bulk.Errors);
            Assert.Equal(13, bulk.Of("EligibilityResult").Length);
            Assert.Equal(2, _entra.TokenGrants("refresh_token").Count);
            Assert.Contains(_fake.Log, r => r.Status == 401);
            // And again before a write: the PATCH refused with 401 is sent once more with the new token (and journaled once).
            _fake.AcceptedToken = "revoked-again";
            var write = shell.Run("Add-CspSubscriptionLicense -CustomerId c1 -SubscriptionId s1 -Count 1 -PassThru -Verbose");
            runs.Add(write);
            Assert.Null(write.Terminating);
            Assert.Empty(write.Errors);
            Assert.Equal(26, (int)_fake.FindSubscription("c1", "s1")!["quantity"]!);
            Assert.Equal(3, _entra.TokenGrants("refresh_token").Count);
            runs.Add(shell.Run("Get-CspConnection | Format-List * | Out-String; Get-CspCustomer | Get-CspSubscription | Format-Table | Out-String"));

            string all = string.Join("\n", runs.Select(r => r.AllText())) + shell.Host.Text + File.ReadAllText(Journal);
            foreach (string secret in _entra.Secrets())
            {
                Assert.DoesNotContain(secret, all);
            }
            Assert.Contains("TokenExpiresOn", all);
        }

        [Fact]
        public void A_failed_sign_in_stops_Connect_with_PartnerCenterSignInFailed_and_Entra_IDs_words_without_the_secret()
        {
            using var shell = Shell();
            var vars = Vars();
            vars["refresh"] = Data.Secure("rt-wrong-Zt81Lp0Qa7");
            var run = shell.Run(ConnectSam, vars);
            Assert.NotNull(run.Terminating);
            Assert.StartsWith("PartnerCenterSignInFailed", run.Terminating!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, run.Terminating.CategoryInfo.Category);
            Assert.Contains("invalid_grant", run.Terminating.Exception.Message);
            Assert.Contains("AADSTS70000", run.Terminating.Exception.Message);
            string all = run.AllText() + shell.Host.Text;
            Assert.DoesNotContain("rt-wrong-Zt81Lp0Qa7", all);
            Assert.DoesNotContain(FakeEntraId.Secret, all);
            Assert.NotNull(shell.Run("Get-CspConnection").Errors.SingleOrDefault()); // not connected
        }

        [Fact]
        public void The_token_provider_runs_on_the_pipeline_thread_at_connect_and_again_after_a_401_from_a_worker_thread()
        {
            using var shell = Shell();
            const string first = "provider-token-1-Wq5Rm2";
            const string second = "provider-token-2-Kd8Xn4";
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            _fake.AcceptedToken = first;
            var vars = Vars();
            vars["tokens"] = new[] { first, second };
            vars["expires"] = expires;
            var connect = shell.Run(@"
                $global:calls = 0
                $global:threads = [System.Collections.Generic.List[int]]::new()
                Connect-CspPartnerCenter -Endpoint $endpoint -JournalPath $journal -TokenProvider {
                    $global:threads.Add([System.Threading.Thread]::CurrentThread.ManagedThreadId)
                    $token = $tokens[$global:calls]
                    $global:calls++
                    [pscustomobject]@{ Token = ConvertTo-SecureString $token -AsPlainText -Force; ExpiresOn = $expires }
                } | Out-Null
                Get-CspConnection", vars);
            Assert.Null(connect.Terminating);
            Assert.Equal(expires, (DateTimeOffset)connect.Of("ConnectionInfo").Single().TokenExpiresOn);
            Assert.Equal(1, (int)shell.Ok("$global:calls").Single().BaseObject);
            // The connection's table view shows when the token expires (UTC), within a 120-column console.
            var view = string.Join("\n", shell.Ok("Get-CspConnection | Out-String -Width 120").Select(o => o.ToString()));
            Assert.Contains("TokenExpiresOn", view);
            Assert.Contains(expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "Z", view);
            Assert.All(view.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 119, line));

            _fake.AcceptedToken = second;
            var bulk = shell.Run("$global:pipeline = [System.Threading.Thread]::CurrentThread.ManagedThreadId; 'c1', 'c2' | ForEach-Object { [pscustomobject]@{ CustomerId = $_ } } | Test-CspUpgradeEligibility -ThrottleLimit 2");
            Assert.Null(bulk.Terminating);
            Assert.Empty(bulk.Errors);
            Assert.Equal(9, bulk.Of("EligibilityResult").Length);
            Assert.Equal(2, (int)shell.Ok("$global:calls").Single().BaseObject);
            // Asked from a worker thread, the script still ran on the pipeline thread of the command running then.
            Assert.Equal((int)shell.Ok("$global:pipeline").Single().BaseObject, (int)shell.Ok("$global:threads[1]").Single().BaseObject);
            Assert.Contains(_fake.Log, r => r.Status == 401 && r.Header("Authorization") == "Bearer " + first);
            Assert.DoesNotContain(first, bulk.AllText() + connect.AllText());
            Assert.DoesNotContain(second, bulk.AllText() + connect.AllText());

            // A script that returns nothing usable is a failed sign-in.
            var empty = shell.Run("Connect-CspPartnerCenter -Endpoint $endpoint -TokenProvider { Write-Error 'Run Connect-AzAccount first' }", vars);
            Assert.StartsWith("PartnerCenterSignInFailed", empty.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("Run Connect-AzAccount first", empty.Terminating.Exception.Message);
        }

        [Fact]
        public void Device_code_sign_in_shows_Entra_IDs_prompt_through_the_host_and_connects()
        {
            using var shell = Shell();
            _entra.PendingPolls = 1;
            var run = shell.Run("Connect-CspPartnerCenter -ApplicationId $app -UseDeviceAuthentication -TenantId $tenant -Authority $authority -Endpoint $endpoint -JournalPath $journal", Vars());
            Assert.Null(run.Terminating);
            Assert.Contains(FakeEntraId.UserCode, shell.Host.Text + string.Join("\n", run.Information));
            Assert.Contains("https://microsoft.com/devicelogin", string.Join("\n", run.Information));
            Assert.Single(_entra.Requests, r => r.Path.EndsWith("/devicecode", StringComparison.Ordinal));
            Assert.Equal(2, _entra.Requests.Count(r => r.Path.EndsWith("/token", StringComparison.Ordinal))); // pending, then the token
            Assert.Equal("PartnerCenter", (string)run.Of("ConnectionInfo").Single().Backend);
            Assert.Equal("Bearer " + _entra.IssuedAccessTokens.Single(), _fake.Log.Last().Header("Authorization"));
        }

        [Fact]
        public void A_bare_access_token_shows_its_JWT_expiry_and_a_401_still_asks_to_reconnect()
        {
            using var shell = Shell();
            string jwt = FakeEntraId.Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + FakeEntraId.Base64Url("{\"exp\":1796126400}") + ".c2ln";
            _fake.AcceptedToken = jwt;
            var vars = Vars();
            vars["token"] = Data.Secure(jwt);
            var run = shell.Run("Connect-CspPartnerCenter -AccessToken $token -Endpoint $endpoint -JournalPath $journal | Out-Null; Get-CspConnection", vars);
            Assert.Null(run.Terminating);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796126400), (DateTimeOffset)run.Of("ConnectionInfo").Single().TokenExpiresOn);
            _fake.AcceptedToken = "rotated";
            var failed = shell.Run("Get-CspCustomer");
            Assert.StartsWith("PartnerCenterUnauthorized", failed.Terminating!.FullyQualifiedErrorId);
            Assert.Contains("run Connect-CspPartnerCenter again", failed.Terminating.Exception.Message);
            Assert.DoesNotContain(jwt, run.AllText() + failed.AllText());
        }
    }
}
