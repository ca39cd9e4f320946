<#
    Invoke-CspSubscriptionUpgrade on a fresh copy of the example inventory in $TestDrive for every test: -WhatIf changes
    nothing, -Confirm:$false and -Force upgrade, the file, backup and journal afterwards, AlreadyUpgraded on a re-run,
    affected accounts, billing impact, and NotEligible and the other refusals.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    function Read-Journal {
        param([string] $Inventory)
        $journal = "$Inventory.journal.jsonl"
        if (-not (Test-Path -LiteralPath $journal)) {
            return @()
        }
        @(Get-Content -LiteralPath $journal | ForEach-Object { $_ | ConvertFrom-Json })
    }
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Invoke-CspSubscriptionUpgrade' {
    BeforeEach {
        $inventory = Connect-ExampleCopy -Destination $TestDrive
        $originalHash = (Get-FileHash -LiteralPath $inventory).Hash
    }

    AfterEach {
        Disconnect-CspConnection
    }

    Context '-WhatIf' {
        It 'returns nothing and leaves the file, backup and journal alone' {
            $output = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -WhatIf

            $output | Should -BeNullOrEmpty
            (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $originalHash
            Test-Path -LiteralPath "$inventory.journal.jsonl" | Should -BeFalse
            Test-Path -LiteralPath "$inventory.bak" | Should -BeFalse
        }

        It 'leaves the subscription active in the session' {
            Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -WhatIf

            $subscriptions = @(Get-CspSubscription -CustomerId $Ids.Contoso)
            $subscriptions | Should -HaveCount 1
            "$($subscriptions[0].Status)" | Should -Be 'Active'
        }
    }

    Context 'an upgrade that is done' {
        It 'upgrades with -Confirm:$false and returns a Completed result with the new subscription' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Confirm:$false

            $result | Should -BeOfType 'CspUpgrade.UpgradeResult'
            "$($result.Status)" | Should -Be 'Completed'
            $result.CustomerId | Should -Be $Ids.Contoso
            $result.SubscriptionId | Should -Be $Ids.ContosoSub
            $result.OfferId | Should -Be 'O365_BUSINESS'
            $result.TargetOfferId | Should -Be 'O365_E3'
            "$($result.UpgradeType)" | Should -Be 'UpgradeWithLicenseTransfer'
            $result.Quantity | Should -Be 25
            $result.TargetSubscriptionId | Should -Not -BeNullOrEmpty
            $result.TargetSubscriptionId | Should -Not -Be $Ids.ContosoSub
        }

        It 'cancels the source and creates the target subscription with upgradedFrom' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force

            $subscriptions = @(Get-CspSubscription -CustomerId $Ids.Contoso)
            $subscriptions | Should -HaveCount 2
            "$(($subscriptions | Where-Object SubscriptionId -EQ $Ids.ContosoSub).Status)" | Should -Be 'Deleted'
            $target = $subscriptions | Where-Object SubscriptionId -EQ $result.TargetSubscriptionId
            $target.OfferId | Should -Be 'O365_E3'
            "$($target.Status)" | Should -Be 'Active'
            $target.Quantity | Should -Be 25
            $target.UpgradedFrom | Should -Be $Ids.ContosoSub
        }

        It 'writes the change to the file, so a new connection sees it' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force
            Disconnect-CspConnection

            Connect-CspInventory -LiteralPath $inventory | Out-Null

            (Get-CspSubscription -SubscriptionId $result.TargetSubscriptionId).UpgradedFrom | Should -Be $Ids.ContosoSub
            (Get-FileHash -LiteralPath $inventory).Hash | Should -Not -Be $originalHash
        }

        It 'keeps the previous bytes of the file in a .bak' {
            Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force | Out-Null

            (Get-FileHash -LiteralPath "$inventory.bak").Hash | Should -Be $originalHash
        }

        It 'journals an intent and a committed line sharing an operation id, with before and after' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force

            $lines = Read-Journal $inventory
            $lines.phase | Should -Be @('intent', 'committed')
            $lines[1].operationId | Should -Be $lines[0].operationId
            $lines[1].operation | Should -Be 'Upgrade'
            $lines[1].customerId | Should -Be $Ids.Contoso
            $lines[1].partner | Should -Be 'Fabrikam Cloud Partner'
            $source = $lines[1].subscriptions | Where-Object subscriptionId -EQ $Ids.ContosoSub
            $source.before.status | Should -Be 'Active'
            $source.after.status | Should -Be 'Deleted'
            $created = $lines[1].subscriptions | Where-Object subscriptionId -EQ $result.TargetSubscriptionId
            $created.before | Should -BeNullOrEmpty
            $created.after.quantity | Should -Be 25
        }

        It 'reports AlreadyUpgraded on a re-run, with the same target and no second change' {
            $first = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force
            $afterFirst = (Get-FileHash -LiteralPath $inventory).Hash
            $journalLines = (Read-Journal $inventory).Count

            $again = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force -ErrorAction Stop

            "$($again.Status)" | Should -Be 'AlreadyUpgraded'
            $again.TargetSubscriptionId | Should -Be $first.TargetSubscriptionId
            (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $afterFirst
            (Read-Journal $inventory).Count | Should -Be $journalLines
            @(Get-CspSubscription -CustomerId $Ids.Contoso) | Should -HaveCount 2
        }

        It 'creates the target with the -Quantity asked for' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Tailspin -SubscriptionId $Ids.TailspinSub -TargetOffer O365_E3 -Quantity 320 -Force

            $result.Quantity | Should -Be 320
            (Get-CspSubscription -SubscriptionId $result.TargetSubscriptionId).Quantity | Should -Be 320
        }

        It 'takes rows piped from Test-CspUpgradeEligibility, by target id' {
            $results = @(Test-CspUpgradeEligibility -CustomerId $Ids.Northwind -TargetOffer 'Office 365 Enterprise E3' |
                    Where-Object IsEligible | Invoke-CspSubscriptionUpgrade -Force)

            $results | Should -HaveCount 1
            $results[0].TargetOfferId | Should -Be 'O365_E3'
            "$($results[0].Status)" | Should -Be 'Completed'
        }
    }

    Context 'a whole eligibility report' {
        It 'upgrades exactly the eligible rows of Get-CspCustomer | Test-CspUpgradeEligibility' {
            $eligible = @(Get-CspCustomer | Test-CspUpgradeEligibility -TargetOffer O365_E3 | Where-Object IsEligible)

            $results = @($eligible | Invoke-CspSubscriptionUpgrade -Force)

            $eligible.CustomerName | Should -Be @('Contoso Ltd', 'Northwind Traders', 'Adatum Corporation', 'Tailspin Toys', "Margie's Travel")
            $results.SubscriptionId | Should -Be $eligible.SubscriptionId
            $results.Status | ForEach-Object { "$_" } | Sort-Object -Unique | Should -Be 'Completed'
            @(Read-Journal $inventory | Where-Object phase -EQ 'committed') | Should -HaveCount 5
            @(Get-CspSubscription -Offer O365_E3 -Status Active) | Should -HaveCount 6
        }
    }

    Context 'accounts and billing' {
        It 'lists the users that need manual work and why' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Adatum -SubscriptionId $Ids.AdatumSub -TargetOffer O365_E3 -Force

            $result.AffectedAccountCount | Should -Be 1
            $account = $result.AffectedAccounts[0]
            $account.UserPrincipalName | Should -Be 'klaus@adatum.example'
            "$($account.Reason)" | Should -Be 'AlreadyLicensed'
            @($account.Services) | Should -Be @('SharePoint')
            $account.Detail | Should -Match $Ids.AdatumSharePoint
        }

        It 'has no affected accounts when every user keeps every service' {
            (Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force).AffectedAccountCount |
                Should -Be 0
        }

        It 'lists every licensed user after -UpgradeType UpgradeOnly' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Wingtip -SubscriptionId $Ids.WingtipSub -TargetOffer O365_E3 -UpgradeType UpgradeOnly -Force

            "$($result.Status)" | Should -Be 'Completed'
            "$($result.UpgradeType)" | Should -Be 'UpgradeOnly'
            $result.AffectedAccounts.UserPrincipalName | Should -Be 'wendy@wingtiptoys.example'
        }

        It 'says why there is no billing impact when the catalogue has no prices' {
            $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force

            $result.BillingNet | Should -BeNullOrEmpty
            $result.BillingImpact.Net | Should -BeNullOrEmpty
            $result.BillingImpact.UnavailableReason | Should -Match 'unitPrice'
        }

        It 'reports credit, charge and net with a priced catalogue' {
            Import-CspOfferCatalog -Path $PricedCatalog
            try {
                $result = Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Northwind -SubscriptionId $Ids.NorthwindSub -TargetOffer O365_E3 -Force
            }
            finally {
                Import-CspOfferCatalog -Default
            }

            $billing = $result.BillingImpact
            $billing.Currency | Should -Be 'USD'
            $billing.DaysInPeriod | Should -Be 365
            $billing.Charge | Should -BeGreaterThan $billing.Credit
            $billing.Net | Should -Be ($billing.Charge - $billing.Credit)
            $result.BillingNet | Should -Be $billing.Net
        }
    }

    Context 'refused' {
        It 'is a non-terminating NotEligible error for an ineligible row; the eligible rows are upgraded' {
            $batch = @(
                [pscustomobject]@{ CustomerId = $Ids.Wingtip; SubscriptionId = $Ids.WingtipSub; TargetOffer = 'O365_E3' }
                [pscustomobject]@{ CustomerId = $Ids.Contoso; SubscriptionId = $Ids.ContosoSub; TargetOffer = 'O365_E3' }
            )

            $done = @($batch | Invoke-CspSubscriptionUpgrade -Force -ErrorVariable refused -ErrorAction SilentlyContinue)

            $done.CustomerId | Should -Be $Ids.Contoso
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -Be 'NotEligible,CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand'
            "$($refused[0].CategoryInfo.Category)" | Should -Be 'InvalidOperation'
        }

        It 'lists every reason and its fix in the NotEligible message' {
            $thrown = { Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Alpine -SubscriptionId $Ids.AlpineSub -TargetOffer O365_BUSINESS_PREMIUM -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotEligible*' -PassThru

            $thrown.Exception.Message | Should -Match 'ConflictingServiceTypes'
            $thrown.Exception.Message | Should -Match 'SeatLimitExceeded'
            ([regex]::Matches($thrown.Exception.Message, 'fix:')).Count | Should -Be 2
        }

        It 'changes nothing on disk when it refuses' {
            Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Relecloud -SubscriptionId $Ids.RelecloudSub -TargetOffer O365_E3 -Force -ErrorAction SilentlyContinue

            (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $originalHash
            Test-Path -LiteralPath "$inventory.journal.jsonl" | Should -BeFalse
        }

        It 'refuses a second upgrade of the cancelled source to another target' {
            Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force | Out-Null

            $thrown = { Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E5 -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotEligible*' -PassThru
            $thrown.Exception.Message | Should -Match 'SubscriptionStatusNotActive'
        }

        It '<Problem> is <ErrorId>' -ForEach @(
            @{ Problem = 'an unknown customer'; ErrorId = 'CustomerNotFound'; Customer = '00000000-0000-0000-0000-000000000000'; Subscription = '9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50'; Target = 'O365_E3' }
            @{ Problem = 'an unknown subscription'; ErrorId = 'SubscriptionNotFound'; Customer = '3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10'; Subscription = '00000000-0000-0000-0000-000000000000'; Target = 'O365_E3' }
            @{ Problem = 'an unknown target offer'; ErrorId = 'OfferNotFound'; Customer = '3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10'; Subscription = '9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50'; Target = 'O365_E4' }
        ) {
            { Invoke-CspSubscriptionUpgrade -CustomerId $Customer -SubscriptionId $Subscription -TargetOffer $Target -Force -ErrorAction Stop } |
                Should -Throw -ErrorId "$ErrorId,CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand"
            (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $originalHash
        }

        It 'is PartnerRoleNotPermitted for a partner user without an upgrade role' {
            Connect-ExampleCopy -Name 'restricted-partner.yaml' -Destination $TestDrive | Out-Null

            { Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Lamna -SubscriptionId $Ids.LamnaSub -TargetOffer O365_E3 -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'PartnerRoleNotPermitted,CspUpgrade.Commands.InvokeCspSubscriptionUpgradeCommand'
        }
    }

    Context 'CSV out' {
        It 'exports results with flat columns for status, accounts and billing' {
            $exported = Join-Path $TestDrive 'upgrades.csv'
            Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Adatum -SubscriptionId $Ids.AdatumSub -TargetOffer O365_E3 -Force |
                Export-Csv -LiteralPath $exported -NoTypeInformation

            $row = @(Import-Csv -LiteralPath $exported)
            $row | Should -HaveCount 1
            $row[0].Status | Should -Be 'Completed'
            $row[0].TargetOfferId | Should -Be 'O365_E3'
            $row[0].AffectedAccountCount | Should -Be '1'
            $row[0].PSObject.Properties.Name | Should -Contain 'BillingNet'
        }
    }
}
