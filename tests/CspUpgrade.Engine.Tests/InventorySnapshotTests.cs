using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Tests;

/// <summary>
/// InventorySnapshot: whatever a backend hands over becomes a document that loads again with the same catalogue, and
/// every assumption, left-out item and omission is said.
/// </summary>
public class InventorySnapshotTests
{
    private static CustomerRecord Customer(string id, string market = "US") => new()
    {
        CustomerId = id,
        Name = "Customer " + id,
        Market = market,
        DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.DAP, Services = new List<string> { "Office365" } },
    };

    private static SubscriptionRecord Subscription(string id, string offer, params string[] addOns) => new()
    {
        SubscriptionId = id,
        OfferId = offer,
        Status = SubscriptionStatus.Active,
        Quantity = 5,
        AddOns = addOns.ToList(),
    };

    private static InventoryDocument LoadBack(InventorySnapshot snapshot, bool json)
    {
        using var text = new StringWriter { NewLine = "\n" };
        snapshot.Write(text, json, new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc));
        return InventoryLoader.Load(json ? "snapshot.json" : "snapshot.yaml", new StringReader(text.ToString()), OfferCatalog.Default, json);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Unknown_offers_and_add_ons_are_left_out_and_named_licenses_of_them_dropped_and_the_catalogues_spelling_of_the_id_is_written(bool json)
    {
        var customer = Customer("c1");
        customer.Subscriptions.Add(Subscription("s1", Ids.Business.ToLowerInvariant(), "ADDON-GUID-1"));
        customer.Subscriptions.Add(Subscription("s2", "2F707C7C-2433-49A5-A437-9CA7CF40D3EB"));
        customer.Subscriptions[1].OfferName = "Dynamics 365\nSales";
        customer.Users.Add(new UserRecord { Upn = "ann@c1.example", Licenses = new List<string> { "s1", "s2" } });
        var snapshot = new InventorySnapshot(Build.Partner(), OfferCatalog.Default, "test backend");
        snapshot.Add(customer);

        var loaded = LoadBack(snapshot, json);
        var s1 = Assert.Single(Assert.Single(loaded.Customers).Subscriptions);
        Assert.Equal(Ids.Business, s1.OfferId);
        Assert.Empty(s1.AddOns);
        Assert.Equal(new[] { "s1" }, Assert.Single(loaded.Customers[0].Users).Licenses);
        // The backend's own records are not changed.
        Assert.Equal(Ids.Business.ToLowerInvariant(), customer.Subscriptions[0].OfferId);
        Assert.Equal(new[] { "s1", "s2" }, customer.Users[0].Licenses);

        string notes = string.Join(" ", snapshot.Notes());
        Assert.Contains("subscription s2 of customer c1: offer 2F707C7C-2433-49A5-A437-9CA7CF40D3EB (Dynamics 365 Sales) is not in the catalogue", notes);
        Assert.Contains("add-on ADDON-GUID-1 of subscription s1 (customer c1)", notes);
        Assert.DoesNotContain("Assumed", notes);
    }

    private static SubscriptionRecord NewCommerce(string id, string offer, ScheduledChange? change = null, bool? autoRenew = true) => new()
    {
        SubscriptionId = id,
        OfferId = offer,
        Status = SubscriptionStatus.Active,
        Quantity = 5,
        Commerce = Commerce.NewCommerce,
        TermDuration = TermDuration.P1Y,
        TermEndDate = new DateTime(2027, 5, 31),
        AutoRenew = autoRenew,
        ScheduledChange = change,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_change_at_renewal_the_file_cannot_name_is_dropped_and_said_and_a_subscription_without_its_term_is_left_out_so_the_snapshot_loads(bool json)
    {
        var customer = Customer("c1");
        // Partner Center's product triple for an offer the catalogue does not map, as NewCommerceMapper keeps it.
        customer.Subscriptions.Add(NewCommerce("n1", Ids.NceBasic, new ScheduledChange("CFQ7TTC0ZZZZ:0001:P1Y", 5, TermDuration.P1Y, BillingCycle.Annual)));
        customer.Subscriptions.Add(NewCommerce("n2", Ids.NceBasic, new ScheduledChange(Ids.E3, 5, null, null)));
        customer.Subscriptions.Add(NewCommerce("n3", Ids.NceBasic, new ScheduledChange("Microsoft 365 Business Premium", 5, null, null)));
        customer.Subscriptions.Add(NewCommerce("n4", Ids.NceBasic, autoRenew: null));
        var snapshot = new InventorySnapshot(Build.Partner(), OfferCatalog.Default, "Partner Center https://api.partnercenter.microsoft.com/v1/");
        snapshot.Add(customer);

        var loaded = Assert.Single(LoadBack(snapshot, json).Customers).Subscriptions.ToDictionary(x => x.SubscriptionId);

        Assert.Equal(new[] { "n1", "n2", "n3" }, loaded.Keys.OrderBy(k => k));
        Assert.Null(loaded["n1"].ScheduledChange);
        Assert.Null(loaded["n2"].ScheduledChange);
        // A name is written as the catalogue's id, so the file loads (the loader refuses a name where an id belongs).
        Assert.Equal(Ids.NcePremium, loaded["n3"].ScheduledChange!.OfferId);
        // The backend's own records are not changed.
        Assert.Equal("CFQ7TTC0ZZZZ:0001:P1Y", customer.Subscriptions[0].ScheduledChange!.OfferId);

        string notes = string.Join(" ", snapshot.Notes());
        Assert.Contains("the change at renewal of subscription n1 (customer c1) to CFQ7TTC0ZZZZ:0001:P1Y: its offer is not in the catalogue", notes);
        Assert.Contains($"the change at renewal of subscription n2 (customer c1) to {Ids.E3}: {Ids.E3} is a legacy offer", notes);
        Assert.Contains("planning offline sees no change scheduled for these subscriptions", notes);
        Assert.Contains($"subscription n4 of customer c1 ({Ids.NceBasic}): its renewal (autoRenew) is not known", notes);
        Assert.Equal(new[] { "n4" }, snapshot.TermsUnknown.Select(t => t.Split(' ')[1]));
        Assert.Equal(2, snapshot.ChangesLeftOut.Count);
    }

    [Fact]
    public void A_customer_without_a_market_is_left_out_and_said_rather_than_given_one()
    {
        var snapshot = new InventorySnapshot(Build.Partner(), OfferCatalog.Default, "test backend");
        snapshot.Add(Customer("c1", market: ""));
        snapshot.Add(Customer("c2"));
        snapshot.Add(Customer("c2"));

        Assert.Equal(new[] { "c2" }, LoadBack(snapshot, json: false).Customers.Select(c => c.CustomerId));
        Assert.Contains("customer c1 (Customer c1): its market is not known", string.Join(" ", snapshot.Notes()));
    }

    [Fact]
    public void Assumed_roles_and_delegation_and_unread_users_are_said_in_the_comment_and_only_there()
    {
        var partner = Build.Partner();
        partner.RolesAssumed = true;
        var on = Customer("c1");
        on.DelegatedAdmin.Assumed = true;
        on.UsersKnown = false;
        var off = Customer("c2");
        off.DelegatedAdmin = new DelegatedAdminInfo { Type = DelegatedAdminType.None, Assumed = true };
        off.UsersKnown = false;
        var snapshot = new InventorySnapshot(partner, OfferCatalog.Default, "Partner Center https://example.test/");
        snapshot.Add(on);
        snapshot.Add(off);

        using var text = new StringWriter { NewLine = "\n" };
        snapshot.Write(text, json: false, new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc));
        var lines = text.ToString().Split('\n');
        var comment = string.Join(" ", lines.TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()));
        Assert.Contains("partner roles [AdminAgent]", comment);
        Assert.Contains("delegatedAdmin DAP over [", comment);
        Assert.Contains("for 1 customer with delegated access on (c1)", comment);
        Assert.Contains("delegatedAdmin None for 1 customer with delegated access off (c2)", comment);
        Assert.Contains("Users omitted for 2 customers (c1, c2)", comment);
        Assert.Contains("2026-12-01 08:00:00 UTC", comment);
        Assert.All(lines.TakeWhile(l => l.StartsWith('#')), l => Assert.True(l.Length <= 120, l));

        using var json = new StringWriter { NewLine = "\n" };
        snapshot.Write(json, json: true, DateTime.UtcNow);
        Assert.StartsWith("{", json.ToString());
    }
}
