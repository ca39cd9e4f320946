using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CspUpgrade.Hosting;

namespace CspUpgrade.Module.Tests
{
    /// <summary>One PowerShell 7.6 runspace with out/CspUpgrade imported and a host that records what the user would see.</summary>
    public sealed class Shell : IDisposable
    {
        public Shell(bool importModule = true)
        {
            Host = new TextHost();
            Runspace = ModuleRunspace.Open(Host, importModule);
        }

        public TextHost Host { get; }
        public Runspace Runspace { get; }

        public static string Repo => ModuleRunspace.RepositoryRoot();
        public static string Manifest => ModuleRunspace.FindModuleManifest();

        /// <summary>Runs a script; terminating errors are captured, not thrown, so tests can assert on them.</summary>
        public ShellResult Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = Runspace;
            foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            {
                Runspace.SessionStateProxy.SetVariable(name, value);
            }
            // A statement-terminating error (ThrowTerminatingError) does not stop a script; catching and rethrowing it
            // turns it into an exception here, so tests can tell terminating errors from non-terminating ones.
            ps.AddScript("try {\n" + script + "\n} catch { throw }");
            Collection<PSObject> output = new Collection<PSObject>();
            ErrorRecord? terminating = null;
            try
            {
                output = ps.Invoke();
            }
            catch (RuntimeException ex)
            {
                terminating = ex.ErrorRecord;
            }
            return new ShellResult(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(), terminating);
        }

        /// <summary>Runs a script that must not fail; returns its output.</summary>
        public List<PSObject> Ok(string script, IDictionary<string, object?>? variables = null)
        {
            var result = Run(script, variables);
            Assert.True(result.Terminating is null, "terminating error: " + result.Terminating);
            Assert.True(result.Errors.Count == 0, "errors: " + string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
            return result.Output;
        }

        public void Dispose() => Runspace.Dispose();
    }

    public sealed record ShellResult(List<PSObject> Output, List<ErrorRecord> Errors, List<string> Warnings, ErrorRecord? Terminating)
    {
        public T[] Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToArray();

        /// <summary>Output objects of a CspUpgrade type, as dynamic (the tests never load the module's assemblies themselves).</summary>
        // By the .NET type: a piped upgrade option goes out with a view type name (CspUpgrade.UpgradeOption#Subscription) first.
        public dynamic[] Of(string typeName) => Output.Where(o => o.BaseObject.GetType().FullName == "CspUpgrade." + typeName).Select(o => (dynamic)o.BaseObject).ToArray();
    }

    /// <summary>Test inventories written to a temp folder that is removed afterwards.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cspupgrade-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, string content)
        {
            string file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content.Replace("\r\n", "\n"));
            return file;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
