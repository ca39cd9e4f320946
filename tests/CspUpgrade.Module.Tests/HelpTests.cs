using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// The external help (en-US/CspUpgrade.dll-Help.xml) and about_CspUpgrade: found by Get-Help in the built module, complete
    /// for every cmdlet and parameter, true to the cmdlets' metadata, and with examples that run against examples/contoso.yaml.
    /// </summary>
    public class HelpTests
    {
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        /// <summary>
        /// Examples using these need a service (Partner Center or its fake): here they are parse-checked; CspUpgrade.PartnerCenter.Tests
        /// runs the loopback ones against its fake Partner Center.
        /// </summary>
        private static readonly string[] NeedsService = { "Connect-CspPartnerCenter" };

        private static readonly HashSet<string> CommonParameters =
            new(Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

        private readonly ITestOutputHelper _output;

        public HelpTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static string ModuleFolder => Path.GetDirectoryName(Shell.Manifest)!;

        private static string HelpFile => Path.Combine(ModuleFolder, "en-US", "CspUpgrade.dll-Help.xml");

        /// <summary>CmdletsToExport of the manifest source, read with the PowerShell parser (no runspace needed).</summary>
        public static IEnumerable<object[]> ExportedCmdlets()
        {
            var ast = Parser.ParseFile(Path.Combine(Shell.Repo, "CspUpgrade.psd1"), out _, out _);
            var manifest = (HashtableAst)ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false)!;
            var exports = manifest.KeyValuePairs.Single(p => p.Item1 is StringConstantExpressionAst { Value: "CmdletsToExport" }).Item2;
            return exports.FindAll(a => a is StringConstantExpressionAst, true).Select(e => new object[] { ((StringConstantExpressionAst)e).Value });
        }

        public sealed record HelpExample(string Command, int Number, string Title, string Code);

        private static IReadOnlyList<HelpExample> ReadExamples() =>
            XDocument.Load(HelpFile).Root!.Elements(Command + "command")
                .SelectMany(c => c.Element(Command + "examples")!.Elements(Command + "example").Select((e, i) => new HelpExample(
                    c.Element(Command + "details")!.Element(Command + "name")!.Value,
                    i + 1,
                    e.Element(Maml + "title")!.Value,
                    e.Element(Dev + "code")!.Value)))
                .ToList();

        public static IEnumerable<object[]> Examples() => ReadExamples().Select(e => new object[] { e.Command, e.Number });

        [Fact]
        public void The_help_file_ships_next_to_the_dll_and_covers_exactly_the_exported_cmdlets()
        {
            Assert.True(File.Exists(HelpFile), HelpFile + " is missing: module/en-US is not copied into the module folder");
            Assert.Equal(File.ReadAllText(Path.Combine(Shell.Repo, "module", "en-US", "CspUpgrade.dll-Help.xml")), File.ReadAllText(HelpFile));

            var documented = XDocument.Load(HelpFile).Root!.Elements(Command + "command")
                .Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).ToList();
            Assert.Equal(documented.Distinct().Count(), documented.Count);
            var exported = ExportedCmdlets().Select(c => (string)c[0]).ToList();
            Assert.Empty(exported.Except(documented));
            Assert.Empty(documented.Except(exported));

            // CmdletInfo.HelpFile is the bare file name until Get-Help has looked for it; then it is the file it found (the help
            // system caches the file, so only the first command looked up may show the full path).
            using var shell = new Shell();
            var helpFiles = shell.Ok("Get-Command -Module CspUpgrade | ForEach-Object { $null = Get-Help -Name $_.Name; $_.HelpFile }").Select(o => o.ToString()).Distinct().ToList();
            Assert.All(helpFiles, f => Assert.Equal("CspUpgrade.dll-Help.xml", Path.GetFileName(f)));
            Assert.Equal(Path.GetFullPath(HelpFile), Path.GetFullPath(Assert.Single(helpFiles, Path.IsPathRooted)));
        }

        [Fact]
        public void Get_Help_Full_returns_the_synopsis_and_the_parameter_descriptions()
        {
            using var shell = new Shell();
            var help = shell.Ok("Get-Help Connect-CspInventory -Full").Single();
            Assert.Equal("Connects the session to a local inventory file (YAML or JSON) that stands in for Partner Center.", help.Properties["Synopsis"].Value.ToString());

            var described = shell.Ok(@"(Get-Help Connect-CspInventory -Full).parameters.parameter |
                ForEach-Object { '{0}: {1}' -f $_.name, (($_.description | ForEach-Object Text) -join ' ') }").Select(o => o.ToString()).ToList();
            Assert.Contains(described, d => d.StartsWith("Path: The path of the inventory file (.yaml, .yml or .json).", StringComparison.Ordinal));
            Assert.Contains(described, d => d.StartsWith("LiteralPath: The path of the inventory file, used exactly as written", StringComparison.Ordinal));

            // What a user sees in the console.
            shell.Ok("Get-Help Connect-CspInventory -Full | Out-Default");
            string text = Regex.Replace(shell.Host.Text, @"\s+", " ");
            Assert.Contains("Connects the session to a local inventory file (YAML or JSON) that stands in for Partner Center.", text);
            Assert.Contains("Connect-CspInventory [-Path] <String>", text);
            Assert.Contains("Connect-CspInventory -LiteralPath <String>", text);
            Assert.Contains("The path of the inventory file (.yaml, .yml or .json). Wildcards are allowed", text);
            Assert.Contains("Accept pipeline input? True (ByPropertyName)", text);
            Assert.Contains("Example 1: Connect to the example inventory", text);
            Assert.Contains("Connect-CspInventory -Path ./examples/contoso.yaml", text);
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Every_cmdlet_has_a_synopsis_a_description_examples_and_help_for_every_parameter(string name)
        {
            using var shell = new Shell();
            var vars = new Dictionary<string, object?> { ["n"] = name };
            var help = (Hashtable)shell.Ok(@"
                $h = Get-Help -Name $n -Full
                @{
                    Synopsis = ""$($h.Synopsis)"".Trim()
                    Description = (@($h.description | ForEach-Object Text) -join ' ').Trim()
                    SyntaxItems = @($h.syntax.syntaxItem).Count
                    Examples = @($h.examples.example | ForEach-Object {
                        @{ Title = ""$($_.title)""; Code = ""$($_.code)"".Trim(); Remarks = (@($_.remarks | ForEach-Object Text) -join ' ').Trim() }
                    })
                    Parameters = @($h.parameters.parameter | Where-Object { $_ -and $_.name } | ForEach-Object {
                        @{
                            Name = ""$($_.name)""
                            Description = (@($_.description | ForEach-Object Text) -join ' ').Trim()
                            Required = ""$($_.required)""
                            Position = ""$($_.position)""
                            PipelineInput = ""$($_.pipelineInput)""
                            Globbing = ""$($_.globbing)""
                            Aliases = ""$($_.aliases)""
                        }
                    })
                }", vars).Single().BaseObject;
            var cmdlet = (CmdletInfo)shell.Ok("Get-Command -Name $n", vars).Single().BaseObject;

            string synopsis = (string)help["Synopsis"]!;
            Assert.False(string.IsNullOrWhiteSpace(synopsis), name + " has no synopsis");
            Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase), name + " has only the generated syntax as its synopsis: " + synopsis);
            Assert.False(string.IsNullOrWhiteSpace((string)help["Description"]!), name + " has no description");
            Assert.Equal(cmdlet.ParameterSets.Count, (int)help["SyntaxItems"]!);

            var examples = Items(help["Examples"]);
            Assert.True(examples.Count >= 2, $"{name} has {examples.Count} example(s); at least 2 are needed");
            for (int i = 0; i < examples.Count; i++)
            {
                Assert.Matches($"^-+ Example {i + 1}: .+ -+$", (string)examples[i]["Title"]!);
                Assert.False(string.IsNullOrWhiteSpace((string)examples[i]["Code"]!), $"{name} example {i + 1} has no code");
                Assert.False(string.IsNullOrWhiteSpace((string)examples[i]["Remarks"]!), $"{name} example {i + 1} has no remarks");
            }

            var documented = Items(help["Parameters"]).ToDictionary(p => (string)p["Name"]!, StringComparer.OrdinalIgnoreCase);
            var actual = cmdlet.Parameters.Values.Where(p => !CommonParameters.Contains(p.Name)).ToList();
            foreach (var parameter in actual)
            {
                Assert.True(documented.TryGetValue(parameter.Name, out var doc), $"{name} -{parameter.Name} is not in the help");
                Assert.False(string.IsNullOrWhiteSpace((string)doc!["Description"]!), $"{name} -{parameter.Name} has no description");

                var sets = parameter.ParameterSets.Values;
                Assert.True((sets.Any(s => s.IsMandatory) ? "true" : "false") == (string)doc["Required"]!, $"{name} -{parameter.Name}: help says required={doc["Required"]}");
                int position = sets.Select(s => s.Position).Where(p => p >= 0).DefaultIfEmpty(-1).Max();
                Assert.True((position >= 0 ? position.ToString() : "named") == (string)doc["Position"]!, $"{name} -{parameter.Name}: help says position {doc["Position"]}, the cmdlet {position}");
                var by = new List<string>();
                if (sets.Any(s => s.ValueFromPipeline))
                {
                    by.Add("ByValue");
                }
                if (sets.Any(s => s.ValueFromPipelineByPropertyName))
                {
                    by.Add("ByPropertyName");
                }
                string pipeline = by.Count == 0 ? "False" : $"True ({string.Join(", ", by)})";
                Assert.True(pipeline == (string)doc["PipelineInput"]!, $"{name} -{parameter.Name}: help says pipeline input '{doc["PipelineInput"]}', the cmdlet '{pipeline}'");
                string aliases = parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases);
                Assert.True(aliases == (string)doc["Aliases"]!, $"{name} -{parameter.Name}: help says aliases '{doc["Aliases"]}', the cmdlet '{aliases}'");
                bool globbing = parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any();
                Assert.True(globbing.ToString().Equals((string)doc["Globbing"]!, StringComparison.OrdinalIgnoreCase), $"{name} -{parameter.Name}: help says globbing {doc["Globbing"]}");
            }
            // Nothing stale: every documented parameter exists (WhatIf and Confirm only on cmdlets that support ShouldProcess).
            Assert.All(documented.Keys, p => Assert.True(cmdlet.Parameters.ContainsKey(p), $"{name} has help for -{p}, which it does not have"));
        }

        [Theory]
        [MemberData(nameof(Examples))]
        public void Every_help_example_runs_against_a_copy_of_the_examples_or_at_least_parses(string command, int number)
        {
            var example = ReadExamples().Single(e => e.Command == command && e.Number == number);
            var ast = Parser.ParseInput(example.Code, out _, out ParseError[] errors);
            Assert.True(errors.Length == 0, $"{command} example {number} does not parse:\n" + string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}")));

            using var shell = new Shell();
            var unavailable = UnavailableCommands(shell, ast);
            if (unavailable.Count > 0)
            {
                _output.WriteLine($"{command} example {number}: parse-checked only; it uses {string.Join(", ", unavailable)}.");
                return;
            }

            using var dir = new TempDir();
            CopyDirectory(Path.Combine(Shell.Repo, "examples"), Path.Combine(dir.Path, "examples"));
            // The input files the examples name (worklist.csv, seats.csv, customers.csv, catalogs/).
            CopyDirectory(Path.Combine(Shell.Repo, "tests", "CspUpgrade.Module.Tests", "HelpFixtures"), dir.Path);
            File.Copy(Path.Combine(Shell.Repo, "module", "DefaultCatalog.yaml"), Path.Combine(dir.Path, "catalogs", "default.yaml"));
            File.Copy(Path.Combine(Shell.Repo, "examples", "priced-catalog.yaml"), Path.Combine(dir.Path, "catalogs", "priced.yaml"));
            shell.Ok("$ExecutionContext.SessionState.Path.SetLocation($d) | Out-Null", new Dictionary<string, object?> { ["d"] = dir.Path });
            var result = shell.Run(". {\n" + example.Code + "\n} | Out-Default");
            _output.WriteLine(shell.Host.Text);
            Assert.True(result.Terminating is null, $"{command} example {number} failed: {result.Terminating}");
            Assert.True(result.Errors.Count == 0, $"{command} example {number} wrote errors: " + string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
            // An example shows something, or writes a file (Export-Csv) that is there afterwards.
            var exported = System.Text.RegularExpressions.Regex.Matches(example.Code, @"Export-Csv\s+(\S+)").Select(m => m.Groups[1].Value).ToList();
            Assert.All(exported, f => Assert.True(File.Exists(Path.Combine(dir.Path, f)), $"{command} example {number} did not write {f}"));
            Assert.True(shell.Host.Text.Trim().Length > 0 || example.Code.Contains("Out-Null") || exported.Count > 0, $"{command} example {number} showed nothing");
        }

        [Fact]
        public void Most_examples_run_here_and_every_cmdlet_has_at_least_one_that_does()
        {
            using var shell = new Shell();
            var examples = ReadExamples();
            var runnable = examples.Where(e => UnavailableCommands(shell, Parser.ParseInput(e.Code, out _, out _)).Count == 0).ToList();
            _output.WriteLine($"{runnable.Count} of {examples.Count} examples run in the hosted engine; the rest are parse-checked.");
            Assert.True(runnable.Count * 4 >= examples.Count * 3, $"only {runnable.Count} of {examples.Count} examples can run here");
            foreach (string name in ExportedCmdlets().Select(c => (string)c[0]).Except(NeedsService))
            {
                Assert.True(runnable.Any(e => e.Command == name), name + " has no example that runs with only the module and the core cmdlets");
            }
        }

        [Fact]
        public void About_CspUpgrade_is_found_by_Get_Help_and_covers_every_reason_code_and_error_id()
        {
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "en-US", "about_CspUpgrade.help.txt")));
            using var shell = new Shell();
            string text = string.Join("\n", shell.Ok("Get-Help about_CspUpgrade").Select(o => o.ToString()));
            Assert.StartsWith("TOPIC", text.TrimStart());
            Assert.Contains("about_CspUpgrade", text);
            foreach (string heading in new[] { "SHORT DESCRIPTION", "UPGRADE MATRIX", "ELIGIBILITY", "REASON CODES", "BILLING", "ADDING LICENSES", "INVENTORY FILE", "JOURNAL AND SAFE WRITES", "ERRORS", "TROUBLESHOOTING" })
            {
                Assert.Contains("\n" + heading + "\n", text.Replace("\r\n", "\n"));
            }
            foreach (string code in shell.Ok("[enum]::GetNames([CspUpgrade.ReasonCode])").Select(o => o.ToString()))
            {
                Assert.Contains(code, text);
            }
            foreach (string id in new[]
            {
                "NotConnected", "CustomerNotFound", "SubscriptionNotFound", "OfferNotFound", "NotEligible", "SeatLimitExceeded", "SubscriptionNotActive",
                "PartnerRoleNotPermitted", "CatalogInvalid", "InventoryInvalid", "InventoryLocked", "PartnerCenterRequestFailed", "PartnerCenterThrottled", "OfferAmbiguous",
                "PartnerCenterUnauthorized",
            })
            {
                Assert.Contains(id, text);
            }
            Assert.Contains("about_CspUpgrade", shell.Ok("Get-Help -Name about_Csp* -Category HelpFile | ForEach-Object Name").Select(o => o.ToString()));
            // Get-Help shows about topics as they are written: keep them readable in an 80-column console.
            Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, "longer than 80 columns: " + line));
        }

        /// <summary>Commands an example calls that the hosted engine (module + core cmdlets) lacks, or that need a service.</summary>
        private static List<string> UnavailableCommands(Shell shell, ScriptBlockAst ast)
        {
            var defined = ast.FindAll(a => a is FunctionDefinitionAst, true).Select(a => ((FunctionDefinitionAst)a).Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var names = ast.FindAll(a => a is CommandAst, true).Select(a => ((CommandAst)a).GetCommandName()).OfType<string>()
                .Where(n => !defined.Contains(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var missing = names.Where(n => NeedsService.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            foreach (string name in names.Except(missing))
            {
                if (shell.Ok("@(Get-Command -Name $n -ErrorAction Ignore).Count", new Dictionary<string, object?> { ["n"] = name }).Single().BaseObject is 0)
                {
                    missing.Add(name);
                }
            }
            return missing;
        }

        private static List<Hashtable> Items(object? value) =>
            value is null ? new List<Hashtable>() : ((IEnumerable)value).Cast<object>().Select(o => (Hashtable)(o is PSObject p ? p.BaseObject : o)).ToList();

        private static void CopyDirectory(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (string file in Directory.EnumerateFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
            foreach (string sub in Directory.EnumerateDirectories(from))
            {
                CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
            }
        }
    }
}
