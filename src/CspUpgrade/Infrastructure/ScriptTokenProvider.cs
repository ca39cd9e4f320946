using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// -TokenProvider: a script asked for a token at connect, before the current one expires and after a 401, always on the
    /// pipeline thread of the command running at the time (a worker thread asks through that command's
    /// <see cref="CommandCaller"/>). It may return a SecureString, a string, or an object with Token (string or
    /// SecureString) and ExpiresOn, as Get-AzAccessToken does; a bare token's expiry is read from its JWT exp claim.
    /// </summary>
    internal sealed class ScriptTokenProvider
    {
        public const string Issuer = "the -TokenProvider script";

        private readonly ScriptBlock _script;
        private readonly BackendChannel _channel;

        /// <param name="channel">The connection's channel: the script runs on the pipeline thread of the command attached to it.</param>
        public ScriptTokenProvider(ScriptBlock script, BackendChannel channel)
        {
            _script = script;
            _channel = channel;
        }

        public ITokenSource CreateSource() => new RefreshingTokenSource(Issuer, Acquire, channel: _channel);

        private BearerToken Acquire(bool forceRefresh, CancellationToken cancellation)
        {
            var caller = _channel.Caller;
            if (caller != null)
            {
                return caller.Invoke(Invoke, cancellation);
            }
            if (Runspace.DefaultRunspace != null)
            {
                return Invoke(); // a PowerShell thread outside a CspUpgrade command (tab completion)
            }
            throw new PartnerCenterSignInException("The -TokenProvider script can only run on PowerShell's pipeline thread, and this request came from elsewhere");
        }

        private BearerToken Invoke()
        {
            System.Collections.ObjectModel.Collection<PSObject> output;
            string? firstError;
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddScript("param($TokenProvider) & $TokenProvider").AddArgument(_script);
                output = ps.Invoke();
                firstError = ps.Streams.Error.Count > 0 ? ps.Streams.Error[0].ToString() : null;
            }
            catch (RuntimeException ex)
            {
                throw new PartnerCenterSignInException($"The -TokenProvider script failed: {ex.Message}");
            }
            var values = output.Where(o => o != null && o.BaseObject != null).ToList();
            if (values.Count != 1)
            {
                throw new PartnerCenterSignInException(
                    $"The -TokenProvider script returned {values.Count} objects; it must return exactly one token (a SecureString, a string, or an object with Token and ExpiresOn)"
                    + (firstError is null ? string.Empty : $"; it wrote the error: {firstError}"));
            }
            return Convert(values[0]);
        }

        /// <summary>A SecureString, a string, or an object with Token and ExpiresOn (Get-AzAccessToken's PSAccessToken).</summary>
        internal static BearerToken Convert(PSObject value)
        {
            object token = value.BaseObject;
            DateTimeOffset? expiresOn = null;
            if (!(token is string) && !(token is SecureString))
            {
                var tokenProperty = value.Properties["Token"];
                if (tokenProperty is null)
                {
                    throw new PartnerCenterSignInException($"The -TokenProvider script returned a {value.BaseObject.GetType().Name} without a Token property");
                }
                token = tokenProperty.Value is PSObject inner ? inner.BaseObject : tokenProperty.Value;
                object? expires = value.Properties["ExpiresOn"]?.Value;
                expires = expires is PSObject wrapped ? wrapped.BaseObject : expires;
                expiresOn = expires switch
                {
                    null => null,
                    DateTimeOffset offset => offset,
                    DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time),
                    string text when DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
                    _ => throw new PartnerCenterSignInException($"The -TokenProvider script's ExpiresOn '{expires}' is not a date"),
                };
            }
            switch (token)
            {
                case SecureString secure when secure.Length > 0:
                    return BearerToken.FromSecure(secure, expiresOn);
                case string text when text.Length > 0:
                    return BearerToken.FromText(text, expiresOn);
                default:
                    throw new PartnerCenterSignInException("The -TokenProvider script returned an empty token or one that is neither a string nor a SecureString");
            }
        }
    }
}
