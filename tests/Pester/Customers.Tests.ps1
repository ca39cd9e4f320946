<#
    Get-CspCustomer on the example inventory: all customers, -Name with wildcards, -CustomerId, pipeline input by
    property name, and CustomerNotFound as a non-terminating error that lets the rest continue.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Connect-CspInventory -Path $ContosoYaml | Out-Null
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Get-CspCustomer' {
    Context 'without filters' {
        It 'returns every customer of the inventory, in file order' {
            $customers = @(Get-CspCustomer)

            $customers | Should -HaveCount 13
            $customers[0].CustomerName | Should -Be 'Contoso Ltd'
            $customers[-1].CustomerName | Should -Be 'Coho Winery'
        }

        It 'gives each customer its id, market, delegation and counts' {
            $contoso = Get-CspCustomer | Select-Object -First 1

            $contoso | Should -BeOfType 'CspUpgrade.Customer'
            $contoso.CustomerId | Should -Be $Ids.Contoso
            $contoso.Market | Should -Be 'US'
            "$($contoso.DelegatedAdmin)" | Should -Be 'GDAP'
            @($contoso.GdapRoles) | Should -Be @('DirectoryWriter')
            $contoso.SubscriptionCount | Should -Be 1
            $contoso.UserCount | Should -Be 3
        }
    }

    Context 'by -Name' {
        It 'matches an exact name, case-insensitively' {
            (Get-CspCustomer -Name 'contoso ltd').CustomerId | Should -Be $Ids.Contoso
        }

        It 'takes the name as the first positional argument' {
            (Get-CspCustomer 'Northwind Traders').CustomerId | Should -Be $Ids.Northwind
        }

        It 'matches several patterns with wildcards' {
            (Get-CspCustomer -Name 'Contoso*', '*Toys').CustomerName |
                Should -Be @('Contoso Ltd', 'Tailspin Toys', 'Wingtip Toys')
        }

        # Was a bug: patterns that overlap return a customer once per matching pattern ('*Toys', 'Tailspin*'
        # gives Tailspin Toys twice), so a following Test-CspUpgradeEligibility checks and reports it twice.
        It 'returns a customer matched by several patterns once' {
            (Get-CspCustomer -Name '*Toys', 'Tailspin*').CustomerName | Should -Be @('Tailspin Toys', 'Wingtip Toys')
        }

        It 'returns nothing and no error for a wildcard that matches nobody' {
            $customers = Get-CspCustomer -Name 'Fabrikam*' -ErrorVariable problems -ErrorAction SilentlyContinue

            $customers | Should -BeNullOrEmpty
            $problems | Should -HaveCount 0
        }

        It 'is a non-terminating CustomerNotFound for an exact name nobody has; the other names are still returned' {
            $customers = @(Get-CspCustomer -Name 'Nobody', 'Relecloud' -ErrorVariable problems -ErrorAction SilentlyContinue)

            $customers.CustomerName | Should -Be 'Relecloud'
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'CustomerNotFound,CspUpgrade.Commands.GetCspCustomerCommand'
            $problems[0].TargetObject | Should -Be 'Nobody'
            $problems[0].Exception.Message | Should -Match "'Nobody'"
        }

        It 'stops a script that asks for -ErrorAction Stop' {
            { Get-CspCustomer -Name 'Nobody' -ErrorAction Stop } |
                Should -Throw -ErrorId 'CustomerNotFound,CspUpgrade.Commands.GetCspCustomerCommand'
        }
    }

    Context 'by -CustomerId' {
        It 'returns the customers of the given ids, whatever their case' {
            (Get-CspCustomer -CustomerId $Ids.Tailspin, $Ids.Contoso.ToUpperInvariant()).CustomerName |
                Should -Be @('Tailspin Toys', 'Contoso Ltd')
        }

        It 'is a non-terminating CustomerNotFound for an unknown id, and the known ones are still returned' {
            $customers = @(Get-CspCustomer -CustomerId $UnknownId, $Ids.Contoso -ErrorVariable missing -ErrorAction SilentlyContinue)

            $customers.CustomerName | Should -Be 'Contoso Ltd'
            $missing | Should -HaveCount 1
            $missing[0].FullyQualifiedErrorId | Should -Be 'CustomerNotFound,CspUpgrade.Commands.GetCspCustomerCommand'
            "$($missing[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
            $missing[0].TargetObject | Should -Be $UnknownId
            $missing[0].Exception.Message | Should -Match 'Get-CspCustomer'
        }

        It 'treats a value that is not an id as a customer it cannot find' {
            Get-CspCustomer -CustomerId 'not-a-guid' -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $missing[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }
    }

    Context 'from the pipeline' {
        It 'takes CustomerId by property name from objects' {
            $rows = @(
                [pscustomobject]@{ CustomerId = $Ids.Wingtip }
                [pscustomobject]@{ CustomerId = $Ids.Coho }
            )

            ($rows | Get-CspCustomer).CustomerName | Should -Be @('Wingtip Toys', 'Coho Winery')
        }

        It 'takes the CustomerId column of a CSV file' {
            $csv = Join-Path $TestDrive 'customers.csv'
            Set-Content -LiteralPath $csv -Value 'CustomerId', $Ids.Adatum, $Ids.Margies

            (Import-Csv -LiteralPath $csv | Get-CspCustomer).CustomerName | Should -Be @('Adatum Corporation', "Margie's Travel")
        }

        It 'round-trips its own output: customers piped back in come out the same' {
            $again = @(Get-CspCustomer -Name '*Coffee', 'Litware*' | Get-CspCustomer)

            $again.CustomerId | Should -Be @($Ids.FourthCoffee, $Ids.Litware)
        }

        It 'reports a CustomerNotFound row and goes on with the next rows' {
            $rows = @"
CustomerId
$($Ids.Contoso)
$UnknownId
$($Ids.Relecloud)
"@ | ConvertFrom-Csv

            $customers = @($rows | Get-CspCustomer -ErrorVariable missing -ErrorAction SilentlyContinue)

            $customers.CustomerName | Should -Be @('Contoso Ltd', 'Relecloud')
            $missing | Should -HaveCount 1
            $missing[0].TargetObject | Should -Be $UnknownId
        }

        # Was a bug (issue 10, smaller points): plain strings cannot be piped; Get-CspCustomer fails with
        # InputObjectNotBound for 'Get-Content ids.txt | Get-CspCustomer'.
        It 'takes plain id strings from the pipeline (Get-Content ids.txt)' {
            $file = Join-Path $TestDrive 'ids.txt'
            Set-Content -LiteralPath $file -Value $Ids.Contoso, $Ids.Tailspin

            $customers = @(Get-Content -LiteralPath $file | Get-CspCustomer -ErrorVariable problems -ErrorAction SilentlyContinue)

            $problems | Should -HaveCount 0
            $customers.CustomerName | Should -Be @('Contoso Ltd', 'Tailspin Toys')
        }
    }
}
