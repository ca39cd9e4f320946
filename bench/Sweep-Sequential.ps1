<#
.SYNOPSIS
    The sweep an admin writes by hand: every customer, its subscriptions, and Partner Center's eligibility answer for each
    subscription, one request after the other with Invoke-RestMethod. The benchmark's peer (bench/README.md, mode tenant).

.DESCRIPTION
    What a careful admin adds to the plain loop: a 429 is waited out (Retry-After, doubling on repeats, up to 6 times), and
    a subscription whose eligibility request fails is reported as an error row instead of ending the sweep. Legacy
    subscriptions are asked GET .../upgrades, new-commerce ones (productType OnlineServicesNCE) GET .../transitionEligibilities.
    Writes one row per subscription; the Requests and Throttled script-scope counters say what it cost.
#>
param(
    # The API root, e.g. https://api.partnercenter.microsoft.com (v1/ is added)
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $AccessToken
)

$root = $Endpoint.TrimEnd('/') + '/v1/'
$headers = @{ Authorization = "Bearer $AccessToken"; Accept = 'application/json'; 'MS-CorrelationId' = [guid]::NewGuid().ToString() }
$script:Requests = 0
$script:Throttled = 0

function Invoke-PartnerCenter([string] $Path, [hashtable] $Extra = @{}) {
    $all = $headers.Clone()
    foreach ($key in $Extra.Keys) { $all[$key] = $Extra[$key] }
    $all['MS-RequestId'] = [guid]::NewGuid().ToString()
    $wait = 0
    for ($attempt = 1; ; $attempt++) {
        $script:Requests++
        try {
            return Invoke-RestMethod -Uri ($root + $Path.TrimStart('/')) -Headers $all -Method Get -ErrorAction Stop
        }
        catch {
            $response = $_.Exception.Response
            if ($null -eq $response -or [int]$response.StatusCode -ne 429 -or $attempt -gt 6) { throw }
            $script:Throttled++
            $retryAfter = $response.Headers.RetryAfter.Delta
            $wait = [math]::Max([math]::Max(2 * $wait, $(if ($retryAfter) { $retryAfter.TotalSeconds } else { 2 })), 1)
            Write-Verbose "429 on $Path, waiting $wait s"
            Start-Sleep -Seconds $wait
        }
    }
}

$null = Invoke-PartnerCenter 'profiles/organization'

$customers = [System.Collections.Generic.List[object]]::new()
$path = 'customers?size=100'
$extra = @{}
while ($path) {
    $page = Invoke-PartnerCenter $path $extra
    $customers.AddRange(@($page.items))
    $next = $page.links.next
    $path = if ($next) { $next.uri } else { $null }
    $extra = @{}
    foreach ($header in @($next.headers)) { if ($header) { $extra[$header.key] = $header.value } }
}

foreach ($customer in $customers) {
    $details = Invoke-PartnerCenter "customers/$($customer.id)"
    $subscriptions = (Invoke-PartnerCenter "customers/$($customer.id)/subscriptions").items
    foreach ($subscription in $subscriptions) {
        $newCommerce = $subscription.productType.id -eq 'OnlineServicesNCE'
        $route = if ($newCommerce) { 'transitionEligibilities?eligibilityType=immediate' } else { 'upgrades' }
        $row = [ordered]@{
            CustomerId     = $customer.id
            CustomerName   = $customer.companyProfile.companyName
            Market         = $details.billingProfile.defaultAddress.country
            SubscriptionId = $subscription.id
            OfferId        = $subscription.offerId
            Offer          = $subscription.offerName
            EligibleTargets = $null
            Error          = $null
        }
        try {
            $answer = Invoke-PartnerCenter "customers/$($customer.id)/subscriptions/$($subscription.id)/$route"
            $row.EligibleTargets = (@($answer.items) | Where-Object { $_.isEligible -or $_.eligibilities -and $_.eligibilities.isEligible } |
                ForEach-Object { if ($_.targetOffer) { $_.targetOffer.name } else { $_.title } }) -join '; '
        }
        catch {
            $row.Error = $_.Exception.Message
        }
        [pscustomobject]$row
    }
}
