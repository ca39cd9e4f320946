<#
    The module as a unit: the built manifest, what it exports, format views for every output type, loading in a fresh
    pwsh process (by folder path and by module auto-loading), and Remove-Module followed by a new import.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $moduleFolder = Split-Path -Parent (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
    $expectedCmdlets = @(
        'Add-CspSubscriptionLicense', 'Connect-CspInventory', 'Connect-CspPartnerCenter', 'Disconnect-CspConnection',
        'Export-CspInventory', 'Export-CspUpgradeReport', 'Get-CspConnection', 'Get-CspCustomer', 'Get-CspOffer', 'Get-CspSubscription', 'Get-CspUpgradeOption',
        'Import-CspOfferCatalog', 'Invoke-CspSubscriptionUpgrade', 'Test-CspOfferCatalog', 'Test-CspUpgradeEligibility')

    function Invoke-ChildPwsh {
        <#
            Runs a command in a new pwsh process (the same pwsh as this one) and returns its standard output lines.
            A process still running after $TimeoutSeconds is killed and the test fails: a guard against a hang, not a
            speed measurement.
        #>
        param([string] $Command, [int] $TimeoutSeconds = 300)
        $start = [System.Diagnostics.ProcessStartInfo]::new()
        $processPath = [Environment]::ProcessPath
        if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            # pwsh as a dotnet tool runs as 'dotnet pwsh.dll'.
            $start.FileName = $processPath
            $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
        else {
            $start.FileName = $processPath
        }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Command) {
            $start.ArgumentList.Add($argument)
        }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                $process.Kill($true)
                throw "pwsh did not finish within $TimeoutSeconds s: $Command"
            }
            $process.WaitForExit()
            if ($process.ExitCode -ne 0 -or $stderr.Result) {
                throw "pwsh exited with $($process.ExitCode): $($stderr.Result)"
            }
            @($stdout.Result -split '\r?\n' | Where-Object { $_ })
        }
        finally {
            $process.Dispose()
        }
    }
}

AfterAll {
    Import-Module $ModuleManifest -Force
    Reset-CspTestSession
}

Describe 'The module manifest' {
    BeforeAll {
        $manifest = Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop
    }

    It 'is valid and loads the binary module' {
        $manifest.Name | Should -Be 'CspUpgrade'
        $manifest.RootModule | Should -Be 'CspUpgrade.dll'
        Test-Path -LiteralPath (Join-Path $moduleFolder 'CspUpgrade.dll') | Should -BeTrue
    }

    It 'carries the version of Directory.Build.props' {
        $props = [xml](Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../Directory.Build.props') -Raw)
        $version = @($props.Project.PropertyGroup.Version | Where-Object { $_ })[0]

        "$($manifest.Version)" | Should -Be $version
        "$($manifest.Version)" | Should -Not -Be '0.0.0'
    }

    It 'declares Windows PowerShell 5.1 and PowerShell 7 (Desktop and Core)' {
        "$($manifest.PowerShellVersion)" | Should -Be '5.1'
        @($manifest.CompatiblePSEditions) | Should -Be @('Desktop', 'Core')
    }

    It 'ships its format file, catalogue and help beside the manifest' {
        foreach ($file in 'CspUpgrade.Format.ps1xml', 'DefaultCatalog.yaml', 'en-US/CspUpgrade.dll-Help.xml', 'en-US/about_CspUpgrade.help.txt') {
            Test-Path -LiteralPath (Join-Path $moduleFolder $file) | Should -BeTrue -Because "$file belongs in the module folder"
        }
    }
}

Describe 'What the module exports' {
    It 'exports exactly the cmdlets of SPEC 2, and no functions, aliases or variables' {
        $module = Get-Module CspUpgrade

        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'makes public only what users type or receive: output types, enums, error exceptions; the engine stays internal' {
        [CspUpgrade.EligibilityResult].IsPublic | Should -BeTrue
        [CspUpgrade.ReasonCode].IsPublic | Should -BeTrue
        [CspUpgrade.PartnerCenter.PartnerCenterException].IsPublic | Should -BeTrue
        { [CspUpgrade.InventoryStore] } | Should -Throw -ErrorId 'TypeNotFound'
        { [CspUpgrade.EligibilityEngine] } | Should -Throw -ErrorId 'TypeNotFound'
        $engine = [CspUpgrade.ReasonCode].Assembly
        $engine.GetExportedTypes() | Where-Object { $_.Namespace -like 'CspUpgrade.Engine*' } | Should -BeNullOrEmpty
        $engine.GetExportedTypes().Count | Should -BeLessThan 50
    }

    It 'declares what each command returns' {
        foreach ($command in Get-Command -Module CspUpgrade | Where-Object Name -NE 'Disconnect-CspConnection') {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs [OutputType]"
        }
    }

    It 'has a format view for every type a command returns' {
        $types = Get-Command -Module CspUpgrade | ForEach-Object OutputType | ForEach-Object Name | Where-Object { $_ -like 'CspUpgrade.*' } | Sort-Object -Unique

        $types | Should -Not -BeNullOrEmpty
        foreach ($type in $types) {
            Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs a view"
        }
    }

    It 'asks for confirmation before <Name> (ConfirmImpact <Impact>)' -ForEach @(
        @{ Name = 'Invoke-CspSubscriptionUpgrade'; Impact = 'High' }
        @{ Name = 'Add-CspSubscriptionLicense'; Impact = 'Medium' }
        @{ Name = 'Export-CspUpgradeReport'; Impact = 'Low' }
        @{ Name = 'Export-CspInventory'; Impact = 'Low' }
    ) {
        $command = Get-Command -Name $Name
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        "$($attribute.ConfirmImpact)" | Should -Be $Impact
    }
}

Describe 'Loading the module' {
    Context 'in a fresh pwsh process' {
        BeforeAll {
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$moduleFolder'
(Get-Command -Module CspUpgrade).Count
@(Get-CspOffer).Count
Connect-CspInventory -Path '$ContosoYaml' | Out-Null
@(Get-CspCustomer | Test-CspUpgradeEligibility | Where-Object IsEligible).Count
Remove-Module CspUpgrade
`$env:PSModulePath = '$(Split-Path -Parent $moduleFolder)' + [IO.Path]::PathSeparator + `$env:PSModulePath
(Get-CspOffer -Name O365_E3).Offer
(Get-Module CspUpgrade).Name
"@
            $output = Invoke-ChildPwsh -Command $script
        }

        It 'imports by folder path and exports every cmdlet' {
            $output[0] | Should -Be "$($expectedCmdlets.Count)"
        }

        It 'works at once: the catalogue is there and the example inventory checks' {
            $output[1] | Should -Be '24'
            $output[2] | Should -Be '24'
        }

        It 'loads by itself on first use when its folder is on PSModulePath' {
            $output[3] | Should -Be 'Office 365 Enterprise E3'
            $output[4] | Should -Be 'CspUpgrade'
        }
    }

    Context 'Remove-Module and a new import in the same session' {
        It 'removes every command with the module' {
            Remove-Module CspUpgrade

            Get-Command -Name Get-CspOffer -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'imports again and works, with its views' {
            Import-Module $ModuleManifest -Force
            Connect-CspInventory -Path $ContosoYaml | Out-Null

            @(Get-CspCustomer) | Should -HaveCount 13
            Get-CspOffer -Name O365_E3 | Format-Table | Out-String | Should -Match 'O365_E3'
            Get-FormatData -TypeName 'CspUpgrade.EligibilityResult' | Should -Not -BeNullOrEmpty
        }
    }
}
