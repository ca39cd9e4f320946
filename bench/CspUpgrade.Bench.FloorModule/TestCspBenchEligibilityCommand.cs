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
        [Alias("TargetOfferId")]
        [ArgumentCompleter(typeof(OfferCompleter))]
        public string? TargetOffer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UpgradeTypeCompleter))]
        public string? UpgradeType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Quantity { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = 4;
    }

    /// <summary>
    /// The floor of Test-CspUpgradeEligibility: its parameters, and a ProcessRecord that does nothing, so piping into it
    /// costs only what PowerShell itself spends per object (binding by property name, validation).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspBenchEligibility")]
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
    [Cmdlet(VerbsDiagnostic.Test, "CspBenchEligibilityWrite")]
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
