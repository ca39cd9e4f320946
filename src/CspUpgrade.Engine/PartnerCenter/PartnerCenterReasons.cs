using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Partner Center's UpgradeErrorCode (SPEC 1.5) to <see cref="ReasonCode"/>: by integer value (0-11) or by its snake_case
    /// (or PascalCase) name. Anything else is <see cref="ReasonCode.Other"/>, keeping the code as sent.
    /// </summary>
    internal static class PartnerCenterReasons
    {
        private static readonly Dictionary<string, ReasonCode> s_byName = BuildNames();

        /// <summary>The reason code, and the original text when it was not one Partner Center documents.</summary>
        public static (ReasonCode Code, string? OriginalCode) Map(JToken? code)
        {
            if (code is null || code.Type == JTokenType.Null)
            {
                return (ReasonCode.Other, null);
            }
            if (code.Type == JTokenType.Integer)
            {
                long value = code.Value<long>();
                return value >= 0 && value <= 11 ? ((ReasonCode)value, null) : (ReasonCode.Other, value.ToString(CultureInfo.InvariantCulture));
            }
            return Map(Convert.ToString(((JValue)code).Value, CultureInfo.InvariantCulture));
        }

        public static (ReasonCode Code, string? OriginalCode) Map(string? code)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return (ReasonCode.Other, null);
            }
            string text = code!.Trim();
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
            {
                return number >= 0 && number <= 11 ? ((ReasonCode)number, null) : (ReasonCode.Other, text);
            }
            if (s_byName.TryGetValue(Squash(text), out var known))
            {
                return (known, known == ReasonCode.Other && !string.Equals(text, "other", StringComparison.OrdinalIgnoreCase) ? text : null);
            }
            return (ReasonCode.Other, text);
        }

        /// <summary>What the partner can do about a reason Partner Center gave.</summary>
        public static string Remediation(ReasonCode code) => code switch
        {
            ReasonCode.DelegatedAdminPermissionsDisabled =>
                "Ask the customer to grant delegated admin privileges (a GDAP relationship covering the offer's service), then check again.",
            ReasonCode.SubscriptionStatusNotActive =>
                "Reactivate the subscription in Partner Center (or pick an active one); only active subscriptions can be upgraded.",
            ReasonCode.ConflictingServiceTypes =>
                "The customer has another subscription (possibly bought from another partner or directly) with a service the target adds: the customer must cancel it first.",
            ReasonCode.ConcurrencyConflicts =>
                "Another change to this subscription is in progress; wait for it to finish and try again.",
            ReasonCode.UserContextRequired =>
                "Partner Center needs a token issued to a signed-in partner user (app+user), not an app-only token: connect with a user token.",
            ReasonCode.SubscriptionAddOnsPresent =>
                "Remove the subscription's add-ons first, then upgrade.",
            ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths =>
                "This offer cannot be upgraded; buy the target offer and move users yourself.",
            ReasonCode.SubscriptionTargetOfferNotFound =>
                "Pick one of the targets Partner Center lists for this subscription (Test-CspUpgradeEligibility without -TargetOffer).",
            ReasonCode.SubscriptionNotProvisioned =>
                "Wait until the subscription has finished provisioning, then try again.",
            ReasonCode.OfferDoesNotSupportBillingCycle =>
                "The target is not sold on this subscription's billing cycle: change the billing cycle or pick another target.",
            ReasonCode.InsufficientGranularAdminPermissions =>
                "Ask the customer to grant the needed GDAP role (Directory Writer for an upgrade with license transfer; Directory Reader or Global Reader otherwise).",
            _ => "See Partner Center's message; if it persists, open a Partner Center support request quoting the subscription id.",
        };

        /// <summary>Text of an error's description and additional details.</summary>
        internal static string Message(UpgradeError error, ReasonCode code, string? original)
        {
            string? description = error.Description ?? error.Message;
            string? details = error.AdditionalDetails;
            var message = new StringBuilder(description ?? (original != null ? $"Partner Center reported '{original}'." : $"Partner Center reported {code}."));
            if (!string.IsNullOrWhiteSpace(details))
            {
                message.Append(message.Length > 0 && message[message.Length - 1] == '.' ? " " : ". ").Append(details!.Trim());
            }
            return message.ToString();
        }

        internal static string Squash(string text)
        {
            var squashed = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (c != '_' && c != '-' && c != ' ')
                {
                    squashed.Append(char.ToLowerInvariant(c));
                }
            }
            return squashed.ToString();
        }

        private static Dictionary<string, ReasonCode> BuildNames()
        {
            var names = new Dictionary<string, ReasonCode>(StringComparer.Ordinal);
            for (int value = 0; value <= 11; value++)
            {
                var code = (ReasonCode)value;
                names[Squash(code.ToString())] = code;
            }
            return names;
        }
    }
}
