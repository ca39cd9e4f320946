using System;
using System.Collections.Generic;

namespace CspUpgrade.PartnerCenter
{
    /// <summary>
    /// Getting a token failed (Entra ID refused, the token provider failed or returned nothing usable). A 401 of its kind:
    /// every command stops on it. Carries what Entra ID said (error code and description), never a token or a secret.
    /// </summary>
    public sealed class PartnerCenterSignInException : PartnerCenterUnauthorizedException
    {
        public PartnerCenterSignInException(string message, string? signInError = null, string? signInErrorDescription = null)
            : base(Compose(message, signInError, signInErrorDescription), "SIGNIN", string.Empty)
        {
            SignInError = signInError;
            SignInErrorDescription = signInErrorDescription;
        }

        /// <summary>Entra ID's error code (e.g. invalid_grant), when it answered.</summary>
        public string? SignInError { get; }

        /// <summary>Entra ID's description (e.g. AADSTS70008: ...), secrets removed.</summary>
        public string? SignInErrorDescription { get; }

        /// <summary>Removes every occurrence of <paramref name="secrets"/> (refresh token, client secret) from <paramref name="text"/>.</summary>
        public static string? Scrub(string? text, IEnumerable<string?> secrets)
        {
            if (text is null)
            {
                return null;
            }
            foreach (string? secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret) && secret!.Length >= 4)
                {
                    text = text.Replace(secret, "***");
                }
            }
            return text;
        }

        private static string Compose(string message, string? code, string? description)
        {
            string text = message.TrimEnd();
            if (!text.EndsWith(".", StringComparison.Ordinal))
            {
                text += ".";
            }
            if (!string.IsNullOrEmpty(code) || !string.IsNullOrEmpty(description))
            {
                text += " Entra ID said: " + (string.IsNullOrEmpty(code) ? description : string.IsNullOrEmpty(description) ? code : code + ": " + description);
            }
            return text;
        }
    }
}
