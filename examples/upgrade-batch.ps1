<#
.SYNOPSIS
    Runbook: upgrade every eligible subscription to one target offer, on a copy of the example inventory.
.DESCRIPTION
    Copies examples/contoso.yaml to a scratch folder (the original stays untouched), connects to the copy, uses
    the example priced catalogue so billing can be shown, checks every subscription of every customer against the
    target, upgrades the eligible ones without prompting, and prints the accounts that need manual work and a
    billing summary. Run it again on the same copy and every upgrade reports AlreadyUpgraded.
.PARAMETER TargetOffer
    Offer id or display name to upgrade to.
.PARAMETER WorkFolder
    Where the copy of the inventory goes; a new temporary folder by default.
.EXAMPLE
    ./examples/upgrade-batch.ps1 -TargetOffer O365_E3
.EXAMPLE
    ./examples/upgrade-batch.ps1 -TargetOffer 'Office 365 Enterprise E5' -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $TargetOffer = 'O365_E3',
    [string] $WorkFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'cspupgrade-batch-' + [guid]::NewGuid().ToString('N'))
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module CspUpgrade)) {
    Import-Module "$PSScriptRoot/../out/CspUpgrade/CspUpgrade.psd1"
}
function Say([string] $Text) { $Host.UI.WriteLine($Text) }

[void][System.IO.Directory]::CreateDirectory($WorkFolder)
$inventory = [System.IO.Path]::Combine($WorkFolder, 'contoso.yaml')
[System.IO.File]::Copy("$PSScriptRoot/contoso.yaml", $inventory, $true)

Import-CspOfferCatalog -Path "$PSScriptRoot/priced-catalog.yaml"
$connection = Connect-CspInventory -Path $inventory
Say ("Batch upgrade to {0} on a copy of the inventory: {1}" -f $TargetOffer, $connection.Path)

$checks = @(Get-CspCustomer | Test-CspUpgradeEligibility -TargetOffer $TargetOffer)
$eligible = @($checks | Where-Object IsEligible)
Say ("{0} subscriptions checked, {1} eligible." -f $checks.Count, $eligible.Count)
foreach ($refused in @($checks | Where-Object { -not $_.IsEligible })) {
    Say ("  skipped {0} ({1}) of {2}: {3}" -f $refused.SubscriptionId, $refused.OfferId, $refused.CustomerName, $refused.ReasonCodes)
}

# -Confirm:$false: a runbook has no one to answer prompts. -WhatIf on this script passes through and only describes.
$results = @($eligible | Invoke-CspSubscriptionUpgrade -Confirm:$false -WhatIf:$WhatIfPreference)

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

Disconnect-CspConnection
Import-CspOfferCatalog -Default
