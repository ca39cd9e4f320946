using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace CspUpgrade.Storage.Tests
{
    public sealed class ConcurrencyTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "cspupgrade-concurrency-" + Guid.NewGuid().ToString("N"));

        public ConcurrencyTests() => Directory.CreateDirectory(_dir);

        [Theory]
        [InlineData("inventory.yaml")]
        [InlineData("inventory.json")]
        public async Task Two_processes_adding_licenses_at_once_lose_no_update(string fileName)
        {
            string inventory = Path.Combine(_dir, fileName);
            var document = InventoryLoader.Load("seed.yaml", new StringReader(TestInventories.OneSubscriptionEach(3).Replace("offer: O365_BUSINESS,", "offer: O365_E3,")), OfferCatalog.Default, json: false);
            File.WriteAllText(inventory, InventoryWriter.ToText(document, fileName.EndsWith(".json")));

            var first = Task.Run(() => Worker.Run("add", inventory, "cust-1", "sub-1", "100"));
            var second = Task.Run(() => Worker.Run("add", inventory, "cust-1", "sub-1", "100"));
            var one = await first;
            var two = await second;

            Assert.True(one.ExitCode == 0, one.Output);
            Assert.True(two.ExitCode == 0, two.Output);
            Assert.Equal(100, one.Output.Split('\n').Count(l => l.StartsWith("done")));
            Assert.Equal(100, two.Output.Split('\n').Count(l => l.StartsWith("done")));

            var after = InventoryLoader.Load(inventory, OfferCatalog.Default);
            Assert.Equal(10 + 200, after.Customers[1].FindSubscription("sub-1")!.Quantity);
            Assert.Equal(10, after.Customers[0].FindSubscription("sub-0")!.Quantity);

            var journal = JournalFile.Read(JournalFile.PathFor(inventory));
            Assert.Equal(200, journal.Count(e => e.Phase == JournalEntry.Committed));
            Assert.Empty(JournalFile.Interrupted(journal));
            // Each write saw the one before it: the recorded quantities form one unbroken chain 10 -> 210.
            var chain = journal.Where(e => e.Phase == JournalEntry.Committed).Select(e => e.Subscriptions.Single()).ToList();
            Assert.Equal(Enumerable.Range(10, 200), chain.Select(c => c.Before!.Quantity).OrderBy(q => q));
            Assert.All(chain, c => Assert.Equal(c.Before!.Quantity + 1, c.After.Quantity));
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
