using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CspUpgrade.Hosting;

// Usage: dotnet run --project tools/CspUpgrade.Run -- <script.ps1> [script arguments...]
// Runs the script with out/CspUpgrade imported and shows its output with the module's views, as pwsh would.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: CspUpgrade.Run <script.ps1> [arguments...]");
    return 2;
}

string script = Path.GetFullPath(args[0]);
if (!File.Exists(script))
{
    Console.Error.WriteLine($"CspUpgrade.Run: no such script: {script}");
    return 2;
}

var host = new TextHost(Console.Out, Console.IsOutputRedirected ? 160 : Math.Max(120, Console.WindowWidth), stripAnsi: Console.IsOutputRedirected);
using var runspace = ModuleRunspace.Open(host);
using var shell = PowerShell.Create();
shell.Runspace = runspace;
shell.AddCommand(script);
foreach (string argument in args.Skip(1))
{
    shell.AddArgument(argument);
}
shell.AddCommand("Out-Default");
shell.Streams.Error.DataAdded += (sender, e) =>
{
    var record = shell.Streams.Error[e.Index];
    Console.Error.WriteLine($"{record.FullyQualifiedErrorId}: {record}");
};

try
{
    shell.Invoke();
}
catch (RuntimeException ex)
{
    Console.Error.WriteLine($"{ex.ErrorRecord.FullyQualifiedErrorId}: {ex.Message}");
    return 1;
}
// Errors the script chose to ignore (-ErrorAction Ignore) are not failures; those it let through are.
return shell.Streams.Error.Count > 0 ? 1 : 0;
