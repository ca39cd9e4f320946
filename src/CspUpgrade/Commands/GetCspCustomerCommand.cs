using System.Management.Automation;
using CspUpgrade.Completers;
using CspUpgrade.Infrastructure;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Commands
{
    /// <summary>
    /// Customers of the connected backend, by name (wildcards) or id. Plain strings piped in are customer ids
    /// (`Get-Content customers.txt | Get-CspCustomer`).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CspCustomer", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(Customer))]
    public sealed class GetCspCustomerCommand : CspCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "CustomerId";

        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [Alias("CustomerName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CustomerNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] CustomerId { get; set; } = null!;

        protected override void Begin() => RefreshBackend();

        protected override void Process()
        {
            try
            {
                WriteCustomers();
            }
            catch (PartnerCenterException ex)
            {
                WritePartnerCenterError(ex, ParameterSetName == IdSet ? (object)CustomerId : Name);
            }
        }

        private void WriteCustomers()
        {
            var backend = Backend;
            if (ParameterSetName == IdSet)
            {
                foreach (string id in CustomerId)
                {
                    WriteVerbose($"Looking up customer '{id}'.");
                    CustomerRecord? customer;
                    try
                    {
                        customer = backend.GetCustomer(id, Cancellation);
                    }
                    catch (PartnerCenterException ex) when (!(ex is PartnerCenterUnauthorizedException))
                    {
                        WritePartnerCenterError(ex, id);
                        continue;
                    }
                    if (customer is null)
                    {
                        WriteCustomerNotFound(id);
                    }
                    else
                    {
                        WriteObject(new Customer(customer));
                    }
                }
                return;
            }

            WriteVerbose(Name is null || Name.Length == 0 ? "Listing every customer." : $"Listing the customers named {string.Join(" or ", Name)}.");
            if (Name is null || Name.Length == 0)
            {
                foreach (var customer in backend.GetCustomers(Cancellation))
                {
                    WriteObject(new Customer(customer));
                }
                return;
            }

            // Patterns may overlap ('*Toys', 'Tailspin*'): each customer is written once, for the first pattern it matches,
            // so a following Test-CspUpgradeEligibility does not check and report it twice.
            var written = new System.Collections.Generic.HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (string name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                bool found = false;
                foreach (var customer in backend.GetCustomers(Cancellation))
                {
                    if (pattern.IsMatch(customer.Name))
                    {
                        found = true;
                        if (written.Add(customer.CustomerId))
                        {
                            WriteObject(new Customer(customer));
                        }
                    }
                }
                if (!found && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"No customer is named '{name}'."),
                        ErrorIds.CustomerNotFound,
                        ErrorCategory.ObjectNotFound,
                        name));
                }
            }
        }
    }
}
