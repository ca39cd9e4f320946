using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// A small, synchronous Partner Center REST client. Every call runs its retry loop on the calling thread, so waits are
    /// reported through the connection's <see cref="BackendChannel"/> to the command that runs them, and every wait and request honours the caller's
    /// <see cref="CancellationToken"/>. The access token comes from an <see cref="ITokenSource"/> (kept as a <see cref="SecureString"/>,
    /// turned into text only to set a request's Authorization header), renewed before it expires and once after a 401.
    /// </summary>
    internal sealed partial class PartnerCenterClient : IDisposable
    {
        public static readonly Uri DefaultEndpoint = new Uri("https://api.partnercenter.microsoft.com/v1/");

        /// <summary>The version segment under the API root (SPEC 1.8).</summary>
        public const string VersionSegment = "v1/";

        private static readonly MediaTypeWithQualityHeaderValue s_json = new MediaTypeWithQualityHeaderValue("application/json");
        private readonly ITokenSource _tokens;
        private readonly HttpClient _http;
        private readonly PartnerCenterClientOptions _options;
        private readonly RequestPace _pace;
        private long _notBeforeTicks; // shared throttle window: no request starts before this (Stopwatch ticks)
        private int _disposed;

        public PartnerCenterClient(Uri endpoint, SecureString accessToken, PartnerCenterClientOptions? options = null, HttpMessageHandler? handler = null)
            : this(endpoint, FixedTokenSource.From(accessToken), options, handler)
        {
        }

        /// <summary>A client whose Authorization header comes from <paramref name="tokens"/> (renewed before expiry and after a 401 when it can be); the client owns it.</summary>
        public PartnerCenterClient(Uri endpoint, ITokenSource tokens, PartnerCenterClientOptions? options = null, HttpMessageHandler? handler = null)
        {
            _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
            Endpoint = NormalizeEndpoint(endpoint);
            _options = options ?? new PartnerCenterClientOptions();
            _pace = new RequestPace(_options.RequestsPerMinute);
            Channel = _options.Channel ?? new BackendChannel();
            _http = new HttpClient(handler ?? new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }, disposeHandler: true)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the per-request timeout below tells a timeout from a stop
            };
        }

        /// <summary>The versioned API base (the API root and <see cref="VersionSegment"/>); requests are relative to it.</summary>
        public Uri Endpoint { get; }

        /// <summary>The API root (the SDK's ApiRootUrl): Partner Center's links and Locations are paths under it, without the version.</summary>
        public Uri ApiRoot => new Uri(Endpoint, "../");

        /// <summary>Where this connection's calls report waits and warnings to the command that runs them.</summary>
        public BackendChannel Channel { get; }

        /// <summary>The pace requests go at now (lower than asked for for a minute after a 429).</summary>
        public double RequestsPerMinute => _pace.RequestsPerMinute;

        public PartnerCenterClientOptions Options => _options;

        /// <summary>When the current access token expires, when known.</summary>
        public DateTimeOffset? TokenExpiresOn => _tokens.ExpiresOn;

        /// <summary>
        /// A GET, retried within bounds: 429 waits Retry-After (backing off on repeats), 5xx, timeouts and broken connections
        /// wait and try again; 401 fails at once with <see cref="PartnerCenterUnauthorizedException"/>.
        /// </summary>
        public PartnerCenterResponse Get(string pathOrUrl, CancellationToken cancellation, IReadOnlyDictionary<string, string>? headers = null) =>
            Send(HttpMethod.Get, pathOrUrl, null, headers, isWrite: false, cancellation);

        /// <summary>
        /// A POST or PATCH. A 429 is waited out and re-sent (Partner Center did not act on it); anything whose outcome is unknown
        /// (timeout, broken connection, 5xx) throws <see cref="PartnerCenterOutcomeUnknownException"/> and is never re-sent here.
        /// <paramref name="headers"/> adds request headers (e.g. If-Match for a PATCH that must not overwrite a newer version).
        /// </summary>
        /// <param name="requestId">The MS-RequestId of the logical operation: the same on every re-send of it, since Partner Center
        /// de-duplicates on it (SPEC 1.8); a new one when null.</param>
        public PartnerCenterResponse Write(HttpMethod method, string path, JToken body, CancellationToken cancellation, IReadOnlyDictionary<string, string>? headers = null, string? requestId = null) =>
            Send(method, path, body, headers, isWrite: true, cancellation, requestId);

        private PartnerCenterResponse Send(HttpMethod method, string pathOrUrl, JToken? body, IReadOnlyDictionary<string, string>? headers, bool isWrite, CancellationToken cancellation, string? operationRequestId = null)
        {
            var uri = Resolve(pathOrUrl);
            string path = Describe(uri);
            string correlationId = Guid.NewGuid().ToString();
            // One MS-RequestId per logical operation: a 429 re-send of a write carries the same one, so Partner Center does not act twice.
            string requestId = operationRequestId ?? Guid.NewGuid().ToString();
            int throttled = 0;
            int transient = 0;
            bool renewed = false;
            var waited = TimeSpan.Zero;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                WaitForThrottleWindow(cancellation);
                WaitForTurn(method, path, cancellation);
                Reply reply;
                try
                {
                    reply = SendOnce(method, uri, body, headers, requestId, correlationId, cancellation);
                }
                catch (TransportException ex)
                {
                    if (isWrite)
                    {
                        throw new PartnerCenterOutcomeUnknownException(
                            $"Partner Center {method} {path} did not complete ({ex.Message}); whether it took effect is unknown.",
                            method.Method, path, null, null, null, requestId, correlationId, ex.InnerException);
                    }
                    if (transient >= _options.MaxTransientRetries)
                    {
                        throw new PartnerCenterException($"Partner Center {method} {path} failed after {transient + 1} attempts: {ex.Message}.",
                            method.Method, path, null, null, null, requestId, correlationId, ex.InnerException);
                    }
                    waited += Backoff(++transient, $"Partner Center {method} {path}: {ex.Message}", cancellation);
                    continue;
                }

                if (reply.Status >= 200 && reply.Status < 300)
                {
                    return new PartnerCenterResponse(reply.Status, reply.Body, reply.RequestId, reply.CorrelationId, reply.Location, reply.RetryAfter);
                }
                if (reply.Status == 401 && !renewed && _tokens.CanRenew)
                {
                    // The token expired early or was revoked: Partner Center did not act on the request, so it is sent once more with a new one.
                    renewed = true;
                    _tokens.Renew(reply.Token!, cancellation);
                    continue;
                }
                if (reply.Status == 401)
                {
                    throw new PartnerCenterUnauthorizedException(method.Method, path, reply.ErrorCode, reply.ErrorMessage, reply.RequestId, reply.CorrelationId);
                }
                if (reply.Status == 429)
                {
                    throttled++;
                    _pace.Slow();
                    if (throttled > _options.MaxThrottleRetries)
                    {
                        throw new PartnerCenterThrottledException(method.Method, path, throttled, waited, reply.ErrorCode, reply.ErrorMessage, reply.RequestId, reply.CorrelationId);
                    }
                    waited += Throttle(reply.RetryAfter, throttled, method, path, cancellation);
                    continue;
                }
                bool serverSide = reply.Status >= 500 || reply.Status == 408;
                if (serverSide && isWrite)
                {
                    throw new PartnerCenterOutcomeUnknownException(
                        $"Partner Center {method} {path} answered {reply.Status}; whether it took effect is unknown.",
                        method.Method, path, reply.Status, reply.ErrorCode, reply.ErrorMessage, reply.RequestId, reply.CorrelationId);
                }
                if (serverSide && transient < _options.MaxTransientRetries)
                {
                    waited += Backoff(++transient, $"Partner Center {method} {path} answered {reply.Status}", cancellation);
                    continue;
                }
                throw new PartnerCenterException(
                    serverSide
                        ? $"Partner Center {method} {path} failed after {transient + 1} attempts."
                        : $"Partner Center refused {method} {path}.",
                    method.Method, path, reply.Status, reply.ErrorCode, reply.ErrorMessage, reply.RequestId, reply.CorrelationId);
            }
        }

        private Reply SendOnce(HttpMethod method, Uri uri, JToken? body, IReadOnlyDictionary<string, string>? headers, string requestId, string correlationId, CancellationToken cancellation)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(PartnerCenterClient), "The Partner Center connection was closed; run Connect-CspPartnerCenter again.");
            }
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Accept.Add(s_json);
            request.Headers.TryAddWithoutValidation("MS-RequestId", requestId);
            request.Headers.TryAddWithoutValidation("MS-CorrelationId", correlationId);
            request.Headers.TryAddWithoutValidation("X-Locale", "en-US");
            if (headers != null)
            {
                foreach (var header in headers)
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            var token = _tokens.Get(cancellation);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
            if (body != null)
            {
                request.Content = new StringContent(body.ToString(Formatting.None), new UTF8Encoding(false), "application/json");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage response;
            string text;
            try
            {
                response = _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false).GetAwaiter().GetResult();
                text = response.Content is null ? string.Empty : response.Content.ReadAsStringAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellation);
            }
            catch (OperationCanceledException ex)
            {
                throw new TransportException($"no response within {_options.RequestTimeout.TotalSeconds:0} s", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new TransportException("the connection failed: " + ex.Message, ex);
            }
            catch (System.IO.IOException ex)
            {
                throw new TransportException("the connection failed: " + ex.Message, ex);
            }

            using (response)
            {
                JToken? json = null;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    try
                    {
                        // Dates stay text: a PATCH sends the subscription back exactly as it came.
                        using var reader = new JsonTextReader(new System.IO.StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
                        json = JToken.ReadFrom(reader);
                    }
                    catch (JsonException)
                    {
                        json = null;
                    }
                }
                var (errorCode, errorMessage) = (int)response.StatusCode >= 400 ? ErrorOf(json, text) : (null, null);
                Uri? location = null;
                if (response.Headers.Location is Uri loc)
                {
                    // Relative to the API root (SPEC 1.8), not to the request; an absolute one is checked when followed (same host only).
                    location = loc.IsAbsoluteUri ? loc : Resolve(loc.OriginalString);
                }
                return new Reply
                {
                    Status = (int)response.StatusCode,
                    Token = token,
                    Body = json,
                    RequestId = Header(response, "MS-RequestId") ?? requestId,
                    CorrelationId = Header(response, "MS-CorrelationId") ?? correlationId,
                    Location = location,
                    RetryAfter = RetryAfterOf(response),
                    ErrorCode = errorCode,
                    ErrorMessage = errorMessage,
                };
            }
        }

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta)
            {
                return delta;
            }
            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            // Some services send fractional seconds, which the typed header rejects.
            if (response.Headers.TryGetValues("Retry-After", out var raw)
                && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            return null;
        }

        /// <summary>Partner Center's error shapes: {code, description} or {error: {code, message}}; other bodies as short text.</summary>
        private static (string? Code, string? Message) ErrorOf(JToken? json, string text)
        {
            if (json is JObject o)
            {
                var outer = ResourceJson.Read<ErrorDetail>(o);
                var inner = outer.Error ?? outer;
                string? code = inner.AnyCode;
                string? message = inner.AnyMessage;
                if (code != null || message != null)
                {
                    return (code, Shorten(message));
                }
            }
            return (null, string.IsNullOrWhiteSpace(text) ? null : Shorten(text.Trim()));
        }

        private static string? Shorten(string? text) => text is null || text.Length <= 500 ? text : text.Substring(0, 500) + "...";

        public override string ToString() => "Partner Center " + Endpoint;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _http.Dispose();
                _tokens.Dispose();
            }
        }

        private sealed class Reply
        {
            public int Status;
            public BearerToken? Token;
            public JToken? Body;
            public string? RequestId;
            public string? CorrelationId;
            public Uri? Location;
            public TimeSpan? RetryAfter;
            public string? ErrorCode;
            public string? ErrorMessage;
        }

        private sealed class TransportException : Exception
        {
            public TransportException(string message, Exception inner) : base(message, inner)
            {
            }
        }
    }
}
