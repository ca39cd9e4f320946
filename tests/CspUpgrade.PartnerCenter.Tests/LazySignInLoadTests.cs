using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CspUpgrade.Hosting;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// In a real pwsh child process (assemblies cannot be unloaded): Import-Module and -AccessToken load no MSAL; the first
    /// sign-in through Entra ID loads Microsoft.Identity.Client and Microsoft.IdentityModel.Abstractions into the module's own
    /// load context, while System.Text.Json and DiagnosticSource stay PowerShell's. The child trusts the fake Entra ID's
    /// certificate through SSL_CERT_FILE, so this is MSAL's own HTTP path, no seam.
    /// </summary>
    public sealed class LazySignInLoadTests : IDisposable
    {
        private readonly FakePartnerCenter _fake = new FakePartnerCenter().WithStandardData();
        private readonly FakeEntraId _entra = new FakeEntraId();
        private readonly TempDir _dir = new TempDir();

        public void Dispose()
        {
            _fake.Dispose();
            _entra.Dispose();
            _dir.Dispose();
        }

        [Fact]
        public async System.Threading.Tasks.Task MSAL_loads_only_at_the_first_Entra_ID_sign_in_and_into_the_modules_own_context()
        {
            _entra.OnIssued = token => _fake.AcceptedToken = token;
            string certificate = _dir.File("fake-entra.pem");
            File.WriteAllText(certificate, _entra.CertificatePem());
            string script = _dir.File("probe.ps1");
            File.WriteAllText(script, $@"
$ErrorActionPreference = 'Stop'
function Msal {{ @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {{ $_.GetName().Name -like 'Microsoft.Identity*' }}).Count }}
Import-Module '{ModuleRunspace.FindModuleManifest()}'
'after import: ' + (Msal)
Connect-CspPartnerCenter -AccessToken (ConvertTo-SecureString $env:PROBE_TOKEN -AsPlainText -Force) -Endpoint $env:PROBE_ENDPOINT -JournalPath $env:PROBE_JOURNAL | Out-Null
'after access token: ' + (Msal)
if ($env:PROBE_SIGNIN -eq '1') {{
    Connect-CspPartnerCenter -ApplicationId $env:PROBE_APP -TenantId $env:PROBE_TENANT -Authority $env:PROBE_AUTHORITY `
        -RefreshToken (ConvertTo-SecureString $env:PROBE_REFRESH -AsPlainText -Force) -ApplicationSecret (ConvertTo-SecureString $env:PROBE_SECRET -AsPlainText -Force) `
        -Endpoint $env:PROBE_ENDPOINT -JournalPath $env:PROBE_JOURNAL | Out-Null
    'customers: ' + @(Get-CspCustomer).Count
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {{ $_.GetName().Name -in 'Microsoft.Identity.Client', 'Microsoft.IdentityModel.Abstractions', 'System.Text.Json', 'System.Diagnostics.DiagnosticSource' }}) {{
        $context = if ([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a) -eq [System.Runtime.Loader.AssemblyLoadContext]::Default) {{ 'Default' }} else {{ 'Isolated' }}
        $where = if ($a.Location -like '*Dependencies*') {{ 'module' }} else {{ 'powershell' }}
        'loaded {{0}} in {{1}} from {{2}}' -f $a.GetName().Name, $context, $where
    }}
}}
");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = ModuleRunspace.RepositoryRoot() };
            foreach (string arg in new[] { "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File", script })
            {
                start.ArgumentList.Add(arg);
            }
            bool signIn = !OperatingSystem.IsWindows(); // SSL_CERT_FILE is OpenSSL's: trusting the test certificate this way works on Linux and macOS
            start.Environment["SSL_CERT_FILE"] = certificate;
            start.Environment["PROBE_SIGNIN"] = signIn ? "1" : "0";
            start.Environment["PROBE_TOKEN"] = FakePartnerCenter.Token;
            start.Environment["PROBE_ENDPOINT"] = _fake.Endpoint.ToString();
            start.Environment["PROBE_JOURNAL"] = _dir.File("journal.jsonl");
            start.Environment["PROBE_APP"] = FakeEntraId.ApplicationId;
            start.Environment["PROBE_TENANT"] = FakeEntraId.TenantId;
            start.Environment["PROBE_AUTHORITY"] = _entra.Authority.ToString();
            start.Environment["PROBE_REFRESH"] = FakeEntraId.FirstRefreshToken;
            start.Environment["PROBE_SECRET"] = FakeEntraId.Secret;
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = await process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(180_000), "pwsh timed out");
            Assert.True(process.ExitCode == 0, output + await error);
            var lines = output.Split('\n').Select(l => l.Trim()).ToArray();

            Assert.Contains("after import: 0", lines);
            Assert.Contains("after access token: 0", lines);
            if (signIn)
            {
                Assert.Contains("customers: 7", lines);
                Assert.Contains("loaded Microsoft.Identity.Client in Isolated from module", lines);
                Assert.Contains("loaded Microsoft.IdentityModel.Abstractions in Isolated from module", lines);
                Assert.DoesNotContain(lines, l => l.StartsWith("loaded System.", StringComparison.Ordinal) && !l.EndsWith(" in Default from powershell", StringComparison.Ordinal));
                Assert.Single(_entra.TokenGrants("refresh_token"));
            }
        }
    }
}
