<#
.SYNOPSIS
    Builds, tests or cleans CspUpgrade.
.DESCRIPTION
    Build assembles the complete module at out/CspUpgrade (manifest stamped with the version from
    Directory.Build.props). Test builds, runs the xunit suites (which host PowerShell 7.6 and import
    out/CspUpgrade), then the Pester suite in tests/Pester when Pester 5 is installed.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$solution = Join-Path $PSScriptRoot 'CspUpgrade.sln'
$moduleFolder = Join-Path $PSScriptRoot 'out/CspUpgrade'

function Invoke-DotNet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' {
            Invoke-DotNet clean $solution -c $Configuration --nologo -v quiet
            if (Test-Path $moduleFolder) { Remove-Item $moduleFolder -Recurse -Force }
        }
        'Build' {
            Invoke-DotNet build $solution -c $Configuration --nologo
            Write-Host "Module assembled at $moduleFolder"
        }
        'Test' {
            Invoke-DotNet test $solution -c $Configuration --nologo
            $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } | Select-Object -First 1
            if ($null -eq $pester) {
                Write-Warning 'Pester 5 is not installed; skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
            }
            else {
                Import-Module $pester -Force
                $configuration = New-PesterConfiguration
                $configuration.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
                $configuration.Run.Exit = $false
                $configuration.Run.Throw = $true
                $configuration.Output.Verbosity = 'Detailed'
                Invoke-Pester -Configuration $configuration
            }
        }
    }
}
