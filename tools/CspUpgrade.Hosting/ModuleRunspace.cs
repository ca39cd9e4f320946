using System;
using System.IO;
using System.Management.Automation.Runspaces;

namespace CspUpgrade.Hosting
{
    /// <summary>Opens a PowerShell 7.6 runspace with the built module (out/CspUpgrade) imported.</summary>
    public static class ModuleRunspace
    {
        /// <summary>out/CspUpgrade/CspUpgrade.psd1 of the repository this program was built from.</summary>
        public static string FindModuleManifest()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "out", "CspUpgrade", "CspUpgrade.psd1");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException("out/CspUpgrade/CspUpgrade.psd1 was not found above " + AppContext.BaseDirectory + "; run 'dotnet build -c Release' first.");
        }

        public static string RepositoryRoot() =>
            Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(FindModuleManifest())!)!)!;

        /// <summary>A runspace with only the engine's core cmdlets, plus the module when <paramref name="importModule"/> is set.</summary>
        public static Runspace Open(TextHost host, bool importModule = true, string? manifest = null)
        {
            var state = InitialSessionState.CreateDefault2();
            if (importModule)
            {
                state.ImportPSModule(new[] { manifest ?? FindModuleManifest() });
            }
            var runspace = RunspaceFactory.CreateRunspace(host, state);
            runspace.Open();
            return runspace;
        }
    }
}
