using System;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>A successful (2xx) response.</summary>
    internal sealed class PartnerCenterResponse
    {
        internal PartnerCenterResponse(int statusCode, JToken? body, string? requestId, string? correlationId, Uri? location, TimeSpan? retryAfter)
        {
            StatusCode = statusCode;
            Body = body;
            RequestId = requestId;
            CorrelationId = correlationId;
            Location = location;
            RetryAfter = retryAfter;
        }

        public int StatusCode { get; }
        public JToken? Body { get; }
        public string? RequestId { get; }
        public string? CorrelationId { get; }

        /// <summary>Location header (202 Accepted: where to poll), resolved against the API root; absolute as sent when on another host.</summary>
        public Uri? Location { get; }

        public TimeSpan? RetryAfter { get; }
    }
}
