using System;
using System.Management.Automation;
using System.Threading;

namespace CspUpgrade.Completers
{
    internal static class CompletionText
    {
        /// <summary>
        /// How long a completer may wait on its backend. Against Partner Center a throttled request may be told to wait a minute;
        /// tab completion gives up instead and offers what it has.
        /// </summary>
        public static readonly TimeSpan BackendDeadline = TimeSpan.FromSeconds(5);

        public static CancellationTokenSource Deadline() => new CancellationTokenSource(BackendDeadline);

        /// <summary>Quotes a value that has spaces or special characters, the way PowerShell's own completion does.</summary>
        public static string Quote(string value)
        {
            foreach (char c in value)
            {
                if (char.IsWhiteSpace(c) || "'\"`$(){}[];,|&<>@#".IndexOf(c) >= 0)
                {
                    return "'" + value.Replace("'", "''") + "'";
                }
            }
            return value;
        }

        /// <summary>The word typed so far, without quotes, as a prefix pattern.</summary>
        public static WildcardPattern Pattern(string wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return new WildcardPattern(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
        }
    }
}
