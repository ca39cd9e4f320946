using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;

namespace CspUpgrade.Module.Tests
{
    /// <summary>No script in the repository (examples, build, Pester tests, manifests) may rot into a syntax error.</summary>
    public class ScriptParseTests
    {
        public static IEnumerable<object[]> Scripts() =>
            Directory.EnumerateFiles(Shell.Repo, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".ps1") || f.EndsWith(".psm1") || f.EndsWith(".psd1"))
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "out" or ".git"))
                .Select(f => new object[] { Path.GetRelativePath(Shell.Repo, f) });

        [Fact]
        public void The_repository_has_scripts_to_check()
        {
            var scripts = Scripts().Select(s => (string)s[0]).ToList();
            Assert.Contains("build.ps1", scripts);
            Assert.Contains("CspUpgrade.psd1", scripts);
        }

        [Theory]
        [MemberData(nameof(Scripts))]
        public void Script_parses_without_errors(string relativePath)
        {
            Parser.ParseFile(Path.Combine(Shell.Repo, relativePath), out _, out ParseError[] errors);
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{relativePath}:{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}")));
        }
    }
}
