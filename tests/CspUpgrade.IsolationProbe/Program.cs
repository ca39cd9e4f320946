using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.Loader;
using CspUpgrade.Hosting;

// Usage: CspUpgrade.IsolationProbe before|after <inventory.yaml>
// Loads YamlDotNet 11 (as powershell-yaml would) before or after importing CspUpgrade, uses both, and prints
// "ok ..." lines, or "FAIL ..." and exit code 1.
string order = args[0];
string inventory = args[1];
string other = Path.Combine(AppContext.BaseDirectory, "other-yamldotnet", "YamlDotNet.dll");

var host = new TextHost(Console.Out);
using var runspace = ModuleRunspace.Open(host, importModule: false);

object? Run(string script)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    var output = ps.Invoke();
    if (ps.HadErrors)
    {
        throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
    }
    return output.Count > 0 ? output[^1].BaseObject : null;
}

string UseOther() => (string)Run($@"
    $asm = [System.Reflection.Assembly]::LoadFrom('{other}')
    $builder = [Activator]::CreateInstance($asm.GetType('YamlDotNet.Serialization.SerializerBuilder'))
    $builder.Build().Serialize(@{{ greeting = 'hello' }}).Trim()")!;

string UseOurs() => Run($@"
    Import-Module '{ModuleRunspace.FindModuleManifest()}'
    Connect-CspInventory -Path '{inventory}' | Out-Null
    '{{0}} customers' -f @(Get-CspCustomer).Count")!.ToString()!;

try
{
    if (order == "before")
    {
        Console.WriteLine("ok other: " + UseOther());
        Console.WriteLine("ok ours: " + UseOurs());
    }
    else
    {
        Console.WriteLine("ok ours: " + UseOurs());
        Console.WriteLine("ok other: " + UseOther());
        Console.WriteLine("ok ours again: " + Run($"Connect-CspInventory -Path '{inventory}' | Out-Null; @(Get-CspSubscription).Count"));
    }
    // The module's public types stay resolvable by name in scripts.
    Console.WriteLine("ok type: " + Run("[CspUpgrade.EligibilityResult].FullName"));
    foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name is "YamlDotNet" or "CspUpgrade.Engine"))
    {
        Console.WriteLine($"loaded {assembly.GetName().Name} {assembly.GetName().Version} in {(AssemblyLoadContext.GetLoadContext(assembly) == AssemblyLoadContext.Default ? "Default" : "Isolated")}");
    }
    return 0;
}
catch (Exception ex)
{
    Console.WriteLine("FAIL " + ex.GetType().Name + ": " + ex.Message);
    return 1;
}
