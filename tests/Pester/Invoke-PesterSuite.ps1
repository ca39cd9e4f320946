<#
.SYNOPSIS
    Runs the Pester suite (tests/Pester/*.Tests.ps1) with Pester 5.7.1 from the NuGet package the build restores.
.DESCRIPTION
    The solution's test project downloads Pester 5.7.1 (a PackageDownload item), so no Install-Module is needed on a
    fresh machine. Returns Pester's run object (PassedCount, FailedCount, Result) and writes an NUnit XML file to
    -ResultsDirectory. Build the module first (dotnet build -c Release).
.EXAMPLE
    dotnet pwsh ./tests/Pester/Invoke-PesterSuite.ps1
#>
[CmdletBinding()]
param(
    [string] $ResultsDirectory = (Join-Path $PSScriptRoot '../../TestResults/local'),
    [string] $PesterVersion = '5.7.1'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
    ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}
$manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
if (-not (Test-Path -LiteralPath $manifest)) {
    throw "Pester $PesterVersion is not in the NuGet packages folder ($manifest); run 'dotnet restore CspUpgrade.sln' first."
}
Import-Module $manifest -Force

$null = New-Item -ItemType Directory -Path $ResultsDirectory -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultsDirectory 'pester.xml'
Invoke-Pester -Configuration $configuration
