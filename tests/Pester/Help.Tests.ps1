<#
    Get-Help as a user reads it: every exported cmdlet has a written synopsis, a description, examples that parse and
    say what they do, and every parameter documented; about_CspUpgrade names every reason code and error id.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../out/CspUpgrade/CspUpgrade.psd1') -Force
    $commands = @(Get-Command -Module CspUpgrade | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Get-Help <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'has a written synopsis (not the generated syntax) and a description of more than one sentence' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name*"
        $help.Synopsis | Should -Match '\.$'
        $description = ($help.description | Out-String).Trim()

        $description | Should -Not -BeNullOrEmpty
        ([regex]::Matches($description, '[.!?](\s|$)')).Count | Should -BeGreaterThan 1
    }

    It 'has at least two examples, each with code that parses and a remark saying what it does' {
        $examples = @($help.examples.example)

        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty -Because "$($example.title) needs code"
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "$($example.title) must be valid PowerShell"
            ($example.remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($example.title) needs a remark"
        }
    }

    It 'documents every parameter and links to related commands that exist' {
        $parameters = @((Get-Command -Name $Name).Parameters.Keys | Where-Object { $_ -notin $commonParameters })

        foreach ($parameter in $parameters) {
            $documented = $help.parameters.parameter | Where-Object name -EQ $parameter
            ($documented.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }

        $links = @($help.relatedLinks.navigationLink | Where-Object { $_.linkText -like '*-Csp*' })

        $links | Should -Not -BeNullOrEmpty
        foreach ($link in $links) {
            Get-Command -Name $link.linkText -Module CspUpgrade -ErrorAction SilentlyContinue |
                Should -Not -BeNullOrEmpty -Because "$Name links to $($link.linkText)"
        }
    }
}

Describe 'about_CspUpgrade' {
    BeforeAll {
        $about = Get-Help about_CspUpgrade | Out-String
    }

    It 'is found by Get-Help' {
        $about | Should -Match 'about_CspUpgrade'
        $about | Should -Match 'SHORT DESCRIPTION'
    }

    It 'names every reason code of SPEC 1.5' {
        foreach ($code in 'Other', 'DelegatedAdminPermissionsDisabled', 'SubscriptionStatusNotActive', 'ConflictingServiceTypes',
            'ConcurrencyConflicts', 'UserContextRequired', 'SubscriptionAddOnsPresent', 'SubscriptionDoesNotHaveAnyUpgradePaths',
            'SubscriptionTargetOfferNotFound', 'SubscriptionNotProvisioned', 'OfferDoesNotSupportBillingCycle',
            'InsufficientGranularAdminPermissions', 'TargetOfferAlreadyOwned', 'MarketRestriction', 'SeatLimitExceeded',
            'PartnerRoleNotPermitted') {
            $about | Should -Match "\b$code\b" -Because "$code is a reason code users see"
        }
    }

    It 'lists the error ids scripts match on' {
        foreach ($id in 'NotConnected', 'CustomerNotFound', 'SubscriptionNotFound', 'OfferNotFound', 'OfferAmbiguous', 'NotEligible',
            'SeatLimitExceeded', 'SubscriptionNotActive', 'PartnerRoleNotPermitted', 'CatalogInvalid', 'InventoryInvalid',
            'InventoryLocked', 'PathNotFound', 'PartnerCenterRequestFailed', 'PartnerCenterThrottled', 'PartnerCenterUnauthorized') {
            $about | Should -Match "(?m)^\s+$id\s" -Because "$id is an error id of SPEC 2"
        }
    }
}
