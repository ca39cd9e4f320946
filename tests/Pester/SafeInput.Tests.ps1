#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    What a CSV worklist can hold, from the admin's side: a cell a parameter cannot take (UpgradeType 'Upgrade-Only',
    Quantity '3O', Count '3O') is an error for its row, nothing is done for that row, and the rest go on; a bad value typed
    on the command line stops the command. Plus the smaller shell points: piped id lists, UpgradeAvailable, -Verbose, tab
    completion, wildcards, padded cells, offers without paths. Build first (dotnet build -c Release).
#>

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/CspUpgrade/CspUpgrade.psd1" -Force
    $script:Contoso = Join-Path $PSScriptRoot '../../examples/contoso.yaml'

    # Ids of examples/contoso.yaml: the Business subscriptions of Contoso (25 seats) and Northwind (40 seats).
    $script:ContosoId = '3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10'
    $script:ContosoSub = '9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50'
    $script:NorthwindId = '8ace67df-e205-422e-a15b-60845c58f871'
    $script:NorthwindSub = '16c21e26-e98a-466f-aba9-66d3a694d509'
}

AfterAll {
    Disconnect-CspConnection
    Remove-Module CspUpgrade -ErrorAction SilentlyContinue
}

Describe 'A worklist cell a parameter cannot take' {
    BeforeEach {
        $script:Inventory = Join-Path $TestDrive 'contoso.yaml'
        Copy-Item -LiteralPath $script:Contoso -Destination $script:Inventory -Force
        Remove-Item -Path "$script:Inventory.journal.jsonl", "$script:Inventory.bak" -ErrorAction SilentlyContinue
        Connect-CspInventory -LiteralPath $script:Inventory | Out-Null
        $script:Worklist = Join-Path $TestDrive 'worklist.csv'
    }

    AfterEach {
        Disconnect-CspConnection
    }

    It 'is an error for its row in Invoke-CspSubscriptionUpgrade, and that subscription is not upgraded' -TestCases @(
        @{ Column = 'UpgradeType'; Cell = 'Upgrade-Only'; Says = "'Upgrade-Only' is not a valid UpgradeType; use one of: UpgradeWithLicenseTransfer, UpgradeOnly." }
        @{ Column = 'Quantity'; Cell = '3O'; Says = "'3O' is not a valid Quantity; give a whole number, 1 or more." }
        @{ Column = 'Quantity'; Cell = '0'; Says = "'0' is not a valid Quantity" }
    ) {
        @(
            [pscustomobject]@{ CustomerId = $script:ContosoId; SubscriptionId = $script:ContosoSub; TargetOffer = 'O365_E3'; $Column = $Cell }
            [pscustomobject]@{ CustomerId = $script:NorthwindId; SubscriptionId = $script:NorthwindSub; TargetOffer = 'O365_E3'; $Column = '' }
        ) | Export-Csv -LiteralPath $script:Worklist -NoTypeInformation

        $done = @(Import-Csv -LiteralPath $script:Worklist | Invoke-CspSubscriptionUpgrade -Force -ErrorVariable err -ErrorAction SilentlyContinue)

        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand'
        $err[0].TargetObject | Should -Be $script:ContosoSub
        $err[0].Exception.Message | Should -BeLike "$([WildcardPattern]::Escape($Says))*Nothing was done*"
        $done | Should -HaveCount 1
        $done[0].SubscriptionId | Should -Be $script:NorthwindSub
        $done[0].Quantity | Should -Be 40
        $contoso = Get-CspSubscription -SubscriptionId $script:ContosoSub
        "$($contoso.Status) $($contoso.OfferId) $($contoso.Quantity)" | Should -Be 'Active O365_BUSINESS 25'
    }

    It 'is an error for its row in Test-CspUpgradeEligibility, and the other rows are checked' {
        @"
CustomerId,SubscriptionId,TargetOffer,UpgradeType,Quantity
$script:ContosoId,$script:ContosoSub,O365_E3,Upgrade-Only,
$script:ContosoId,$script:ContosoSub,O365_E3,,3O
$script:ContosoId,$script:ContosoSub,O365_E3,UpgradeOnly,20
"@ | Set-Content -LiteralPath $script:Worklist

        $results = @(Import-Csv -LiteralPath $script:Worklist | Test-CspUpgradeEligibility -ErrorVariable err -ErrorAction SilentlyContinue)

        $err.FullyQualifiedErrorId | Should -Be @(
            'ParameterArgumentValidationError,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand'
            'ParameterArgumentValidationError,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand')
        $results | Should -HaveCount 1
        "$($results[0].UpgradeType) $($results[0].Quantity)" | Should -Be 'UpgradeOnly 20'
    }

    It 'is an error for its row in Add-CspSubscriptionLicense, and no seat is added for it' {
        @"
CustomerId,SubscriptionId,Count
$script:ContosoId,$script:ContosoSub,3O
$script:NorthwindId,$script:NorthwindSub,2
"@ | Set-Content -LiteralPath $script:Worklist

        $updated = @(Import-Csv -LiteralPath $script:Worklist | Add-CspSubscriptionLicense -PassThru -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue)

        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand'
        $err[0].Exception.Message | Should -BeLike "'3O' is not a valid Count; give a whole number from 1 to 100000.*"
        $updated.Quantity | Should -Be 42
        (Get-CspSubscription -SubscriptionId $script:ContosoSub).Quantity | Should -Be 25
    }

    It 'typed on the command line stops the command' {
        { Invoke-CspSubscriptionUpgrade $script:ContosoId $script:ContosoSub O365_E3 -UpgradeType Upgrade-Only -Force } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand'
        { Test-CspUpgradeEligibility $script:ContosoId -Quantity 3O } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.TestCspUpgradeEligibilityCommand'
        { Add-CspSubscriptionLicense $script:ContosoId $script:ContosoSub -Count 0 -Confirm:$false } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand'
        (Get-CspSubscription -SubscriptionId $script:ContosoSub).Quantity | Should -Be 25
    }
}

Describe 'The admin''s shell' {
    BeforeAll {
        Connect-CspInventory -Path $script:Contoso | Out-Null
    }

    It 'takes a file of subscription ids piped into Get-CspSubscription, and of customer ids into Get-CspCustomer' {
        $ids = Join-Path $TestDrive 'ids.txt'
        Set-Content -LiteralPath $ids -Value $script:NorthwindSub, $script:ContosoSub
        $customers = Join-Path $TestDrive 'customers.txt'
        Set-Content -LiteralPath $customers -Value $script:NorthwindId

        (Get-Content -LiteralPath $ids | Get-CspSubscription).SubscriptionId | Should -Be @($script:NorthwindSub, $script:ContosoSub)
        (Get-Content -LiteralPath $customers | Get-CspCustomer).CustomerName | Should -Be 'Northwind Traders'
    }

    It 'says UpgradeAvailable only for active subscriptions' {
        $inactive = @(Get-CspSubscription -Status Deleted, Suspended, Provisioning)

        $inactive | Should -Not -BeNullOrEmpty
        $inactive.UpgradeAvailable | Should -Not -Contain $true
    }

    It 'tells with -Verbose what <Command> does' -TestCases @(
        @{ Command = 'Get-CspSubscription'; Script = { Get-CspSubscription -CustomerId $script:ContosoId -Verbose 4>&1 } }
        @{ Command = 'Test-CspUpgradeEligibility'; Script = { Test-CspUpgradeEligibility $script:ContosoId $script:ContosoSub O365_E3 -Verbose 4>&1 } }
        @{ Command = 'Get-CspOffer'; Script = { Get-CspOffer O365_E3 -Verbose 4>&1 } }
        @{ Command = 'Get-CspCustomer'; Script = { Get-CspCustomer -Verbose 4>&1 } }
    ) {
        $verbose = @(& $Script | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })

        $verbose | Should -Not -BeNullOrEmpty
    }

    It 'completes customer names for Get-CspCustomer -Name' {
        $line = 'Get-CspCustomer -Name Northw'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be "'Northwind Traders'"
    }

    It 'completes only the subscription''s targets for -TargetOffer' {
        $line = "Test-CspUpgradeEligibility -CustomerId $script:ContosoId -SubscriptionId $script:ContosoSub -TargetOffer "
        $offered = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText

        $offered | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
    }

    It 'takes wildcards in Get-CspSubscription -Offer' {
        $matched = @(Get-CspSubscription -Offer 'O365_BUSINESS_E*')

        $matched | Should -Not -BeNullOrEmpty
        $matched.OfferId | Sort-Object -Unique | Should -Be 'O365_BUSINESS_ESSENTIALS'
    }

    It 'trims blanks around SubscriptionId and CustomerId cells' {
        $row = [pscustomobject]@{ CustomerId = "$script:ContosoId "; SubscriptionId = " $script:ContosoSub "; TargetOffer = 'O365_E3' }

        $result = $row | Test-CspUpgradeEligibility -ErrorAction Stop

        $result.SubscriptionId | Should -Be $script:ContosoSub
    }

    It 'warns that an offer named with no upgrade paths has none' {
        $options = Get-CspUpgradeOption -Offer O365_E3 -WarningVariable warned -WarningAction SilentlyContinue

        $options | Should -BeNullOrEmpty
        "$warned" | Should -Be 'O365_E3 (Office 365 Enterprise E3) has no upgrade paths in the catalogue: it is not a source of any path.'
    }
}
