using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// Another module's YamlDotNet (11.x, loaded the way powershell-yaml loads it) and ours (18.x) coexist in one
    /// process whichever comes first. Each order runs in a fresh child process, since assemblies cannot be unloaded.
    /// </summary>
    public class IsolationTests
    {
        private static string[] Probe(string order)
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string dll = Path.Combine(Shell.Repo, "tests", "CspUpgrade.IsolationProbe", "bin", bin.Parent!.Name, bin.Name, "CspUpgrade.IsolationProbe.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            start.ArgumentList.Add(order);
            start.ArgumentList.Add(Path.Combine(Shell.Repo, "examples", "contoso.yaml"));
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "probe timed out");
            Assert.True(process.ExitCode == 0, output);
            return output.Split('\n').Select(l => l.Trim()).ToArray();
        }

        [Theory]
        [InlineData("before")]
        [InlineData("after")]
        public void Another_YamlDotNet_loaded_before_or_after_the_module_does_not_break_either(string order)
        {
            var lines = Probe(order);
            Assert.Contains("ok other: greeting: hello", lines);
            Assert.Contains("ok ours: 13 customers", lines);
            Assert.Contains("ok type: CspUpgrade.EligibilityResult", lines);
            Assert.Contains("loaded YamlDotNet 11.0.0.0 in Default", lines);
            Assert.Contains("loaded YamlDotNet 18.0.0.0 in Isolated", lines);
            Assert.Contains(lines, l => l.StartsWith("loaded CspUpgrade.Engine ") && l.EndsWith(" in Default"));
        }
    }
}
