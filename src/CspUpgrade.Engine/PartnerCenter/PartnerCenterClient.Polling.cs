using System;
using Newtonsoft.Json.Linq;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>A write Partner Center answered with 202 Accepted, and how to tell the user about following it.</summary>
    internal sealed class PollRequest
    {
        /// <param name="method">The write's method and <paramref name="path"/>, its resource: polled itself when the 202 names no Location.</param>
        /// <param name="change">What is being applied, e.g. "the new quantity of subscription s1".</param>
        /// <param name="advice">What to do when the outcome stays unknown.</param>
        /// <param name="failed">The message when Partner Center reports the operation failed.</param>
        /// <param name="isApplied">For a document that is the resource itself: whether it shows the change; null for any other document (an operation's status).</param>
        public PollRequest(string method, string path, string change, string advice, string failed, Func<JObject, bool?> isApplied)
        {
            Method = method;
            Path = path;
            Change = change;
            Advice = advice;
            Failed = failed;
            IsApplied = isApplied;
        }

        public string Method { get; }
        public string Path { get; }
        public string Change { get; }
        public string Advice { get; }
        public string Failed { get; }
        public Func<JObject, bool?> IsApplied { get; }
    }

    /// <summary>How following a 202 ended.</summary>
    internal sealed class PollOutcome
    {
        public PollOutcome(JObject? body, bool visible)
        {
            Body = body;
            Visible = visible;
        }

        /// <summary>The resource as last read, when the Location is the resource; null when it was an operation's status.</summary>
        public JObject? Body { get; }

        /// <summary>False when the bound was reached with the resource still not showing the change (accepted, not visible yet).</summary>
        public bool Visible { get; }
    }

    internal sealed partial class PartnerCenterClient
    {
        /// <summary>
        /// Follows a 202 Accepted (SPEC 1.8): re-reads its Location (resolved against the API root, this host only), or the resource
        /// itself when there is none, until the resource shows the change or an operation reports its end, waiting Retry-After (or the
        /// poll interval) between reads, for at most <see cref="PartnerCenterClientOptions.MaxPolls"/> reads and
        /// <see cref="PartnerCenterClientOptions.MaxPollDuration"/>. "Accepted" is not "done": Partner Center shows the old state for
        /// a while. A resource still unchanged at the bound is returned as it shows (not visible yet); an operation still running
        /// at the bound is an unknown outcome.
        /// </summary>
        internal PollOutcome Poll(PartnerCenterResponse accepted, PollRequest request, CancellationToken cancellation)
        {
            var deadline = DateTime.UtcNow + _options.MaxPollDuration;
            string target = accepted.Location?.AbsoluteUri ?? request.Path;
            var wait = NextPoll(accepted);
            JObject? lastSeen = null;
            for (int poll = 1; ; poll++)
            {
                if (poll > Math.Max(1, _options.MaxPolls) || DateTime.UtcNow + wait > deadline)
                {
                    if (lastSeen != null)
                    {
                        return new PollOutcome(lastSeen, visible: false);
                    }
                    throw new PartnerCenterOutcomeUnknownException(
                        $"Partner Center accepted {request.Change} but had not finished after {poll - 1} checks. {request.Advice}",
                        request.Method, request.Path, 202, null, null, accepted.RequestId, accepted.CorrelationId);
                }
                Channel.Report(new BackendStatusUpdate($"Partner Center is applying {request.Change}; checking again in {wait.TotalSeconds:0.#} s (poll {poll}).", wait));
                Sleep(wait, cancellation);
                Channel.Report(new BackendStatusUpdate("Partner Center: checking.", null, resumed: true));
                var response = Get(target, cancellation);
                wait = NextPoll(response);
                if (response.StatusCode == 202)
                {
                    continue;
                }
                if (!(response.Body is JObject body))
                {
                    return new PollOutcome(null, visible: true);
                }
                if (request.IsApplied(body) is bool applied)
                {
                    if (applied)
                    {
                        return new PollOutcome(body, visible: true);
                    }
                    lastSeen = body; // accepted, and Partner Center still shows the old state
                    continue;
                }
                var operation = ResourceJson.Read<OperationResource>(body);
                switch ((operation.Status ?? string.Empty).ToLowerInvariant())
                {
                    case "failed":
                    case "error":
                        throw new PartnerCenterException(request.Failed, request.Method, request.Path, 200,
                            operation.Error?.Code, operation.Error?.Message ?? operation.Description, response.RequestId, response.CorrelationId);
                    case "notstarted":
                    case "running":
                    case "inprogress":
                    case "in_progress":
                    case "pending":
                    case "accepted":
                        continue;
                    default:
                        return new PollOutcome(null, visible: true); // done: the caller reads the resource
                }
            }
        }

        /// <summary>Retry-After, or the poll interval, within 0 and <see cref="PartnerCenterClientOptions.MaxRetryAfter"/>.</summary>
        private TimeSpan NextPoll(PartnerCenterResponse response)
        {
            var wait = response.RetryAfter ?? _options.PollInterval;
            return wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
    }
}
