using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using CspUpgrade.Hosting;
using Xunit.Abstractions;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// Connect-CspPartnerCenter's help examples that use a loopback endpoint run here, against the fake, exactly as written
    /// but for the fake's port. (The module's help tests parse-check them; they cannot run without a service.)
    /// </summary>
    public sealed class HelpExampleTests
    {
        private const string DocumentedEndpoint = "http://127.0.0.1:5000/v1/";
        private const string DocumentedToken = "test-token";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private readonly ITestOutputHelper _output;

        public HelpExampleTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static List<(string Title, string Code)> LoopbackExamples()
        {
            string help = Path.Combine(Path.GetDirectoryName(ModuleRunspace.FindModuleManifest())!, "en-US", "CspUpgrade.dll-Help.xml");
            var command = XDocument.Load(help).Root!.Elements(Command + "command")
                .Single(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == "Connect-CspPartnerCenter");
            return command.Element(Command + "examples")!.Elements(Command + "example")
                .Select(e => (e.Element(Maml + "title")!.Value.Trim(' ', '-'), e.Element(Dev + "code")!.Value))
                .Where(e => e.Item2.Contains(DocumentedEndpoint, StringComparison.Ordinal))
                .ToList();
        }

        [Fact]
        public void At_least_two_examples_run_against_the_loopback_fake()
        {
            Assert.True(LoopbackExamples().Count >= 2, "Connect-CspPartnerCenter needs two examples against a loopback endpoint");
        }

        [Fact]
        public void Every_loopback_example_connects_and_shows_results_without_errors()
        {
            foreach (var (title, code) in LoopbackExamples())
            {
                using var fake = new FakePartnerCenter().WithStandardData();
                fake.AcceptedToken = DocumentedToken;
                using var dir = new TempDir();
                using var shell = new PcShell();
                shell.Ok("$ExecutionContext.SessionState.Path.SetLocation($d) | Out-Null", new Dictionary<string, object?> { ["d"] = dir.Path });

                var run = shell.Run(". {\n" + code.Replace(DocumentedEndpoint, fake.Endpoint.ToString(), StringComparison.Ordinal) + "\n} | Out-Default");
                _output.WriteLine(title + "\n" + shell.Host.Text);

                Assert.True(run.Terminating is null, $"{title}: {run.Terminating}");
                Assert.True(run.Errors.Count == 0, $"{title}: " + string.Join(" | ", run.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
                Assert.Contains(fake.Log, r => r.Header("Authorization") == "Bearer " + DocumentedToken);
                Assert.DoesNotContain(DocumentedToken, shell.Host.Text);
                if (code.Contains("Get-CspConnection", StringComparison.Ordinal))
                {
                    Assert.Contains(fake.Endpoint.ToString(), shell.Host.Text);
                    Assert.Contains(fake.PartnerName, shell.Host.Text);
                }
                if (code.Contains("Test-CspUpgradeEligibility", StringComparison.Ordinal))
                {
                    // One row per (subscription, path) of the standard data, in the table view.
                    Assert.Contains("c1", shell.Host.Text);
                    Assert.Contains("s4", shell.Host.Text);
                    Assert.Contains("SubscriptionStatusNotActive", shell.Host.Text);
                    Assert.Contains(fake.Log, r => r.Path.EndsWith("/upgrades", StringComparison.Ordinal));
                }
            }
        }
    }
}
