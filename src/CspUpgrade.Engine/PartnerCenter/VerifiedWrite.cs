using System;
using System.Collections.Generic;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>What reading back after a write whose answer was lost shows.</summary>
    internal enum ReadBack
    {
        /// <summary>The change is there: it is not sent again.</summary>
        Done,

        /// <summary>The state before is there: the change did not happen.</summary>
        Unchanged,

        /// <summary>Neither: something else changed it, or it cannot be read; nobody can tell what the write did.</summary>
        Unexpected,
    }

    /// <summary>One kind of write (an upgrade, a new quantity...): how to send it, read back and judge what Partner Center shows, and the words for each step.</summary>
    /// <typeparam name="TSeen">What a read-back returns.</typeparam>
    internal interface IVerifiableWrite<TSeen>
    {
        /// <summary>Sends the write once; throws <see cref="PartnerCenterOutcomeUnknownException"/> when its answer was lost.</summary>
        PartnerCenterResponse Send(CancellationToken cancellation);

        /// <summary>What Partner Center shows now; throws <see cref="PartnerCenterException"/> when it cannot be read.</summary>
        TSeen ReadBack(CancellationToken cancellation);

        ReadBack Judge(TSeen seen);

        /// <summary>Status: the answer was lost and the state is being read.</summary>
        string Unconfirmed(PartnerCenterOutcomeUnknownException unknown);

        /// <summary>Continues the lost answer's message when the read-back failed too.</summary>
        string ReadBackFailed(PartnerCenterException check);

        /// <summary>Status: the change is there, it is not sent again.</summary>
        string AlreadyDone(TSeen seen);

        /// <summary>Status: the change is not there, it is sent once more.</summary>
        string SendingAgain(TSeen seen);

        /// <summary>The error when the change is still not there after the second attempt.</summary>
        string FailedTwice(PartnerCenterOutcomeUnknownException unknown, TSeen seen);

        /// <summary>Continues the lost answer's message when the read-back shows neither state.</summary>
        string Unexpected(TSeen seen);
    }

    /// <summary>How a verified write ended: Partner Center's answer, or (the answer lost) the read-back that shows the change made.</summary>
    internal sealed class WriteOutcome<TSeen>
    {
        private WriteOutcome(PartnerCenterResponse? response, TSeen confirmed, string? note)
        {
            Response = response;
            Confirmed = confirmed;
            Note = note;
        }

        /// <summary>The answer, when it came.</summary>
        public PartnerCenterResponse? Response { get; }

        /// <summary>What the read-back showed, when the answer was lost but the change is there.</summary>
        public TSeen Confirmed { get; }

        /// <summary>The journal note of a change confirmed by reading back.</summary>
        public string? Note { get; }

        public static WriteOutcome<TSeen> Answered(PartnerCenterResponse response) => new WriteOutcome<TSeen>(response, default!, null);

        public static WriteOutcome<TSeen> ReadBackShowsDone(TSeen seen, string note) => new WriteOutcome<TSeen>(null, seen, note);
    }

    /// <summary>
    /// The one procedure for every write to Partner Center (SPEC 1.8): journal the intent, send; when the answer is lost,
    /// read the state back before anything else: done (not sent again), unchanged on the first attempt (sent once more),
    /// unchanged again (abandoned) or anything else (outcome unknown, the intent kept). A refusal is abandoned. The caller
    /// commits what it made with <see cref="Commit"/>.
    /// </summary>
    internal sealed class VerifiedWriter
    {
        /// <summary>An intent this old is no longer being written by anyone: it may be settled.</summary>
        private static readonly TimeSpan s_settleAfter = TimeSpan.FromMinutes(15);

        private readonly RemoteJournal _journal;
        private readonly PartnerInfo _partner;
        private readonly Action<string> _changed;
        private readonly BackendChannel _channel;

        /// <param name="changed">Called with the customer id after a commit (cached reads of that customer are stale).</param>
        public VerifiedWriter(RemoteJournal journal, PartnerInfo partner, Action<string> changed, BackendChannel channel)
        {
            _journal = journal;
            _partner = partner;
            _changed = changed;
            _channel = channel;
        }

        /// <summary>Before writing to a customer: settles its operations a stopped process left unfinished, against its state now.</summary>
        /// <remarks>New commerce's transitions and scheduled changes are settled by their own parts (<see cref="PendingTransitions"/>,
        /// <see cref="PartnerCenterScheduledChanges"/>): a subscription's status and seats do not show whether its offer or its renewal changed.</remarks>
        public void SettleInterrupted(CustomerRecord fresh) =>
            _journal.Settle(fresh, _partner, s_settleAfter, new[] { PendingTransitions.Operation, PartnerCenterScheduledChanges.Operation });

        /// <summary>A new intent for <paramref name="operation"/> on one customer.</summary>
        public JournalEntry Intent(string customerId, string operation, IReadOnlyList<JournalChange> changes, string note) =>
            new JournalEntry(Guid.NewGuid().ToString(), JournalEntry.Intent, DateTime.UtcNow, _partner.Name, customerId, operation, changes, note);

        public WriteOutcome<TSeen> Run<TSeen>(JournalEntry intent, IVerifiableWrite<TSeen> write, CancellationToken cancellation)
        {
            _journal.Append(intent);
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return WriteOutcome<TSeen>.Answered(write.Send(cancellation));
                }
                catch (PartnerCenterOutcomeUnknownException unknown)
                {
                    Report(write.Unconfirmed(unknown));
                    TSeen seen;
                    try
                    {
                        seen = write.ReadBack(cancellation);
                    }
                    catch (PartnerCenterException check)
                    {
                        throw Unknown(unknown, write.ReadBackFailed(check));
                    }
                    var state = write.Judge(seen);
                    if (state == ReadBack.Done)
                    {
                        Report(write.AlreadyDone(seen));
                        return WriteOutcome<TSeen>.ReadBackShowsDone(seen, "confirmed by reading Partner Center after: " + unknown.Summary);
                    }
                    if (state == ReadBack.Unchanged && attempt == 1)
                    {
                        Report(write.SendingAgain(seen));
                        continue;
                    }
                    if (state == ReadBack.Unchanged)
                    {
                        Abandon(intent, "not done after a retry: " + unknown.Summary);
                        throw new PartnerCenterException(write.FailedTwice(unknown, seen),
                            unknown.Method, unknown.Path, unknown.StatusCode, unknown.ErrorCode, unknown.ErrorMessage, unknown.RequestId, unknown.CorrelationId, unknown);
                    }
                    throw Unknown(unknown, write.Unexpected(seen));
                }
                catch (PartnerCenterException refused)
                {
                    Abandon(intent, $"Partner Center refused it: {refused.StatusCode} {refused.ErrorCode}".TrimEnd());
                    throw;
                }
            }
        }

        /// <summary>Journals the operation as done with the changes it made (the intent's note unless another is given).</summary>
        public JournalEntry Commit(JournalEntry intent, IReadOnlyList<JournalChange> changes, string? note)
        {
            var committed = new JournalEntry(intent.OperationId, JournalEntry.Committed, DateTime.UtcNow, intent.Partner, intent.CustomerId, intent.Operation, changes, note ?? intent.Note);
            _journal.Append(committed);
            _changed(intent.CustomerId);
            return committed;
        }

        /// <summary>Journals the operation as not done.</summary>
        public void Abandon(JournalEntry intent, string note) => _journal.Append(intent.WithPhase(JournalEntry.Abandoned, DateTime.UtcNow, note));

        private static PartnerCenterOutcomeUnknownException Unknown(PartnerCenterOutcomeUnknownException first, string more) =>
            new PartnerCenterOutcomeUnknownException(first.Summary.TrimEnd('.') + ", " + more, first.Method, first.Path, first.StatusCode, first.ErrorCode, first.ErrorMessage, first.RequestId, first.CorrelationId, first);

        private void Report(string message) => _channel.Report(new BackendStatusUpdate(message));
    }
}
