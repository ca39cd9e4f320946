using System;
using System.Text;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>
    /// A Partner Center request that failed: the HTTP status, Partner Center's own error code and message, and the request
    /// and correlation ids support asks for. Never carries the access token (nor any request header).
    /// </summary>
    public class PartnerCenterException : Exception
    {
        public PartnerCenterException(
            string summary,
            string method,
            string path,
            int? statusCode = null,
            string? errorCode = null,
            string? errorMessage = null,
            string? requestId = null,
            string? correlationId = null,
            Exception? innerException = null)
            : base(Compose(summary, statusCode, errorCode, errorMessage, requestId, correlationId), innerException)
        {
            Summary = summary;
            Method = method;
            Path = path;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
            RequestId = requestId;
            CorrelationId = correlationId;
        }

        /// <summary>What failed, in one sentence, without the details below.</summary>
        public string Summary { get; }

        public string Method { get; }

        /// <summary>The request path relative to the endpoint (ids only, never a secret).</summary>
        public string Path { get; }

        /// <summary>HTTP status; null when no response arrived (timeout, connection reset).</summary>
        public int? StatusCode { get; }

        /// <summary>Partner Center's error code from the response body, when it sent one.</summary>
        public string? ErrorCode { get; }

        /// <summary>Partner Center's error description from the response body, when it sent one.</summary>
        public string? ErrorMessage { get; }

        /// <summary>MS-RequestId of the failed request (as Partner Center returned it, else as sent).</summary>
        public string? RequestId { get; }

        /// <summary>MS-CorrelationId of the operation.</summary>
        public string? CorrelationId { get; }

        private static string Compose(string summary, int? status, string? code, string? message, string? requestId, string? correlationId)
        {
            var text = new StringBuilder(summary);
            if (status is int s)
            {
                text.Append(" HTTP ").Append(s).Append('.');
            }
            if (!string.IsNullOrEmpty(code) || !string.IsNullOrEmpty(message))
            {
                text.Append(" Partner Center error");
                if (!string.IsNullOrEmpty(code))
                {
                    text.Append(' ').Append(code);
                }
                if (!string.IsNullOrEmpty(message))
                {
                    text.Append(": ").Append(message);
                }
                if (text[text.Length - 1] != '.')
                {
                    text.Append('.');
                }
            }
            if (requestId != null)
            {
                text.Append(" Request id ").Append(requestId);
                text.Append(correlationId != null ? ", correlation id " + correlationId + "." : ".");
            }
            return text.ToString();
        }
    }

    /// <summary>
    /// 401: the token expired or is wrong, and no new one can be had (a fixed -AccessToken, or a renewed token refused again);
    /// the user must connect again. <see cref="PartnerCenterSignInException"/> is the same for a failed sign-in.
    /// </summary>
    public class PartnerCenterUnauthorizedException : PartnerCenterException
    {
        public PartnerCenterUnauthorizedException(string method, string path, string? errorCode, string? errorMessage, string? requestId, string? correlationId)
            : base(
                $"Partner Center refused the access token for {method} {path} (401): token expired or wrong: run Connect-CspPartnerCenter again with a fresh token.",
                method, path, 401, errorCode, errorMessage, requestId, correlationId)
        {
        }

        /// <summary>For <see cref="PartnerCenterSignInException"/>: no Partner Center request, no status.</summary>
        protected PartnerCenterUnauthorizedException(string summary, string method, string path)
            : base(summary, method, path)
        {
        }
    }

    /// <summary>Partner Center kept answering 429 (too many requests) after every retry the client allows.</summary>
    public sealed class PartnerCenterThrottledException : PartnerCenterException
    {
        public PartnerCenterThrottledException(string method, string path, int attempts, TimeSpan waited, string? errorCode, string? errorMessage, string? requestId, string? correlationId)
            : base(
                $"Partner Center is throttling {method} {path}: still 429 (too many requests) after {attempts} attempts and {waited.TotalSeconds:0} s of waiting. Run the command again later, or with a lower -ThrottleLimit.",
                method, path, 429, errorCode, errorMessage, requestId, correlationId)
        {
            Attempts = attempts;
            Waited = waited;
        }

        public int Attempts { get; }
        public TimeSpan Waited { get; }
    }

    /// <summary>
    /// A write (POST, PATCH) whose outcome is unknown: it timed out, the connection broke, or Partner Center answered 5xx.
    /// It may or may not have taken effect; it is never re-sent before the current state has been read.
    /// </summary>
    public sealed class PartnerCenterOutcomeUnknownException : PartnerCenterException
    {
        public PartnerCenterOutcomeUnknownException(string summary, string method, string path, int? statusCode, string? errorCode, string? errorMessage, string? requestId, string? correlationId, Exception? innerException = null)
            : base(summary, method, path, statusCode, errorCode, errorMessage, requestId, correlationId, innerException)
        {
        }
    }
}
