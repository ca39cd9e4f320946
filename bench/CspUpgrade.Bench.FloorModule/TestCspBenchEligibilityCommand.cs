using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CspBenchFloor
{
    /// <summary>
    /// The parameters of Test-CspUpgradeEligibility: the declarations are copied from
    /// src/CspUpgrade/Commands/TestCspUpgradeEligibilityCommand.cs (the pipeline benchmark refuses to run if they differ).
    /// </summary>
    public abstract class BenchEligibilityParameters : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CustomerIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string CustomerId { get; set; } = null!;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        public string? SubscriptionId { get; set; }

        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string? TargetOffer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string? TargetOfferId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UpgradeTypeCompleter))]
        public string? UpgradeType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Quantity { get; set; }

        [Parameter(ParameterSetName = NowSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubscriptionIdCompleter))]
        public string? ToSubscriptionId { get; set; }

        [Parameter(ParameterSetName = AtRenewalSet, Mandatory = true)]
        public SwitchParameter AtRenewal { get; set; }

        [Parameter(ParameterSetName = AtRenewalSet)]
        public TermDuration? TermDuration { get; set; }

        [Parameter(ParameterSetName = AtRenewalSet)]
        public BillingCycle? BillingCycle { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; }

        protected const string NowSet = "Now";
        protected const string AtRenewalSet = "AtRenewal";
    }

    /// <summary>Stand-ins for the module's enums (the comparison is by parameter name, type name and attributes).</summary>
    public enum TermDuration
    {
        P1M,
        P1Y,
        P3Y,
    }

    public enum BillingCycle
    {
        Monthly,
        Annual,
        Triennial,
    }

    /// <summary>
    /// The floor of Test-CspUpgradeEligibility: its parameters, and a ProcessRecord that does nothing, so piping into it
    /// costs only what PowerShell itself spends per object (binding by property name, validation).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspBenchEligibility", DefaultParameterSetName = NowSet)]
    [OutputType(typeof(bool))]
    public sealed class TestCspBenchEligibilityCommand : BenchEligibilityParameters
    {
        protected override void ProcessRecord()
        {
        }
    }

    /// <summary>
    /// The same parameters, writing one object per input (a cached one): the floor plus the cost of emitting a
    /// result into the pipeline, to tell the module's own work from PowerShell's output handling.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspBenchEligibilityWrite", DefaultParameterSetName = NowSet)]
    [OutputType(typeof(bool))]
    public sealed class TestCspBenchEligibilityWriteCommand : BenchEligibilityParameters
    {
        private static readonly object s_result = new object();

        protected override void ProcessRecord() => WriteObject(s_result);
    }

    public sealed class CustomerIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            new List<CompletionResult>();
    }

    public sealed class SubscriptionIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            new List<CompletionResult>();
    }

    public sealed class OfferCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            new List<CompletionResult>();
    }

    public sealed class UpgradeTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            new List<CompletionResult>();
    }
}
