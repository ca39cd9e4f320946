<#
    Shared set-up for the Pester files, dot-sourced by each one in its BeforeAll:

        BeforeAll { . (Join-Path $PSScriptRoot 'TestHelpers.ps1') }

    Imports the built module (out/CspUpgrade, build first with 'dotnet build src/CspUpgrade -c Release'), names the
    example files and the ids of examples/contoso.yaml, gives the helpers below and starts from a fresh session (no
    backend, the shipped catalogue). Each file ends with Reset-CspTestSession in its AfterAll so that files are
    independent of their order.
#>

$ModuleManifest = Join-Path $PSScriptRoot '../../out/CspUpgrade/CspUpgrade.psd1'
if (-not (Test-Path -LiteralPath $ModuleManifest)) {
    throw "The module is not built ($ModuleManifest); run 'dotnet build src/CspUpgrade -c Release' first."
}
Import-Module $ModuleManifest -Force

$Examples = Join-Path $PSScriptRoot '../../examples'
$ContosoYaml = Join-Path $Examples 'contoso.yaml'
$RestrictedYaml = Join-Path $Examples 'restricted-partner.yaml'
$PricedCatalog = Join-Path $Examples 'priced-catalog.yaml'
# A test catalogue (not shipped) that sells ProPlus annually only, for OfferDoesNotSupportBillingCycle.
$BillingLimitedCatalog = Join-Path $PSScriptRoot '../Fixtures/billing-limited-catalog.yaml'
$UnknownId = '00000000-0000-0000-0000-000000000000'

# Customers and subscriptions of examples/contoso.yaml (see the comments there for what each one shows).
$Ids = @{
    Contoso         = '3f2a1c9e-0b7d-4e55-9a61-2d8f0c4b7a10'
    ContosoSub      = '9b1e4f02-5c3a-4d8e-b7f6-0a1c2e3d4f50'
    Northwind       = '8ace67df-e205-422e-a15b-60845c58f871'
    NorthwindSub    = '16c21e26-e98a-466f-aba9-66d3a694d509'
    Adatum          = '008b28ec-4d31-4373-9c58-727f66cf0bd9'
    AdatumSub       = '97e13ba6-6f22-4236-81f5-ebb1f67068bc'
    AdatumSharePoint = '5d0c7e41-2a9b-4c6e-8f13-7b2e9d4a6c58'
    Tailspin        = '3040d10f-8f0e-4f2a-a7c4-f847fa869045'
    TailspinSub     = '2690181b-f0ee-472b-b942-980b5996e9d1'
    Margies         = '359d8e2a-7b59-473a-9b05-6181eb58c1a1'
    MargiesSub      = '37ac2b79-5150-4131-8920-c5df8f015b62'
    Litware         = 'cdc4b706-7966-4ab5-bf75-09bd62fb6cfa'
    LitwareSub      = 'b6e1937a-3ab0-4069-8691-131f3afaf0a4'
    LitwareExchange = '290de879-64f6-415c-890c-bd55aa168686'
    LitwareSharePoint = '2a7ecfe0-bf44-4dd9-8e55-ea738435ecab'
    FourthCoffee    = 'fd7bbe99-e3f4-4427-b4bc-3dbf70f9f451'
    FourthCoffeeSub = '1abbab3c-eca1-49d6-a4db-eb8ebb44a447'
    FourthCoffeeE3  = 'd094126f-a3b6-48c8-89e3-5173132ffb0c'
    Alpine          = '448eb656-882c-403c-bc04-8fd62847501a'
    AlpineSub       = 'a4395010-fac2-412f-8a32-ff9b6ef26d56'
    AlpineDirect    = '3925e9a5-6f97-4b6a-964f-fb964dc793a4'
    Wingtip         = 'c45d1e61-c055-41ab-b85f-6328b1ecc1c4'
    WingtipSub      = 'c0b66c06-1590-4402-9316-70d24094d73b'
    Woodgrove       = 'a9f1c1d2-7200-4223-98d8-180adde817a2'
    WoodgroveSub    = '505078d0-5578-4077-a137-cba7ca657241'
    Proseware       = '11b57f9a-f808-4cb3-928a-49226e416be6'
    ProsewareDeleted = 'bc8564a0-1ff9-448f-bcdb-810f75f2aec5'
    ProsewareSuspended = 'bbf2e9a0-3765-4d53-8c59-705dc14487e3'
    Relecloud       = 'e6eacbc9-2b6d-4359-ae04-d0cf734abdb0'
    RelecloudSub    = '9a8a0550-35a3-4946-a9ba-9d43b3b6ae3a'
    Coho            = 'e36a8316-9ea8-47c0-91d2-5a091e9151ee'
    CohoSub         = '3c902156-e370-4554-801c-9a43f44cbc4b'
    Lamna           = 'c29155be-d514-4d07-bcb4-c32ffdf7701c'
    LamnaSub        = 'e8f232f8-a1aa-41d2-a81b-66249ccfa077'
}

function Copy-ExampleFile {
    <# Copies an example file into a folder (normally $TestDrive) without journal or backup beside it; returns the path. #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Destination,
        [string] $NewName = $Name
    )
    $target = Join-Path $Destination $NewName
    Remove-Item -LiteralPath $target, "$target.journal.jsonl", "$target.bak" -Force -ErrorAction SilentlyContinue
    Copy-Item -LiteralPath (Join-Path $Examples $Name) -Destination $target -Force
    $target
}

function Connect-ExampleCopy {
    <# Copies an example inventory into a folder (normally $TestDrive), connects the copy and returns its path. #>
    param(
        [Parameter(Mandatory)] [string] $Destination,
        [string] $Name = 'contoso.yaml'
    )
    $path = Copy-ExampleFile -Name $Name -Destination $Destination
    Connect-CspInventory -LiteralPath $path | Out-Null
    $path
}

function Reset-CspTestSession {
    <# Leaves the runspace as a fresh import would: no backend, the shipped catalogue. #>
    Disconnect-CspConnection
    Import-CspOfferCatalog -Default
}

# Every file starts from a fresh session, whatever the file before it left.
Reset-CspTestSession
