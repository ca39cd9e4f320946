<#
    Test-CspUpgradeEligibility: parameters, CSV in, CSV out, -Quiet, every reason code the example inventories produce
    (with message and remediation), errors for bad rows, and the EligibilityResultReasons list view.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Connect-CspInventory -Path $ContosoYaml | Out-Null
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Test-CspUpgradeEligibility' {
    Context 'one customer by parameters' {
        It 'checks every subscription against every path, one result per path' {
            $results = @(Test-CspUpgradeEligibility -CustomerId $Ids.Contoso)

            $results[0] | Should -BeOfType 'CspUpgrade.EligibilityResult'
            $results.TargetOfferId | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
            $results.IsEligible | Should -Be @($true, $true, $true, $true)
        }

        It 'carries the ids it is about, the source offer, upgrade type and quantity' {
            $result = Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3

            $result.CustomerId | Should -Be $Ids.Contoso
            $result.CustomerName | Should -Be 'Contoso Ltd'
            $result.SubscriptionId | Should -Be $Ids.ContosoSub
            $result.OfferId | Should -Be 'O365_BUSINESS'
            $result.TargetOfferId | Should -Be 'O365_E3'
            $result.TargetOffer | Should -Be 'Office 365 Enterprise E3'
            "$($result.UpgradeType)" | Should -Be 'UpgradeWithLicenseTransfer'
            $result.Quantity | Should -Be 25
            $result.IsEligible | Should -BeTrue
            $result.ReasonCodes | Should -BeNullOrEmpty
        }

        It 'takes the target by display name, case-insensitively, and reports its id' {
            (Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -TargetOffer 'office 365 enterprise e5').TargetOfferId | Should -Be 'O365_E5'
        }

        It 'checks a -Quantity other than the source''s' {
            $result = Test-CspUpgradeEligibility -CustomerId $Ids.Tailspin -TargetOffer O365_BUSINESS_PREMIUM -Quantity 320

            $result.Quantity | Should -Be 320
            $result.ReasonCodes | Should -Be 'SeatLimitExceeded'
            $result.Reasons[0].Remediation | Should -Match 'O365_PROPLUS.*O365_E3.*O365_E5'
        }

        It 'checks -UpgradeType UpgradeOnly, which needs only Directory Readers' {
            $transfer = Test-CspUpgradeEligibility -CustomerId $Ids.Wingtip -TargetOffer O365_E3
            $only = Test-CspUpgradeEligibility -CustomerId $Ids.Wingtip -TargetOffer O365_E3 -UpgradeType UpgradeOnly

            $transfer.ReasonCodes | Should -Be 'InsufficientGranularAdminPermissions'
            $only.IsEligible | Should -BeTrue
            "$($only.UpgradeType)" | Should -Be 'UpgradeOnly'
        }

        It 'gives one ineligible result without a target for a subscription whose offer has no paths' {
            $result = @(Test-CspUpgradeEligibility -CustomerId $Ids.Litware -SubscriptionId $Ids.LitwareExchange)

            $result | Should -HaveCount 1
            $result[0].TargetOfferId | Should -BeNullOrEmpty
            $result[0].IsEligible | Should -BeFalse
            $result[0].ReasonCodes | Should -Be 'SubscriptionDoesNotHaveAnyUpgradePaths'
        }
    }

    Context 'reason codes of the example inventory' {
        BeforeAll {
            $all = @(Get-CspCustomer | Test-CspUpgradeEligibility)
        }

        It 'checks every path of every subscription of every customer' {
            $all | Should -HaveCount 52
            @($all | Where-Object IsEligible) | Should -HaveCount 24
        }

        It 'produces exactly the reason codes its comments promise' {
            $all.Reasons.Code | ForEach-Object { "$_" } | Sort-Object -Unique | Should -Be @(
                'ConflictingServiceTypes', 'DelegatedAdminPermissionsDisabled', 'InsufficientGranularAdminPermissions',
                'SeatLimitExceeded', 'SubscriptionAddOnsPresent',
                'SubscriptionDoesNotHaveAnyUpgradePaths', 'SubscriptionNotProvisioned', 'SubscriptionStatusNotActive',
                'TargetOfferAlreadyOwned')
        }

        It '<Code> for <Customer>, with a message and what to do' -ForEach @(
            @{ Code = 'SubscriptionDoesNotHaveAnyUpgradePaths'; Customer = 'Adatum Corporation'; Fix = 'new subscription' }
            @{ Code = 'ConflictingServiceTypes'; Customer = 'Litware Inc'; Fix = 'must cancel subscription' }
            @{ Code = 'TargetOfferAlreadyOwned'; Customer = 'Fourth Coffee'; Fix = '.' }
            @{ Code = 'SeatLimitExceeded'; Customer = 'Alpine Ski House'; Fix = 'allows' }
            @{ Code = 'InsufficientGranularAdminPermissions'; Customer = 'Wingtip Toys'; Fix = 'Directory Writers' }
            @{ Code = 'DelegatedAdminPermissionsDisabled'; Customer = 'Woodgrove Bank'; Fix = '.' }
            @{ Code = 'SubscriptionStatusNotActive'; Customer = 'Proseware Inc'; Fix = '.' }
            @{ Code = 'SubscriptionNotProvisioned'; Customer = 'Relecloud'; Fix = '.' }
            @{ Code = 'SubscriptionAddOnsPresent'; Customer = 'Coho Winery'; Fix = '.' }
        ) {
            $reasons = @($all | Where-Object CustomerName -EQ $Customer | ForEach-Object Reasons | Where-Object { "$($_.Code)" -eq $Code })

            $reasons | Should -Not -BeNullOrEmpty
            $reasons[0].Message | Should -Not -BeNullOrEmpty
            $reasons[0].Remediation | Should -Match ([regex]::Escape($Fix))
        }

        It 'gives one ConflictingServiceTypes reason per conflicting subscription, naming it' {
            $premium = $all | Where-Object { $_.SubscriptionId -eq $Ids.LitwareSub -and $_.TargetOfferId -eq 'O365_BUSINESS_PREMIUM' }

            $premium.ReasonCodes | Should -Be 'ConflictingServiceTypes, ConflictingServiceTypes'
            $premium.Reasons.RelatedSubscriptionId | Should -Be @($Ids.LitwareExchange, $Ids.LitwareSharePoint)
            $premium.Reasons[0].Message | Should -Match 'another partner'
            $premium.Reasons[1].Message | Should -Match 'directly from Microsoft'
        }

        It 'reports owning the target as TargetOfferAlreadyOwned only, not also as a conflict' {
            $e3 = $all | Where-Object { $_.SubscriptionId -eq $Ids.FourthCoffeeSub -and $_.TargetOfferId -eq 'O365_E3' }

            $e3.ReasonCodes | Should -Be 'TargetOfferAlreadyOwned'
            $e3.Reasons[0].RelatedSubscriptionId | Should -Be $Ids.FourthCoffeeE3
        }

        It 'reports every failed condition, not only the first' {
            $premium = $all | Where-Object { $_.SubscriptionId -eq $Ids.AlpineSub -and $_.TargetOfferId -eq 'O365_BUSINESS_PREMIUM' }

            $premium.ReasonCodes | Should -Be 'ConflictingServiceTypes, SeatLimitExceeded'
        }

        It 'gives MarketRestriction for a global target asked for an India customer, naming the India offer' {
            $result = Test-CspUpgradeEligibility -CustomerId $Ids.Margies -TargetOffer O365_BUSINESS_PREMIUM

            $result.ReasonCodes | Should -Be 'MarketRestriction'
            $result.Reasons[0].Remediation | Should -Match 'O365_BUSINESS_PREMIUM_IN'
        }

        It 'gives SubscriptionTargetOfferNotFound for a known offer that is not a path of the source' {
            $result = Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -TargetOffer O365_E1

            $result.IsEligible | Should -BeFalse
            $result.ReasonCodes | Should -Be 'SubscriptionTargetOfferNotFound'
        }

        It 'gives PartnerRoleNotPermitted for every check by a partner user without an upgrade role' {
            Connect-ExampleCopy -Name 'restricted-partner.yaml' -Destination $TestDrive | Out-Null
            try {
                $results = @(Get-CspCustomer | Test-CspUpgradeEligibility)

                $results | Should -Not -BeNullOrEmpty
                $results.IsEligible | Sort-Object -Unique | Should -Be $false
                $results | ForEach-Object { $_.ReasonCodes | Should -Match 'PartnerRoleNotPermitted' }
            }
            finally {
                Connect-CspInventory -Path $ContosoYaml | Out-Null
            }
        }
    }

    Context 'CSV in' {
        It 'binds CustomerId, SubscriptionId, TargetOffer and Quantity columns by name' {
            $rows = @"
CustomerId,SubscriptionId,TargetOffer,Quantity
$($Ids.Contoso),$($Ids.ContosoSub),O365_E3,25
$($Ids.Tailspin),$($Ids.TailspinSub),Microsoft 365 Business Standard,320
$($Ids.Tailspin),$($Ids.TailspinSub),O365_E3,320
"@ | ConvertFrom-Csv

            $results = @($rows | Test-CspUpgradeEligibility)

            $results.IsEligible | Should -Be @($true, $false, $true)
            $results.Quantity | Should -Be @(25, 320, 320)
            $results[1].ReasonCodes | Should -Be 'SeatLimitExceeded'
        }

        It 'treats an empty Quantity cell as the source quantity' {
            $row = "CustomerId,SubscriptionId,TargetOffer,Quantity`n$($Ids.Contoso),$($Ids.ContosoSub),O365_E3," | ConvertFrom-Csv

            ($row | Test-CspUpgradeEligibility).Quantity | Should -Be 25
        }

        It 'treats empty SubscriptionId and TargetOffer cells as every subscription and every path' {
            $row = "CustomerId,SubscriptionId,TargetOffer`n$($Ids.Adatum),," | ConvertFrom-Csv

            $results = @($row | Test-CspUpgradeEligibility)

            $results | Should -HaveCount 5
            ($results.SubscriptionId | Sort-Object -Unique) | Should -Be @($Ids.AdatumSharePoint, $Ids.AdatumSub)
        }

        It 'takes UpgradeType from a column' {
            $rows = @"
CustomerId,SubscriptionId,TargetOffer,UpgradeType
$($Ids.Wingtip),$($Ids.WingtipSub),O365_E3,UpgradeWithLicenseTransfer
$($Ids.Wingtip),$($Ids.WingtipSub),O365_E3,UpgradeOnly
"@ | ConvertFrom-Csv

            (@($rows | Test-CspUpgradeEligibility)).IsEligible | Should -Be @($false, $true)
        }

        It 'checks a list of customer ids from Import-Csv' {
            $list = Join-Path $TestDrive 'customers.csv'
            Set-Content -LiteralPath $list -Value 'CustomerId', $Ids.Contoso, $Ids.Northwind

            $results = @(Import-Csv -LiteralPath $list | Test-CspUpgradeEligibility)

            $results | Should -HaveCount 8
            @($results | Where-Object CustomerName -EQ 'Northwind Traders' | Where-Object IsEligible) | Should -HaveCount 4
        }

        It 'takes subscriptions piped from Get-CspSubscription' {
            $results = @(Get-CspSubscription -Offer O365_BUSINESS_ESSENTIALS -Status Active | Test-CspUpgradeEligibility -TargetOffer O365_E1)

            $results.CustomerName | Should -Be @('Adatum Corporation', 'Fourth Coffee', 'Alpine Ski House')
            $results.IsEligible | Should -Be @($true, $true, $true)
        }
    }

    Context 'bad rows' {
        It 'is a non-terminating CustomerNotFound for an unknown customer; the other rows are checked' {
            $rows = "CustomerId,TargetOffer`n$UnknownId,O365_E3`n$($Ids.Contoso),O365_E3" | ConvertFrom-Csv

            $results = @($rows | Test-CspUpgradeEligibility -ErrorVariable problems -ErrorAction SilentlyContinue)

            $results.CustomerId | Should -Be $Ids.Contoso
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'CustomerNotFound,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand'
            $problems[0].TargetObject | Should -Be $UnknownId
        }

        It 'is a non-terminating SubscriptionNotFound for an unknown subscription' {
            Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -SubscriptionId $UnknownId -ErrorVariable problems -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty

            $problems[0].FullyQualifiedErrorId | Should -Be 'SubscriptionNotFound,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand'
        }

        It 'is OfferNotFound, not a result, for a target the catalogue does not know; the other rows are checked' {
            $rows = "CustomerId,TargetOffer`n$($Ids.Contoso),O365_E4`n$($Ids.Contoso),O365_E5" | ConvertFrom-Csv

            $results = @($rows | Test-CspUpgradeEligibility -ErrorVariable problems -ErrorAction SilentlyContinue)

            $results.TargetOfferId | Should -Be 'O365_E5'
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'OfferNotFound,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand'
        }

        It 'refuses a quantity that is not a seat count' {
            $thrown = { Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -Quantity 0 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand' -PassThru

            $thrown.Exception.Message | Should -Match "'0' is not a valid Quantity; give a whole number, 1 or more"
        }

        It 'refuses an upgrade type that does not exist, listing the valid ones' {
            $thrown = { Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -UpgradeType 'Upgrade-Only' } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand' -PassThru

            $thrown.Exception.Message | Should -Match 'UpgradeWithLicenseTransfer, UpgradeOnly'
        }
    }

    Context '-Quiet' {
        It 'returns one boolean per result instead of the results' {
            $answers = @(Test-CspUpgradeEligibility -CustomerId $Ids.Contoso -Quiet)

            $answers | Should -Be @($true, $true, $true, $true)
            $answers | ForEach-Object { $_ | Should -BeOfType [bool] }
        }

        It 'answers a single question with a single boolean usable in if' {
            $answer = Test-CspUpgradeEligibility -CustomerId $Ids.Wingtip -TargetOffer O365_E3 -Quiet

            $answer -is [bool] | Should -BeTrue
            $answer | Should -BeFalse
        }

        It 'answers per CSV row' {
            $list = "CustomerId`n$($Ids.Contoso)`n$($Ids.Woodgrove)" | ConvertFrom-Csv

            @($list | Test-CspUpgradeEligibility -TargetOffer O365_E3 -Quiet) | Should -Be @($true, $false)
        }
    }

    Context 'CSV out' {
        BeforeAll {
            $exported = Join-Path $TestDrive 'eligibility.csv'
            Get-CspCustomer -Name 'Contoso*', 'Litware*' | Test-CspUpgradeEligibility | Export-Csv -LiteralPath $exported -NoTypeInformation
            $rows = @(Import-Csv -LiteralPath $exported)
        }

        It 'writes one row per result' {
            $rows | Should -HaveCount 10
        }

        It 'has the ids and the decision as columns' {
            $rows[0].PSObject.Properties.Name | Should -Contain 'CustomerId'
            $rows[0].PSObject.Properties.Name | Should -Contain 'SubscriptionId'
            $rows[0].PSObject.Properties.Name | Should -Contain 'TargetOfferId'
            $rows.IsEligible | Sort-Object -Unique | Should -Be @('False', 'True')
        }

        It 'keeps every reason code as text in the ReasonCodes column' {
            ($rows | Where-Object { $_.SubscriptionId -eq $Ids.LitwareSub -and $_.TargetOfferId -eq 'O365_E3' }).ReasonCodes |
                Should -Be 'ConflictingServiceTypes, ConflictingServiceTypes'
            ($rows | Where-Object { $_.CustomerId -eq $Ids.Contoso -and $_.TargetOfferId -eq 'O365_PROPLUS' }).ReasonCodes |
                Should -Be ''
        }

        It 'can be read back and checked again' {
            $again = @($rows | Test-CspUpgradeEligibility)

            $again | Should -HaveCount 10
            $again.IsEligible | Should -Be ($rows.IsEligible | ForEach-Object { $_ -eq 'True' })
        }
    }

    Context 'the EligibilityResultReasons list view' {
        BeforeAll {
            # The view wraps long values at spaces (so they fit 80 columns too): compare the words, not the line breaks.
            $text = (Test-CspUpgradeEligibility -CustomerId $Ids.Litware -SubscriptionId $Ids.LitwareSub -TargetOffer O365_E3 |
                Format-List -View EligibilityResultReasons | Out-String -Width 400) -replace '\s+', ' '
        }

        It 'names customer, subscription and target' {
            $text | Should -Match "Customer\s+: Litware Inc \($($Ids.Litware)\)"
            $text | Should -Match "Subscription\s+: $($Ids.LitwareSub) \(O365_BUSINESS\), 30 seats"
            $text | Should -Match 'Target\s+: Office 365 Enterprise E3 \(O365_E3\)'
            $text | Should -Match 'Eligible\s+: False'
        }

        It 'lists every reason and every remediation' {
            ([regex]::Matches($text, 'ConflictingServiceTypes: Subscription')).Count | Should -Be 2
            $text | Should -Match "Remediation\s+: ConflictingServiceTypes: The customer must cancel subscription $($Ids.LitwareExchange)"
            $text | Should -Match "must cancel subscription $($Ids.LitwareSharePoint)"
        }

        It 'says so for a subscription without upgrade paths' {
            $noPath = Test-CspUpgradeEligibility -CustomerId $Ids.Litware -SubscriptionId $Ids.LitwareExchange |
                Format-List -View EligibilityResultReasons | Out-String -Width 400

            $noPath | Should -Match 'Target\s+: \(no upgrade path\)'
        }
    }
}
