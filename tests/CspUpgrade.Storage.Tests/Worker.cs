using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace CspUpgrade.Storage.Tests
{
    /// <summary>Starts tests/CspUpgrade.StressWorker as a separate process.</summary>
    internal static class Worker
    {
        public static string DllPath()
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string framework = bin.Name;
            string configuration = bin.Parent!.Name;
            var repo = bin;
            while (repo != null && !File.Exists(Path.Combine(repo.FullName, "CspUpgrade.sln")))
            {
                repo = repo.Parent;
            }
            string dll = Path.Combine(repo!.FullName, "tests", "CspUpgrade.StressWorker", "bin", configuration, framework, "CspUpgrade.StressWorker.dll");
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException("Build the stress worker first (dotnet build).", dll);
            }
            return dll;
        }

        public static Process Start(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(DllPath());
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            var process = Process.Start(start)!;
            return process;
        }

        public static (int ExitCode, string Output) Run(params string[] arguments)
        {
            using var process = Start(arguments);
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("worker did not finish: " + string.Join(" ", arguments));
            }
            process.WaitForExit();
            return (process.ExitCode, output.ToString());
        }
    }
}
