# Baseline module for the cold Import-Module benchmark (bench/README.md). Not shipped.
@{
    RootModule           = 'CspBenchEmpty.dll'
    ModuleVersion        = '0.0.1'
    GUID                 = '1d5b3a52-7c2e-4f0a-9a11-0b6f6c1d2e31'
    Author               = 'CspUpgrade contributors'
    Description          = 'Empty binary module: the floor for Import-Module time.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @()
    CmdletsToExport      = @('Get-CspBenchNothing')
    VariablesToExport    = @()
    AliasesToExport      = @()
}
