<#
    SPEC 2: when a piped object carries both TargetOffer and TargetOfferId, the id wins (a display name may be a former
    name, or another offer's). CSV rows and results go into Test-CspUpgradeEligibility and Invoke-CspSubscriptionUpgrade.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'TargetOfferId over TargetOffer' {
    BeforeEach {
        $null = Connect-ExampleCopy -Destination $TestDrive
        $row = [pscustomobject]@{
            CustomerId     = $Ids.Contoso
            SubscriptionId = $Ids.ContosoSub
            TargetOffer    = 'Office 365 Enterprise E5'
            TargetOfferId  = 'O365_E3'
        }
    }

    AfterEach {
        Disconnect-CspConnection
    }

    It 'checks the id of a piped object whose TargetOffer names another offer' {
        ($row | Test-CspUpgradeEligibility).TargetOfferId | Should -Be 'O365_E3'
    }

    It 'checks the id of a CSV row whose TargetOffer is a name no offer has any more' {
        $csv = @('CustomerId,SubscriptionId,TargetOffer,TargetOfferId', "$($Ids.Contoso),$($Ids.ContosoSub),Office 365 E3 (retired),O365_E3") | ConvertFrom-Csv
        ($csv | Test-CspUpgradeEligibility -ErrorAction Stop).TargetOfferId | Should -Be 'O365_E3'
    }

    It 'upgrades to the id' {
        $result = $row | Invoke-CspSubscriptionUpgrade -Force
        $result.Status | Should -Be 'Completed'
        $result.TargetOfferId | Should -Be 'O365_E3'
    }

    It 'still takes a -TargetOffer typed on the command line over a piped id' {
        ($row | Test-CspUpgradeEligibility -TargetOffer O365_E5).TargetOfferId | Should -Be 'O365_E5'
    }
}
