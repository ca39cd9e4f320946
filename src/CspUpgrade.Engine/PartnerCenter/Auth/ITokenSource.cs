using System;
using System.Security;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter.Auth
{
    /// <summary>
    /// Where <see cref="PartnerCenterClient"/> gets the token for each request's Authorization header. A renewable source is
    /// asked again before the current token expires and once after Partner Center answers 401; a fixed token is not.
    /// Safe to call from several threads at once.
    /// </summary>
    internal interface ITokenSource : IDisposable
    {
        /// <summary>Whether a 401 can be answered with a new token (false: the user must connect again).</summary>
        bool CanRenew { get; }

        /// <summary>When the current token expires, when known.</summary>
        DateTimeOffset? ExpiresOn { get; }

        /// <summary>The token to send now: the current one, or a new one when it is about to expire.</summary>
        BearerToken Get(CancellationToken cancellation);

        /// <summary>After a 401 for <paramref name="rejected"/>: a new token (or the one another thread already got meanwhile).</summary>
        BearerToken Renew(BearerToken rejected, CancellationToken cancellation);
    }

    /// <summary>A token given once (-AccessToken): used until Partner Center refuses it.</summary>
    internal sealed class FixedTokenSource : ITokenSource
    {
        private readonly BearerToken _token;

        public FixedTokenSource(BearerToken token)
        {
            _token = token ?? throw new ArgumentNullException(nameof(token));
        }

        public static FixedTokenSource From(SecureString accessToken) =>
            new FixedTokenSource(BearerToken.FromSecure(accessToken ?? throw new ArgumentNullException(nameof(accessToken))));

        public bool CanRenew => false;

        public DateTimeOffset? ExpiresOn => _token.ExpiresOn;

        public BearerToken Get(CancellationToken cancellation) => _token;

        public BearerToken Renew(BearerToken rejected, CancellationToken cancellation) =>
            throw new InvalidOperationException("A token given with -AccessToken cannot be renewed.");

        public void Dispose()
        {
        }
    }
}
