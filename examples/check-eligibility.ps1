<#
.SYNOPSIS
    Walks through an inventory and returns, for every customer and subscription, which upgrades are
    possible and, where not, why and what to do about it.

.DESCRIPTION
    The main job of CspUpgrade: connect to a local inventory, check every live subscription against
    every upgrade path of its offer, and return the results. A second part runs a few explicit checks
    that need a chosen target (wrong market, a target that is not on the matrix, too many seats,
    upgrade without license transfer) and a check as a partner user without an upgrade role.

    The script returns EligibilityResult objects, shown through the module's views, so you can keep
    them ($results = ./examples/check-eligibility.ps1), filter them, or redirect them to a file.
    -CsvPath writes them as a CSV, -ReportPath as an HTML report (Export-CspUpgradeReport). -Show
    also prints a readable walk-through (subscription by subscription, every reason and fix) to the
    host, as the script did before it returned objects.

    The caller's session is left as it was: a connection to an inventory made before the script ran
    is restored afterwards; without one the script disconnects what it connected. A Partner Center
    connection cannot be re-created by a script, so the script refuses to run over one (use a new
    session). Works in PowerShell 7.2+ and Windows PowerShell 5.1.

.PARAMETER Path
    The inventory to check (YAML or JSON). Defaults to contoso.yaml next to this script.

.PARAMETER RestrictedPath
    An inventory whose partner user lacks an upgrade role. Defaults to restricted-partner.yaml next to
    this script.

.PARAMETER CsvPath
    Also write the results to this CSV file (Export-Csv; ReasonCodes and the reasons' texts as columns).

.PARAMETER ReportPath
    Also write the results as one self-contained HTML report to this file (Export-CspUpgradeReport).

.PARAMETER Force
    Replace an existing -ReportPath or -CsvPath file; without it an existing file is an error and is
    left unchanged.

.PARAMETER Show
    Also print the walk-through to the host: each subscription, each target, each reason with its fix,
    and a summary line.

.EXAMPLE
    ./examples/check-eligibility.ps1

.EXAMPLE
    $results = ./examples/check-eligibility.ps1 -ReportPath ./upgrade-report.html -CsvPath ./eligibility.csv
    $results | Where-Object IsEligible

.EXAMPLE
    ./examples/check-eligibility.ps1 -Path ./my-inventory.yaml -Show
#>
[CmdletBinding()]
[OutputType('CspUpgrade.EligibilityResult')]
param(
    [string]$Path = "$PSScriptRoot/contoso.yaml",
    [string]$RestrictedPath = "$PSScriptRoot/restricted-partner.yaml",
    [string]$CsvPath,
    [string]$ReportPath,
    [switch]$Force,
    [switch]$Show
)

$ErrorActionPreference = 'Stop'

if (-not (Get-Module -Name CspUpgrade)) {
    Import-Module "$PSScriptRoot/../out/CspUpgrade/CspUpgrade.psd1"
}

# Every result, in the order checked: returned, and written to -CsvPath and -ReportPath.
$script:AllResults = [System.Collections.Generic.List[object]]::new()

# The walk-through goes to the host only with -Show; the results always go to the pipeline.
function Write-Line {
    param([string]$Text = '')
    if ($Show) {
        $Host.UI.WriteLine($Text)
    }
}

function Get-ChannelText {
    param($Channel)
    switch ($Channel.ToString()) {
        'OtherPartner' { return 'bought through another partner' }
        'Direct' { return 'bought directly from Microsoft' }
        default { return 'bought through us' }
    }
}

# Returns the result; with -Show also one line: "  -> TARGET  eligible", or "NOT eligible" with each reason and its fix.
function Write-EligibilityResult {
    param($Result)
    $script:AllResults.Add($Result)
    $Result
    $target = $Result.TargetOfferId
    if (-not $target) {
        $target = '(no upgrade path)'
    }
    $arrow = '  -> {0,-24}' -f $target
    if ($Result.IsEligible) {
        Write-Line ('{0}  eligible' -f $arrow)
        return
    }
    $first = $true
    foreach ($reason in $Result.Reasons) {
        if ($first) {
            Write-Line ('{0}  NOT eligible: {1}: {2}' -f $arrow, $reason.Code, $reason.Message)
            $first = $false
        }
        else {
            Write-Line ('       and {0}: {1}' -f $reason.Code, $reason.Message)
        }
        Write-Line ('       fix: {0}' -f $reason.Remediation)
    }
}

function Write-Subscription {
    param($Subscription)
    $details = @(
        $Subscription.Status,
        ('{0} seats' -f $Subscription.Quantity),
        $Subscription.BillingCycle,
        (Get-ChannelText $Subscription.Channel)
    )
    if ($Subscription.PeriodEnd) {
        $details += ('period ends {0:yyyy-MM-dd}' -f $Subscription.PeriodEnd)
    }
    if (@($Subscription.AddOns).Count -gt 0) {
        $details += ('add-ons: {0}' -f (@($Subscription.AddOns) -join ', '))
    }
    if ($Subscription.UpgradedFrom) {
        $details += ('upgraded from {0}' -f $Subscription.UpgradedFrom)
    }
    Write-Line ('  {0}  {1} ({2})' -f $Subscription.SubscriptionId, $Subscription.Offer, $Subscription.OfferId)
    Write-Line ('  {0}' -f ($details -join ', '))
}

# An explicit check: a caption, then the result lines.
function Invoke-ExplicitCheck {
    param(
        [string]$Caption,
        [hashtable]$Check
    )
    Write-Line $Caption
    foreach ($result in @(Test-CspUpgradeEligibility @Check)) {
        Write-EligibilityResult $result
    }
    Write-Line
}

function Find-Subscription {
    param([string]$CustomerId, [string]$OfferId)
    @(Get-CspSubscription -CustomerId $CustomerId -Offer $OfferId)[0]
}

# The caller's connection, to restore at the end (none: the script disconnects what it connected).
$callerConnection = Get-CspConnection -ErrorAction Ignore
if ($callerConnection -and $callerConnection.Backend -ne 'Inventory') {
    throw "This session is connected to $($callerConnection.Backend); the example would replace that connection and cannot re-create it. Run the example in a new session."
}

try {
    $connection = Connect-CspInventory -Path $Path
    Write-Line ('Upgrade options for the customers of {0}' -f $connection.PartnerName)
    Write-Line ('Inventory: {0}' -f $connection.Path)
    Write-Line ('Partner roles: {0}' -f (@($connection.PartnerRoles) -join ', '))
    Write-Line

    # ---- Every customer, every subscription, every upgrade path ---------------------------------
    foreach ($customer in @(Get-CspCustomer)) {
        $delegation = $customer.DelegatedAdmin.ToString()
        if (@($customer.GdapRoles).Count -gt 0) {
            $delegation = '{0} ({1})' -f $delegation, (@($customer.GdapRoles) -join ', ')
        }
        Write-Line ('=== {0}  [{1}]  market {2}, delegated admin {3}' -f $customer.CustomerName, $customer.CustomerId, $customer.Market, $delegation)

        foreach ($subscription in @(Get-CspSubscription -CustomerId $customer.CustomerId)) {
            Write-Subscription $subscription
            if ($subscription.Status.ToString() -eq 'Deleted') {
                Write-Line '  -> not checked: the subscription is deleted (history only)'
                continue
            }
            $results = @(Test-CspUpgradeEligibility -CustomerId $customer.CustomerId -SubscriptionId $subscription.SubscriptionId)
            foreach ($result in $results) {
                Write-EligibilityResult $result
            }
        }
        Write-Line
    }

    # ---- Explicit checks -----------------------------------------------------------------------
    Write-Line '=== Explicit checks'
    Write-Line

    $india = @(Get-CspCustomer -Name "Margie's Travel")[0]
    $indiaSubscription = Find-Subscription $india.CustomerId 'O365_BUSINESS_IN'
    Invoke-ExplicitCheck -Caption ("{0} (market IN) asks for the global Microsoft 365 Business Standard:" -f $india.CustomerName) -Check @{
        CustomerId     = $india.CustomerId
        SubscriptionId = $indiaSubscription.SubscriptionId
        TargetOffer    = 'O365_BUSINESS_PREMIUM'
    }

    $northwind = @(Get-CspCustomer -Name 'Northwind Traders')[0]
    $northwindSubscription = Find-Subscription $northwind.CustomerId 'O365_BUSINESS'
    Invoke-ExplicitCheck -Caption ("{0} (market {1}) asks for the India-only Microsoft 365 Business Standard (India):" -f $northwind.CustomerName, $northwind.Market) -Check @{
        CustomerId     = $northwind.CustomerId
        SubscriptionId = $northwindSubscription.SubscriptionId
        TargetOffer    = 'Microsoft 365 Business Standard (India)'
    }

    $contoso = @(Get-CspCustomer -Name 'Contoso Ltd')[0]
    $contosoSubscription = Find-Subscription $contoso.CustomerId 'O365_BUSINESS'
    Invoke-ExplicitCheck -Caption ("{0}: Microsoft 365 Apps for business -> Office 365 Enterprise E1, which is not on its upgrade matrix:" -f $contoso.CustomerName) -Check @{
        CustomerId     = $contoso.CustomerId
        SubscriptionId = $contosoSubscription.SubscriptionId
        TargetOffer    = 'O365_E1'
    }

    $tailspin = @(Get-CspCustomer -Name 'Tailspin Toys')[0]
    $tailspinSubscription = Find-Subscription $tailspin.CustomerId 'O365_BUSINESS'
    Invoke-ExplicitCheck -Caption ("{0}: {1} seats today; Business Standard with 320 seats breaks the 300-seat cap:" -f $tailspin.CustomerName, $tailspinSubscription.Quantity) -Check @{
        CustomerId     = $tailspin.CustomerId
        SubscriptionId = $tailspinSubscription.SubscriptionId
        TargetOffer    = 'O365_BUSINESS_PREMIUM'
        Quantity       = 320
    }
    Invoke-ExplicitCheck -Caption ("{0}: the same 320 seats on Enterprise E3, which has no cap:" -f $tailspin.CustomerName) -Check @{
        CustomerId     = $tailspin.CustomerId
        SubscriptionId = $tailspinSubscription.SubscriptionId
        TargetOffer    = 'O365_E3'
        Quantity       = 320
    }

    $wingtip = @(Get-CspCustomer -Name 'Wingtip Toys')[0]
    $wingtipSubscription = Find-Subscription $wingtip.CustomerId 'O365_BUSINESS_PREMIUM'
    Invoke-ExplicitCheck -Caption ("{0}: GDAP with Directory Readers only allows an upgrade without license transfer:" -f $wingtip.CustomerName) -Check @{
        CustomerId     = $wingtip.CustomerId
        SubscriptionId = $wingtipSubscription.SubscriptionId
        TargetOffer    = 'O365_E3'
        UpgradeType    = 'UpgradeOnly'
    }

    # ---- A partner user without an upgrade role ------------------------------------------------
    $restricted = Connect-CspInventory -Path $RestrictedPath
    Write-Line ('Connected as {0} (roles: {1}); every check is refused:' -f $restricted.PartnerName, (@($restricted.PartnerRoles) -join ', '))
    foreach ($customer in @(Get-CspCustomer)) {
        Write-Line ('  {0}  [{1}]' -f $customer.CustomerName, $customer.CustomerId)
        foreach ($result in @(Test-CspUpgradeEligibility -CustomerId $customer.CustomerId)) {
            Write-EligibilityResult $result
        }
    }
    Write-Line
}
finally {
    # Leave the session as the caller had it.
    if ($callerConnection) {
        Connect-CspInventory -LiteralPath $callerConnection.Path | Out-Null
        Write-Line ('Reconnected to {0}, the connection this session had before.' -f $callerConnection.Path)
    }
    else {
        Disconnect-CspConnection
        Write-Line 'Disconnected.'
    }
}
Write-Line

if ($CsvPath) {
    $script:AllResults | Export-Csv -LiteralPath $CsvPath -NoTypeInformation -NoClobber:(-not $Force)
}
if ($ReportPath) {
    $script:AllResults | Export-CspUpgradeReport -LiteralPath $ReportPath -Title 'CSP upgrade options' -Force:$Force | Out-Null
}

# ---- Summary (with -Show) ------------------------------------------------------------------------
if ($Show) {
    $eligibleCount = 0
    $seen = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($result in $script:AllResults) {
        if ($result.IsEligible) {
            $eligibleCount++
        }
        foreach ($reason in $result.Reasons) {
            [void]$seen.Add($reason.Code.ToString())
        }
    }
    # Reason codes in the order of their values (Partner Center's first, then the module's).
    $codes = [System.Collections.Generic.List[string]]::new()
    foreach ($code in [System.Enum]::GetNames([CspUpgrade.ReasonCode])) {
        if ($seen.Contains($code)) {
            $codes.Add($code)
        }
    }
    Write-Line ('Summary: {0} checks, {1} eligible, {2} not eligible; {3} distinct reason codes: {4}' -f
        $script:AllResults.Count, $eligibleCount, ($script:AllResults.Count - $eligibleCount), $codes.Count, ($codes -join ', '))
}
