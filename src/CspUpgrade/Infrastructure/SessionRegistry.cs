using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace CspUpgrade.Infrastructure
{
    /// <summary>Connection and catalogue are per runspace: two runspaces in one process never see each other's.</summary>
    internal static class SessionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, CspSession> s_sessions = new ConditionalWeakTable<Runspace, CspSession>();
        private static readonly CspSession s_noRunspace = new CspSession();

        public static CspSession Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace is null ? s_noRunspace : s_sessions.GetValue(runspace, _ => new CspSession());
            }
        }
    }
}
