namespace CspUpgrade.Infrastructure
{
    /// <summary>The error ids of the public contract (SPEC 2): scripts match FullyQualifiedErrorId on these.</summary>
    internal static class ErrorIds
    {
        public const string NotConnected = nameof(NotConnected);
        public const string CustomerNotFound = nameof(CustomerNotFound);
        public const string SubscriptionNotFound = nameof(SubscriptionNotFound);
        public const string OfferNotFound = nameof(OfferNotFound);
        public const string OfferAmbiguous = nameof(OfferAmbiguous);
        public const string NotEligible = nameof(NotEligible);
        public const string SeatLimitExceeded = nameof(SeatLimitExceeded);
        public const string SubscriptionNotActive = nameof(SubscriptionNotActive);
        public const string PartnerRoleNotPermitted = nameof(PartnerRoleNotPermitted);
        public const string CatalogInvalid = nameof(CatalogInvalid);
        public const string InventoryInvalid = nameof(InventoryInvalid);
        public const string InventoryLocked = nameof(InventoryLocked);
        public const string InventoryWriteFailed = nameof(InventoryWriteFailed);
        public const string PartnerCenterRequestFailed = nameof(PartnerCenterRequestFailed);
        public const string PartnerCenterThrottled = nameof(PartnerCenterThrottled);
        public const string PartnerCenterUnauthorized = nameof(PartnerCenterUnauthorized);
        public const string PartnerCenterSignInFailed = nameof(PartnerCenterSignInFailed);
        public const string PathNotFound = nameof(PathNotFound);
        public const string OutputFileExists = nameof(OutputFileExists);
        public const string OutputWriteFailed = nameof(OutputWriteFailed);
    }
}
