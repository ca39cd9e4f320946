using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace CspUpgrade.Module.Tests
{
    public class ManifestTests
    {
        private static readonly string[] ExpectedCmdlets =
        {
            "Add-CspSubscriptionLicense", "Export-CspInventory", "Export-CspUpgradeReport", "Connect-CspInventory", "Connect-CspPartnerCenter", "Disconnect-CspConnection", "Invoke-CspSubscriptionUpgrade", "Get-CspConnection", "Get-CspCustomer", "Get-CspOffer",
            "Get-CspSubscription", "Get-CspUpgradeOption", "Import-CspOfferCatalog", "Test-CspOfferCatalog", "Test-CspUpgradeEligibility",
        };

        [Fact]
        public void Manifest_is_valid_and_carries_the_version_of_Directory_Build_props()
        {
            using var shell = new Shell(importModule: false);
            var module = (PSModuleInfo)shell.Ok("Test-ModuleManifest -Path $m", new Dictionary<string, object?> { ["m"] = Shell.Manifest }).Single().BaseObject;

            string props = File.ReadAllText(Path.Combine(Shell.Repo, "Directory.Build.props"));
            string version = Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
            Assert.Equal(Version.Parse(version), module.Version);
            Assert.Equal(new Version(5, 1), module.PowerShellVersion);
            Assert.Equal(new[] { "Core", "Desktop" }, module.CompatiblePSEditions.OrderBy(e => e));
            Assert.Equal(ExpectedCmdlets.OrderBy(c => c), module.ExportedCmdlets.Keys.OrderBy(c => c));
        }

        [Fact]
        public void Importing_exports_exactly_the_contract_cmdlets_with_approved_verbs()
        {
            using var shell = new Shell();
            var commands = shell.Objects<CmdletInfo>("Get-Command -Module CspUpgrade");
            Assert.Equal(ExpectedCmdlets.OrderBy(c => c), commands.Strings(c => c.Name).OrderBy(c => c));
            var approved = shell.Ok("[System.Management.Automation.VerbsCommon].Assembly.GetTypes() | Where-Object { $_.Name -like 'Verbs*' } | ForEach-Object { $_.GetFields() } | ForEach-Object Name")
                .Select(o => o.ToString()).ToHashSet();
            Assert.All(commands, c => Assert.Contains(c.Verb, approved));
        }

        [Fact]
        public void Every_cmdlet_that_writes_objects_declares_its_output_type()
        {
            using var shell = new Shell();
            var commands = shell.Objects<CmdletInfo>("Get-Command -Module CspUpgrade");
            foreach (var command in commands.Where(c => c.Name != "Disconnect-CspConnection"))
            {
                Assert.True(command.OutputType.Count > 0, command.Name + " has no [OutputType]");
                Assert.All(command.OutputType, t => Assert.NotNull(t.Type));
            }
        }

        [Fact]
        public void Module_folder_is_complete()
        {
            string folder = Path.GetDirectoryName(Shell.Manifest)!;
            foreach (string file in new[] { "CspUpgrade.dll", "CspUpgrade.Engine.dll", "YamlDotNet.dll", "Newtonsoft.Json.dll", "CspUpgrade.Format.ps1xml", "DefaultCatalog.yaml" })
            {
                Assert.True(File.Exists(Path.Combine(folder, file)) || File.Exists(Path.Combine(folder, "Dependencies", file)), file + " is missing from " + folder);
            }
        }
    }

    internal static class ShellExtensions
    {
        public static T[] Objects<T>(this Shell shell, string script) =>
            shell.Ok(script).Select(o => o.BaseObject).OfType<T>().ToArray();

        public static dynamic[] Of(this Shell shell, string typeName, string script, Dictionary<string, object?>? variables = null) =>
            new ShellResult(shell.Ok(script, variables), new(), new(), null).Of(typeName);

        public static string[] Strings(this IEnumerable<dynamic> items, Func<dynamic, object?> select) =>
            items.Select(i => (string)(select(i)?.ToString() ?? string.Empty)).ToArray();

        /// <summary>The reason codes of an eligibility result or upgrade option, as text.</summary>
        public static string[] Codes(object result) =>
            ((System.Collections.IEnumerable)((dynamic)result).Reasons).Cast<dynamic>().Select(r => (string)r.Code.ToString()).ToArray();

        public static dynamic[] Reasons(object result) =>
            ((System.Collections.IEnumerable)((dynamic)result).Reasons).Cast<dynamic>().ToArray();
    }
}
