<#
    Get-CspUpgradeOption: the paths of an offer (no connection needed) and the options of a customer's subscription
    with their eligibility, from parameters and from the pipeline.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Get-CspUpgradeOption' {
    Context 'the paths of an offer' {
        It 'lists the targets of an offer given by id, in catalogue order' {
            $options = @(Get-CspUpgradeOption -Offer O365_BUSINESS)

            $options[0] | Should -BeOfType 'CspUpgrade.UpgradeOption'
            $options.OfferId | Sort-Object -Unique | Should -Be 'O365_BUSINESS'
            $options.TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
        }

        It 'takes the offer by display name as the first positional argument' {
            (Get-CspUpgradeOption 'Microsoft 365 Business Basic (India)').TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM_IN', 'O365_E1', 'O365_E3', 'O365_E5')
            (Get-CspUpgradeOption 'Office 365 Business Essentials').TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_E1', 'O365_E3', 'O365_E5')
        }

        It 'is a non-terminating OfferAmbiguous naming both ids for a name a legacy and a new-commerce offer share' {
            $options = @(Get-CspUpgradeOption 'Microsoft 365 Business Basic', 'O365_E3' -ErrorVariable problems -ErrorAction SilentlyContinue)

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'OfferAmbiguous,CspUpgrade.Commands.GetCspUpgradeOptionCommand'
            $problems[0].Exception.Message | Should -Match 'O365_BUSINESS_ESSENTIALS'
            $problems[0].Exception.Message | Should -Match 'M365_BUSINESS_BASIC'
            $options | Should -HaveCount 0 # O365_E3 has no paths
        }

        It 'names the services each target adds and its seat cap' {
            $options = Get-CspUpgradeOption -Offer O365_BUSINESS

            $premium = $options | Where-Object TargetOfferId -EQ 'O365_BUSINESS_PREMIUM'
            $premium.TargetOffer | Should -Be 'Microsoft 365 Business Standard'
            @($premium.AdditionalServices) | Should -Be @('Exchange', 'SharePoint', 'Teams', 'OfficeWeb')
            $premium.MaxSeats | Should -Be 300
            @(($options | Where-Object TargetOfferId -EQ 'O365_PROPLUS').AdditionalServices) | Should -HaveCount 0
        }

        It 'has no customer, subscription or eligibility when no subscription is given' {
            $option = Get-CspUpgradeOption -Offer O365_BUSINESS | Select-Object -First 1

            $option.CustomerId | Should -BeNullOrEmpty
            $option.SubscriptionId | Should -BeNullOrEmpty
            $option.IsEligible | Should -BeNullOrEmpty
        }

        It 'lists the paths of every offer a wildcard matches' {
            $options = @(Get-CspUpgradeOption -Offer 'O365_BUSINESS*')

            $options | Should -HaveCount 20
            $options.OfferId | Sort-Object -Unique | Should -Be @('O365_BUSINESS', 'O365_BUSINESS_ESSENTIALS', 'O365_BUSINESS_ESSENTIALS_IN', 'O365_BUSINESS_IN', 'O365_BUSINESS_PREMIUM', 'O365_BUSINESS_PREMIUM_IN')
        }

        It 'keeps India offers on India targets where one exists' {
            (Get-CspUpgradeOption -Offer 'Microsoft 365 Apps for business (India)').TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM_IN', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
        }

        It 'takes offers piped from Get-CspOffer' {
            @(Get-CspOffer -Name 'O365_BUSINESS_PREMIUM', 'O365_E1' | Get-CspUpgradeOption).TargetOfferId | Should -Be @('O365_E3', 'O365_E5')
            # The piped OfferId wins over the display name, which the new-commerce Business Standard shares.
            @(Get-CspOffer -Name 'Microsoft 365 Business Standard' | Get-CspUpgradeOption).OfferId | Sort-Object -Unique |
                Should -Be @('M365_BUSINESS_STANDARD', 'O365_BUSINESS_PREMIUM')
        }

        It 'is OfferNotFound for an offer the catalogue does not know' {
            { Get-CspUpgradeOption -Offer 'O365_E4' -ErrorAction Stop } |
                Should -Throw -ErrorId 'OfferNotFound,CspUpgrade.Commands.GetCspUpgradeOptionCommand'
        }

        It 'says with -Verbose what it reads, and warns that an offer has no upgrade paths' {
            $output = @(Get-CspUpgradeOption -Offer O365_E3 -Verbose 4>&1 3>&1)

            @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
            @($output | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match 'O365_E3.*no upgrade paths'
        }

        # Was a bug (issue 10, smaller points): 'Get-CspUpgradeOption -Offer O365_E3' printed nothing at all; the agreed
        # answer for an offer named on the command line is a warning (offers piped or matched by a pattern say it only verbosely).
        It 'tells the user, without -Verbose, that an offer has no upgrade paths' {
            $warnings = @(Get-CspUpgradeOption -Offer O365_E3 3>&1)

            $warnings | Should -HaveCount 1
            $warnings[0] | Should -BeOfType 'System.Management.Automation.WarningRecord'
            $warnings[0].Message | Should -Match 'no upgrade path'
        }

        It 'follows an imported catalogue' {
            $catalog = Join-Path $TestDrive 'short.yaml'
            (Get-Content -LiteralPath $PricedCatalog -Raw) -replace '(source: O365_BUSINESS\s+targets:) \[[^\]]*\]', '$1 [O365_E5]' |
                Set-Content -LiteralPath $catalog -NoNewline
            Import-CspOfferCatalog -Path $catalog
            try {
                (Get-CspUpgradeOption -Offer O365_BUSINESS).TargetOfferId | Should -Be 'O365_E5'
            }
            finally {
                Import-CspOfferCatalog -Default
            }
        }
    }

    Context 'the options of a subscription' {
        BeforeAll {
            Connect-CspInventory -Path $ContosoYaml | Out-Null
        }

        AfterAll {
            Disconnect-CspConnection
        }

        It 'gives each path of the subscription with its customer and eligibility' {
            $options = @(Get-CspUpgradeOption -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub)

            $options.TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
            $options.CustomerName | Sort-Object -Unique | Should -Be 'Contoso Ltd'
            $options.SubscriptionId | Sort-Object -Unique | Should -Be $Ids.ContosoSub
            $options.IsEligible | Should -Be @($true, $true, $true, $true)
        }

        It 'marks a target not sold with the subscription''s billing cycle, with a catalogue that restricts cycles' {
            Import-CspOfferCatalog -Path $BillingLimitedCatalog
            try {
                $options = @(Get-CspUpgradeOption -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub)

                ($options | Where-Object TargetOfferId -EQ 'O365_PROPLUS').ReasonCodes | Should -Be 'OfferDoesNotSupportBillingCycle'
            }
            finally {
                Import-CspOfferCatalog -Default
            }
        }

        It 'takes subscriptions piped from Get-CspSubscription' {
            $options = @(Get-CspSubscription -CustomerId $Ids.Wingtip, $Ids.Woodgrove | Get-CspUpgradeOption)

            $options | Should -HaveCount 4
            ($options | Where-Object CustomerName -EQ 'Wingtip Toys').ReasonCodes | Sort-Object -Unique | Should -Be 'InsufficientGranularAdminPermissions'
            ($options | Where-Object CustomerName -EQ 'Woodgrove Bank').ReasonCodes | Sort-Object -Unique | Should -Be 'DelegatedAdminPermissionsDisabled'
        }

        It 'offers an India subscription the India targets, all eligible' {
            $options = @(Get-CspSubscription -CustomerId $Ids.Margies | Get-CspUpgradeOption)

            $options.TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM_IN', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
            $options.IsEligible | Should -Be @($true, $true, $true, $true)
        }

        It 'checks -UpgradeType UpgradeOnly, which needs fewer GDAP roles' {
            $options = @(Get-CspUpgradeOption -CustomerId $Ids.Wingtip -SubscriptionId $Ids.WingtipSub -UpgradeType UpgradeOnly)

            $options.IsEligible | Should -Be @($true, $true)
        }

        It 'returns nothing for a subscription whose offer has no paths, and says why with -Verbose' {
            $output = @(Get-CspUpgradeOption -CustomerId $Ids.Litware -SubscriptionId $Ids.LitwareExchange -Verbose 4>&1)

            @($output | Where-Object { $_ -is [CspUpgrade.UpgradeOption] }) | Should -HaveCount 0
            "$output" | Should -Match "$($Ids.LitwareExchange).*no upgrade paths"
        }

        It 'is a non-terminating SubscriptionNotFound for an unknown subscription; the next rows continue' {
            $rows = @(
                [pscustomobject]@{ CustomerId = $Ids.Contoso; SubscriptionId = $UnknownId }
                [pscustomobject]@{ CustomerId = $Ids.Northwind; SubscriptionId = $Ids.NorthwindSub }
            )

            $options = @($rows | Get-CspUpgradeOption -ErrorVariable problems -ErrorAction SilentlyContinue)

            $options | Should -HaveCount 4
            $options.CustomerName | Sort-Object -Unique | Should -Be 'Northwind Traders'
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'SubscriptionNotFound,CspUpgrade.Commands.GetCspUpgradeOptionCommand'
        }

        It 'is a non-terminating CustomerNotFound for an unknown customer' {
            Get-CspUpgradeOption -CustomerId $UnknownId -SubscriptionId $Ids.ContosoSub -ErrorVariable problems -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'CustomerNotFound,CspUpgrade.Commands.GetCspUpgradeOptionCommand'
            $problems[0].TargetObject | Should -Be $UnknownId
        }
    }
}
