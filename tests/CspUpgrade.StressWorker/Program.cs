using System;
using System.Threading;
using CspUpgrade;

// crash <inventory> <first> <count> <seed>: operations first..first+count-1 (even: add 1 license to sub-k, odd: upgrade sub-k
//   to O365_E3), pausing a random moment between the steps of each write so a kill lands anywhere.
// add <inventory> <customerId> <subscriptionId> <count>: adds one license <count> times.
// Prints "start k" before and "done k" after each operation (a test times its kill from "start k": how long the runtime
// takes to start on a loaded machine does not matter).
string mode = args[0];
string path = args[1];
var backend = InventoryBackend.Open(path, () => OfferCatalog.Default);
var engine = new EligibilityEngine(OfferCatalog.Default);

if (mode == "crash")
{
    int first = int.Parse(args[2]);
    int count = int.Parse(args[3]);
    var random = new Random(int.Parse(args[4]));
    CspUpgrade.InventoryStore.StepHook = _ => Thread.Sleep(random.Next(0, 4));
    for (int k = first; k < first + count; k++)
    {
        Console.WriteLine($"start {k}");
        if (k % 2 == 0)
        {
            backend.AddLicenses(engine, $"cust-{k}", $"sub-{k}", 1, default);
        }
        else
        {
            backend.Upgrade(engine, $"cust-{k}", $"sub-{k}", OfferCatalog.Default.Find("O365_E3")!, UpgradeType.UpgradeWithLicenseTransfer, null, default);
        }
        Console.WriteLine($"done {k}");
    }
}
else if (mode == "add")
{
    int count = int.Parse(args[4]);
    for (int i = 0; i < count; i++)
    {
        backend.AddLicenses(engine, args[2], args[3], 1, default);
        Console.WriteLine($"done {i}");
    }
}
else
{
    Console.Error.WriteLine("usage: crash <inventory> <first> <count> <seed> | add <inventory> <customerId> <subscriptionId> <count>");
    return 2;
}
return 0;
