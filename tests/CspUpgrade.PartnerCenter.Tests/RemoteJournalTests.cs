using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>Settling a remote journal's interrupted operations against what the service shows now (the settle procedure the inventory shares).</summary>
    public sealed class RemoteJournalTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();

        public void Dispose() => _dir.Dispose();

        private static JournalEntry Intent(string customerId, string subscriptionId, int before, int after, TimeSpan age) =>
            new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, DateTime.UtcNow - age, "Fabrikam", customerId, "AddLicenses",
                new[] { new JournalChange(subscriptionId, new SubscriptionState(SubscriptionStatus.Active, before), new SubscriptionState(SubscriptionStatus.Active, after)) });

        private static SubscriptionRecord Subscription(string id, int quantity) =>
            new SubscriptionRecord { SubscriptionId = id, OfferId = "O365_E3", Status = SubscriptionStatus.Active, Quantity = quantity };

        [Fact]
        public void Old_interrupted_operations_of_the_customer_are_committed_or_abandoned_by_the_state_shown_and_the_rest_stay_open()
        {
            var journal = new RemoteJournal(_dir.File("sub/journal.jsonl"), "Partner Center");
            var old = TimeSpan.FromMinutes(20);
            var made = Intent("c1", "s1", 10, 15, old);
            var notMade = Intent("c1", "s2", 20, 25, old);
            var neither = Intent("c1", "s3", 30, 35, old);
            var recent = Intent("c1", "s4", 40, 45, TimeSpan.FromMinutes(1));
            var otherCustomer = Intent("c2", "s9", 1, 2, old);
            foreach (var entry in new[] { made, notMade, neither, recent, otherCustomer })
            {
                journal.Append(entry);
            }
            var fresh = new CustomerRecord
            {
                CustomerId = "c1",
                Name = "Contoso",
                Subscriptions = new List<SubscriptionRecord> { Subscription("s1", 15), Subscription("s2", 20), Subscription("s3", 33), Subscription("s4", 40) },
            };

            journal.Settle(fresh, new PartnerInfo { Name = "Fabrikam" }, TimeSpan.FromMinutes(15));

            var entries = journal.ReadAll();
            var settled = entries.Where(e => e.Phase != JournalEntry.Intent).ToDictionary(e => e.OperationId);
            Assert.Equal(2, settled.Count);
            Assert.Equal(JournalEntry.Committed, settled[made.OperationId].Phase);
            Assert.Equal("settled later: Partner Center shows the change made", settled[made.OperationId].Note);
            Assert.Equal(JournalEntry.Abandoned, settled[notMade.OperationId].Phase);
            Assert.Equal("settled later: Partner Center shows the change not made", settled[notMade.OperationId].Note);
            Assert.Equal(new[] { neither.OperationId, recent.OperationId, otherCustomer.OperationId }, JournalFile.Interrupted(entries).Select(e => e.OperationId));
        }

        [Fact]
        public void A_missing_journal_has_no_history_and_nothing_to_settle()
        {
            var journal = new RemoteJournal(_dir.File("none/journal.jsonl"), "Partner Center");
            Assert.Empty(journal.ReadAll());
            journal.Settle(new CustomerRecord { CustomerId = "c1", Name = "Contoso" }, new PartnerInfo { Name = "Fabrikam" }, TimeSpan.Zero);
            Assert.False(System.IO.File.Exists(journal.Path));
        }
    }
}
