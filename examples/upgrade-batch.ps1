<#
.SYNOPSIS
    Runbook: upgrade every eligible subscription to one target offer, on a copy of the example inventory.
.DESCRIPTION
    Copies examples/contoso.yaml to a scratch folder (the original stays untouched), connects to the copy, uses
    the example priced catalogue so billing can be shown, checks every subscription of every customer against the
    target, upgrades the eligible ones without prompting, and returns the upgrade results (UpgradeResult objects,
    shown through the module's views). -Show also prints the skipped subscriptions, the accounts that need manual
    work and a billing summary; -CsvPath and -ReportPath write the upgrades as a CSV and the checks and upgrades
    as an HTML report. Run it again on the same copy and every upgrade reports AlreadyUpgraded.

    Connection and catalogue belong to a runspace. The batch imports the priced catalogue and connects to the copy
    in a runspace of its own, so the caller's session keeps its connection and catalogue, whatever they are.
.PARAMETER TargetOffer
    Offer id or display name to upgrade to.
.PARAMETER WorkFolder
    Where the copy of the inventory goes; a new temporary folder by default.
.PARAMETER CsvPath
    Also write the upgrade results to this CSV file.
.PARAMETER ReportPath
    Also write the checks and the upgrades as one self-contained HTML report (Export-CspUpgradeReport).
.PARAMETER Force
    Replace an existing -CsvPath or -ReportPath file.
.PARAMETER Show
    Also print what was skipped and why, the upgrades, the accounts that need manual work and a billing summary.
.EXAMPLE
    ./examples/upgrade-batch.ps1 -TargetOffer O365_E3 -Show
.EXAMPLE
    ./examples/upgrade-batch.ps1 -TargetOffer 'Office 365 Enterprise E5' -WhatIf
.EXAMPLE
    $upgrades = ./examples/upgrade-batch.ps1 -TargetOffer O365_E3 -ReportPath ./e3-batch.html
#>
[CmdletBinding(SupportsShouldProcess)]
[OutputType('CspUpgrade.UpgradeResult')]
param(
    [string] $TargetOffer = 'O365_E3',
    [string] $WorkFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'cspupgrade-batch-' + [guid]::NewGuid().ToString('N')),
    [string] $CsvPath,
    [string] $ReportPath,
    [switch] $Force,
    [switch] $Show
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module CspUpgrade)) {
    Import-Module "$PSScriptRoot/../out/CspUpgrade/CspUpgrade.psd1"
}
function Say([string] $Text) { if ($Show) { $Host.UI.WriteLine($Text) } }

[void][System.IO.Directory]::CreateDirectory($WorkFolder)
$inventory = [System.IO.Path]::Combine($WorkFolder, 'contoso.yaml')
[System.IO.File]::Copy("$PSScriptRoot/contoso.yaml", $inventory, $true)

# The batch itself, in a runspace of its own (same host, so -WhatIf text and warnings show as usual).
$batch = {
    param($ModulePath, $CatalogPath, $Inventory, $TargetOffer, $WhatIf)
    $ErrorActionPreference = 'Stop'
    Import-Module $ModulePath
    Import-CspOfferCatalog -Path $CatalogPath
    Connect-CspInventory -Path $Inventory | Out-Null
    $checks = @(Get-CspCustomer | Test-CspUpgradeEligibility -TargetOffer $TargetOffer)
    # -Confirm:$false: a runbook has no one to answer prompts. -WhatIf on this script passes through and only describes.
    $upgrades = @($checks | Where-Object IsEligible | Invoke-CspSubscriptionUpgrade -Confirm:$false -WhatIf:$WhatIf)
    @{ Checks = $checks; Upgrades = $upgrades; Path = (Get-CspConnection).Path }
}
$runspace = [runspacefactory]::CreateRunspace($Host)
$runspace.Open()
$shell = [powershell]::Create()
try {
    $shell.Runspace = $runspace
    [void]$shell.AddScript($batch.ToString()).AddParameters(@{
            ModulePath  = (Get-Module CspUpgrade).Path
            CatalogPath = "$PSScriptRoot/priced-catalog.yaml"
            Inventory   = $inventory
            TargetOffer = $TargetOffer
            WhatIf      = [bool]$WhatIfPreference
        })
    $outcome = @($shell.Invoke())[0]
}
finally {
    $shell.Dispose()
    $runspace.Dispose()
}
$checks = @($outcome.Checks)
$results = @($outcome.Upgrades)

Say ("Batch upgrade to {0} on a copy of the inventory: {1}" -f $TargetOffer, $outcome.Path)
Say ("{0} subscriptions checked, {1} eligible." -f $checks.Count, @($checks | Where-Object IsEligible).Count)
foreach ($refused in @($checks | Where-Object { -not $_.IsEligible })) {
    Say ("  skipped {0} ({1}) of {2}: {3}" -f $refused.SubscriptionId, $refused.OfferId, $refused.CustomerName, $refused.ReasonCodes)
}

Say ''
Say 'Upgrades'
foreach ($result in $results) {
    $billing = if ($null -ne $result.BillingNet) { '{0:0.00} {1}' -f $result.BillingNet, $result.BillingImpact.Currency } else { $result.BillingImpact.UnavailableReason }
    Say ("  {0}: {1} -> {2} as {3}, {4} seats, {5}; billing net {6}" -f $result.CustomerName, $result.SubscriptionId, $result.TargetOfferId, $result.TargetSubscriptionId, $result.Quantity, $result.Status, $billing)
}

Say ''
Say 'Accounts that need manual work'
$accounts = @($results | ForEach-Object { $_.AffectedAccounts })
if ($accounts.Count -eq 0) { Say '  none' }
foreach ($account in $accounts) {
    Say ("  {0} [{1}]: {2}" -f $account.UserPrincipalName, $account.Reason, $account.Detail)
}

Say ''
$credit = 0; $charge = 0; $priced = 0
foreach ($result in $results) {
    if ($null -ne $result.BillingNet) {
        $credit += $result.BillingImpact.Credit
        $charge += $result.BillingImpact.Charge
        $priced++
    }
}
Say ("Billing summary: {0} upgrade(s) priced; charges {1:0.00}, credits {2:0.00}, net {3:0.00} USD for the rest of the current periods." -f $priced, $charge, $credit, ($charge - $credit))
Say ("The journal of what was done: {0}.journal.jsonl" -f $inventory)

if ($CsvPath -and $results.Count -gt 0) {
    $results | Export-Csv -LiteralPath $CsvPath -NoTypeInformation -NoClobber:(-not $Force)
}
if ($ReportPath) {
    @($checks) + @($results) | Export-CspUpgradeReport -LiteralPath $ReportPath -Title ("Batch upgrade to {0}" -f $TargetOffer) -Force:$Force | Out-Null
}
$results
