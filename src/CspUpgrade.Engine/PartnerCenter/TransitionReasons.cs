using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// The two code tables of new-commerce transitions (SPEC 1.9), mapped by the resource the code came from: a transition
    /// eligibility's (or a transition event's) TransitionErrorCode, 0-13, where 11 and 12 are ConversionsNotFound and UserLicenseError
    /// (unlike UpgradeErrorCode 11) and 7 is our SubscriptionDoesNotHaveAnyUpgradePaths; and a subscriptionEligibilities entry's
    /// TargetSubscriptionErrorCode, 1-4. Integers or names (snake_case or PascalCase); anything else is Other keeping the text.
    /// </summary>
    internal static class TransitionReasons
    {
        private static readonly ReasonCode[] s_transitionCodes =
        {
            ReasonCode.Other,
            ReasonCode.DelegatedAdminPermissionsDisabled,
            ReasonCode.SubscriptionStatusNotActive,
            ReasonCode.ConflictingServiceTypes,
            ReasonCode.ConcurrencyConflicts,
            ReasonCode.UserContextRequired,
            ReasonCode.SubscriptionAddOnsPresent,
            ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths, // SubscriptionDoesNotHaveAnyTransitionedPaths
            ReasonCode.SubscriptionTargetOfferNotFound,
            ReasonCode.SubscriptionNotProvisioned,
            ReasonCode.OfferDoesNotSupportBillingCycle,
            ReasonCode.ConversionsNotFound,
            ReasonCode.UserLicenseError,
            ReasonCode.InsufficientGranularAdminPermissions,
        };

        private static readonly ReasonCode[] s_targetCodes =
        {
            ReasonCode.Other,
            ReasonCode.TargetSubscriptionNotActive,
            ReasonCode.TargetSubscriptionInCancellationWindow,
            ReasonCode.TargetSubscriptionTermShorter,
            ReasonCode.TargetSubscriptionEndsBeforeSource,
        };

        private static readonly Dictionary<string, ReasonCode> s_transitionNames = Names(s_transitionCodes,
            ("SubscriptionDoesNotHaveAnyTransitionedPaths", ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths),
            ("SubscriptionDoesNotHaveAnyTransitionPaths", ReasonCode.SubscriptionDoesNotHaveAnyUpgradePaths));

        // The documentation's names of the target subscription codes, and ours.
        private static readonly Dictionary<string, ReasonCode> s_targetNames = Names(s_targetCodes,
            ("SubscriptionNotActive", ReasonCode.TargetSubscriptionNotActive),
            ("SubscriptionInCancellationWindow", ReasonCode.TargetSubscriptionInCancellationWindow),
            ("SubscriptionTermDurationShorterThanSourceTermDuration", ReasonCode.TargetSubscriptionTermShorter),
            ("SubscriptionTermEndDateBeforeSourceTermEndDate", ReasonCode.TargetSubscriptionEndsBeforeSource),
            ("SubscriptionTermEndDateIsBeforeSourceTermEndDate", ReasonCode.TargetSubscriptionEndsBeforeSource));

        /// <summary>A TransitionErrorCode, and the original text when it is not one Partner Center documents.</summary>
        public static (ReasonCode Code, string? OriginalCode) MapTransition(JToken? code) => Map(code, s_transitionCodes, s_transitionNames);

        /// <summary>A TargetSubscriptionErrorCode (subscriptionEligibilities), and the original text when it is not a documented one.</summary>
        public static (ReasonCode Code, string? OriginalCode) MapTargetSubscription(JToken? code) => Map(code, s_targetCodes, s_targetNames);

        /// <summary>What the partner can do about a reason only transitions give; the others as for upgrades.</summary>
        public static string Remediation(ReasonCode code) => code switch
        {
            ReasonCode.ConversionsNotFound =>
                "Partner Center has no conversion from this product to the target: pick another target it lists (Test-CspUpgradeEligibility without -TargetOffer).",
            ReasonCode.UserLicenseError =>
                "Partner Center could not move the users' licenses: upgrade with -UpgradeType UpgradeOnly and assign the new licenses yourself, or fix the listed users first.",
            ReasonCode.TargetSubscriptionNotActive =>
                "The existing subscription is not active: reactivate it, or leave out -ToSubscriptionId to create a new subscription.",
            ReasonCode.TargetSubscriptionInCancellationWindow =>
                "The existing subscription is still in its 7-day cancellation window: wait until the window ends, or leave out -ToSubscriptionId to create a new subscription.",
            ReasonCode.TargetSubscriptionTermShorter =>
                "The existing subscription's term is shorter than the source's: pick one with a term at least as long, or leave out -ToSubscriptionId.",
            ReasonCode.TargetSubscriptionEndsBeforeSource =>
                "The existing subscription's term ends before the source's: pick one ending on or after the source's end date, or leave out -ToSubscriptionId.",
            _ => PartnerCenterReasons.Remediation(code),
        };

        /// <summary>The error's text as Partner Center gave it, or a sentence naming the code.</summary>
        public static string Message(Resources.TransitionError error, ReasonCode code, string? original) =>
            error.Description ?? error.Message ?? (original != null ? $"Partner Center reported '{original}'." : $"Partner Center reported {code}.");

        private static (ReasonCode, string?) Map(JToken? code, ReasonCode[] byValue, Dictionary<string, ReasonCode> byName)
        {
            if (code is null || code.Type == JTokenType.Null)
            {
                return (ReasonCode.Other, null);
            }
            string text = code.Type == JTokenType.Integer
                ? code.Value<long>().ToString(CultureInfo.InvariantCulture)
                : (Convert.ToString((code as JValue)?.Value, CultureInfo.InvariantCulture) ?? code.ToString()).Trim();
            if (text.Length == 0)
            {
                return (ReasonCode.Other, null);
            }
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
            {
                return number >= 0 && number < byValue.Length && !(number == 0 && byValue == s_targetCodes) ? (byValue[number], null) : (ReasonCode.Other, text);
            }
            if (byName.TryGetValue(Squash(text), out var known))
            {
                return (known, known == ReasonCode.Other && !string.Equals(text, "other", StringComparison.OrdinalIgnoreCase) ? text : null);
            }
            return (ReasonCode.Other, text);
        }

        private static Dictionary<string, ReasonCode> Names(ReasonCode[] codes, params (string Name, ReasonCode Code)[] more)
        {
            var names = new Dictionary<string, ReasonCode>(StringComparer.Ordinal);
            foreach (var code in codes)
            {
                names[Squash(code.ToString())] = code;
            }
            foreach (var (name, code) in more)
            {
                names[Squash(name)] = code;
            }
            return names;
        }

        private static string Squash(string text) => PartnerCenterReasons.Squash(text);
    }
}
