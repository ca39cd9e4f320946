using System;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter.Auth
{
    /// <summary>Gets a token: <c>forceRefresh</c> is true after a 401 (the issuer's cached token was refused).</summary>
    internal delegate BearerToken TokenAcquirer(bool forceRefresh, CancellationToken cancellation);

    /// <summary>
    /// A token obtained from an issuer (a -TokenProvider script, Entra ID through MSAL), kept until it is due and then obtained
    /// again: <see cref="Margin"/> before it expires, or half-way through its life for a token that lives shorter than twice
    /// the margin. One thread asks at a time; the others wait for its answer instead of asking again.
    /// </summary>
    internal sealed class RefreshingTokenSource : ITokenSource
    {
        private readonly object _gate = new object();
        private readonly TokenAcquirer _acquire;
        private readonly Func<DateTimeOffset> _now;
        private readonly Action? _dispose;
        private readonly BackendChannel? _channel;
        private BearerToken? _current;
        private DateTimeOffset _due = DateTimeOffset.MaxValue;

        /// <param name="issuer">Who issues the tokens, for verbose messages ("the token provider", "Entra ID").</param>
        /// <param name="channel">Where refreshes are reported (the connection's); nowhere when null.</param>
        public RefreshingTokenSource(string issuer, TokenAcquirer acquire, TimeSpan? margin = null, Func<DateTimeOffset>? now = null, Action? dispose = null, BackendChannel? channel = null)
        {
            _channel = channel;
            Issuer = issuer;
            _acquire = acquire ?? throw new ArgumentNullException(nameof(acquire));
            Margin = margin ?? TimeSpan.FromMinutes(5);
            _now = now ?? (() => DateTimeOffset.UtcNow);
            _dispose = dispose;
        }

        public string Issuer { get; }

        /// <summary>How long before expiry a token is replaced (default 5 minutes).</summary>
        public TimeSpan Margin { get; }

        /// <summary>How many tokens were obtained so far.</summary>
        public int Acquired { get; private set; }

        public bool CanRenew => true;

        public DateTimeOffset? ExpiresOn
        {
            get
            {
                lock (_gate)
                {
                    return _current?.ExpiresOn;
                }
            }
        }

        public BearerToken Get(CancellationToken cancellation)
        {
            lock (_gate)
            {
                if (_current is null)
                {
                    return Acquire(false, null, cancellation);
                }
                if (_now() >= _due)
                {
                    return Acquire(false, $"the current one expires at {_current.ExpiresOn:u}", cancellation);
                }
                return _current;
            }
        }

        public BearerToken Renew(BearerToken rejected, CancellationToken cancellation)
        {
            lock (_gate)
            {
                if (_current != null && !ReferenceEquals(_current, rejected))
                {
                    return _current; // another request renewed it meanwhile
                }
                return Acquire(true, "Partner Center refused the current one (401)", cancellation);
            }
        }

        private BearerToken Acquire(bool force, string? why, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            _channel?.Report(new BackendStatusUpdate(why is null
                ? $"Getting a Partner Center access token from {Issuer}."
                : $"Getting a new Partner Center access token from {Issuer}: {why}."));
            var obtainedAt = _now();
            var token = _acquire(force, cancellation) ?? throw new PartnerCenterSignInException($"{Issuer} returned no token.");
            _current = token;
            Acquired++;
            _due = DueAt(obtainedAt, token.ExpiresOn, Margin);
            _channel?.Report(new BackendStatusUpdate(token.ExpiresOn is DateTimeOffset expires
                ? $"Got a Partner Center access token from {Issuer}, valid until {expires:u}."
                : $"Got a Partner Center access token from {Issuer}; it does not say when it expires, so it is renewed only when Partner Center refuses it.", null, resumed: false));
            _channel?.Report(new BackendStatusUpdate(string.Empty, null, resumed: true));
            return token;
        }

        /// <summary>When a token obtained at <paramref name="obtainedAt"/> should be replaced.</summary>
        internal static DateTimeOffset DueAt(DateTimeOffset obtainedAt, DateTimeOffset? expiresOn, TimeSpan margin)
        {
            if (!(expiresOn is DateTimeOffset expires))
            {
                return DateTimeOffset.MaxValue;
            }
            var due = expires - margin;
            if (due <= obtainedAt)
            {
                var life = expires - obtainedAt;
                due = life > TimeSpan.Zero ? obtainedAt + TimeSpan.FromTicks(life.Ticks / 2) : obtainedAt;
            }
            return due;
        }

        public void Dispose() => _dispose?.Invoke();
    }
}
