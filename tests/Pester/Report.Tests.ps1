<#
    Export-CspUpgradeReport and the example scripts from the admin's side: a report file from piped results, the error
    ids scripts match on (OutputFileExists, PathNotFound), and examples that return objects and leave the session alone.
    Build first (dotnet build -c Release), then: Invoke-Pester ./tests/Pester/Report.Tests.ps1
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Export-CspUpgradeReport' {
    BeforeAll {
        Connect-CspInventory -Path $ContosoYaml | Out-Null
        $script:Checks = @(Get-CspCustomer | Test-CspUpgradeEligibility)
    }

    It 'writes one HTML file with the totals and returns it' {
        $file = $script:Checks | Export-CspUpgradeReport -Path (Join-Path $TestDrive 'report.html')
        $file | Should -BeOfType System.IO.FileInfo
        $html = Get-Content -LiteralPath $file.FullName -Raw
        $eligible = @($script:Checks | Where-Object IsEligible).Count
        $html | Should -Match ('id="total-eligible"><span class="value">{0}</span>' -f $eligible)
        $html | Should -Match ('id="total-not-eligible"><span class="value">{0}</span>' -f ($script:Checks.Count - $eligible))
        $html | Should -Match 'id="reason-chart"'
        $html | Should -Match 'id="target-chart"'
    }

    It 'refers to nothing outside the file' {
        $file = $script:Checks | Export-CspUpgradeReport -Path (Join-Path $TestDrive 'offline.html')
        $html = Get-Content -LiteralPath $file.FullName -Raw
        $html | Should -Not -Match '<script|<link|<img|\bsrc\s*=|@import|url\s*\(|https?://'
    }

    It 'lists every reason with its remediation, HTML-encoded' {
        $file = $script:Checks | Export-CspUpgradeReport -Path (Join-Path $TestDrive 'reasons.html')
        $html = Get-Content -LiteralPath $file.FullName -Raw
        foreach ($reason in $script:Checks.Reasons) {
            $html.Contains([System.Net.WebUtility]::HtmlEncode($reason.Remediation)) | Should -BeTrue -Because $reason.Code
        }
    }

    It 'refuses to replace a file without -Force (OutputFileExists) and keeps it' {
        $path = Join-Path $TestDrive 'existing.html'
        Set-Content -LiteralPath $path -Value 'keep'
        { $script:Checks | Export-CspUpgradeReport -Path $path } | Should -Throw -ErrorId 'OutputFileExists*'
        Get-Content -LiteralPath $path | Should -Be 'keep'
        $script:Checks | Export-CspUpgradeReport -Path $path -Force | Out-Null
        Get-Content -LiteralPath $path -Raw | Should -Match '^<!DOCTYPE html>'
    }

    It 'takes a folder or a missing folder as PathNotFound' {
        { $script:Checks | Export-CspUpgradeReport -Path $TestDrive } | Should -Throw -ErrorId 'PathNotFound*'
        { $script:Checks | Export-CspUpgradeReport -Path (Join-Path $TestDrive 'no/such/folder.html') } | Should -Throw -ErrorId 'PathNotFound*'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.html'
        $script:Checks | Export-CspUpgradeReport -Path $path -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}

Describe 'The example scripts' {
    It 'check-eligibility.ps1 returns result objects and leaves an existing connection' {
        Connect-CspInventory -Path $ContosoYaml | Out-Null
        $results = & (Join-Path $Examples 'check-eligibility.ps1') -ReportPath (Join-Path $TestDrive 'example.html')
        $results.Count | Should -BeGreaterThan 0
        $results | ForEach-Object { $_.GetType().FullName | Should -Be 'CspUpgrade.EligibilityResult' }
        (Get-CspConnection).Path | Should -Be (Resolve-Path -LiteralPath $ContosoYaml).ProviderPath
        Test-Path -LiteralPath (Join-Path $TestDrive 'example.html') | Should -BeTrue
    }

    It 'upgrade-batch.ps1 returns upgrade results and keeps the caller''s catalogue and connection' {
        Connect-CspInventory -Path $ContosoYaml | Out-Null
        Import-CspOfferCatalog -Default
        $upgrades = & (Join-Path $Examples 'upgrade-batch.ps1') -TargetOffer O365_E3 -WorkFolder (Join-Path $TestDrive 'batch')
        $upgrades.Count | Should -BeGreaterThan 0
        $upgrades | ForEach-Object { $_.Status | Should -Be 'Completed' }
        @(Get-CspOffer | Where-Object UnitPrice) | Should -HaveCount 0
        (Get-CspConnection).Path | Should -Be (Resolve-Path -LiteralPath $ContosoYaml).ProviderPath
    }
}
