using System;

namespace CspUpgrade.Engine.Eligibility
{
    /// <summary>Why an eligibility request (or part of it) produced no result.</summary>
    internal enum EligibilityFailure
    {
        None,
        CustomerNotFound,
        SubscriptionNotFound,

        /// <summary>The target named, or the offer of a subscription, is not in the catalogue (<see cref="EligibilityOutcome.Exception"/>).</summary>
        OfferNotFound,

        /// <summary>A target name two offers share and the source's commerce cannot decide (<see cref="OfferAmbiguousException"/>).</summary>
        OfferAmbiguous,

        /// <summary>A Partner Center request failed for this item only (<see cref="EligibilityOutcome.Exception"/>); a 401 is never an outcome, it ends the run.</summary>
        RequestFailed,
    }

    /// <summary>
    /// One thing an <see cref="EligibilityService"/> hands back: a result (or, for upgrade options, an option or a note on a
    /// path left out), or a failure naming the item it is about. A request yields any number of them, in order.
    /// </summary>
    internal sealed class EligibilityOutcome
    {
        private EligibilityOutcome(EligibilityFailure failure, EligibilityResult? result = null, UpgradeOption? option = null, string? note = null,
            string? customerId = null, string? subscriptionId = null, string? failedItem = null, Exception? exception = null)
        {
            Failure = failure;
            Result = result;
            Option = option;
            Note = note;
            CustomerId = customerId;
            SubscriptionId = subscriptionId;
            FailedItem = failedItem;
            Exception = exception;
        }

        public EligibilityFailure Failure { get; }

        public EligibilityResult? Result { get; }

        /// <summary><see cref="EligibilityService.Options"/> only: an upgrade path with its eligibility.</summary>
        public UpgradeOption? Option { get; }

        /// <summary><see cref="EligibilityService.Options"/> only: a path left out and why (worth a verbose line, not an output).</summary>
        public string? Note { get; }

        /// <summary>Failures: the customer (its own id once found; as asked when not found).</summary>
        public string? CustomerId { get; }

        /// <summary>SubscriptionNotFound: the subscription id as asked.</summary>
        public string? SubscriptionId { get; }

        /// <summary>Failures: the id the failure is about (the error's target): customer, subscription or offer.</summary>
        public string? FailedItem { get; }

        /// <summary>OfferNotFound: the <see cref="OfferNotFoundException"/>; RequestFailed: the PartnerCenterException.</summary>
        public Exception? Exception { get; }

        internal static EligibilityOutcome Of(EligibilityResult result) => new EligibilityOutcome(EligibilityFailure.None, result: result);

        internal static EligibilityOutcome Of(UpgradeOption option) => new EligibilityOutcome(EligibilityFailure.None, option: option);

        internal static EligibilityOutcome Noted(string note) => new EligibilityOutcome(EligibilityFailure.None, note: note);

        internal static EligibilityOutcome CustomerNotFound(string customerId) =>
            new EligibilityOutcome(EligibilityFailure.CustomerNotFound, customerId: customerId, failedItem: customerId);

        internal static EligibilityOutcome SubscriptionNotFound(string customerId, string subscriptionId) =>
            new EligibilityOutcome(EligibilityFailure.SubscriptionNotFound, customerId: customerId, subscriptionId: subscriptionId, failedItem: subscriptionId);

        internal static EligibilityOutcome OfferNotFound(OfferNotFoundException exception, string? failedItem) =>
            new EligibilityOutcome(EligibilityFailure.OfferNotFound, failedItem: failedItem, exception: exception);

        internal static EligibilityOutcome OfferAmbiguous(OfferAmbiguousException exception, string? failedItem) =>
            new EligibilityOutcome(EligibilityFailure.OfferAmbiguous, failedItem: failedItem, exception: exception);

        internal static EligibilityOutcome RequestFailed(global::CspUpgrade.PartnerCenter.PartnerCenterException exception, string? failedItem) =>
            new EligibilityOutcome(EligibilityFailure.RequestFailed, failedItem: failedItem, exception: exception);
    }
}
