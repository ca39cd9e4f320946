namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>A long-running operation's status, polled at a 202's Location.</summary>
    internal sealed class OperationResource : Resource
    {
        /// <summary>notstarted, running, succeeded, failed...</summary>
        public string? Status { get; set; }

        public ErrorDetail? Error { get; set; }
        public string? Description { get; set; }
    }

    /// <summary>GET profiles/organization: the partner's own organization.</summary>
    internal sealed class OrganizationResource : Resource
    {
        public string? CompanyName { get; set; }
    }
}
