using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>POST customers/{id}/subscriptions/{id}/upgrades: what Partner Center did.</summary>
    internal sealed class UpgradeResultResource : Resource
    {
        /// <summary>The subscription the upgrade created; absent when Partner Center refused it or has not said.</summary>
        public string? TargetSubscriptionId { get; set; }

        public List<UpgradeError>? UpgradeErrors { get; set; }

        /// <summary>The user accounts whose licenses Partner Center could not move.</summary>
        public List<LicenseError>? LicenseErrors { get; set; }
    }

    /// <summary>One user account of an upgrade's licenseErrors.</summary>
    internal sealed class LicenseError
    {
        public string? UserObjectId { get; set; }
        public string? Name { get; set; }
        public string? Email { get; set; }

        /// <summary>Each an error object (<see cref="ErrorDetail"/>) or plain text.</summary>
        public List<JToken>? Errors { get; set; }
    }

    /// <summary>An error object: {code, description} or {errorCode, message} or {errorCode, errorMessage}, possibly wrapped in {error: ...}.</summary>
    internal sealed class ErrorDetail : Resource
    {
        /// <summary>The error itself when this object only wraps it.</summary>
        public ErrorDetail? Error { get; set; }

        public string? Code { get; set; }
        public string? ErrorCode { get; set; }
        public string? Description { get; set; }
        public string? Message { get; set; }
        public string? ErrorMessage { get; set; }

        public string? AnyCode => Code ?? ErrorCode;

        public string? AnyMessage => Description ?? Message ?? ErrorMessage;
    }
}
