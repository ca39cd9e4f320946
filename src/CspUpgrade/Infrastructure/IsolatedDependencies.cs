#if NETSTANDARD2_0
using System.Reflection;
using System.Runtime.Loader;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// PowerShell 7 only (AssemblyLoadContext does not exist on .NET Framework; callers check first). When the default
    /// context cannot find one of our dependencies, it is loaded from Dependencies/ into the module's own context.
    /// </summary>
    internal static class IsolatedDependencies
    {
        private static DependencyLoadContext? s_context;

        public static void Register(string folder)
        {
            s_context ??= new DependencyLoadContext(folder);
            AssemblyLoadContext.Default.Resolving += Resolve;
        }

        public static void Unregister() => AssemblyLoadContext.Default.Resolving -= Resolve;

        private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
            ModuleInitializer.DependencyPath(name) is null ? null : s_context!.LoadFromAssemblyName(name);

        private sealed class DependencyLoadContext : AssemblyLoadContext
        {
            private readonly string _folder;

            public DependencyLoadContext(string folder)
            {
                _folder = folder;
            }

            protected override Assembly? Load(AssemblyName name)
            {
                string? path = ModuleInitializer.DependencyPath(name);
                return path is null ? null : LoadFromAssemblyPath(path);
            }
        }
    }
}
#endif
