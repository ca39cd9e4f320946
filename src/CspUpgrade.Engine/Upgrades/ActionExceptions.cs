using System;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>Why an action (upgrade, adding licenses) was refused; the names are the public error ids.</summary>
    public enum ActionRefusal { NotEligible, SubscriptionNotActive, SeatLimitExceeded, PartnerRoleNotPermitted }

    public class ActionRefusedException : InvalidOperationException
    {
        public ActionRefusedException(ActionRefusal refusal, string message, object? target = null)
            : base(message)
        {
            Refusal = refusal;
            Target = target;
        }

        public ActionRefusal Refusal { get; }
        public object? Target { get; }
    }

    /// <summary>The re-check just before acting found the upgrade not possible; the message lists every reason and fix.</summary>
    public sealed class NotEligibleException : ActionRefusedException
    {
        public NotEligibleException(EligibilityResult result)
            : base(ActionRefusal.NotEligible, Describe(result), result)
        {
            Result = result;
        }

        public EligibilityResult Result { get; }

        private static string Describe(EligibilityResult r) =>
            $"Subscription {r.SubscriptionId} ({r.OfferId}) of {r.CustomerName} cannot be upgraded to {r.TargetOfferId}:" +
            string.Concat(r.Reasons.Select(reason => $"{Environment.NewLine}  {reason.Code}: {reason.Message}{Environment.NewLine}    fix: {reason.Remediation}"));
    }

    public sealed class CustomerNotFoundException : InvalidOperationException
    {
        public CustomerNotFoundException(string customerId)
            : base($"Customer '{customerId}' was not found.")
        {
            CustomerId = customerId;
        }

        public string CustomerId { get; }
    }

    internal sealed class SubscriptionNotFoundException : InvalidOperationException
    {
        public SubscriptionNotFoundException(string customerId, string subscriptionId)
            : base($"Subscription '{subscriptionId}' was not found for customer '{customerId}'.")
        {
            CustomerId = customerId;
            SubscriptionId = subscriptionId;
        }

        public string CustomerId { get; }
        public string SubscriptionId { get; }
    }
}
