using Newtonsoft.Json;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>GET customers, GET customers/{id}: the fields the module reads.</summary>
    internal sealed class CustomerResource : Resource
    {
        public string? Id { get; set; }
        public CompanyProfile? CompanyProfile { get; set; }
        public BillingProfile? BillingProfile { get; set; }

        /// <summary>Older and partial documents name the company and country at the top level.</summary>
        public string? CompanyName { get; set; }

        public string? Country { get; set; }

        [JsonConverter(typeof(StrictBooleanConverter))]
        public bool? AllowDelegatedAccess { get; set; }

        /// <summary>The company profile's name, then the billing profile's, then the top-level one.</summary>
        public string? Name => CompanyProfile?.CompanyName ?? BillingProfile?.CompanyName ?? CompanyName;

        /// <summary>The billing address's country, then the company address's, then the top-level one.</summary>
        public string? Market => BillingProfile?.DefaultAddress?.Country ?? CompanyProfile?.Address?.Country ?? Country;
    }

    internal sealed class CompanyProfile
    {
        public string? CompanyName { get; set; }
        public Address? Address { get; set; }
    }

    internal sealed class BillingProfile
    {
        public string? CompanyName { get; set; }
        public Address? DefaultAddress { get; set; }
    }

    internal sealed class Address
    {
        public string? Country { get; set; }
    }
}
