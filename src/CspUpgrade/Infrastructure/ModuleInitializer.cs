using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// Keeps the module's third-party dependencies (YamlDotNet, Newtonsoft.Json, and for sign-in through Entra ID
    /// Microsoft.Identity.Client and Microsoft.IdentityModel.Abstractions, loaded on first use) from clashing with other modules' copies,
    /// the way platyPS v2's ModuleInitAndCleanup does. They ship in Dependencies/, where nothing finds them by default;
    /// on PowerShell 7 they load into this module's own AssemblyLoadContext, so another version already loaded (or
    /// loaded later) by e.g. powershell-yaml lives beside ours. CspUpgrade.dll and CspUpgrade.Engine.dll stay in the
    /// default context, so [CspUpgrade.EligibilityResult] and the other public types work in scripts.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object s_gate = new object();
        private static int s_imports;

        internal static string DependencyFolder { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies");

        internal static bool IsNetFramework { get; } =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            lock (s_gate)
            {
                if (s_imports++ == 0)
                {
                    if (IsNetFramework)
                    {
                        AppDomain.CurrentDomain.AssemblyResolve += ResolveOnNetFramework;
                    }
                    else
                    {
#if NETSTANDARD2_0
                        IsolatedDependencies.Register(DependencyFolder);
#endif
                    }
                }
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            lock (s_gate)
            {
                if (--s_imports == 0)
                {
                    if (IsNetFramework)
                    {
                        AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnNetFramework;
                    }
                    else
                    {
#if NETSTANDARD2_0
                        IsolatedDependencies.Unregister();
#endif
                    }
                }
            }
        }

        /// <summary>The file in Dependencies/ for an assembly name, or null when it is not one of ours.</summary>
        internal static string? DependencyPath(AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name))
            {
                return null;
            }
            string path = Path.Combine(DependencyFolder, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }

        // Windows PowerShell 5.1 has one load context: the best it can do is find our copies when nothing else answered.
        private static Assembly? ResolveOnNetFramework(object? sender, ResolveEventArgs args)
        {
            string? path = DependencyPath(new AssemblyName(args.Name));
            return path is null ? null : Assembly.LoadFrom(path);
        }
    }
}
