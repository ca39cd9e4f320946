using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>
    /// GET customers/{id}/subscriptions/{id}/transitionEligibilities?eligibilityType=immediate|scheduled: one target the
    /// new-commerce subscription may go to, Partner Center's verdict per transition type, and the customer's existing
    /// subscriptions of that target (empty for scheduled).
    /// </summary>
    internal sealed class TransitionEligibilityResource : Resource
    {
        /// <summary>productId:skuId:availabilityId of the target: what a POST transitions sends as toCatalogItemId.</summary>
        public string? CatalogItemId { get; set; }

        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Quantity { get; set; }

        public List<TransitionEligibilityDetail>? Eligibilities { get; set; }

        public List<TargetSubscriptionEligibility>? SubscriptionEligibilities { get; set; }
    }

    /// <summary>The verdict for one transition type (transition_only or transition_with_license_transfer).</summary>
    internal sealed class TransitionEligibilityDetail
    {
        [JsonConverter(typeof(StrictBooleanConverter))]
        public bool? IsEligible { get; set; }

        public string? TransitionType { get; set; }

        public List<TransitionError>? Errors { get; set; }
    }

    /// <summary>An existing subscription of the target, and whether seats may move into it (the four conditions of SPEC 1.9).</summary>
    internal sealed class TargetSubscriptionEligibility
    {
        [JsonConverter(typeof(StrictBooleanConverter))]
        public bool? IsEligible { get; set; }

        public string? SubscriptionId { get; set; }
        public string? SubscriptionFriendlyName { get; set; }
        public string? SubscriptionTermDuration { get; set; }
        public string? SubscriptionBillingCycle { get; set; }

        public List<TransitionError>? Errors { get; set; }
    }

    /// <summary>A TransitionError or TargetSubscriptionError: a code (an integer or a name, kept as sent) and its text.</summary>
    internal sealed class TransitionError
    {
        public JToken? Code { get; set; }

        [JsonConverter(typeof(AnyTextConverter))]
        public string? Description { get; set; }

        [JsonConverter(typeof(AnyTextConverter))]
        public string? Message { get; set; }
    }
}
