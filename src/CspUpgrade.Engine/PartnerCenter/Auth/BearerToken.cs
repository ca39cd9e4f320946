using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Auth
{
    /// <summary>
    /// One access token for Partner Center's Authorization header, kept as a read-only <see cref="SecureString"/>, with when it
    /// expires (as its issuer said, else read from the JWT's <c>exp</c> claim, never validated: Partner Center judges the token).
    /// It is turned into text only for a request's header and never printed.
    /// </summary>
    internal sealed class BearerToken
    {
        private readonly SecureString _token;

        private BearerToken(SecureString token, DateTimeOffset? expiresOn)
        {
            _token = token;
            ExpiresOn = expiresOn;
        }

        /// <summary>When the token expires; null when neither its issuer nor the token itself says.</summary>
        public DateTimeOffset? ExpiresOn { get; }

        public static BearerToken FromSecure(SecureString token, DateTimeOffset? expiresOn = null)
        {
            if (token is null)
            {
                throw new ArgumentNullException(nameof(token));
            }
            if (token.Length == 0)
            {
                throw new ArgumentException("The access token is empty.", nameof(token));
            }
            var copy = token.Copy();
            copy.MakeReadOnly();
            var bearer = new BearerToken(copy, null);
            return new BearerToken(copy, expiresOn ?? JwtExpiry(bearer.Reveal()));
        }

        public static BearerToken FromText(string token, DateTimeOffset? expiresOn = null)
        {
            if (string.IsNullOrEmpty(token))
            {
                throw new ArgumentException("The access token is empty.", nameof(token));
            }
            var secure = new SecureString();
            foreach (char c in token)
            {
                secure.AppendChar(c);
            }
            secure.MakeReadOnly();
            return new BearerToken(secure, expiresOn ?? JwtExpiry(token));
        }

        /// <summary>The token's text, for the Authorization header only.</summary>
        internal string Reveal() => Reveal(_token);

        /// <summary>A secret's text, for the one request that sends it.</summary>
        internal static string Reveal(SecureString secret)
        {
            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(pointer, secret.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        /// <summary>The <c>exp</c> claim of a JWT (header.payload.signature, base64url), or null for anything else.</summary>
        internal static DateTimeOffset? JwtExpiry(string token)
        {
            string[] parts = token.Split('.');
            if (parts.Length != 3)
            {
                return null;
            }
            try
            {
                string payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                var claims = JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
                var exp = claims["exp"];
                if (exp != null && (exp.Type == JTokenType.Integer || exp.Type == JTokenType.Float))
                {
                    return DateTimeOffset.FromUnixTimeSeconds((long)exp);
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is Newtonsoft.Json.JsonException || ex is ArgumentException || ex is OverflowException || ex is InvalidCastException)
            {
            }
            return null;
        }

        public override string ToString() => ExpiresOn is DateTimeOffset expires ? $"access token (hidden), expires {expires:u}" : "access token (hidden)";
    }
}
