using System;
using System.IO;

namespace CspUpgrade.Engine.Tests;

/// <summary>A temporary folder holding one inventory, and a backend on it over the default catalogue.</summary>
internal sealed class InventoryFolder : IDisposable
{
    /// <summary>One customer, c1, with one Business subscription, s1, of 10 seats.</summary>
    public const string Contoso = @"partner: { name: Fabrikam, roles: [AdminAgent] }
customers:
  - customerId: c1
    name: Contoso
    market: US
    delegatedAdmin: { type: DAP, services: [Office365] }
    subscriptions:
      - { subscriptionId: s1, offer: O365_BUSINESS, status: Active, quantity: 10, billingCycle: Monthly, periodEnd: 2026-12-31 }
    users: []
";

    public InventoryFolder(string text, string name = "inventory.yaml")
    {
        FileName = name;
        Directory.CreateDirectory(Root);
        System.IO.File.WriteAllText(File, text);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "cspupgrade-write-" + Guid.NewGuid().ToString("N"));

    private string FileName { get; set; } = "inventory.yaml";

    public string File => Path.Combine(Root, FileName);

    public string Journal => File + ".journal.jsonl";

    /// <summary>The session backends on this folder are opened for (the default catalogue).</summary>
    public CspSession Session { get; } = new CspSession();

    public EligibilityEngine Engine => Session.Engine;

    public InventoryBackend Open(string? path = null) => InventoryBackend.Open(path ?? File, Session);

    public InventoryDocument Load(string? path = null) => InventoryLoader.Load(path ?? File, OfferCatalog.Default);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
