using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace CspUpgrade.Module.Tests
{
    /// <summary>
    /// Headless Chromium for rendering a local HTML file: a screenshot and a DOM dump. Each run gets a new profile folder and no
    /// network services; it runs in its own process group (setsid), and the whole group is killed on timeout and afterwards,
    /// so no renderer or helper process outlives the test.
    /// </summary>
    internal static class Chromium
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

        /// <summary>The browser on PATH (CHROMIUM overrides), or null when none is installed.</summary>
        public static string? Find()
        {
            string? configured = Environment.GetEnvironmentVariable("CHROMIUM");
            if (!string.IsNullOrEmpty(configured))
            {
                return File.Exists(configured) ? configured : null;
            }
            var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
                .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
                .FirstOrDefault(File.Exists);
        }

        /// <summary>Where <see cref="Find"/> looked, for the message when it found nothing.</summary>
        public static string WhereLooked()
        {
            string? configured = Environment.GetEnvironmentVariable("CHROMIUM");
            return string.IsNullOrEmpty(configured)
                ? "chromium, chromium-browser, google-chrome and google-chrome-stable on PATH; CHROMIUM is not set"
                : $"CHROMIUM={configured}, which does not exist";
        }

        /// <summary>Renders <paramref name="html"/> at the given window size into a PNG; returns chromium's output for messages.</summary>
        public static string Screenshot(string chromium, string html, string png, int width, int height) =>
            Run(chromium, html, $"--screenshot={png}", $"--window-size={width},{height}").Output;

        /// <summary>The DOM after loading <paramref name="html"/>, serialised by the browser.</summary>
        public static string DumpDom(string chromium, string html) => Run(chromium, html, "--dump-dom").StandardOutput;

        private sealed record Result(string StandardOutput, string Output);

        private static Result Run(string chromium, string html, params string[] extra)
        {
            string profile = Path.Combine(Path.GetTempPath(), "cspupgrade-chromium-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(profile);
            try
            {
                string? setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
                var start = new ProcessStartInfo(setsid ?? chromium)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                if (setsid != null)
                {
                    start.ArgumentList.Add(chromium);
                }
                foreach (string argument in new[]
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-extensions", "--hide-scrollbars", $"--user-data-dir={profile}",
                }.Concat(extra))
                {
                    start.ArgumentList.Add(argument);
                }
                start.ArgumentList.Add(new Uri(html).AbsoluteUri);

                using var process = Process.Start(start)!;
                // setsid execs chromium in place when the caller is not a group leader: the pid is the new group's id.
                int group = process.Id;
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                bool exited = process.WaitForExit((int)Timeout.TotalMilliseconds);
                KillGroup(process, group, setsid != null);
                if (!exited)
                {
                    throw new TimeoutException($"chromium did not finish rendering {html} within {Timeout.TotalSeconds} s; its process group {group} was killed.");
                }
                process.WaitForExit();
                string output = stdout.Result;
                string errors = stderr.Result;
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"chromium exited with {process.ExitCode} rendering {html}:\n{errors}");
                }
                return new Result(output, output + errors);
            }
            finally
            {
                try
                {
                    Directory.Delete(profile, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        /// <summary>Kills what is left of the run: its whole process group, or at least the process tree.</summary>
        private static void KillGroup(Process process, int group, bool ownGroup)
        {
            if (ownGroup && (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)))
            {
                _ = kill(-group, 9);
            }
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
