using System;
using System.Threading;
using CspUpgrade;

// crash <inventory> <first> <count> <seed> [<step> <k>]: operations first..first+count-1 (even: add 1 license to sub-k, odd: upgrade sub-k
//   to O365_E3), pausing a random moment between the steps of each write so a kill lands anywhere.
// add <inventory> <customerId> <subscriptionId> <count>: adds one license <count> times.
// Prints "start k" before each operation, "<step> k" at each step of its write (intent, temporary, replaced, committed) and
// "done k" after it: a test times its kill from one of these lines, so neither the runtime's start-up nor a slow write on
// a loaded machine decides where kills land.
string mode = args[0];
string path = args[1];
var backend = InventoryBackend.Open(path, new CspSession());

if (mode == "crash")
{
    int first = int.Parse(args[2]);
    int count = int.Parse(args[3]);
    var random = new Random(int.Parse(args[4]));
    // Optional "<step> <k>": stop there and wait to be killed, so a kill is sure to land at that point of the write.
    string? hold = args.Length > 5 ? args[5] : null;
    int current = first;
    void Report(string step)
    {
        string line = $"{step} {current}";
        Console.WriteLine(line);
        Thread.Sleep(line == hold ? 60_000 : random.Next(0, 4));
    }
    CspUpgrade.InventoryStore.StepHook = Report;
    for (int k = first; k < first + count; k++)
    {
        current = k;
        Report("start");
        if (k % 2 == 0)
        {
            backend.AddLicenses($"cust-{k}", $"sub-{k}", 1, default);
        }
        else
        {
            backend.Upgrade($"cust-{k}", $"sub-{k}", OfferCatalog.Default.Find("O365_E3")!, UpgradeChoice.Default, default);
        }
        Console.WriteLine($"done {k}");
    }
}
else if (mode == "add")
{
    int count = int.Parse(args[4]);
    for (int i = 0; i < count; i++)
    {
        backend.AddLicenses(args[2], args[3], 1, default);
        Console.WriteLine($"done {i}");
    }
}
else
{
    Console.Error.WriteLine("usage: crash <inventory> <first> <count> <seed> | add <inventory> <customerId> <subscriptionId> <count>");
    return 2;
}
return 0;
