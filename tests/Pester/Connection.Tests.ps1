<#
    Connecting a backend and what happens without one: Connect-CspInventory, Get-CspConnection,
    Disconnect-CspConnection, Connect-CspPartnerCenter's refusals, and NotConnected from every cmdlet that needs a backend.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Connect-CspInventory' {
    BeforeAll {
        $inventory = Copy-ExampleFile -Name 'contoso.yaml' -Destination $TestDrive
    }

    AfterEach {
        Disconnect-CspConnection
    }

    Context 'an inventory file that loads' {
        It 'returns the connection: backend, full path, partner name and roles' {
            $connection = Connect-CspInventory -Path $inventory

            $connection.Backend | Should -Be 'Inventory'
            $connection.Path | Should -Be (Resolve-Path -LiteralPath $inventory).ProviderPath
            $connection.PartnerName | Should -Be 'Fabrikam Cloud Partner'
            $connection.PartnerRoles | Should -Be @('AdminAgent')
        }

        It 'resolves a relative -Path against the current location' {
            Push-Location -LiteralPath $TestDrive
            try {
                $connection = Connect-CspInventory -Path './contoso.yaml'
            }
            finally {
                Pop-Location
            }

            $connection.Path | Should -Be (Join-Path (Resolve-Path -LiteralPath $TestDrive).ProviderPath 'contoso.yaml')
        }

        It 'takes a wildcard -Path that matches exactly one file' {
            (Connect-CspInventory -Path (Join-Path $TestDrive 'conto*.yaml')).Path | Should -BeLike '*contoso.yaml'
        }

        It 'takes -LiteralPath with brackets in the file name' {
            $bracketed = Copy-ExampleFile -Name 'contoso.yaml' -Destination $TestDrive -NewName 'contoso[1].yaml'

            (Connect-CspInventory -LiteralPath $bracketed).Path | Should -BeLike '*contoso`[1`].yaml'
            @(Get-CspCustomer) | Should -HaveCount 13
        }

        It 'takes the file piped from Get-Item' {
            $connection = Get-Item -LiteralPath $inventory | Connect-CspInventory

            $connection.Path | Should -Be (Get-Item -LiteralPath $inventory).FullName
        }

        It 'loads a JSON inventory of the same shape' {
            $json = Join-Path $TestDrive 'small.json'
            Set-Content -LiteralPath $json -Value @'
{ "partner": { "name": "Json Partner", "roles": ["AdminAgent"] },
  "customers": [ { "customerId": "11111111-1111-1111-1111-111111111111", "name": "Json Co", "market": "US",
    "delegatedAdmin": { "type": "DAP", "services": ["Office365"] },
    "subscriptions": [ { "subscriptionId": "22222222-2222-2222-2222-222222222222", "offer": "O365_BUSINESS",
      "status": "Active", "quantity": 10, "channel": "Partner", "billingCycle": "Annual", "addOns": [] } ],
    "users": [] } ] }
'@
            (Connect-CspInventory -LiteralPath $json).PartnerName | Should -Be 'Json Partner'

            $subscription = Get-CspSubscription
            $subscription.CustomerName | Should -Be 'Json Co'
            $subscription.Quantity | Should -Be 10
        }

        It 'replaces the connection of an earlier connect' {
            Connect-CspInventory -Path $inventory | Out-Null
            $restricted = Copy-ExampleFile -Name 'restricted-partner.yaml' -Destination $TestDrive

            Connect-CspInventory -Path $restricted | Out-Null

            (Get-CspConnection).PartnerName | Should -Be 'Fabrikam Cloud Partner (billing desk)'
            (Get-CspCustomer).CustomerName | Should -Be 'Lamna Healthcare'
        }

        It 'says with -Verbose which file it connected and how many customers it holds' {
            $verbose = Connect-CspInventory -Path $inventory -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

            "$verbose" | Should -Match 'contoso\.yaml.*13 customers'
        }
    }

    Context 'a path that does not name one file' {
        BeforeEach {
            Connect-CspInventory -Path $inventory | Out-Null
        }

        It 'is PathNotFound for a file that does not exist, and the connection stays' {
            { Connect-CspInventory -Path (Join-Path $TestDrive 'missing.yaml') 2>$null } |
                Should -Throw -ErrorId 'PathNotFound,CspUpgrade.Commands.ConnectCspInventoryCommand'

            (Get-CspConnection).Path | Should -BeLike '*contoso.yaml'
        }

        It 'is PathNotFound for a wildcard that matches several files, naming how many' {
            $examples = Join-Path $Examples '*.yaml'

            $thrown = { Connect-CspInventory -Path $examples } |
                Should -Throw -ErrorId 'PathNotFound,CspUpgrade.Commands.ConnectCspInventoryCommand' -PassThru
            $thrown.Exception.Message | Should -Match 'matches 4 files'
        }

        It 'is PathNotFound for a directory' {
            { Connect-CspInventory -LiteralPath $TestDrive 2>$null } |
                Should -Throw -ErrorId 'PathNotFound,CspUpgrade.Commands.ConnectCspInventoryCommand'
        }

        # Was a bug: for a directory the message said "Cannot find file '<dir>' because it does not exist".
        It 'says for a directory that it is a directory, not that it does not exist' {
            $thrown = { Connect-CspInventory -LiteralPath $TestDrive 2>$null } | Should -Throw -PassThru

            $thrown.Exception.Message | Should -Match 'director'
            $thrown.Exception.Message | Should -Not -Match 'does not exist'
        }

        # Was a bug: a non-terminating PathNotFound and then a second, terminating one, so a script's catch block
        # still left an error on the host and two in $Error.
        It 'reports a missing file once, not as two errors' {
            $problems = $null
            try {
                Connect-CspInventory -Path (Join-Path $TestDrive 'missing.yaml') -ErrorVariable problems 2>$null
            }
            catch {
                $null = $_
            }

            @($problems) | Should -HaveCount 1
        }
    }

    Context 'an inventory with errors' {
        BeforeAll {
            $broken = Join-Path $TestDrive 'broken.yaml'
            (Get-Content -LiteralPath $ContosoYaml -Raw) -replace 'billingCycle: Monthly', 'billingcycle: Monthly' |
                Set-Content -LiteralPath $broken -NoNewline
        }

        It 'is InventoryInvalid naming the file, line and column of a misspelt key' {
            $thrown = { Connect-CspInventory -LiteralPath $broken } |
                Should -Throw -ErrorId 'InventoryInvalid,CspUpgrade.Commands.ConnectCspInventoryCommand' -PassThru

            $thrown.Exception.Message | Should -Match 'broken\.yaml:\d+:\d+: error WrongKeyCase'
            $thrown.TargetObject | Should -BeLike '*broken.yaml'
        }

        It 'carries one diagnostic per problem with its line and column' {
            $thrown = { Connect-CspInventory -LiteralPath $broken } | Should -Throw -PassThru
            $first = $thrown.Exception.Diagnostics[0]
            $expectedLine = (Select-String -LiteralPath $broken -Pattern 'billingcycle: Monthly' -CaseSensitive | Select-Object -First 1).LineNumber

            $first.Code | Should -Be 'WrongKeyCase'
            $first.Line | Should -Be $expectedLine
            $first.Column | Should -Be 9
            @($thrown.Exception.Diagnostics | Where-Object Code -EQ 'WrongKeyCase').Count |
                Should -Be @(Select-String -LiteralPath $broken -Pattern 'billingcycle: Monthly' -CaseSensitive).Count
        }

        It 'keeps the earlier connection when the new file is invalid' {
            Connect-CspInventory -Path $inventory | Out-Null

            { Connect-CspInventory -LiteralPath $broken } | Should -Throw -ErrorId 'InventoryInvalid*'

            (Get-CspConnection).Path | Should -BeLike '*contoso.yaml'
            @(Get-CspCustomer) | Should -HaveCount 13
        }
    }
}

Describe 'Get-CspConnection' {
    Context 'connected to an inventory' {
        BeforeAll {
            $inventory = Copy-ExampleFile -Name 'contoso.yaml' -Destination $TestDrive
            Connect-CspInventory -Path $inventory | Out-Null
        }

        AfterAll {
            Disconnect-CspConnection
        }

        It 'returns the same connection Connect-CspInventory returned' {
            $connection = Get-CspConnection

            $connection | Should -BeOfType 'CspUpgrade.ConnectionInfo'
            $connection.Backend | Should -Be 'Inventory'
            $connection.Path | Should -Be (Resolve-Path -LiteralPath $inventory).ProviderPath
            $connection.Endpoint | Should -BeNullOrEmpty
        }

        It 'belongs to this runspace only: a new runspace has no connection' {
            $other = [powershell]::Create()
            try {
                $null = $other.AddScript({
                        param($Manifest)
                        Import-Module $Manifest
                        Get-CspConnection -ErrorAction SilentlyContinue -ErrorVariable problem
                        $problem[0].FullyQualifiedErrorId
                    }).AddArgument($ModuleManifest)
                $output = @($other.Invoke())
            }
            finally {
                $other.Dispose()
            }

            $output | Should -Be @('NotConnected,CspUpgrade.Commands.GetCspConnectionCommand')
            (Get-CspConnection).Backend | Should -Be 'Inventory'
        }
    }

    Context 'nothing connected' {
        BeforeAll {
            Disconnect-CspConnection
        }

        It 'writes a non-terminating NotConnected error and returns nothing' {
            $connection = Get-CspConnection -ErrorVariable problem -ErrorAction SilentlyContinue

            $connection | Should -BeNullOrEmpty
            $problem | Should -HaveCount 1
            $problem[0].FullyQualifiedErrorId | Should -Be 'NotConnected,CspUpgrade.Commands.GetCspConnectionCommand'
            "$($problem[0].CategoryInfo.Category)" | Should -Be 'ConnectionError'
        }
    }
}

Describe 'Disconnect-CspConnection' {
    BeforeEach {
        Connect-CspInventory -Path $ContosoYaml | Out-Null
    }

    It 'leaves the session without a backend' {
        Disconnect-CspConnection

        { Get-CspCustomer } | Should -Throw -ErrorId 'NotConnected,CspUpgrade.Commands.GetCspCustomerCommand'
    }

    It 'can run again when nothing is connected (e.g. in a finally block)' {
        Disconnect-CspConnection

        { Disconnect-CspConnection -ErrorAction Stop } | Should -Not -Throw
    }

    It 'keeps the session catalogue' {
        Import-CspOfferCatalog -Path $PricedCatalog
        try {
            Disconnect-CspConnection

            (Get-CspOffer -Name O365_E3).UnitPrice | Should -Be 20
        }
        finally {
            Import-CspOfferCatalog -Default
        }
    }
}

Describe 'Connect-CspPartnerCenter refusals' {
    BeforeAll {
        $token = ConvertTo-SecureString 'not-a-real-token' -AsPlainText -Force
        Connect-CspInventory -Path $ContosoYaml | Out-Null
    }

    AfterAll {
        Disconnect-CspConnection
    }

    It 'refuses a plain-http endpoint that is not loopback, before sending anything' {
        $thrown = { Connect-CspPartnerCenter -AccessToken $token -Endpoint 'http://partner.example/v1/' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CspUpgrade.Commands.ConnectCspPartnerCenterCommand' -PassThru

        $thrown.Exception.Message | Should -Match 'not https'
        (Get-CspConnection).Backend | Should -Be 'Inventory'
    }

    It 'is PartnerCenterRequestFailed when Partner Center cannot be reached, and the inventory stays connected' {
        $journal = Join-Path $TestDrive 'pc.journal.jsonl'

        $thrown = { Connect-CspPartnerCenter -AccessToken $token -Endpoint 'http://127.0.0.1:9/v1/' -JournalPath $journal } |
            Should -Throw -ErrorId 'PartnerCenterRequestFailed,CspUpgrade.Commands.ConnectCspPartnerCenterCommand' -PassThru

        $thrown.Exception.Message | Should -Not -Match 'not-a-real-token'
        (Get-CspConnection).Backend | Should -Be 'Inventory'
    }
}

Describe 'NotConnected' {
    BeforeAll {
        Disconnect-CspConnection
    }

    It '<Command> is a NotConnected error that names how to connect' -ForEach @(
        @{ Command = 'Get-CspCustomer'; Call = { Get-CspCustomer } }
        @{ Command = 'Get-CspSubscription'; Call = { Get-CspSubscription } }
        @{ Command = 'Get-CspUpgradeOption'; Call = { Get-CspUpgradeOption -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub } }
        @{ Command = 'Test-CspUpgradeEligibility'; Call = { Test-CspUpgradeEligibility -CustomerId $Ids.Contoso } }
        @{ Command = 'Invoke-CspSubscriptionUpgrade'; Call = { Invoke-CspSubscriptionUpgrade -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -TargetOffer O365_E3 -Force } }
        @{ Command = 'Add-CspSubscriptionLicense'; Call = { Add-CspSubscriptionLicense -CustomerId $Ids.Contoso -SubscriptionId $Ids.ContosoSub -Count 1 -Confirm:$false } }
    ) {
        $thrown = $Call | Should -Throw -ErrorId "NotConnected,CspUpgrade.Commands.$($Command -replace '-', '')Command" -PassThru

        $thrown.Exception.Message | Should -Match 'Connect-CspInventory'
    }

    It 'does not stop the catalogue cmdlets, which need no backend' {
        @(Get-CspOffer) | Should -HaveCount 24
        @(Get-CspUpgradeOption -Offer O365_BUSINESS) | Should -HaveCount 4
        Test-CspOfferCatalog -Path $PricedCatalog | Should -BeNullOrEmpty
    }
}
