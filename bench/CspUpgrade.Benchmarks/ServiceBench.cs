using System.Diagnostics;
using System.IO;
using System.Linq;

namespace CspUpgrade.Benchmarks;

/// <summary>
/// The engine side of (d) without PowerShell: one request per subscription of the 10k subset (as the pipeline sends them)
/// through <see cref="EligibilityService"/> on the inventory backend, next to the bare rule (<see cref="EligibilityEngine.Check(CustomerContext, SubscriptionRecord, CatalogOffer, UpgradeType, int?)"/>)
/// on the same pairs, so what the service adds per request (lookups, context, iterator) is seen on its own.
/// </summary>
internal static class ServiceBench
{
    public static void Run(TextWriter log, int rounds)
    {
        var session = new CspSession();
        session.Backend = InventoryBackend.Open(BenchData.SubsetJsonPath, session);
        var customers = session.Backend.GetCustomers(default).ToList();
        var requests = customers.SelectMany(c => c.Subscriptions.Select(s => (Customer: c, Subscription: s))).ToList();
        var engine = session.Engine;
        var target = engine.Catalog.Find("O365_E3")!;
        var service = new EligibilityService(session);
        var contexts = customers.ToDictionary(c => c, c => engine.CreateContext(c, session.Backend.Partner));

        double Service()
        {
            var watch = Stopwatch.StartNew();
            int n = 0;
            foreach (var (customer, subscription) in requests)
            {
                foreach (var outcome in service.Submit(new EligibilityRequest(customer.CustomerId, subscription.SubscriptionId, "O365_E3")))
                {
                    n += outcome.Result is null ? 0 : 1;
                }
            }
            return watch.Elapsed.TotalMilliseconds * 1e6 / requests.Count;
        }

        double Rule()
        {
            var watch = Stopwatch.StartNew();
            int n = 0;
            foreach (var (customer, subscription) in requests)
            {
                n += engine.Check(contexts[customer], subscription, target, UpgradeType.UpgradeWithLicenseTransfer, null).IsEligible ? 1 : 0;
            }
            return watch.Elapsed.TotalMilliseconds * 1e6 / requests.Count;
        }

        double Backend()
        {
            var watch = Stopwatch.StartNew();
            int n = 0;
            var backend = session.Backend!;
            foreach (var (customer, subscription) in requests)
            {
                var found = backend.GetCustomer(customer.CustomerId, default)!;
                n += backend.CheckEligibility(contexts[found], found.FindSubscription(subscription.SubscriptionId)!, target, UpgradeChoice.Default, default).IsEligible ? 1 : 0;
            }
            return watch.Elapsed.TotalMilliseconds * 1e6 / requests.Count;
        }

        for (int i = 0; i < 3; i++)
        {
            Service();
            Rule();
            Backend();
        }
        var backendTimes = Enumerable.Range(0, rounds).Select(_ => Backend()).OrderBy(x => x).ToList();
        log.WriteLine($"  backend lookups + CheckEligibility:            {backendTimes[rounds / 2],8:N0} ns/request");
        var serviceTimes = Enumerable.Range(0, rounds).Select(_ => Service()).OrderBy(x => x).ToList();
        var rule = Enumerable.Range(0, rounds).Select(_ => Rule()).OrderBy(x => x).ToList();
        log.WriteLine($"{requests.Count:N0} requests; median of {rounds} rounds");
        log.WriteLine($"  EligibilityService.Submit, inventory backend: {serviceTimes[rounds / 2],8:N0} ns/request");
        log.WriteLine($"  EligibilityEngine.Check, contexts prebuilt:   {rule[rounds / 2],8:N0} ns/request");
    }
}
