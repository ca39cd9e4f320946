<#
    Get-CspSubscription on the example inventory: every subscription, -CustomerId, -SubscriptionId, -Offer and -Status
    filters, pipeline input by property name, and CustomerNotFound/SubscriptionNotFound as non-terminating errors that
    let the rest continue.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Connect-CspInventory -Path $ContosoYaml | Out-Null
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Get-CspSubscription' {
    Context 'without filters' {
        It 'returns every subscription of every customer, deleted ones included' {
            $subscriptions = @(Get-CspSubscription)

            $subscriptions | Should -HaveCount 19
            @($subscriptions | Where-Object { "$($_.Status)" -eq 'Deleted' }).SubscriptionId | Should -Be $Ids.ProsewareDeleted
        }

        It 'gives each subscription its customer, offer, status, seats and billing' {
            $contoso = Get-CspSubscription | Select-Object -First 1

            $contoso | Should -BeOfType 'CspUpgrade.Subscription'
            $contoso.CustomerId | Should -Be $Ids.Contoso
            $contoso.CustomerName | Should -Be 'Contoso Ltd'
            $contoso.SubscriptionId | Should -Be $Ids.ContosoSub
            $contoso.OfferId | Should -Be 'O365_BUSINESS'
            $contoso.Offer | Should -Be 'Microsoft 365 Apps for business'
            "$($contoso.Status)" | Should -Be 'Active'
            $contoso.Quantity | Should -Be 25
            "$($contoso.BillingCycle)" | Should -Be 'Monthly'
            $contoso.PeriodEnd | Should -Be ([datetime]'2026-12-10')
        }

        It 'says UpgradeAvailable for an active subscription with a path, and not for an offer without paths' {
            (Get-CspSubscription -SubscriptionId $Ids.ContosoSub).UpgradeAvailable | Should -BeTrue
            (Get-CspSubscription -SubscriptionId $Ids.LitwareExchange).UpgradeAvailable | Should -BeFalse
            (Get-CspSubscription -SubscriptionId $Ids.FourthCoffeeE3).UpgradeAvailable | Should -BeFalse
        }

        # Was a bug (issue 10, smaller points): UpgradeAvailable is true for Deleted, Suspended and Provisioning
        # subscriptions; SPEC 2 says it means "active, and at least one path in the customer's market".
        It 'does not say UpgradeAvailable for deleted, suspended or provisioning subscriptions' {
            $inactive = @(Get-CspSubscription -Status Deleted, Suspended, Provisioning)

            $inactive | Should -HaveCount 3
            $inactive.UpgradeAvailable | Should -Be @($false, $false, $false)
        }

        It 'records where an upgraded subscription came from' {
            (Get-CspSubscription -SubscriptionId $Ids.ProsewareSuspended).UpgradedFrom | Should -Be $Ids.ProsewareDeleted
        }
    }

    Context 'filtered by customer and subscription' {
        It 'returns the subscriptions of one customer with -CustomerId' {
            (Get-CspSubscription -CustomerId $Ids.Litware).SubscriptionId |
                Should -Be @($Ids.LitwareSub, $Ids.LitwareExchange, $Ids.LitwareSharePoint)
        }

        It 'takes the customer id as the first positional argument' {
            (Get-CspSubscription $Ids.Tailspin).SubscriptionId | Should -Be $Ids.TailspinSub
        }

        It 'finds a subscription by -SubscriptionId alone, whatever customer has it' {
            (Get-CspSubscription -SubscriptionId $Ids.WingtipSub).CustomerName | Should -Be 'Wingtip Toys'
        }

        It 'is a non-terminating CustomerNotFound for an unknown customer; the others are still listed' {
            $subscriptions = @(Get-CspSubscription -CustomerId $UnknownId, $Ids.Coho -ErrorVariable missing -ErrorAction SilentlyContinue)

            $subscriptions.SubscriptionId | Should -Be $Ids.CohoSub
            $missing | Should -HaveCount 1
            $missing[0].FullyQualifiedErrorId | Should -Be 'CustomerNotFound,CspUpgrade.Commands.GetCspSubscriptionCommand'
            $missing[0].TargetObject | Should -Be $UnknownId
        }

        It 'is a non-terminating SubscriptionNotFound for an unknown subscription; the known one is still returned' {
            $subscriptions = @(Get-CspSubscription -SubscriptionId $UnknownId, $Ids.TailspinSub -ErrorVariable missing -ErrorAction SilentlyContinue)

            $subscriptions.CustomerName | Should -Be 'Tailspin Toys'
            $missing | Should -HaveCount 1
            $missing[0].FullyQualifiedErrorId | Should -Be 'SubscriptionNotFound,CspUpgrade.Commands.GetCspSubscriptionCommand'
            "$($missing[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
            $missing[0].TargetObject | Should -Be $UnknownId
        }

        It 'is SubscriptionNotFound for a subscription of another customer, naming the customer asked for' {
            $found = Get-CspSubscription -CustomerId $Ids.Contoso -SubscriptionId $Ids.TailspinSub -ErrorVariable missing -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            $missing[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionNotFound*'
            $missing[0].Exception.Message | Should -Match $Ids.Contoso
        }

        # Was a bug: without -CustomerId the message reads "was not found for customer '(any)'. Run
        # 'Get-CspSubscription -CustomerId (any)' to list its subscriptions", advice that cannot be followed.
        It 'gives advice that can be followed when no customer was named' {
            Get-CspSubscription -SubscriptionId $UnknownId -ErrorVariable missing -ErrorAction SilentlyContinue

            $missing[0].Exception.Message | Should -Not -Match '\(any\)'
            $missing[0].Exception.Message | Should -Match "not found for any customer.*Run 'Get-CspSubscription'"
        }
    }

    Context 'filtered by offer and status' {
        It 'returns the subscriptions of an offer given by id' {
            (Get-CspSubscription -Offer O365_BUSINESS).CustomerName |
                Should -Be @('Contoso Ltd', 'Northwind Traders', 'Tailspin Toys', 'Litware Inc', 'Alpine Ski House', 'Proseware Inc')
        }

        It 'takes the offer by display name, case-insensitively' {
            (Get-CspSubscription -Offer 'office 365 enterprise e3').SubscriptionId | Should -Be $Ids.FourthCoffeeE3
        }

        It 'combines several offers' {
            @(Get-CspSubscription -Offer EXCHANGE_ONLINE_P1, SHAREPOINT_ONLINE_P1) | Should -HaveCount 3
        }

        It 'stops with OfferNotFound for an offer the catalogue does not know' {
            { Get-CspSubscription -Offer 'O365_E4' } | Should -Throw -ErrorId 'OfferNotFound,CspUpgrade.Commands.GetCspSubscriptionCommand'
        }

        # Was a bug (issue 10, smaller points): -Offer 'O365_B*' is OfferNotFound, while SPEC 2 says the
        # filters match wildcards and Get-CspUpgradeOption takes the same pattern.
        It 'matches offers with wildcards' {
            $subscriptions = @(Get-CspSubscription -Offer 'O365_BUSINESS_P*' -ErrorVariable problems -ErrorAction SilentlyContinue)

            $problems | Should -HaveCount 0
            $subscriptions.SubscriptionId | Should -Be @($Ids.WingtipSub, $Ids.WoodgroveSub, $Ids.ProsewareSuspended, $Ids.CohoSub)
        }

        It 'returns the subscriptions in the given statuses with -Status' {
            (Get-CspSubscription -Status Suspended).SubscriptionId | Should -Be $Ids.ProsewareSuspended
            (Get-CspSubscription -Status Deleted, Provisioning).SubscriptionId | Should -Be @($Ids.ProsewareDeleted, $Ids.RelecloudSub)
        }

        It 'refuses a status that does not exist, listing the valid ones' {
            $thrown = { Get-CspSubscription -Status Cancelled } |
                Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,CspUpgrade.Commands.GetCspSubscriptionCommand' -PassThru

            $thrown.Exception.Message | Should -Match 'Active, Suspended, Deleted, Provisioning'
        }

        It 'applies customer, offer and status filters together' {
            @(Get-CspSubscription -CustomerId $Ids.Proseware -Status Active) | Should -HaveCount 0
            (Get-CspSubscription -CustomerId $Ids.Alpine -Offer O365_BUSINESS_ESSENTIALS -Status Active).SubscriptionId |
                Should -Be $Ids.AlpineDirect
        }
    }

    Context 'from the pipeline' {
        It 'lists the subscriptions of piped customers' {
            (Get-CspCustomer -Name 'Adatum*' | Get-CspSubscription).OfferId | Should -Be @('O365_BUSINESS_ESSENTIALS', 'SHAREPOINT_ONLINE_P1')
        }

        It 'takes CustomerId and SubscriptionId columns by name' {
            $rows = @"
CustomerId,SubscriptionId
$($Ids.Tailspin),$($Ids.TailspinSub)
$($Ids.Wingtip),$($Ids.WingtipSub)
"@ | ConvertFrom-Csv

            ($rows | Get-CspSubscription).Quantity | Should -Be @(285, 45)
        }

        It 'reports a bad row of a CSV and goes on with the rest' {
            $rows = @"
CustomerId,SubscriptionId
$($Ids.Tailspin),$UnknownId
$($Ids.Wingtip),$($Ids.WingtipSub)
"@ | ConvertFrom-Csv

            $subscriptions = @($rows | Get-CspSubscription -ErrorVariable problems -ErrorAction SilentlyContinue)

            $subscriptions.SubscriptionId | Should -Be $Ids.WingtipSub
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'SubscriptionNotFound,CspUpgrade.Commands.GetCspSubscriptionCommand'
            $problems[0].TargetObject | Should -Be $UnknownId
        }

        # Was a bug: a row with an unknown customer gives two errors, CustomerNotFound and then
        # SubscriptionNotFound "for customer <unknown id>"; SPEC 2 asks for one error per bad pipeline item.
        It 'reports a row with an unknown customer once, as CustomerNotFound' {
            $row = [pscustomobject]@{ CustomerId = $UnknownId; SubscriptionId = $Ids.TailspinSub }

            $row | Get-CspSubscription -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        # Was a bug: an empty SubscriptionId cell is a ParameterArgumentValidationError here, while
        # Test-CspUpgradeEligibility treats the same empty cell as "every subscription of the customer".
        It 'treats an empty SubscriptionId cell as every subscription of the customer' {
            $rows = @"
CustomerId,SubscriptionId
$($Ids.Litware),
"@ | ConvertFrom-Csv

            $subscriptions = @($rows | Get-CspSubscription -ErrorVariable problems -ErrorAction SilentlyContinue)

            $problems | Should -HaveCount 0
            $subscriptions | Should -HaveCount 3
        }

        # Was a bug (issue 10, smaller points): a trailing space in a SubscriptionId cell is not trimmed
        # (SubscriptionNotFound), while the other cells are.
        It 'trims spaces around ids in CSV cells' {
            $row = [pscustomobject]@{ CustomerId = "$($Ids.Tailspin) "; SubscriptionId = "$($Ids.TailspinSub) " }

            $subscription = $row | Get-CspSubscription -ErrorVariable problems -ErrorAction SilentlyContinue

            $problems | Should -HaveCount 0
            $subscription.CustomerName | Should -Be 'Tailspin Toys'
        }

        # Was a bug (issue 10, smaller points): -Verbose says nothing.
        It 'says with -Verbose what it is doing' {
            $verbose = Get-CspSubscription -CustomerId $Ids.Tailspin -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

            $verbose | Should -Not -BeNullOrEmpty
        }
    }
}
