using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CspUpgrade.Completers
{
    /// <summary>
    /// Completes -UpgradeType with the names of <see cref="UpgradeType"/>: the parameter is declared as text (see
    /// Infrastructure/RawArgument) so PowerShell no longer completes the enum by itself.
    /// </summary>
    public sealed class UpgradeTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = CompletionText.Pattern(wordToComplete);
            var results = new List<CompletionResult>();
            foreach (string name in Enum.GetNames(typeof(UpgradeType)))
            {
                if (pattern.IsMatch(name))
                {
                    results.Add(new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
                }
            }
            return results;
        }
    }
}
