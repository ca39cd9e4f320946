#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    What an admin sees and keeps: the default views at 120 and 80 columns, and reports written with Export-Csv.
    Build first (dotnet build -c Release), then: Invoke-Pester ./tests/Pester/Views.Tests.ps1
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    # Lines of the rendered text, without trailing blanks.
    function script:Get-RenderedLine {
        param([Parameter(ValueFromPipeline)] $InputObject, [int] $Width)
        begin { $all = [System.Collections.Generic.List[object]]::new() }
        process { $all.Add($InputObject) }
        end { ($all | Out-String -Width $Width) -split "`r?`n" | ForEach-Object { $_.TrimEnd() } }
    }
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Default views in a 120-column console' {
    BeforeAll {
        Connect-ExampleCopy -Destination $TestDrive | Out-Null
    }

    It 'shows eligibility per customer with every reason code whole' {
        $results = Get-CspCustomer | Test-CspUpgradeEligibility
        $lines = $results | Get-RenderedLine -Width 120

        $lines | Where-Object { $_.Length -gt 119 } | Should -BeNullOrEmpty
        $lines | Should -Contain '   CustomerName: Litware Inc'
        ($lines -match '^SubscriptionId\s+TargetOfferId\s+Kind\s+Eligible\s+ReasonCodes$') | Should -Not -BeNullOrEmpty
        $text = $lines -join "`n"
        foreach ($code in $results.Reasons.Code | Sort-Object -Unique) {
            $text | Should -BeLike "*$code*"
        }
    }

    It 'shows the columns of <Name> with their values whole' -ForEach @(
        @{ Name = 'subscriptions'; Command = { Get-CspSubscription }; Header = 'CustomerName', 'SubscriptionId', 'OfferId', 'Status', 'Quantity', 'UpgradeAvailable' }
        @{ Name = 'offers'; Command = { Get-CspOffer }; Header = 'OfferId', 'Offer', 'Commerce', 'Market', 'MaxSeats', 'Services', 'Aliases' }
        @{ Name = 'options of an offer'; Command = { Get-CspUpgradeOption -Offer O365_BUSINESS }; Header = 'OfferId', 'TargetOfferId', 'TargetOffer', 'MaxSeats', 'AdditionalServices' }
        @{ Name = 'options of subscriptions'; Command = { Get-CspSubscription -CustomerId $Ids.Litware | Get-CspUpgradeOption }; Header = 'SubscriptionId', 'TargetOfferId', 'Eligible', 'ReasonCodes' }
    ) {
        $objects = @(& $Command)
        $lines = $objects | Get-RenderedLine -Width 120
        $lines | Where-Object { $_.Length -gt 119 } | Should -BeNullOrEmpty
        $headerLine = $lines | Where-Object { $_ -match '^\S' -and ($_ -split '\s+')[0] -eq $Header[0] } | Select-Object -First 1
        (-split $headerLine) | Should -Be $Header
        $text = $lines -join "`n"
        foreach ($o in $objects) {
            # Ids whole, and every item of a list column (services, reason codes) whole.
            $listed = foreach ($column in 'SubscriptionId', 'OfferId', 'TargetOfferId', 'Services', 'AdditionalServices', 'ReasonCodes') {
                if ($Header -contains $column) { @($o.PSObject.Properties[$column].Value) -split ', ' }
            }
            foreach ($item in $listed) {
                if ($item) { $text | Should -BeLike "*$item*" }
            }
        }
    }

    It 'drops whole columns at 80 columns rather than cutting a header' {
        $lines = Get-CspSubscription | Get-RenderedLine -Width 80
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        -split ($lines | Where-Object { $_ -like 'CustomerName*' } | Select-Object -First 1) | Should -Be 'CustomerName', 'SubscriptionId', 'OfferId'
    }

    It 'shows every reason and its remediation in the list view' {
        $text = Get-CspCustomer -Name Litware* | Test-CspUpgradeEligibility | Format-List | Out-String -Width 120
        $text | Should -Match 'Remediation\s+: ConflictingServiceTypes: The customer must cancel'
        $text | Should -Match 'Reasons\s+: ConflictingServiceTypes: Subscription'
    }
}

Describe 'Reports with Export-Csv keep the why' {
    BeforeAll {
        Connect-ExampleCopy -Destination $TestDrive | Out-Null
    }

    It 'writes reasons, remediation and services as text, never a type name' {
        $csv = Join-Path $TestDrive 'eligibility.csv'
        Get-CspCustomer | Test-CspUpgradeEligibility | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv

        Get-Content -LiteralPath $csv -Raw | Should -Not -Match 'System\.|CspUpgrade\.|`1\['
        $conflict = $rows | Where-Object { $_.CustomerName -eq 'Litware Inc' -and $_.TargetOfferId -eq 'O365_BUSINESS_PREMIUM' }
        $conflict.ReasonCodes | Should -Be 'ConflictingServiceTypes, ConflictingServiceTypes'
        $conflict.ReasonSummary | Should -BeLike "*Remediation: The customer must cancel subscription $($Ids.LitwareExchange)*"
        $conflict.AdditionalServices | Should -Be 'Exchange; SharePoint; Teams; OfficeWeb'
    }

    It 'writes an upgrade''s affected accounts and billing net as text' {
        Import-CspOfferCatalog -Path $PricedCatalog
        try {
            $csv = Join-Path $TestDrive 'upgrades.csv'
            Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Quantity 1 -Force |
                Export-Csv -LiteralPath $csv -NoTypeInformation
            $row = Import-Csv -LiteralPath $csv
            $row.AffectedAccounts | Should -Be 'ben@contoso.example: NoSeatAvailable'
            $row.AffectedAccountCount | Should -Be '1'
            $row.BillingNet | Should -Match '^-?\d+\.\d\d$'
        }
        finally {
            Import-CspOfferCatalog -Default
        }
    }
}
