<#
    Tab completion as an admin meets it in pwsh (TabExpansion2): offers by id and name, customer ids listed with their
    names, and the subscriptions of the customer already typed.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Connect-CspInventory -Path $ContosoYaml | Out-Null

    function Get-Completion {
        <# What pressing Tab at the end of $Line offers. #>
        param([string] $Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Tab completion' {
    Context 'offers' {
        It 'completes offer ids from the catalogue' {
            (Get-Completion 'Get-CspOffer -Name O365_E').CompletionText | Should -Be @('O365_E1', 'O365_E3', 'O365_E5', 'O365_E1_NCE', 'O365_E3_NCE', 'O365_E5_NCE')
        }

        It 'completes display names, quoted so that the line still runs' {
            $offered = @(Get-Completion "Get-CspOffer -Name 'Microsoft 365 Business S")

            $offered.CompletionText | Should -Be @("'Microsoft 365 Business Standard'", "'Microsoft 365 Business Standard (India)'")
        }

        It 'completes former names (aliases) too, quoted' {
            $offered = @(Get-Completion "Test-CspUpgradeEligibility -TargetOffer 'Office 365 Business P")

            $offered.CompletionText | Should -Be @("'Office 365 Business Premium'", "'Office 365 Business Premium (India)'", "'Office 365 Business Premium India'")
            $offered[0].ToolTip | Should -Match 'former name of Microsoft 365 Business Standard'
        }

        It 'completes -Offer of Get-CspSubscription' {
            (Get-Completion 'Get-CspSubscription -Offer EXCH').CompletionText | Should -Be @('EXCHANGE_ONLINE_P1', 'EXCHANGE_ONLINE_P1_NCE', 'EXCHANGE_ONLINE_P2_NCE')
        }

        # Was a bug (issue 10, smaller points): -TargetOffer <Tab> offers all twelve offers even when the
        # subscription is known; only its upgrade targets can be asked for.
        It 'offers only the targets of the subscription already typed' {
            $line = "Test-CspUpgradeEligibility -CustomerId $($Ids.Contoso) -SubscriptionId $($Ids.ContosoSub) -TargetOffer "

            (Get-Completion $line).CompletionText | Should -Be @('O365_BUSINESS_PREMIUM', 'O365_PROPLUS', 'O365_E3', 'O365_E5')
        }
    }

    Context 'customers and subscriptions' {
        It 'completes customer ids and shows the customer''s name in the list' {
            $offered = @(Get-Completion 'Get-CspSubscription -CustomerId ')

            $offered | Should -HaveCount 13
            $offered[0].CompletionText | Should -Be $Ids.Contoso
            $offered[0].ListItemText | Should -Match 'Contoso Ltd'
        }

        It 'narrows customer ids by what is typed' {
            (Get-Completion 'Get-CspCustomer -CustomerId 3f').CompletionText | Should -Be $Ids.Contoso
        }

        It 'completes the subscriptions of the customer already typed, with offer and seats' {
            $offered = @(Get-Completion "Invoke-CspSubscriptionUpgrade -CustomerId $($Ids.Tailspin) -SubscriptionId ")

            $offered.CompletionText | Should -Be $Ids.TailspinSub
            $offered[0].ListItemText | Should -Match 'Microsoft 365 Apps for business, 285 seats'
        }

        # Was a bug (issue 10, smaller points): Get-CspCustomer -Name <Tab> offers file names.
        It 'completes customer names, not file names, for Get-CspCustomer -Name' {
            $offered = @(Get-Completion 'Get-CspCustomer -Name ')

            $offered | Should -HaveCount 13
            $offered[0].CompletionText | Should -Match 'Contoso Ltd'
            (Get-Completion 'Get-CspCustomer -Name Con').CompletionText | Should -Match 'Contoso Ltd'
        }
    }
}
