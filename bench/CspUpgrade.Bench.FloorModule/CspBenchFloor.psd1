# Floor module for the pipeline benchmark (bench/README.md). Not shipped.
@{
    RootModule           = 'CspBenchFloor.dll'
    ModuleVersion        = '0.0.1'
    GUID                 = '8a0e6f14-2b9d-4c37-b5e2-4f7c9d0a1b62'
    Author               = 'CspUpgrade contributors'
    Description          = 'No-op copy of Test-CspUpgradeEligibility: the floor for per-object pipeline cost.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @()
    CmdletsToExport      = @('Test-CspBenchEligibility', 'Test-CspBenchEligibilityWrite')
    VariablesToExport    = @()
    AliasesToExport      = @()
}
