using System.Collections.Generic;
using Newtonsoft.Json;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>GET customers/{id}/subscriptions/{id}/upgrades: one possible upgrade, Partner Center's verdict on it.</summary>
    internal sealed class UpgradeResource : Resource
    {
        public TargetOffer? TargetOffer { get; set; }

        /// <summary>none, upgrade_only or upgrade_with_license_transfer.</summary>
        public string? UpgradeType { get; set; }

        [JsonConverter(typeof(StrictBooleanConverter))]
        public bool? IsEligible { get; set; }

        public List<UpgradeError>? UpgradeErrors { get; set; }
    }

    internal sealed class TargetOffer
    {
        public string? Id { get; set; }
        public string? OfferId { get; set; }
        public string? Name { get; set; }

        /// <summary>Partner Center's offer id (id, or offerId in older documents).</summary>
        public string? Key => Id ?? OfferId;
    }

    /// <summary>Why Partner Center refuses an upgrade: its UpgradeErrorCode (an integer or a name) and text.</summary>
    internal sealed class UpgradeError
    {
        /// <summary>Kept as sent: whether it is a number or a name decides how it maps (<see cref="PartnerCenterReasons.Map(Newtonsoft.Json.Linq.JToken?)"/>).</summary>
        public Newtonsoft.Json.Linq.JToken? Code { get; set; }

        [JsonConverter(typeof(AnyTextConverter))]
        public string? Description { get; set; }

        [JsonConverter(typeof(AnyTextConverter))]
        public string? Message { get; set; }

        [JsonConverter(typeof(AnyTextConverter))]
        public string? AdditionalDetails { get; set; }
    }
}
