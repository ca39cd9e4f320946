using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit.Abstractions;

namespace CspUpgrade.Storage.Tests
{
    /// <summary>
    /// A writer process is killed at random moments of a batch of upgrades and license additions, 50 times. After each kill
    /// the inventory must parse, hold exactly a prefix of the batch (each operation either fully there or not at all), and
    /// the journal must agree: everything the file holds was journaled, nothing it lacks is recorded as completed, and an
    /// interrupted operation shows as an intent without an outcome.
    /// </summary>
    public sealed class CrashSafetyTests : IDisposable
    {
        private const int Rounds = 50;
        private const int OperationsPerRound = 6;
        private static readonly string[] Steps = { "start", "intent", "temporary", "replaced", "committed" };
        private readonly ITestOutputHelper _output;
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "cspupgrade-crash-" + Guid.NewGuid().ToString("N"));

        public CrashSafetyTests(ITestOutputHelper output)
        {
            _output = output;
            Directory.CreateDirectory(_dir);
        }

        [Fact]
        public void Killed_writers_leave_the_old_or_new_state_and_a_journal_that_agrees()
        {
            int seed = int.TryParse(Environment.GetEnvironmentVariable("CSPUPGRADE_CRASH_SEED"), out int fixedSeed) ? fixedSeed : Environment.TickCount & 0x7fffffff;
            _output.WriteLine($"crash trial seed: {seed} (set CSPUPGRADE_CRASH_SEED={seed} to replay)");
            Console.WriteLine($"crash trial seed: {seed}");
            var random = new Random(seed);
            string inventory = Path.Combine(_dir, "inventory.yaml");
            int customers = Rounds * OperationsPerRound + 10;
            File.WriteAllText(inventory, TestInventories.OneSubscriptionEach(customers));

            int applied = 0;
            int kills = 0;
            for (int round = 0; round < Rounds; round++)
            {
                // The kill is timed from a random step of a random operation of the batch, as the worker reports it: timing
                // from the process start would, on a loaded machine, often kill the worker before it did anything. Half the
                // rounds the worker holds at that step until killed (every phase of a write is hit, however slow the machine
                // is to react); the other half it runs on and the kill lands a random 0-5 ms later, wherever that is.
                int victim = applied + random.Next(OperationsPerRound);
                string mark = Steps[random.Next(Steps.Length)] + " " + victim;
                bool hold = random.Next(2) == 0;
                int delay = random.Next(0, 5);
                var arguments = new List<string> { "crash", inventory, applied.ToString(), OperationsPerRound.ToString(), random.Next().ToString() };
                if (hold)
                {
                    arguments.Add(mark);
                }
                using (var worker = Worker.Start(arguments.ToArray()))
                using (var started = new ManualResetEventSlim())
                {
                    var output = new System.Text.StringBuilder();
                    worker.OutputDataReceived += (_, e) =>
                    {
                        lock (output)
                        {
                            output.AppendLine(e.Data);
                        }
                        if (e.Data == mark)
                        {
                            started.Set();
                        }
                    };
                    worker.ErrorDataReceived += (_, e) =>
                    {
                        lock (output)
                        {
                            output.AppendLine(e.Data);
                        }
                    };
                    worker.BeginOutputReadLine();
                    worker.BeginErrorReadLine();
                    var waited = System.Diagnostics.Stopwatch.StartNew();
                    while (!started.Wait(50) && !worker.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
                    {
                    }
                    if (!started.IsSet && worker.HasExited)
                    {
                        // A worker that finished its batch may exit before its last lines reach the handler: read them all
                        // (WaitForExit without a timeout waits for the redirected output to end) before judging.
                        worker.WaitForExit();
                    }
                    Assert.True(started.IsSet, $"seed {seed}, round {round}: the worker never reported '{mark}':\n{output}");
                    Thread.Sleep(delay);
                    if (!worker.HasExited)
                    {
                        worker.Kill(entireProcessTree: true);
                        kills++;
                    }
                    worker.WaitForExit();
                }
                applied = Verify(inventory, applied + OperationsPerRound, $"seed {seed}, round {round}");
            }
            _output.WriteLine($"{Rounds} rounds, {kills} kills, {applied} operations applied, no torn file");
            Console.WriteLine($"crash trial: {Rounds} rounds, {kills} kills, {applied} operations applied, no torn file");
            Assert.True(kills >= Rounds / 2, $"only {kills} of {Rounds} rounds were killed mid-batch (seed {seed}); the trial did not test crashes");

            // A last, uninterrupted run settles whatever the last kill left and finishes its operations.
            var (exit, log) = Worker.Run("crash", inventory, applied.ToString(), "2", "1");
            Assert.True(exit == 0, log);
            var entries = JournalFile.Read(JournalFile.PathFor(inventory));
            Assert.Empty(JournalFile.Interrupted(entries));
            var document = Load(inventory);
            var settledEntries = entries.Where(e => e.Phase != JournalEntry.Intent).ToList();
            foreach (var settled in settledEntries)
            {
                if (settled.Phase == JournalEntry.Committed)
                {
                    Assert.True(settled.IsReflectedIn(document), $"seed {seed}: committed operation {settled.OperationId} is not in the file");
                }
                else
                {
                    // An abandoned operation never reached the file; if its result is there now, a later run redid it.
                    bool redone = settledEntries.Any(e => e.Phase == JournalEntry.Committed && e.CustomerId == settled.CustomerId && e.Time >= settled.Time);
                    Assert.True(redone || !settled.IsReflectedIn(document), $"seed {seed}: abandoned operation {settled.OperationId} is in the file");
                }
            }
            Assert.Contains(settledEntries, e => e.Note != null);
        }

        /// <summary>Checks the invariants after a kill; returns how many operations the file holds.</summary>
        private static int Verify(string inventory, int attemptedUpTo, string context)
        {
            var document = Load(inventory); // must parse
            var customers = document.Customers.ToDictionary(c => c.CustomerId);
            int applied = 0;
            bool gap = false;
            for (int k = 0; k < attemptedUpTo; k++)
            {
                bool done = IsApplied(customers[$"cust-{k}"], k, context);
                if (done)
                {
                    Assert.False(gap, $"{context}: operation {k} is in the file but an earlier one is not");
                    applied = k + 1;
                }
                else
                {
                    gap = true;
                }
            }

            var entries = JournalFile.Read(JournalFile.PathFor(inventory));
            var outcome = entries.Where(e => e.Phase != JournalEntry.Intent).GroupBy(e => e.OperationId).ToDictionary(g => g.Key, g => g.Last().Phase);
            for (int k = 0; k < attemptedUpTo; k++)
            {
                var intents = entries.Where(e => e.Phase == JournalEntry.Intent && e.CustomerId == $"cust-{k}").ToList();
                var committed = intents.Where(i => outcome.TryGetValue(i.OperationId, out var phase) && phase == JournalEntry.Committed).ToList();
                if (k < applied)
                {
                    Assert.True(intents.Count > 0, $"{context}: operation {k} is in the file but not in the journal");
                    Assert.True(committed.Count <= 1, $"{context}: operation {k} is recorded as completed twice");
                }
                else
                {
                    Assert.True(committed.Count == 0, $"{context}: operation {k} is recorded as completed but the file does not hold it");
                }
            }

            var interrupted = JournalFile.Interrupted(entries);
            Assert.True(interrupted.Count <= 1, $"{context}: {interrupted.Count} operations are unresolved; only the one a kill interrupted may be");
            foreach (var open in interrupted)
            {
                int k = int.Parse(open.CustomerId.Substring("cust-".Length));
                Assert.True(k == applied - 1 || k == applied, $"{context}: the unresolved operation {k} is not the one at the kill (file holds {applied})");
                Assert.Equal(k < applied, open.IsReflectedIn(document));
            }
            return applied;
        }

        private static bool IsApplied(CustomerRecord customer, int k, string context)
        {
            var source = customer.FindSubscription($"sub-{k}")!;
            if (k % 2 == 0)
            {
                Assert.True(source.Quantity is 10 or 11, $"{context}: sub-{k} has {source.Quantity} seats, neither before (10) nor after (11)");
                Assert.Single(customer.Subscriptions);
                return source.Quantity == 11;
            }
            bool upgraded = source.Status == SubscriptionStatus.Deleted;
            var created = customer.Subscriptions.Where(s => s.UpgradedFrom == source.SubscriptionId).ToList();
            if (!upgraded)
            {
                Assert.True(source.Status == SubscriptionStatus.Active && created.Count == 0, $"{context}: sub-{k} is half upgraded");
                Assert.All(customer.Users, u => Assert.Equal(new[] { source.SubscriptionId }, u.Licenses));
                return false;
            }
            var target = Assert.Single(created);
            Assert.Equal(("O365_E3", SubscriptionStatus.Active, 10), (target.OfferId, target.Status, target.Quantity));
            Assert.All(customer.Users, u => Assert.Equal(new[] { target.SubscriptionId }, u.Licenses));
            return true;
        }

        private static InventoryDocument Load(string path) => InventoryLoader.Load(path, OfferCatalog.Default);

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
