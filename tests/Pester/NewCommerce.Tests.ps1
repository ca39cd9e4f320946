<#
    New commerce on an inventory (issue 13, SPEC 1.9), on a fresh copy of examples/new-commerce.yaml for every test: every
    new-commerce subscription's options with reasons, a partial upgrade of 4 of 10 Business Basic seats to Business
    Standard, seats moved into an existing subscription, a change scheduled at renewal, and each re-run safely.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    $script:Adatum = '7d1f5a20-3c4b-4e6d-8f90-a1b2c3d4e5f6'
    $script:Basic = 'aa000001-0000-4000-8000-000000000001'
    $script:Standard = 'aa000002-0000-4000-8000-000000000002'
    $script:InWindow = 'aa000003-0000-4000-8000-000000000003'
    $script:NoRenew = 'aa000007-0000-4000-8000-000000000007'
}

AfterAll {
    Reset-CspTestSession
}

Describe 'New commerce on an inventory' {
    BeforeEach {
        $inventory = Connect-ExampleCopy -Destination $TestDrive -Name 'new-commerce.yaml'
    }

    It 'shows every new-commerce subscription''s options with Kind, reasons and the existing targets' {
        $results = Get-CspSubscription -Status Active | Where-Object Commerce -EQ 'NewCommerce' | Test-CspUpgradeEligibility

        $results | Should -Not -BeNullOrEmpty
        $results.Commerce | Sort-Object -Unique | Should -Be 'NewCommerce'
        $toStandard = $results | Where-Object { $_.SubscriptionId -eq $Basic -and $_.TargetOfferId -eq 'M365_BUSINESS_STANDARD' }
        $toStandard.IsEligible | Should -BeTrue
        $toStandard.Kind | Should -Be 'Full'
        $toStandard.ExistingTargetSubscriptionIds | Should -Contain $Standard
        ($results | Where-Object { -not $_.IsEligible }).ReasonSummary | Should -Not -BeNullOrEmpty
    }

    It 'explains a failing existing target and what to pick instead' {
        $result = Test-CspUpgradeEligibility -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -ToSubscriptionId $InWindow

        $result.IsEligible | Should -BeFalse
        $result.Kind | Should -Be 'IntoExisting'
        $result.ReasonCodes | Should -Be 'TargetSubscriptionInCancellationWindow'
        $result.Reasons[0].Remediation | Should -BeLike "*-ToSubscriptionId $Standard*"
    }

    It 'refuses a change at renewal on a subscription that does not renew' {
        $result = Test-CspUpgradeEligibility -CustomerId $Adatum -SubscriptionId $NoRenew -TargetOffer EXCHANGE_ONLINE_P2_NCE -AtRenewal

        $result.Kind | Should -Be 'AtRenewal'
        $result.ReasonCodes | Should -Be 'AutoRenewDisabled'
    }

    It 'upgrades 4 of 10 Business Basic seats to a new Business Standard subscription, leaving 6 and 4 seats to assign' {
        $result = Invoke-CspSubscriptionUpgrade -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer 'Microsoft 365 Business Standard' -Quantity 4 -Force -WarningVariable warnings

        $result.Status | Should -Be 'Completed'
        $result.Kind | Should -Be 'Partial'
        $result.SeatsToAssign | Should -Be 4
        $result.AffectedAccounts.Reason | Sort-Object -Unique | Should -Be 'LicenseNotTransferred'
        $warnings | Should -BeLike '*4 seat(s) wait for an assignment*'
        $created = Get-CspSubscription -CustomerId $Adatum -SubscriptionId $result.TargetSubscriptionId
        $created.Quantity | Should -Be 4
        $created.UpgradedFrom | Should -Be $Basic
        (Get-CspSubscription -CustomerId $Adatum -SubscriptionId $Basic).Quantity | Should -Be 6
    }

    It 'says in -WhatIf that the upgrade is irreversible and changes nothing' {
        $hash = (Get-FileHash -LiteralPath $inventory).Hash
        # -WhatIf writes to the host; a transcript catches what the admin sees.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try {
            $output = Invoke-CspSubscriptionUpgrade -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -Quantity 4 -WhatIf
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $text = Get-Content -LiteralPath $transcript -Raw

        $output | Should -BeNullOrEmpty
        $text | Should -BeLike '*irreversible*'
        $text | Should -BeLike '*4 seats to assign*'
        (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $hash
    }

    It 'moves seats into an existing subscription from a piped check' {
        $result = Test-CspUpgradeEligibility -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -Quantity 3 -ToSubscriptionId $Standard |
            Invoke-CspSubscriptionUpgrade -Force -WarningAction SilentlyContinue

        $result.Kind | Should -Be 'IntoExisting'
        $result.TargetSubscriptionId | Should -Be $Standard
        (Get-CspSubscription -CustomerId $Adatum -SubscriptionId $Standard).Quantity | Should -Be 8
        (Get-CspSubscription -CustomerId $Adatum -SubscriptionId $Basic).Quantity | Should -Be 7
    }

    It 'schedules a change at renewal, reports AlreadyScheduled on a re-run, and an immediate upgrade clears it with a warning' {
        $schedule = @{ CustomerId = $Adatum; SubscriptionId = $Basic; TargetOffer = 'M365_BUSINESS_STANDARD'; Quantity = 12; AtRenewal = $true; TermDuration = 'P3Y'; Force = $true }
        (Invoke-CspSubscriptionUpgrade @schedule).Status | Should -Be 'Scheduled'
        $hash = (Get-FileHash -LiteralPath $inventory).Hash
        (Invoke-CspSubscriptionUpgrade @schedule).Status | Should -Be 'AlreadyScheduled'
        (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $hash
        $subscription = Get-CspSubscription -CustomerId $Adatum -SubscriptionId $Basic
        $subscription.OfferId | Should -Be 'M365_BUSINESS_BASIC'
        "$($subscription.ScheduledChange)" | Should -Be 'M365_BUSINESS_STANDARD x 12 (P3Y, Monthly)'

        $now = Invoke-CspSubscriptionUpgrade -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -Force -WarningVariable warnings
        $now.Status | Should -Be 'Completed'
        $warnings | Should -BeLike '*deleted by this immediate upgrade*'
        (Get-CspSubscription -CustomerId $Adatum -SubscriptionId $Basic).ScheduledChange | Should -BeNullOrEmpty
        (Invoke-CspSubscriptionUpgrade -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -Force).Status | Should -Be 'AlreadyUpgraded'
    }

    It 'journals offer and scheduled change in before and after' {
        Invoke-CspSubscriptionUpgrade -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -AtRenewal -Force | Out-Null

        $intent = Get-Content -LiteralPath "$inventory.journal.jsonl" | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object phase -EQ 'intent'
        $intent.operation | Should -Be 'ScheduleChange'
        $intent.subscriptions[0].before.offer | Should -Be 'M365_BUSINESS_BASIC'
        $intent.subscriptions[0].after.scheduledChange.offer | Should -Be 'M365_BUSINESS_STANDARD'
    }

    It 'refuses -ToSubscriptionId together with -AtRenewal' {
        { Invoke-CspSubscriptionUpgrade -CustomerId $Adatum -SubscriptionId $Basic -TargetOffer M365_BUSINESS_STANDARD -ToSubscriptionId $Standard -AtRenewal -Force } |
            Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }
}
