using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// Symbolic links and permission bits of the inventory file. The engine targets netstandard2.0, which has neither; .NET 7
    /// and later (PowerShell 7.4+) have File.GetUnixFileMode/SetUnixFileMode and FileSystemInfo.ResolveLinkTarget, found here
    /// by reflection once. That avoids P/Invoking libc's stat, whose struct layout differs between Linux and macOS and
    /// between architectures. Where they are missing (Windows PowerShell on .NET Framework) a link is not resolved and the
    /// read-only attribute stands for the owner's write bit.
    /// </summary>
    internal static class FileFacts
    {
        private const int OwnerWrite = 0x80; // S_IWUSR, UnixFileMode.UserWrite

        private static readonly MethodInfo? GetMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        private static readonly MethodInfo? SetMode = FindSetMode();
        private static readonly MethodInfo? ResolveLink = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>The file a path finally names, following symbolic links (chains too); the path itself when it is no link.</summary>
        public static string FinalTarget(string path)
        {
            string full = System.IO.Path.GetFullPath(path);
            if (ResolveLink is null)
            {
                return full;
            }
            var target = (FileSystemInfo?)Invoke(ResolveLink, new FileInfo(full), true);
            return target is null ? full : System.IO.Path.GetFullPath(target.FullName);
        }

        /// <summary>The permission bits (rwxrwxrwx and above), or null where there are none to read.</summary>
        public static int? Mode(string path) =>
            IsWindows || GetMode is null ? (int?)null : Convert.ToInt32(Invoke(GetMode, null, path));

        public static void CopyMode(int? mode, string path)
        {
            if (mode is int bits && SetMode != null)
            {
                Invoke(SetMode, null, path, Enum.ToObject(SetMode.GetParameters()[1].ParameterType, bits));
            }
        }

        /// <summary>False when the owner may not write the file: no owner write bit, or (Windows) the read-only attribute.</summary>
        public static bool OwnerMayWrite(string path, int? mode) =>
            mode is int bits ? (bits & OwnerWrite) != 0 : (File.GetAttributes(path) & FileAttributes.ReadOnly) == 0;

        /// <summary>ls-style text of the bits, for messages: r--r--r--.</summary>
        public static string Describe(int mode)
        {
            var text = new char[9];
            for (int i = 0; i < 9; i++)
            {
                text[i] = (mode & (1 << (8 - i))) != 0 ? "rwx"[i % 3] : '-';
            }
            return new string(text);
        }

        private static MethodInfo? FindSetMode()
        {
            foreach (var method in typeof(File).GetMethods(BindingFlags.Public | BindingFlags.Static))
            {
                var parameters = method.GetParameters();
                if (method.Name == "SetUnixFileMode" && parameters.Length == 2 && parameters[0].ParameterType == typeof(string))
                {
                    return method;
                }
            }
            return null;
        }

        private static object? Invoke(MethodInfo method, object? instance, params object[] arguments)
        {
            try
            {
                return method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
