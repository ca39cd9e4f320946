<#
.SYNOPSIS
    Builds, tests or cleans CspUpgrade.
.DESCRIPTION
    Build assembles the complete module at out/CspUpgrade (manifest stamped with the version from
    Directory.Build.props). Test builds, runs the xunit suites (which host PowerShell 7.6 and import
    out/CspUpgrade), then the Pester suite in tests/Pester in this pwsh, with Pester 5.7.1 from the NuGet
    package that the build restores (no Install-Module needed). Both suites always run; the task fails
    when either has a failure, and ends with one "N passed, N failed" line counting both.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where test results go (trx files and the Pester NUnit file); CI reads the counts from there.
    [string] $ResultsDirectory = (Join-Path $PSScriptRoot 'TestResults/local')
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
            # Old results would be counted again: remove them (only them: a caller may keep a log beside them).
            $null = New-Item -ItemType Directory -Path $ResultsDirectory -Force
            Get-ChildItem -LiteralPath $ResultsDirectory -File | Where-Object { $_.Extension -eq '.trx' -or $_.Name -eq 'pester.xml' } | Remove-Item -Force
            & dotnet test $solution -c $Configuration --nologo --logger trx --results-directory $ResultsDirectory
            $xunitExit = $LASTEXITCODE

            $pester = & (Join-Path $PSScriptRoot 'tests/Pester/Invoke-PesterSuite.ps1') -ResultsDirectory $ResultsDirectory

            $passed = $pester.PassedCount
            $failed = $pester.FailedCount
            foreach ($trx in Get-ChildItem -Path $ResultsDirectory -Filter *.trx) {
                $counters = ([xml](Get-Content -LiteralPath $trx.FullName -Raw)).TestRun.ResultSummary.Counters
                $passed += [int]$counters.passed
                $failed += [int]$counters.failed
            }
            # One line for people and for CI; written to the output stream so a transcript or a pipe keeps it.
            "$passed passed, $failed failed"
            if ($xunitExit -ne 0 -or $failed -ne 0 -or $pester.Result -ne 'Passed') {
                throw "Tests failed: dotnet test exit code $xunitExit, Pester $($pester.Result) ($($pester.FailedCount) failed)."
            }
        }
    }
}
