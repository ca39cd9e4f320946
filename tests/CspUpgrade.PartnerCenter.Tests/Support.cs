using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using CspUpgrade.Hosting;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>The data both backends are given: the fake's standard data set as a local inventory, and a mapped catalogue.</summary>
    public static class Data
    {
        public const string Inventory = @"partner:
  name: Fabrikam Cloud Partner
  roles: [AdminAgent]
customers:
  - customerId: c1
    name: Contoso Ltd
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s1, offer: O365_BUSINESS, status: Active, quantity: 25, billingCycle: Monthly, periodEnd: 2026-12-31 }
  - customerId: c2
    name: Northwind Traders
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s2, offer: O365_BUSINESS_ESSENTIALS, status: Active, quantity: 40, billingCycle: Annual, periodEnd: 2026-06-30 }
      - { subscriptionId: s3, offer: EXCHANGE_ONLINE_P1, status: Active, quantity: 5, billingCycle: Monthly, periodEnd: 2026-12-31 }
  - customerId: c3
    name: Tailspin Toys
    market: US
    delegatedAdmin: { type: None }
    subscriptions:
      - { subscriptionId: s4, offer: O365_BUSINESS, status: Suspended, quantity: 10, billingCycle: Annual, periodEnd: 2026-12-31 }
  - { customerId: c4, name: Adatum Corporation, market: US, delegatedAdmin: { type: DAP, services: [Office365] } }
  - { customerId: c5, name: Fourth Coffee, market: US, delegatedAdmin: { type: DAP, services: [Office365] } }
  - { customerId: c6, name: Litware Inc, market: US, delegatedAdmin: { type: DAP, services: [Office365] } }
  - { customerId: c7, name: Wingtip Toys, market: US, delegatedAdmin: { type: DAP, services: [Office365] } }
";

        /// <summary>The shipped catalogue with the partnerCenterOfferId the fake uses (<see cref="FakePartnerCenter.PcOfferId"/>: the public ids) on every offer.</summary>
        public static string MappedCatalog()
        {
            string text = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ModuleRunspace.FindModuleManifest())!, "DefaultCatalog.yaml"));
            // The fake's offer ids (the public ones of SPEC 1.3) on every offer, in place of any the shipped file has.
            // Legacy offers only: new-commerce offers map by product id and may not carry an offer id.
            var legacy = new HashSet<string>(OfferCatalog.Default.Offers.Where(o => o.Commerce == Commerce.Legacy).Select(o => o.OfferId));
            text = Regex.Replace(text, @"^\s*partnerCenterOfferId:.*\r?\n", string.Empty, RegexOptions.Multiline);
            return Regex.Replace(text, @"^(?<indent>\s*)- id: (?<id>\S+)\s*$", m => !legacy.Contains(m.Groups["id"].Value) ? m.Value :
                $"{m.Value.TrimEnd()}\n{m.Groups["indent"].Value}  partnerCenterOfferId: {FakePartnerCenter.PcOfferId(m.Groups["id"].Value)}", RegexOptions.Multiline);
        }

        public static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }
            secure.MakeReadOnly();
            return secure;
        }
    }

    /// <summary>Everything a script produced, every stream.</summary>
    public sealed class Run
    {
        public List<PSObject> Output { get; init; } = new();
        public List<ErrorRecord> Errors { get; init; } = new();
        public List<string> Warnings { get; init; } = new();
        public List<string> Verbose { get; init; } = new();
        public List<ProgressRecord> Progress { get; init; } = new();
        public List<string> Information { get; init; } = new();
        public ErrorRecord? Terminating { get; init; }
        public Exception? Stopped { get; init; }

        // By the .NET type: a piped upgrade option goes out with a view type name (CspUpgrade.UpgradeOption#Subscription) first.
        public dynamic[] Of(string typeName) => Output.Where(o => o.BaseObject.GetType().FullName == "CspUpgrade." + typeName).Select(o => (dynamic)o.BaseObject).ToArray();

        /// <summary>Every text a user or a log could see from this run: objects (all properties, one level deep), errors with their exceptions, every stream.</summary>
        public string AllText()
        {
            var text = new StringBuilder();
            foreach (var o in Output)
            {
                Describe(o, text, 0);
            }
            foreach (var e in Errors.Concat(Terminating is null ? Array.Empty<ErrorRecord>() : new[] { Terminating }))
            {
                text.AppendLine(e.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(e.Exception?.ToString());
                text.AppendLine(e.ErrorDetails?.Message).AppendLine(e.ErrorDetails?.RecommendedAction).AppendLine(e.CategoryInfo.ToString());
                text.AppendLine(e.TargetObject?.ToString());
                for (var inner = e.Exception; inner != null; inner = inner.InnerException)
                {
                    text.AppendLine(inner.Message);
                    foreach (var property in inner.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
                    {
                        try
                        {
                            text.AppendLine(property.GetValue(inner)?.ToString());
                        }
                        catch (Exception)
                        {
                        }
                    }
                }
            }
            text.AppendLine(string.Join("\n", Warnings)).AppendLine(string.Join("\n", Verbose)).AppendLine(string.Join("\n", Information));
            foreach (var p in Progress)
            {
                text.AppendLine(p.Activity).AppendLine(p.StatusDescription).AppendLine(p.CurrentOperation);
            }
            text.AppendLine(Stopped?.ToString());
            return text.ToString();
        }

        private static void Describe(object? value, StringBuilder text, int depth)
        {
            if (value is null)
            {
                return;
            }
            text.AppendLine(value.ToString());
            if (depth > 2 || value is string)
            {
                return;
            }
            if (value is IEnumerable items && !(value is string))
            {
                foreach (object? item in items)
                {
                    Describe(item, text, depth + 1);
                }
            }
            var ps = value as PSObject ?? PSObject.AsPSObject(value);
            foreach (var property in ps.Properties)
            {
                object? inner;
                try
                {
                    inner = property.Value;
                }
                catch (Exception)
                {
                    continue;
                }
                text.Append(property.Name).Append('=');
                Describe(inner, text, depth + 1);
            }
        }
    }

    /// <summary>One PowerShell 7.6 runspace with out/CspUpgrade imported; runs scripts and keeps every stream.</summary>
    public sealed class PcShell : IDisposable
    {
        public PcShell()
        {
            Host = new TextHost();
            Runspace = ModuleRunspace.Open(Host);
        }

        public TextHost Host { get; }
        public Runspace Runspace { get; }

        public Run Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = Create(script, variables);
            var output = new System.Collections.ObjectModel.Collection<PSObject>();
            ErrorRecord? terminating = null;
            try
            {
                output = ps.Invoke();
            }
            catch (RuntimeException ex)
            {
                terminating = ex.ErrorRecord;
            }
            return Collect(ps, output, terminating, null);
        }

        public List<PSObject> Ok(string script, IDictionary<string, object?>? variables = null)
        {
            var run = Run(script, variables);
            Assert.True(run.Terminating is null, "terminating error: " + run.Terminating + " " + run.Terminating?.Exception);
            Assert.True(run.Errors.Count == 0, "errors: " + string.Join(" | ", run.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
            return run.Output;
        }

        public PowerShell Create(string script, IDictionary<string, object?>? variables = null)
        {
            foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            {
                Runspace.SessionStateProxy.SetVariable(name, value);
            }
            var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            ps.AddScript("try {\n" + script + "\n} catch { throw }");
            return ps;
        }

        public static Run Collect(PowerShell ps, IEnumerable<PSObject> output, ErrorRecord? terminating, Exception? stopped) => new Run
        {
            Output = output.Where(o => o != null).ToList(),
            Errors = ps.Streams.Error.ToList(),
            Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
            Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            Progress = ps.Streams.Progress.ToList(),
            Information = ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList(),
            Terminating = terminating,
            Stopped = stopped,
        };

        /// <summary>
        /// Connects to the fake (at <paramref name="endpoint"/>, default its versioned endpoint) with the real token, and more
        /// <paramref name="parameters"/> as typed, after importing the mapped catalogue; -Verbose off.
        /// </summary>
        public void ConnectPartnerCenter(FakePartnerCenter fake, string journal, string? token = null, Uri? endpoint = null, string parameters = "")
        {
            ImportMappedCatalog(Path.GetDirectoryName(journal)!);
            Ok($"Connect-CspPartnerCenter -AccessToken $token -Endpoint $endpoint -JournalPath $journal {parameters} | Out-Null",
                new Dictionary<string, object?> { ["token"] = Data.Secure(token ?? FakePartnerCenter.Token), ["endpoint"] = endpoint ?? fake.Endpoint, ["journal"] = journal });
        }

        public void ConnectInventory(string folder)
        {
            ImportMappedCatalog(folder);
            string file = Path.Combine(folder, "inventory.yaml");
            File.WriteAllText(file, Data.Inventory);
            Ok("Connect-CspInventory -Path $p | Out-Null", new Dictionary<string, object?> { ["p"] = file });
        }

        private void ImportMappedCatalog(string folder)
        {
            string catalog = Path.Combine(folder, "catalog.yaml");
            if (!File.Exists(catalog))
            {
                File.WriteAllText(catalog, Data.MappedCatalog());
            }
            Ok("Import-CspOfferCatalog -Path $c", new Dictionary<string, object?> { ["c"] = catalog });
        }

        public void Dispose() => Runspace.Dispose();
    }

    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cspupgrade-pc-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
