using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>GET customers/{id}/subscriptions[/{id}] (and a finished PATCH's answer): the fields the module reads.</summary>
    internal sealed class SubscriptionResource : Resource
    {
        public string? Id { get; set; }
        public string? OfferId { get; set; }
        public string? OfferName { get; set; }
        public string? FriendlyName { get; set; }
        public string? Status { get; set; }

        /// <summary>The quantity as sent; a document without one is no subscription (e.g. an operation's status).</summary>
        [JsonProperty("quantity")]
        public JToken? QuantityValue { get; set; }

        [JsonIgnore]
        public bool HasQuantity => QuantityValue != null;

        /// <summary>The seats, when the quantity is a number.</summary>
        [JsonIgnore]
        public int? Quantity => QuantityValue is JValue q && (q.Type == JTokenType.Integer || q.Type == JTokenType.Float) ? (int)q : (int?)null;

        public string? BillingCycle { get; set; }

        /// <summary>The end of the term, kept as sent (an ISO 8601 date-time).</summary>
        public string? CommitmentEndDate { get; set; }

        /// <summary>The end of the current billing period, kept as sent (SPEC 1.8: what billing prorates over, not the term's end).</summary>
        public string? BillingCycleEndDate { get; set; }

        /// <summary>Set on add-ons: the subscription they belong to.</summary>
        public string? ParentSubscriptionId { get; set; }

        // New commerce (SPEC 1.9).

        /// <summary>{id: OnlineServicesNCE, ...} on a new-commerce subscription.</summary>
        public ProductTypeResource? ProductType { get; set; }

        /// <summary>P1M, P1Y or P3Y.</summary>
        public string? TermDuration { get; set; }

        [JsonConverter(typeof(StrictBooleanConverter))]
        public bool? AutoRenewEnabled { get; set; }

        /// <summary>The end of the cancellation window, kept as sent.</summary>
        public string? CancellationAllowedUntilDate { get; set; }

        /// <summary>The change applied at renewal, kept as sent (null when none).</summary>
        public JToken? ScheduledNextTermInstructions { get; set; }

        /// <summary>attributes.etag: what a PATCH sends back as If-Match.</summary>
        public ResourceAttributes? Attributes { get; set; }
    }

    internal sealed class ProductTypeResource
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
    }

    internal sealed class ResourceAttributes
    {
        public string? Etag { get; set; }
        public string? ObjectType { get; set; }
    }
}
