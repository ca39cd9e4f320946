using System;
using System.IO;
using System.Management.Automation;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// The error records the commands write, each with the contract's error id (SPEC 2), a deliberate category and the
    /// offending item as target, and the names of the catalogue and backend those messages use. Safe to build on any thread.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>No backend is connected: what to run instead.</summary>
        internal static ErrorRecord NotConnected() =>
            new ErrorRecord(
                new InvalidOperationException(
                    "No CspUpgrade backend is connected in this session. Run 'Connect-CspInventory -Path <inventory.yaml>' " +
                    "to use a local inventory, or 'Connect-CspPartnerCenter -AccessToken <token>' to use Partner Center."),
                ErrorIds.NotConnected,
                ErrorCategory.ConnectionError,
                null);

        /// <summary>The error record of a failed Partner Center request, with the contract's id; safe to build on any thread.</summary>
        internal static ErrorRecord PartnerCenter(PartnerCenterException exception, object? target)
        {
            ErrorRecord record;
            switch (exception)
            {
                case PartnerCenterSignInException _:
                    record = new ErrorRecord(exception, ErrorIds.PartnerCenterSignInFailed, ErrorCategory.AuthenticationError, target);
                    record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = "Check the application id, tenant and credentials (or the -TokenProvider script) and run Connect-CspPartnerCenter again." };
                    return record;
                case PartnerCenterUnauthorizedException _:
                    record = new ErrorRecord(exception, ErrorIds.PartnerCenterUnauthorized, ErrorCategory.AuthenticationError, target);
                    record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = "Get a fresh token and run Connect-CspPartnerCenter again." };
                    return record;
                case PartnerCenterThrottledException _:
                    record = new ErrorRecord(exception, ErrorIds.PartnerCenterThrottled, ErrorCategory.LimitsExceeded, target);
                    record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = "Run the command again later, or with a lower -ThrottleLimit." };
                    return record;
                default:
                    var category = exception.StatusCode switch
                    {
                        403 => ErrorCategory.PermissionDenied,
                        404 => ErrorCategory.ObjectNotFound,
                        409 => ErrorCategory.ResourceBusy,
                        null => ErrorCategory.ConnectionError,
                        int status when status >= 500 => ErrorCategory.ConnectionError,
                        _ => ErrorCategory.InvalidOperation,
                    };
                    if (exception is PartnerCenterOutcomeUnknownException)
                    {
                        category = ErrorCategory.OperationTimeout;
                    }
                    return new ErrorRecord(exception, ErrorIds.PartnerCenterRequestFailed, category, target);
            }
        }

        internal static ErrorRecord CustomerNotFound(string customerId, ICspBackend? backend) =>
            new ErrorRecord(
                new ItemNotFoundException($"Customer '{customerId}' was not found in {Describe(backend)}. Run Get-CspCustomer to list the customers."),
                ErrorIds.CustomerNotFound,
                ErrorCategory.ObjectNotFound,
                customerId);

        internal static ErrorRecord SubscriptionNotFound(string customerId, string subscriptionId) =>
            new ErrorRecord(
                new ItemNotFoundException($"Subscription '{subscriptionId}' was not found for customer '{customerId}'. Run 'Get-CspSubscription -CustomerId {customerId}' to list its subscriptions."),
                ErrorIds.SubscriptionNotFound,
                ErrorCategory.ObjectNotFound,
                subscriptionId);

        internal static ErrorRecord OfferAmbiguous(OfferAmbiguousException ex, object? target) =>
            new ErrorRecord(ex, ErrorIds.OfferAmbiguous, ErrorCategory.InvalidArgument, target ?? ex.Offer);

        internal static ErrorRecord OfferNotFound(OfferNotFoundException ex, object? target) =>
            new ErrorRecord(ex, ErrorIds.OfferNotFound, ErrorCategory.ObjectNotFound, target ?? ex.Offer);

        internal static string Describe(OfferCatalog catalog) =>
            catalog.IsDefault ? "the default catalogue" : $"catalogue '{catalog.Path}'";

        internal static string Describe(ICspBackend? backend) =>
            backend is null ? "the backend" : backend.Connection.Path is string path ? $"inventory '{path}'" : "Partner Center";

        /// <summary>The error for a file that exists but cannot be read (permissions, a device, an I/O fault).</summary>
        internal static ErrorRecord UnreadableFile(Exception ex, string errorId, string file) =>
            new ErrorRecord(new IOException($"Cannot read '{file}': {ex.Message}", ex), errorId, ErrorCategory.ReadError, file);
    }
}
