<#
    Export-CspInventory from the admin's side: a snapshot of the connected backend that Connect-CspInventory loads again,
    the error ids scripts match on (OutputFileExists, PathNotFound) and -WhatIf.
    Build first (dotnet build -c Release), then: Invoke-Pester ./tests/Pester/Export.Tests.ps1
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

AfterAll {
    Reset-CspTestSession
}

Describe 'Export-CspInventory' {
    BeforeEach {
        Connect-CspInventory -Path $ContosoYaml | Out-Null
    }

    It 'writes a snapshot that loads again with the same customers, subscriptions and users, and returns the file' {
        $path = Join-Path $TestDrive 'snapshot.yaml'
        $file = Export-CspInventory -Path $path
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be $path
        $before = Get-CspCustomer | ForEach-Object { '{0} {1} {2}' -f $_.CustomerId, $_.SubscriptionCount, $_.UserCount }
        Connect-CspInventory -Path $path | Out-Null
        Get-CspCustomer | ForEach-Object { '{0} {1} {2}' -f $_.CustomerId, $_.SubscriptionCount, $_.UserCount } | Should -Be $before
    }

    It 'refuses to replace a file without -Force (OutputFileExists) and keeps it' {
        $path = Join-Path $TestDrive 'existing.yaml'
        Set-Content -LiteralPath $path -Value 'keep'
        { Export-CspInventory -Path $path } | Should -Throw -ErrorId 'OutputFileExists*'
        Get-Content -LiteralPath $path | Should -Be 'keep'
        Export-CspInventory -Path $path -Force | Out-Null
        Get-Content -LiteralPath $path -Raw | Should -Match '(?m)^partner:'
    }

    It 'takes a folder or an extension other than .yaml, .yml and .json as PathNotFound' {
        { Export-CspInventory -Path $TestDrive } | Should -Throw -ErrorId 'PathNotFound*'
        { Export-CspInventory -Path (Join-Path $TestDrive 'snapshot.csv') } | Should -Throw -ErrorId 'PathNotFound*'
        Join-Path $TestDrive 'snapshot.csv' | Should -Not -Exist
    }

    It 'exports only the customers given, by -CustomerId or piped' {
        $first = (Get-CspCustomer | Select-Object -First 1).CustomerId
        $path = Join-Path $TestDrive 'one.json'
        Get-CspCustomer -CustomerId $first | Export-CspInventory -Path $path | Out-Null
        Connect-CspInventory -Path $path | Out-Null
        (Get-CspCustomer).CustomerId | Should -Be $first
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.yaml'
        Export-CspInventory -Path $path -WhatIf | Should -BeNullOrEmpty
        $path | Should -Not -Exist
    }
}
