#
# Module manifest for CspUpgrade. This is the one manifest source: the build copies it into
# out/CspUpgrade/ and stamps ModuleVersion from Directory.Build.props.
#
@{
    RootModule           = 'CspUpgrade.dll'
    ModuleVersion        = '0.0.0'
    GUID                 = '6f0c2d7e-3b8a-4f51-9c2e-5a7d1e9b4c30'
    Author               = 'CspUpgrade contributors'
    CompanyName          = 'CspUpgrade'
    Copyright            = '(c) CspUpgrade contributors. All rights reserved.'
    Description          = 'See which upgrades CSP customers can take, check eligibility in bulk, upgrade subscriptions and add licenses safely, and find the user accounts that need manual work afterwards.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('CspUpgrade.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-CspInventory'
        'Connect-CspPartnerCenter'
        'Get-CspConnection'
        'Disconnect-CspConnection'
        'Get-CspOffer'
        'Get-CspUpgradeOption'
        'Import-CspOfferCatalog'
        'Test-CspOfferCatalog'
        'Get-CspCustomer'
        'Get-CspSubscription'
        'Test-CspUpgradeEligibility'
        'Invoke-CspSubscriptionUpgrade'
        'Add-CspSubscriptionLicense'
        'Export-CspUpgradeReport'
        'Export-CspInventory'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('CSP', 'PartnerCenter', 'Microsoft365', 'Office365', 'Licensing', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
