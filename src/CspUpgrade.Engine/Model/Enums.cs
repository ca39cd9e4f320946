namespace CspUpgrade
{
    /// <summary>Lifecycle state of a subscription (SPEC 2.1).</summary>
    public enum SubscriptionStatus { Active, Suspended, Deleted, Provisioning }

    /// <summary>Who sold a subscription; other channels cause multichannel conflicts.</summary>
    public enum SalesChannel { Partner, OtherPartner, Direct }

    public enum BillingCycle { Monthly, Annual }

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
    }

    public enum DiagnosticSeverity { Error, Warning }
}
