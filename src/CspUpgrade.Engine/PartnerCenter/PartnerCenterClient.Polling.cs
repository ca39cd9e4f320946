using System;
using CspUpgrade.PartnerCenter.Resources;
using Newtonsoft.Json.Linq;
using System.Threading;

namespace CspUpgrade.PartnerCenter
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

    public sealed partial class PartnerCenterClient
    {
        /// <summary>
        /// Follows a 202 Accepted: polls its Location (on this endpoint only) until Partner Center reports the change done,
        /// waiting Retry-After (or the poll interval) between polls, for at most <see cref="PartnerCenterClientOptions.MaxPollDuration"/>.
        /// Without a Location, polls the resource itself until it shows the change. Returns the resource when the last answer
        /// is the resource, null when it is an operation's end (the caller reads the resource).
        /// </summary>
        internal JObject? Poll(PartnerCenterResponse accepted, PollRequest request, CancellationToken cancellation)
        {
            var deadline = DateTime.UtcNow + _options.MaxPollDuration;
            string target = accepted.Location?.AbsoluteUri ?? request.Path;
            var wait = NextPoll(accepted);
            for (int poll = 1; ; poll++)
            {
                if (DateTime.UtcNow + wait > deadline)
                {
                    throw new PartnerCenterOutcomeUnknownException(
                        $"Partner Center accepted {request.Change} but had not finished after {_options.MaxPollDuration.TotalMinutes:0.#} minutes. {request.Advice}",
                        request.Method, request.Path, 202, null, null, accepted.RequestId, accepted.CorrelationId);
                }
                BackendStatus.Report(new BackendStatusUpdate($"Partner Center is applying {request.Change}; checking again in {wait.TotalSeconds:0.#} s (poll {poll}).", wait));
                Sleep(wait, cancellation);
                BackendStatus.Report(new BackendStatusUpdate("Partner Center: checking.", null, resumed: true));
                var response = Get(target, cancellation);
                if (response.StatusCode == 202)
                {
                    wait = NextPoll(response);
                    continue;
                }
                if (!(response.Body is JObject body))
                {
                    return null;
                }
                if (request.IsApplied(body) is bool applied)
                {
                    if (accepted.Location is null && !applied)
                    {
                        continue;
                    }
                    return body;
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
                        wait = NextPoll(response);
                        continue;
                    default:
                        return null; // done: the caller reads the resource
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
