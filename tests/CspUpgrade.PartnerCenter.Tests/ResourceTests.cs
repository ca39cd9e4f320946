using System;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Tests
{
    /// <summary>Partner Center's JSON read into the typed resources: as lenient as the service's documents need.</summary>
    public sealed class ResourceTests
    {
        [Fact]
        public void A_customer_takes_its_name_and_market_from_the_first_profile_that_has_them_and_any_scalar_as_text()
        {
            var customer = ResourceJson.Read<CustomerResource>(JObject.Parse(
                @"{ ""id"": 123, ""companyProfile"": ""not an object"", ""billingProfile"": { ""companyName"": ""Contoso"", ""defaultAddress"": { ""country"": ""de"" } },
                    ""companyName"": ""Top level"", ""allowDelegatedAccess"": ""false"" }"));
            var record = PartnerCenterMapper.Customer(customer, OfferCatalog.Default);

            Assert.Equal("123", record.CustomerId);
            Assert.Equal("Contoso", record.Name);
            Assert.Equal("DE", record.Market);
            Assert.Equal(DelegatedAdminType.DAP, record.DelegatedAdmin!.Type); // "false" as text is not Partner Center saying no

            var refused = ResourceJson.Read<CustomerResource>(JObject.Parse(@"{ ""id"": ""c9"", ""allowDelegatedAccess"": false }"));
            Assert.Equal(DelegatedAdminType.None, PartnerCenterMapper.Customer(refused, OfferCatalog.Default).DelegatedAdmin!.Type);
            Assert.Equal("c9", PartnerCenterMapper.Customer(refused, OfferCatalog.Default).Name);
        }

        [Fact]
        public void An_upgrade_error_keeps_its_code_as_sent_and_shows_structured_text_as_json()
        {
            var upgrade = ResourceJson.Read<UpgradeResource>(JObject.Parse(
                @"{ ""targetOffer"": { ""offerId"": ""PC-E3"", ""name"": ""E3"" }, ""isEligible"": ""yes"",
                    ""upgradeErrors"": [ { ""code"": 2, ""description"": { ""why"": ""inactive"" } }, { ""code"": ""2"" } ] }"));

            Assert.Equal("PC-E3", upgrade.TargetOffer!.Key);
            Assert.Null(upgrade.IsEligible);
            Assert.Equal(JTokenType.Integer, upgrade.UpgradeErrors![0].Code!.Type);
            Assert.Equal(JTokenType.String, upgrade.UpgradeErrors[1].Code!.Type);
            var (code, original) = PartnerCenterReasons.Map(upgrade.UpgradeErrors[0].Code);
            Assert.Equal(ReasonCode.SubscriptionStatusNotActive, code);
            Assert.Equal("{\"why\":\"inactive\"}", PartnerCenterReasons.Message(upgrade.UpgradeErrors[0], code, original));
            Assert.Equal("E3", (string?)upgrade.Json.SelectToken("targetOffer.name")); // the document itself is kept for sending back
        }

        [Fact]
        public void Collections_read_from_an_envelope_or_a_bare_array_and_skip_items_that_are_not_objects()
        {
            var page = Collection<SubscriptionResource>.From(JObject.Parse(@"{ ""items"": [ { ""id"": ""s1"", ""quantity"": 3 }, 7, { ""id"": ""s2"" } ], ""continuationToken"": ""ct-2"" }"));
            Assert.Equal(new[] { "s1", "s2" }, page.Items.Select(s => s.Id));
            Assert.Equal("ct-2", page.ContinuationToken);
            Assert.Equal(3, page.Items[0].Quantity);
            Assert.False(page.Items[1].HasQuantity);

            var bare = Collection<SubscriptionResource>.From(JArray.Parse(@"[ { ""id"": ""s3"" }, ""x"" ]"));
            Assert.Equal("s3", Assert.Single(bare.Items).Id);
            Assert.Null(bare.ContinuationToken);

            Assert.Empty(Collection<SubscriptionResource>.From(JObject.Parse(@"{ ""items"": { ""id"": ""s4"" } }")).Items);
            Assert.Empty(Collection<SubscriptionResource>.From(null).Items);
        }

        [Fact]
        public void A_subscription_with_a_quantity_as_text_has_no_seats_and_its_billing_period_end_is_a_utc_date()
        {
            var subscription = ResourceJson.Read<SubscriptionResource>(JObject.Parse(
                @"{ ""id"": ""s1"", ""offerId"": ""PC-UNKNOWN"", ""friendlyName"": ""Something"", ""quantity"": ""5"", ""status"": ""suspended"", ""billingCycle"": ""Annual"", ""commitmentEndDate"": ""2027-06-30T00:00:00Z"", ""billingCycleEndDate"": ""2026-12-31T23:30:00-02:00"" }"));
            var record = PartnerCenterMapper.Subscription(subscription, new PartnerCenterOfferMap(OfferCatalog.Default));

            Assert.True(subscription.HasQuantity);
            Assert.Equal(0, record.Quantity);
            Assert.Equal("PC-UNKNOWN", record.OfferId);
            Assert.Equal("Something", record.OfferName);
            Assert.Equal(SubscriptionStatus.Suspended, record.Status);
            Assert.Equal(BillingCycle.Annual, record.BillingCycle);
            Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), record.PeriodEnd);
        }
    
        [Theory]
        // SPEC 1.8: the legacy offer id first (the shipped catalogue has the public ones) ...
        [InlineData("796B6B5F-613C-4E24-A17C-EBA730D49C02", "Something else", "O365_E3")]
        // ... then the offer name, current or former (an alias), of an offer of the same commerce.
        [InlineData("00000000-AAAA-BBBB-CCCC-000000000001", "Microsoft 365 Business Standard (India)", "O365_BUSINESS_PREMIUM_IN")]
        [InlineData("00000000-AAAA-BBBB-CCCC-000000000002", "office 365 business essentials india", "O365_BUSINESS_ESSENTIALS_IN")]
        [InlineData("00000000-AAAA-BBBB-CCCC-000000000003", "Microsoft 365 Business Basic", "O365_BUSINESS_ESSENTIALS")]
        [InlineData("PRODUCT:SKU:AVAIL", "Microsoft 365 Business Basic", "M365_BUSINESS_BASIC")]
        // A name only the other commerce has is no mapping, nor is an id written as the name.
        [InlineData("PRODUCT:SKU:AVAIL", "Office 365 Enterprise E3", null)]
        [InlineData("00000000-AAAA-BBBB-CCCC-000000000004", "O365_E3", null)]
        public void Offers_map_by_offer_id_then_by_name_or_alias_of_the_same_commerce(string offerId, string offerName, string? expected)
        {
            var subscription = new SubscriptionResource { Id = "s1", OfferId = offerId, OfferName = offerName, Status = "active" };
            var record = PartnerCenterMapper.Subscription(subscription, new PartnerCenterOfferMap(OfferCatalog.Default));

            Assert.Equal(expected ?? offerId, record.OfferId);
            Assert.Equal(expected is null ? offerName : null, record.OfferName);
        }
    }
}
