namespace CspUpgrade
{
    /// <summary>One failed condition of an upgrade, with what to do about it.</summary>
    public sealed class EligibilityReason
    {
        private readonly EligibilityResult? _inputs;
        private string? _message;
        private string? _remediation;

        /// <summary>A reason whose text is known up front (e.g. Partner Center's own description).</summary>
        public EligibilityReason(ReasonCode code, string message, string remediation, string? relatedSubscriptionId = null, string? originalCode = null)
        {
            Code = code;
            _message = message;
            _remediation = remediation;
            RelatedSubscriptionId = relatedSubscriptionId;
            OriginalCode = originalCode;
        }

        // Local rule results keep their inputs and format text only when someone reads it: checks stay cheap in bulk.
        internal EligibilityReason(ReasonCode code, EligibilityResult inputs, SubscriptionRecord? related, int number, CatalogOffer? relatedOffer)
        {
            Code = code;
            _inputs = inputs;
            Related = related;
            Number = number;
            RelatedOffer = relatedOffer;
            RelatedSubscriptionId = related?.SubscriptionId;
        }

        public ReasonCode Code { get; }

        public string Message => _message ??= ReasonText.Message(this, _inputs!);

        /// <summary>What the partner can do to make the upgrade possible.</summary>
        public string Remediation => _remediation ??= ReasonText.Remediation(this, _inputs!);

        /// <summary>The other subscription the reason is about (conflicts, owned target), if any.</summary>
        public string? RelatedSubscriptionId { get; }

        /// <summary>The code as the backend sent it, when it was not one of the known names (mapped to Other).</summary>
        public string? OriginalCode { get; }

        internal SubscriptionRecord? Related { get; }
        internal int Number { get; }
        internal CatalogOffer? RelatedOffer { get; }

        /// <summary>"Code: message Remediation: what to do", on one line (a CSV cell, ReasonSummary, "$reason").</summary>
        public override string ToString()
        {
            string code = OriginalCode is null ? ReasonCodeNames.Name(Code) : $"{ReasonCodeNames.Name(Code)} ({OriginalCode})";
            return string.IsNullOrEmpty(Remediation) ? $"{code}: {Message}" : $"{code}: {Message} Remediation: {Remediation}";
        }
    }
}
