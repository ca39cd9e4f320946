#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Pester 5 tests of CspUpgrade from the user's side: CSV in, CSV out, -WhatIf, upgrades on a copy of the example
    inventory, and the error ids scripts match on. Build first (dotnet build -c Release), then:

        Invoke-Pester ./tests/Pester

    The same behaviour is tested without pwsh by tests/CspUpgrade.Module.Tests (a hosted PowerShell engine).
#>

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/CspUpgrade/CspUpgrade.psd1" -Force
    $script:Examples = Join-Path $PSScriptRoot '../../examples'
    $script:Contoso = Join-Path $script:Examples 'contoso.yaml'
    $script:Restricted = Join-Path $script:Examples 'restricted-partner.yaml'

    # Ids of examples/contoso.yaml.
    $script:ContosoId = '3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10'
    $script:ContosoSub = '9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50'
    $script:NorthwindId = '8ace67df-e205-422e-a15b-60845c58f871'
    $script:TailspinId = '3040d10f-8f0e-4f2a-a7c4-f847fa869045'
    $script:TailspinSub = '2690181b-f0ee-472b-b942-980b5996e9d1'
    $script:WingtipId = 'c45d1e61-c055-41ab-b85f-6328b1ecc1c4'
    $script:WingtipSub = 'c0b66c06-1590-4402-9316-70d24094d73b'
}

AfterAll {
    Disconnect-CspConnection
    Import-CspOfferCatalog -Default
    Remove-Module CspUpgrade -ErrorAction SilentlyContinue
}

Describe 'Test-CspUpgradeEligibility with CSV input' {
    BeforeAll {
        Connect-CspInventory -Path $script:Contoso | Out-Null
    }

    Context 'rows from ConvertFrom-Csv' {
        It 'binds CustomerId, SubscriptionId, TargetOffer and Quantity columns by name' {
            $csv = @"
CustomerId,SubscriptionId,TargetOffer,Quantity
$script:ContosoId,$script:ContosoSub,O365_E3,25
$script:TailspinId,$script:TailspinSub,Office 365 Business Premium,320
$script:TailspinId,$script:TailspinSub,O365_E3,320
"@
            $results = @($csv | ConvertFrom-Csv | Test-CspUpgradeEligibility)

            $results | Should -HaveCount 3
            $results[0].IsEligible | Should -BeTrue
            $results[0].Quantity | Should -Be 25
            $results[1].IsEligible | Should -BeFalse
            $results[1].ReasonCodes | Should -Be 'SeatLimitExceeded'
            $results[1].Quantity | Should -Be 320
            $results[2].IsEligible | Should -BeTrue
        }

        It 'treats an empty Quantity cell as the source quantity' {
            $csv = @"
CustomerId,SubscriptionId,TargetOffer,Quantity
$script:ContosoId,$script:ContosoSub,O365_E3,
"@
            $result = $csv | ConvertFrom-Csv | Test-CspUpgradeEligibility

            $result.Quantity | Should -Be 25
            $result.IsEligible | Should -BeTrue
        }

        It 'treats empty SubscriptionId and TargetOffer cells as "every subscription, every path"' {
            $csv = @"
CustomerId,SubscriptionId,TargetOffer
$script:ContosoId,,
"@
            $results = @($csv | ConvertFrom-Csv | Test-CspUpgradeEligibility)

            $results | Should -HaveCount 4
            ($results.TargetOfferId | Sort-Object) | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_E3', 'O365_E5', 'O365_PROPLUS')
            ($results | Where-Object { -not $_.IsEligible }).ReasonCodes | Should -Be 'OfferDoesNotSupportBillingCycle'
        }

        It 'accepts UpgradeType from a column' {
            $csv = @"
CustomerId,SubscriptionId,TargetOffer,UpgradeType
$script:WingtipId,$script:WingtipSub,O365_E3,UpgradeWithLicenseTransfer
$script:WingtipId,$script:WingtipSub,O365_E3,UpgradeOnly
"@
            $results = @($csv | ConvertFrom-Csv | Test-CspUpgradeEligibility)

            $results[0].ReasonCodes | Should -Be 'InsufficientGranularAdminPermissions'
            $results[1].IsEligible | Should -BeTrue
        }
    }

    Context 'rows from Import-Csv' {
        BeforeAll {
            $script:CustomerList = Join-Path $TestDrive 'customers.csv'
            Set-Content -LiteralPath $script:CustomerList -Value @('CustomerId', $script:ContosoId, $script:NorthwindId)
        }

        It 'checks every subscription of every listed customer against every path' {
            $results = @(Import-Csv -LiteralPath $script:CustomerList | Test-CspUpgradeEligibility)

            $results | Should -HaveCount 8
            @($results | Where-Object CustomerName -eq 'Contoso Ltd') | Should -HaveCount 4
            @($results | Where-Object CustomerName -eq 'Northwind Traders' | Where-Object IsEligible) | Should -HaveCount 4
        }

        It 'returns one boolean per result with -Quiet' {
            $answers = @(Import-Csv -LiteralPath $script:CustomerList | Test-CspUpgradeEligibility -TargetOffer O365_E3 -Quiet)

            $answers | Should -HaveCount 2
            $answers | Should -Be @($true, $true)
        }

        It 'exports results with a ReasonCodes column that survives the round trip' {
            $exported = Join-Path $TestDrive 'eligibility.csv'
            Import-Csv -LiteralPath $script:CustomerList | Test-CspUpgradeEligibility | Export-Csv -LiteralPath $exported -NoTypeInformation

            $rows = @(Import-Csv -LiteralPath $exported)
            $rows | Should -HaveCount 8
            $rows[0].PSObject.Properties.Name | Should -Contain 'ReasonCodes'
            $rows[0].PSObject.Properties.Name | Should -Contain 'IsEligible'
            ($rows | Where-Object TargetOfferId -eq 'O365_PROPLUS' | Where-Object CustomerId -eq $script:ContosoId).ReasonCodes |
                Should -Be 'OfferDoesNotSupportBillingCycle'
        }
    }
}

Describe 'Invoke-CspSubscriptionUpgrade on a copy of the example inventory' {
    BeforeEach {
        $script:Inventory = Join-Path $TestDrive 'contoso.yaml'
        Copy-Item -LiteralPath $script:Contoso -Destination $script:Inventory -Force
        Remove-Item -Path "$script:Inventory.journal.jsonl", "$script:Inventory.bak" -ErrorAction SilentlyContinue
        Connect-CspInventory -LiteralPath $script:Inventory | Out-Null
    }

    AfterEach {
        Disconnect-CspConnection
    }

    It '-WhatIf leaves the inventory file unchanged and writes no journal' {
        $before = (Get-FileHash -LiteralPath $script:Inventory).Hash

        $output = Invoke-CspSubscriptionUpgrade -CustomerId $script:ContosoId -SubscriptionId $script:ContosoSub -TargetOffer O365_E3 -WhatIf

        $output | Should -BeNullOrEmpty
        (Get-FileHash -LiteralPath $script:Inventory).Hash | Should -Be $before
        Test-Path -LiteralPath "$script:Inventory.journal.jsonl" | Should -BeFalse
    }

    It 'upgrades, then reports AlreadyUpgraded on a re-run without changing the file again' {
        $first = Invoke-CspSubscriptionUpgrade -CustomerId $script:ContosoId -SubscriptionId $script:ContosoSub -TargetOffer O365_E3 -Force -ErrorAction Stop
        $afterFirst = (Get-FileHash -LiteralPath $script:Inventory).Hash

        $again = Invoke-CspSubscriptionUpgrade -CustomerId $script:ContosoId -SubscriptionId $script:ContosoSub -TargetOffer O365_E3 -Force -ErrorAction Stop

        "$($first.Status)" | Should -Be 'Completed'
        "$($again.Status)" | Should -Be 'AlreadyUpgraded'
        $again.TargetSubscriptionId | Should -Be $first.TargetSubscriptionId
        (Get-FileHash -LiteralPath $script:Inventory).Hash | Should -Be $afterFirst

        $subscriptions = @(Get-CspSubscription -CustomerId $script:ContosoId)
        $subscriptions | Should -HaveCount 2
        "$(($subscriptions | Where-Object SubscriptionId -eq $script:ContosoSub).Status)" | Should -Be 'Deleted'
        ($subscriptions | Where-Object SubscriptionId -eq $first.TargetSubscriptionId).UpgradedFrom | Should -Be $script:ContosoSub
        Get-Content -LiteralPath "$script:Inventory.journal.jsonl" -Raw | Should -Match '"phase":"committed"'
    }

    It 'upgrades the eligible rows of a batch and reports the others as NotEligible errors' {
        $batch = @(
            [pscustomobject]@{ CustomerId = $script:ContosoId; SubscriptionId = $script:ContosoSub; TargetOffer = 'O365_E3' }
            [pscustomobject]@{ CustomerId = $script:WingtipId; SubscriptionId = $script:WingtipSub; TargetOffer = 'O365_E3' }
        )

        $done = @($batch | Invoke-CspSubscriptionUpgrade -Force -ErrorVariable refused -ErrorAction SilentlyContinue)

        $done | Should -HaveCount 1
        $done[0].CustomerId | Should -Be $script:ContosoId
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'NotEligible*'
        $refused[0].Exception.Message | Should -Match 'InsufficientGranularAdminPermissions'
    }

    It 'exports upgrade results with flat columns' {
        $exported = Join-Path $TestDrive 'upgrades.csv'
        Invoke-CspSubscriptionUpgrade -CustomerId $script:ContosoId -SubscriptionId $script:ContosoSub -TargetOffer O365_E3 -Force |
            Export-Csv -LiteralPath $exported -NoTypeInformation

        $row = @(Import-Csv -LiteralPath $exported)
        $row | Should -HaveCount 1
        $row[0].Status | Should -Be 'Completed'
        $row[0].PSObject.Properties.Name | Should -Contain 'AffectedAccountCount'
        $row[0].PSObject.Properties.Name | Should -Contain 'BillingNet'
    }

    It 'adds licenses with -PassThru and refuses seats beyond the cap' {
        $updated = Add-CspSubscriptionLicense -CustomerId $script:ContosoId -SubscriptionId $script:ContosoSub -Count 5 -PassThru

        $updated.Quantity | Should -Be 30
        { Add-CspSubscriptionLicense -CustomerId $script:TailspinId -SubscriptionId $script:TailspinSub -Count 50 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SeatLimitExceeded*'
    }
}

Describe 'Errors scripts can match on' {
    Context 'terminating errors' {
        It 'NotConnected when no backend is connected' {
            Disconnect-CspConnection
            { Get-CspCustomer -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected*'
        }

        It 'InventoryInvalid for a misspelt key, with its line and column' {
            $broken = Join-Path $TestDrive 'broken.yaml'
            (Get-Content -LiteralPath $script:Contoso -Raw) -replace 'billingCycle: Monthly', 'billingcycle: Monthly' |
                Set-Content -LiteralPath $broken

            { Connect-CspInventory -LiteralPath $broken -ErrorAction Stop } | Should -Throw -ErrorId 'InventoryInvalid*'
            try {
                Connect-CspInventory -LiteralPath $broken -ErrorAction Stop
            }
            catch {
                $_.Exception.Diagnostics[0].Code | Should -Be 'WrongKeyCase'
                $_.Exception.Diagnostics[0].Line | Should -BeGreaterThan 0
                $_.Exception.Message | Should -Match 'broken\.yaml:\d+:\d+'
            }
        }

        It 'CatalogInvalid for a file that is not a catalogue, and the session keeps its catalogue' {
            { Import-CspOfferCatalog -Path $script:Contoso -ErrorAction Stop } | Should -Throw -ErrorId 'CatalogInvalid*'
            Get-CspOffer | Should -HaveCount 12
        }

        It 'PartnerRoleNotPermitted for a partner user without an upgrade role' {
            $copy = Join-Path $TestDrive 'restricted.yaml'
            Copy-Item -LiteralPath $script:Restricted -Destination $copy -Force
            Connect-CspInventory -LiteralPath $copy | Out-Null
            $customer = Get-CspCustomer | Select-Object -First 1
            $subscription = $customer | Get-CspSubscription | Select-Object -First 1

            { Invoke-CspSubscriptionUpgrade -CustomerId $customer.CustomerId -SubscriptionId $subscription.SubscriptionId -TargetOffer O365_E3 -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'PartnerRoleNotPermitted*'
            { Add-CspSubscriptionLicense -CustomerId $customer.CustomerId -SubscriptionId $subscription.SubscriptionId -Count 1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'PartnerRoleNotPermitted*'
            (Test-CspUpgradeEligibility -CustomerId $customer.CustomerId -TargetOffer O365_E3).ReasonCodes | Should -Match 'PartnerRoleNotPermitted'
        }
    }

    Context 'non-terminating errors' {
        BeforeAll {
            Connect-CspInventory -Path $script:Contoso | Out-Null
        }

        It 'CustomerNotFound for an unknown id; the known ones are still returned' {
            $customers = @(Get-CspCustomer -CustomerId '00000000-0000-0000-0000-000000000000', $script:ContosoId -ErrorVariable missing -ErrorAction SilentlyContinue)

            $customers | Should -HaveCount 1
            $customers[0].CustomerName | Should -Be 'Contoso Ltd'
            $missing | Should -HaveCount 1
            $missing[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
            $missing[0].TargetObject | Should -Be '00000000-0000-0000-0000-000000000000'
        }

        It 'CustomerNotFound for one CSV row does not stop the others' {
            $rows = @"
CustomerId,TargetOffer
00000000-0000-0000-0000-000000000000,O365_E3
$script:ContosoId,O365_E3
"@ | ConvertFrom-Csv

            $results = @($rows | Test-CspUpgradeEligibility -ErrorVariable problems -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 1
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        It 'OfferNotFound for a misspelt offer name' {
            Get-CspOffer -Name 'Office 365 Business Premum' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'OfferNotFound*'
        }
    }
}

Describe 'Help' {
    It 'documents every exported cmdlet with a synopsis and examples' {
        foreach ($command in Get-Command -Module CspUpgrade) {
            $help = Get-Help -Name $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs a synopsis"
            $help.Synopsis | Should -Not -BeLike "$($command.Name)*" -Because "$($command.Name) needs a written synopsis, not the generated syntax"
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2 -Because "$($command.Name) needs examples"
        }
    }

    It 'finds about_CspUpgrade' {
        Get-Help about_CspUpgrade | Out-String | Should -Match 'REASON CODES'
    }
}
