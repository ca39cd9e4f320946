namespace CspUpgrade
{
    /// <summary>Lifecycle state of a subscription (SPEC 2.1).</summary>
    public enum SubscriptionStatus { Active, Suspended, Deleted, Provisioning }

    /// <summary>Who sold a subscription; other channels cause multichannel conflicts.</summary>
    public enum SalesChannel { Partner, OtherPartner, Direct }

    /// <summary>How often a subscription is billed; Triennial exists in new commerce only.</summary>
    public enum BillingCycle { Monthly, Annual, Triennial }

    /// <summary>Which commerce model an offer or subscription belongs to (SPEC 1.9).</summary>
    public enum Commerce { Legacy, NewCommerce }

    /// <summary>A new-commerce term: one month, one year, three years (ISO 8601 durations as Partner Center writes them).</summary>
    public enum TermDuration { P1M, P1Y, P3Y }

    /// <summary>What an upgrade does (SPEC 1.9's decision table); a legacy upgrade is Full.</summary>
    public enum UpgradeKind { Full, Partial, IntoExisting, AtRenewal }

    public enum DelegatedAdminType { None, DAP, GDAP }

    /// <summary>Customer-side roles granted to the partner through granular delegated admin.</summary>
    public enum GdapRole
    {
        DirectoryReader,
        GlobalReader,
        DirectoryWriter,
        GlobalAdministrator,
        UserAdministrator,
        LicenseAdministrator,
        HelpdeskAdministrator,
        BillingAdministrator,
        SecurityReader,
        SecurityAdministrator,
        ServiceSupportAdministrator,
        PrivilegedRoleAdministrator,
    }

    /// <summary>Partner Center roles of the partner user (SPEC 1.1).</summary>
    public enum PartnerRole
    {
        GlobalAdmin,
        UserManagementAdmin,
        AdminAgent,
        SalesAgent,
        HelpdeskAgent,
        BillingAdmin,
        AccountAdmin,
        MpnPartnerAdmin,
        ReferralsAdmin,
        IncentivesAdmin,
    }

    public enum UpgradeType { UpgradeWithLicenseTransfer, UpgradeOnly }

    /// <summary>
    /// Why an upgrade is not possible. 0-11 are Partner Center's UpgradeErrorCode values; the rest are this module's.
    /// </summary>
    public enum ReasonCode
    {
        Other = 0,
        DelegatedAdminPermissionsDisabled = 1,
        SubscriptionStatusNotActive = 2,
        ConflictingServiceTypes = 3,
        ConcurrencyConflicts = 4,
        UserContextRequired = 5,
        SubscriptionAddOnsPresent = 6,
        SubscriptionDoesNotHaveAnyUpgradePaths = 7,
        SubscriptionTargetOfferNotFound = 8,
        SubscriptionNotProvisioned = 9,
        OfferDoesNotSupportBillingCycle = 10,
        InsufficientGranularAdminPermissions = 11,
        TargetOfferAlreadyOwned = 100,
        MarketRestriction = 101,
        SeatLimitExceeded = 102,
        PartnerRoleNotPermitted = 103,

        // New commerce (SPEC 1.9): the local rules' codes, subscriptionEligibilities' codes by name, and two codes of
        // Partner Center's TransitionErrorCode (11 and 12 there; they clash with UpgradeErrorCode 11, so they live here).
        UpgradeQuantityInvalid = 104,
        AutoRenewDisabled = 105,
        TermDurationNotSupported = 106,
        TargetSubscriptionNotActive = 107,
        TargetSubscriptionInCancellationWindow = 108,
        TargetSubscriptionTermShorter = 109,
        TargetSubscriptionEndsBeforeSource = 110,
        TargetSubscriptionMismatch = 111,
        ConversionsNotFound = 112,
        UserLicenseError = 113,
    }

    public enum DiagnosticSeverity { Error, Warning }
}
