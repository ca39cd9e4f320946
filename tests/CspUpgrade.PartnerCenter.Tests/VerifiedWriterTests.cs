using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>
    /// The one procedure every Partner Center write goes through (send / read back / send once more / abandon), on its own:
    /// a scripted write stands for Partner Center, the journal is a real file.
    /// </summary>
    public sealed class VerifiedWriterTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly List<string> _changed = new();
        private readonly List<BackendStatusUpdate> _status = new();
        private readonly BackendChannel _channel = new();

        public void Dispose() => _dir.Dispose();

        private string JournalPath => _dir.File("journal.jsonl");

        private VerifiedWriter Writer() =>
            new VerifiedWriter(new RemoteJournal(JournalPath, "Partner Center"), new PartnerInfo { Name = "Fabrikam" }, _changed.Add, _channel);

        private static JournalEntry Intent() =>
            new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, DateTime.UtcNow, "Fabrikam", "c1", "AddLicenses",
                new[] { new JournalChange("s1", new SubscriptionState(SubscriptionStatus.Active, 10), new SubscriptionState(SubscriptionStatus.Active, 15)) }, "+5 seats");

        private static PartnerCenterOutcomeUnknownException Lost() =>
            new PartnerCenterOutcomeUnknownException("Partner Center PATCH customers/c1/subscriptions/s1 answered 503; whether it took effect is unknown.",
                "PATCH", "customers/c1/subscriptions/s1", 503, "5503", "unavailable", "req-1", "corr-1");

        private IReadOnlyList<JournalEntry> Journal() => JournalFile.Read(JournalPath);

        private WriteOutcome<int?> Run(ScriptedWrite write, JournalEntry intent)
        {
            using (_channel.Attach(new RecordingCaller(_status)))
            {
                return Writer().Run(intent, write, default);
            }
        }

        [Fact]
        public void An_answered_write_is_sent_once_and_left_to_the_caller_to_commit()
        {
            var write = new ScriptedWrite { Sends = { () => ScriptedWrite.Ok() } };
            var intent = Intent();
            var outcome = Run(write, intent);

            Assert.NotNull(outcome.Response);
            Assert.Equal(1, write.Sent);
            Assert.Equal(0, write.ReadBacks);
            var entry = Assert.Single(Journal());
            Assert.Equal(JournalEntry.Intent, entry.Phase);
            Assert.Equal(intent.OperationId, entry.OperationId);
        }

        [Fact]
        public void A_lost_answer_whose_change_is_there_is_read_back_and_never_sent_again()
        {
            var write = new ScriptedWrite { Sends = { () => throw Lost() }, Seen = { 15 } };
            var outcome = Run(write, Intent());

            Assert.Null(outcome.Response);
            Assert.Equal(15, outcome.Confirmed);
            Assert.StartsWith("confirmed by reading Partner Center after: Partner Center PATCH", outcome.Note);
            Assert.Equal(1, write.Sent);
            Assert.Equal(new[] { "unconfirmed", "done 15" }, _status.Select(s => s.Message));
            Assert.Single(Journal()); // the caller commits with what it read
        }

        [Fact]
        public void A_lost_answer_whose_change_is_not_there_is_sent_once_more()
        {
            var write = new ScriptedWrite { Sends = { () => throw Lost(), () => ScriptedWrite.Ok() }, Seen = { 10 } };
            var outcome = Run(write, Intent());

            Assert.NotNull(outcome.Response);
            Assert.Equal(2, write.Sent);
            Assert.Equal(1, write.ReadBacks);
            Assert.Equal(new[] { "unconfirmed", "again 10" }, _status.Select(s => s.Message));
            Assert.Single(Journal());
        }

        [Fact]
        public void Lost_twice_with_nothing_changed_is_abandoned_and_fails_with_what_was_seen()
        {
            var write = new ScriptedWrite { Sends = { () => throw Lost(), () => throw Lost(), () => ScriptedWrite.Ok() }, Seen = { 10, 10 } };
            var intent = Intent();
            var ex = Assert.Throws<PartnerCenterException>(() => Run(write, intent));

            Assert.IsNotType<PartnerCenterOutcomeUnknownException>(ex);
            Assert.StartsWith("failed twice, still 10", ex.Summary);
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal("req-1", ex.RequestId);
            Assert.Equal(2, write.Sent);
            var journal = Journal();
            Assert.Equal(new[] { JournalEntry.Intent, JournalEntry.Abandoned }, journal.Select(e => e.Phase));
            Assert.All(journal, e => Assert.Equal(intent.OperationId, e.OperationId));
            Assert.StartsWith("not done after a retry: ", journal[1].Note);
        }

        [Fact]
        public void A_lost_answer_with_a_state_that_is_neither_before_nor_after_keeps_the_intent_and_says_the_outcome_is_unknown()
        {
            var write = new ScriptedWrite { Sends = { () => throw Lost(), () => ScriptedWrite.Ok() }, Seen = { 12 } };
            var intent = Intent();
            var ex = Assert.Throws<PartnerCenterOutcomeUnknownException>(() => Run(write, intent));

            Assert.Equal(1, write.Sent);
            Assert.Equal("Partner Center PATCH customers/c1/subscriptions/s1 answered 503; whether it took effect is unknown, and it is 12.", ex.Summary);
            Assert.IsType<PartnerCenterOutcomeUnknownException>(ex.InnerException);
            Assert.Single(JournalFile.Interrupted(Journal()));
        }

        [Fact]
        public void A_lost_answer_that_cannot_be_read_back_keeps_the_intent_and_says_so()
        {
            var write = new ScriptedWrite
            {
                Sends = { () => throw Lost(), () => ScriptedWrite.Ok() },
                ReadBackFails = new PartnerCenterException("Partner Center GET customers/c1/subscriptions/s1 failed after 4 attempts.", "GET", "customers/c1/subscriptions/s1", 503),
            };
            var ex = Assert.Throws<PartnerCenterOutcomeUnknownException>(() => Run(write, Intent()));

            Assert.Equal(1, write.Sent);
            Assert.EndsWith(", and reading failed (Partner Center GET customers/c1/subscriptions/s1 failed after 4 attempts.).", ex.Summary);
            Assert.Single(JournalFile.Interrupted(Journal()));
        }

        [Fact]
        public void A_refused_write_is_abandoned_with_Partner_Centers_status_and_code_and_the_refusal_passes_through()
        {
            var refusal = new PartnerCenterException("Partner Center refused PATCH customers/c1/subscriptions/s1.", "PATCH", "customers/c1/subscriptions/s1", 400, "800002", "quantity too high");
            var write = new ScriptedWrite { Sends = { () => throw refusal, () => ScriptedWrite.Ok() } };
            var thrown = Assert.Throws<PartnerCenterException>(() => Run(write, Intent()));

            Assert.Same(refusal, thrown);
            Assert.Equal(1, write.Sent);
            Assert.Equal(0, write.ReadBacks);
            var journal = Journal();
            Assert.Equal(JournalEntry.Abandoned, journal[1].Phase);
            Assert.Equal("Partner Center refused it: 400 800002", journal[1].Note);
        }

        [Fact]
        public void Commit_journals_the_changes_made_under_the_intents_id_and_marks_the_customer_changed()
        {
            var writer = Writer();
            var intent = Intent();
            var changes = new[] { new JournalChange("s1", new SubscriptionState(SubscriptionStatus.Active, 10), new SubscriptionState(SubscriptionStatus.Active, 15)) };
            var committed = writer.Commit(intent, changes, null);

            Assert.Equal(JournalEntry.Committed, committed.Phase);
            Assert.Equal("+5 seats", committed.Note);
            var line = Assert.Single(Journal());
            Assert.Equal(intent.OperationId, line.OperationId);
            Assert.Equal(15, line.Subscriptions[0].After.Quantity);
            Assert.Equal(new[] { "c1" }, _changed);
        }

        /// <summary>A write to a quantity of 10 seats that should become 15; each send and read-back follows the script.</summary>
        private sealed class ScriptedWrite : IVerifiableWrite<int?>
        {
            public List<Func<PartnerCenterResponse>> Sends { get; } = new();
            public List<int?> Seen { get; } = new();
            public PartnerCenterException? ReadBackFails { get; set; }
            public int Sent { get; private set; }
            public int ReadBacks { get; private set; }

            public static PartnerCenterResponse Ok() => new PartnerCenterResponse(200, null, "req-2", "corr-2", null, null);

            public PartnerCenterResponse Send(CancellationToken cancellation) => Sends[Sent++]();

            public int? ReadBack(CancellationToken cancellation)
            {
                if (ReadBackFails != null)
                {
                    throw ReadBackFails;
                }
                return Seen[ReadBacks++];
            }

            public ReadBack Judge(int? seen) => seen == 15 ? global::CspUpgrade.Engine.PartnerCenter.ReadBack.Done : seen == 10 ? global::CspUpgrade.Engine.PartnerCenter.ReadBack.Unchanged : global::CspUpgrade.Engine.PartnerCenter.ReadBack.Unexpected;

            public string Unconfirmed(PartnerCenterOutcomeUnknownException unknown) => "unconfirmed";

            public string ReadBackFailed(PartnerCenterException check) => $"and reading failed ({check.Summary}).";

            public string AlreadyDone(int? seen) => $"done {seen}";

            public string SendingAgain(int? seen) => $"again {seen}";

            public string FailedTwice(PartnerCenterOutcomeUnknownException unknown, int? seen) => $"failed twice, still {seen}";

            public string Unexpected(int? seen) => $"and it is {seen}.";
        }
    }
}
