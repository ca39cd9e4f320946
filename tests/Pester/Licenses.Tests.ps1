<#
    Add-CspSubscriptionLicense on a fresh copy of the example inventory in $TestDrive for every test: seats added and
    written, -PassThru, -WhatIf, seat caps and the Business pool (SeatLimitExceeded naming the targets that would allow
    the seats), SubscriptionNotActive, and CSV batches that continue past a refused row.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Add-CspSubscriptionLicense' {
    BeforeEach {
        $inventory = Connect-ExampleCopy -Destination $TestDrive
        $originalHash = (Get-FileHash -LiteralPath $inventory).Hash
    }

    AfterEach {
        Disconnect-CspConnection
    }

    Context 'seats that fit' {
        It 'adds the seats and writes nothing to the pipeline without -PassThru' {
            $output = Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 5 -Confirm:$false

            $output | Should -BeNullOrEmpty
            (Get-CspSubscription -SubscriptionId $Ids.ContosoSub).Quantity | Should -Be 30
        }

        It 'returns the updated subscription with -PassThru' {
            $updated = Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 5 -PassThru -Confirm:$false

            $updated | Should -BeOfType 'CspUpgrade.Subscription'
            $updated.SubscriptionId | Should -Be $Ids.ContosoSub
            $updated.Quantity | Should -Be 30
        }

        It 'writes the new quantity to the file, so a new connection sees it' {
            Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 5 -Confirm:$false
            Disconnect-CspConnection

            Connect-CspInventory -LiteralPath $inventory | Out-Null

            (Get-CspSubscription -SubscriptionId $Ids.ContosoSub).Quantity | Should -Be 30
        }

        It 'journals the change with the quantity before and after' {
            Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 5 -Confirm:$false

            $committed = Get-Content -LiteralPath "$inventory.journal.jsonl" | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object phase -EQ 'committed'
            $committed.operation | Should -Be 'AddLicenses'
            $committed.subscriptions[0].subscriptionId | Should -Be $Ids.ContosoSub
            $committed.subscriptions[0].before.quantity | Should -Be 25
            $committed.subscriptions[0].after.quantity | Should -Be 30
        }

        It 'changes nothing with -WhatIf' {
            Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 5 -WhatIf

            (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $originalHash
            (Get-CspSubscription -SubscriptionId $Ids.ContosoSub).Quantity | Should -Be 25
        }

        It 'fills an offer up to its cap exactly' {
            (Add-CspSubscriptionLicense -CustomerId $Ids.Tailspin -SubscriptionId $Ids.TailspinSub -Count 15 -PassThru -Confirm:$false).Quantity |
                Should -Be 300
        }

        It 'adds any number of seats to an offer without a cap' {
            (Add-CspSubscriptionLicense -CustomerId $Ids.FourthCoffee -SubscriptionId $Ids.FourthCoffeeE3 -Count 1000 -PassThru -Confirm:$false).Quantity |
                Should -Be 1020
        }
    }

    Context 'seats beyond a cap' {
        It 'is SeatLimitExceeded naming the upgrade targets that would allow the seats' {
            $thrown = { Add-CspSubscriptionLicense -CustomerId $Ids.Tailspin -SubscriptionId $Ids.TailspinSub -Count 16 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'SeatLimitExceeded,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand' -PassThru

            "$($thrown.CategoryInfo.Category)" | Should -Be 'LimitsExceeded'
            $thrown.TargetObject | Should -Be $Ids.TailspinSub
            $thrown.Exception.Message | Should -Match '301 seats exceed the 300-seat limit'
            $thrown.Exception.Message | Should -Match 'O365_PROPLUS.*O365_E3.*O365_E5'
        }

        It 'leaves the quantity and the file unchanged' {
            Add-CspSubscriptionLicense -CustomerId $Ids.Tailspin -SubscriptionId $Ids.TailspinSub -Count 16 -Confirm:$false -ErrorAction SilentlyContinue

            (Get-CspSubscription -SubscriptionId $Ids.TailspinSub).Quantity | Should -Be 285
            (Get-FileHash -LiteralPath $inventory).Hash | Should -Be $originalHash
        }

        It 'counts the customer''s other Business-family seats against the shared 300' {
            $thrown = { Add-CspSubscriptionLicense -CustomerId $Ids.Alpine -SubscriptionId $Ids.AlpineSub -Count 1 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'SeatLimitExceeded*' -PassThru

            $thrown.Exception.Message | Should -Match '80 other seats'
            $thrown.Exception.Message | Should -Match '311 of the 300'
        }
    }

    Context 'subscriptions that cannot take seats' {
        It 'is SubscriptionNotActive for a <Status> subscription' -ForEach @(
            @{ Status = 'Suspended'; Customer = '11b57f9a-f808-4cb3-928a-49226e416be6'; Subscription = 'bbf2e9a0-3765-4d53-8c59-705dc14487e3' }
            @{ Status = 'Deleted'; Customer = '11b57f9a-f808-4cb3-928a-49226e416be6'; Subscription = 'bc8564a0-1ff9-448f-bcdb-810f75f2aec5' }
            @{ Status = 'Provisioning'; Customer = 'e6eacbc9-2b6d-4359-ae04-d0cf734abdb0'; Subscription = '9a8a0550-35a3-4946-a9ba-9d43b3b6ae3a' }
        ) {
            $thrown = { Add-CspSubscriptionLicense -CustomerId $Customer -SubscriptionId $Subscription -Count 1 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'SubscriptionNotActive,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand' -PassThru

            $thrown.Exception.Message | Should -Match "is $Status"
            $thrown.TargetObject | Should -Be $Subscription
        }

        It 'is <ErrorId> for <Problem>' -ForEach @(
            @{ Problem = 'an unknown customer'; ErrorId = 'CustomerNotFound'; Customer = '00000000-0000-0000-0000-000000000000'; Subscription = '9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50' }
            @{ Problem = 'an unknown subscription'; ErrorId = 'SubscriptionNotFound'; Customer = '3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10'; Subscription = '00000000-0000-0000-0000-000000000000' }
        ) {
            { Add-CspSubscriptionLicense -CustomerId $Customer -SubscriptionId $Subscription -Count 1 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId "$ErrorId,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand"
        }

        It 'refuses a -Count that is not a positive number of seats' {
            { Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 0 -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand'
        }

        It 'is PartnerRoleNotPermitted for a partner user without an upgrade role' {
            Connect-ExampleCopy -Name 'restricted-partner.yaml' -Destination $TestDrive | Out-Null

            $thrown = { Add-CspSubscriptionLicense -CustomerId $Ids.Lamna -SubscriptionId $Ids.LamnaSub -Count 1 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'PartnerRoleNotPermitted,CspUpgrade.Commands.AddCspSubscriptionLicenseCommand' -PassThru
            $thrown.Exception.Message | Should -Match 'BillingAdmin'
        }
    }

    Context 'a CSV batch' {
        It 'adds the seats of every row that fits and reports the one that does not' {
            $rows = @"
CustomerId,SubscriptionId,Count
$($Ids.Contoso),$($Ids.ContosoSub),2
$($Ids.Tailspin),$($Ids.TailspinSub),16
$($Ids.Northwind),$($Ids.NorthwindSub),3
"@ | ConvertFrom-Csv

            $updated = @($rows | Add-CspSubscriptionLicense -PassThru -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue)

            $updated.SubscriptionId | Should -Be @($Ids.ContosoSub, $Ids.NorthwindSub)
            $updated.Quantity | Should -Be @(27, 43)
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'SeatLimitExceeded*'
            $refused[0].TargetObject | Should -Be $Ids.TailspinSub
        }
    }
}
