using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Management.Automation;
using System.Threading;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Infrastructure
{
    /// <summary>What every CspUpgrade cmdlet shares: the runspace's session, cancellation, path resolution and errors.</summary>
    public abstract class CspCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private ReportingBackend? _reporting;
        private int _pipelineThread;
        private readonly ConcurrentQueue<BackendStatusUpdate> _pendingStatus = new ConcurrentQueue<BackendStatusUpdate>();
        private ProgressRecord? _statusProgress;
        private PipelineDispatcher? _dispatcher;

        internal CspSession Session => SessionRegistry.Current;

        protected CancellationToken Cancellation => _stop.Token;

        protected OfferCatalog Catalog => Session.Catalog;

        /// <summary>
        /// The session's backend; stops the command with NotConnected when there is none. A remote backend comes wrapped so its
        /// waits are reported as this command's verbose lines and progress, and a stop ends its calls promptly.
        /// </summary>
        protected ICspBackend Backend
        {
            get
            {
                var backend = Session.Backend;
                if (backend is null)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new InvalidOperationException(
                            "No CspUpgrade backend is connected in this session. Run 'Connect-CspInventory -Path <inventory.yaml>' " +
                            "to use a local inventory, or 'Connect-CspPartnerCenter -AccessToken <token>' to use Partner Center."),
                        ErrorIds.NotConnected,
                        ErrorCategory.ConnectionError,
                        null));
                }
                if (backend is IRemoteBackend)
                {
                    if (_reporting is null || !ReferenceEquals(_reporting.Inner, backend))
                    {
                        _pipelineThread = Thread.CurrentThread.ManagedThreadId;
                        _dispatcher ??= new PipelineDispatcher();
                        _reporting = new ReportingBackend(backend!, OnBackendStatus, () => _stop.IsCancellationRequested, _dispatcher);
                    }
                    return _reporting;
                }
                return backend!;
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>
        /// Whether verbose lines are shown (-Verbose, or $VerbosePreference): per-item messages in bulk paths are built only
        /// then, so a silent run pays nothing for them.
        /// </summary>
        protected bool VerboseEnabled() =>
            MyInvocation.BoundParameters.TryGetValue("Verbose", out object? bound)
                ? ((SwitchParameter)bound).IsPresent
                : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;

        /// <summary>
        /// A backend call is waiting (throttled, polling). On the pipeline thread it is written at once as a verbose line and a
        /// progress status; from a worker thread it is queued for <see cref="WriteQueuedStatus"/> on the pipeline thread.
        /// </summary>
        protected void OnBackendStatus(BackendStatusUpdate update)
        {
            if (Thread.CurrentThread.ManagedThreadId != _pipelineThread)
            {
                _pendingStatus.Enqueue(update);
                return;
            }
            WriteStatus(update);
        }

        /// <summary>Writes the status updates worker threads queued; call on the pipeline thread only.</summary>
        protected void WriteQueuedStatus()
        {
            _dispatcher?.RunPending();
            while (_pendingStatus.TryDequeue(out var update))
            {
                WriteStatus(update);
            }
        }

        /// <summary>Marks the calling thread as the pipeline thread, so updates from any other are queued (call before starting workers).</summary>
        protected void PrepareStatusQueue()
        {
            _pipelineThread = Thread.CurrentThread.ManagedThreadId;
            _dispatcher ??= new PipelineDispatcher();
        }

        /// <summary>Runs work queued for the pipeline thread (a token provider, a sign-in prompt); created by <see cref="PrepareStatusQueue"/>.</summary>
        internal PipelineDispatcher? Dispatcher => _dispatcher;

        private void WriteStatus(BackendStatusUpdate update)
        {
            if (update.Resumed)
            {
                if (_statusProgress != null)
                {
                    _statusProgress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(_statusProgress);
                    _statusProgress = null;
                }
                return;
            }
            if (update.IsWarning)
            {
                WriteWarning(update.Message);
                return;
            }
            WriteVerbose(update.Message);
            _statusProgress ??= new ProgressRecord(0x5043, "Partner Center", update.Message);
            _statusProgress.RecordType = ProgressRecordType.Processing;
            _statusProgress.StatusDescription = update.Message;
            _statusProgress.SecondsRemaining = update.Wait is TimeSpan wait ? (int)Math.Ceiling(wait.TotalSeconds) : -1;
            WriteProgress(_statusProgress);
        }

        /// <summary>Re-reads the backend's data if it changed elsewhere; a now-invalid inventory stops the command.</summary>
        protected void RefreshBackend()
        {
            try
            {
                var backend = Backend;
                WriteVerbose($"Using {Describe(backend)}{(backend.Connection.Path is null ? string.Empty : " (re-read if it changed on disk)")}.");
                backend.Refresh();
            }
            catch (InventoryInvalidException ex)
            {
                WriteActionError(ex, null);
            }
        }

        /// <summary>
        /// A target offer by id, name or alias, case-insensitive; a name a legacy and a new-commerce offer share resolves to
        /// the one of the source subscription's commerce. Throws <see cref="OfferNotFoundException"/> or
        /// <see cref="OfferAmbiguousException"/> (the source is unknown, so nothing decides).
        /// </summary>
        protected CatalogOffer ResolveTarget(string offer, string customerId, string subscriptionId)
        {
            var catalog = Catalog;
            Commerce? commerce = null;
            if (catalog.FindAll(offer).Count > 1
                && Backend.GetCustomer(customerId, Cancellation)?.FindSubscription(subscriptionId) is SubscriptionRecord source)
            {
                commerce = catalog.FindById(source.OfferId)?.Commerce;
            }
            return catalog.Resolve(offer, commerce);
        }

        /// <summary>
        /// Offers named by <paramref name="name"/>: those with that id, display name or alias (an OfferNotFound error when
        /// there is none; both offers of a name a legacy and a new-commerce offer share, or with <paramref name="single"/> an
        /// OfferAmbiguous error naming both), or, for a wildcard pattern, every offer whose id, name or an alias matches, in
        /// catalogue order.
        /// </summary>
        protected IReadOnlyList<CatalogOffer> MatchOffers(string name, bool single = false)
        {
            var catalog = Catalog;
            if (!WildcardPattern.ContainsWildcardCharacters(name))
            {
                var offers = catalog.FindAll(name);
                if (offers.Count == 0)
                {
                    WriteOfferNotFound(new OfferNotFoundException(name), name);
                }
                else if (single && offers.Count > 1)
                {
                    WriteError(OfferAmbiguousError(new OfferAmbiguousException(name, offers), name));
                    return Array.Empty<CatalogOffer>();
                }
                return offers;
            }
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = new List<CatalogOffer>();
            foreach (var offer in catalog.Offers)
            {
                if (pattern.IsMatch(offer.OfferId) || pattern.IsMatch(offer.Offer) || offer.Aliases.Any(pattern.IsMatch))
                {
                    matches.Add(offer);
                }
            }
            return matches;
        }

        protected void WriteOfferNotFound(OfferNotFoundException ex, object? target) => WriteError(OfferNotFoundError(ex, target));

        protected void WriteCustomerNotFound(string customerId) => WriteError(CustomerNotFoundError(customerId, Session.Backend));

        protected void WriteSubscriptionNotFound(string customerId, string subscriptionId) => WriteError(SubscriptionNotFoundError(customerId, subscriptionId));

        /// <summary>The error record of a failed eligibility outcome (<see cref="EligibilityService"/>), with the contract's id and the item as target.</summary>
        protected void WriteFailure(EligibilityOutcome outcome)
        {
            switch (outcome.Failure)
            {
                case EligibilityFailure.CustomerNotFound:
                    WriteCustomerNotFound(outcome.CustomerId!);
                    break;
                case EligibilityFailure.SubscriptionNotFound:
                    WriteSubscriptionNotFound(outcome.CustomerId!, outcome.SubscriptionId!);
                    break;
                case EligibilityFailure.OfferNotFound:
                    WriteOfferNotFound((OfferNotFoundException)outcome.Exception!, outcome.FailedItem);
                    break;
                case EligibilityFailure.OfferAmbiguous:
                    WriteError(OfferAmbiguousError((OfferAmbiguousException)outcome.Exception!, outcome.FailedItem));
                    break;
                case EligibilityFailure.RequestFailed:
                    WritePartnerCenterError((PartnerCenterException)outcome.Exception!, outcome.FailedItem);
                    break;
            }
        }

        /// <summary>Actions need one of the partner roles of SPEC 1.1; anything else stops the command before it asks or acts.</summary>
        protected void EnsurePartnerMayAct(string action)
        {
            var partner = Backend.Partner;
            if (CustomerContext.IsPartnerRoleAllowed(partner))
            {
                return;
            }
            ThrowTerminatingError(new ErrorRecord(
                new ActionRefusedException(ActionRefusal.PartnerRoleNotPermitted, CustomerContext.PartnerRoleRefusal(partner, action)),
                ErrorIds.PartnerRoleNotPermitted,
                ErrorCategory.PermissionDenied,
                partner.Name));
        }

        /// <summary>
        /// ShouldProcess, except that -Force skips the confirmation prompt. -WhatIf still only describes, even with -Force.
        /// </summary>
        protected bool ShouldProcessUnlessForced(bool force, string target, string action)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound)
                ? ((SwitchParameter)bound).IsPresent
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
            if (force && !whatIf)
            {
                WriteVerbose($"Performing \"{action}\" on \"{target}\" (-Force: not asking).");
                return true;
            }
            return ShouldProcess(target, action);
        }

        /// <summary>One non-terminating error for a refused or failed item, with the contract's id; a broken inventory stops the command.</summary>
        protected void WriteActionError(Exception exception, object? target)
        {
            switch (exception)
            {
                case ActionRefusedException ex:
                    WriteError(new ErrorRecord(ex, ex.Refusal.ToString(), ex.Refusal switch
                    {
                        ActionRefusal.SeatLimitExceeded => ErrorCategory.LimitsExceeded,
                        ActionRefusal.PartnerRoleNotPermitted => ErrorCategory.PermissionDenied,
                        _ => ErrorCategory.InvalidOperation,
                    }, target));
                    break;
                case InventoryLockedException ex:
                    WriteError(new ErrorRecord(ex, ErrorIds.InventoryLocked, ErrorCategory.ResourceBusy, target));
                    break;
                case InventoryWriteFailedException ex:
                    // Non-terminating: the next item may well be written (and this one may have been, see ex.Applied).
                    WriteError(new ErrorRecord(ex, ErrorIds.InventoryWriteFailed, ErrorCategory.WriteError, target));
                    break;
                case CustomerNotFoundException ex:
                    WriteCustomerNotFound(ex.CustomerId);
                    break;
                case SubscriptionNotFoundException ex:
                    WriteSubscriptionNotFound(ex.CustomerId, ex.SubscriptionId);
                    break;
                case OfferNotFoundException ex:
                    WriteOfferNotFound(ex, target);
                    break;
                case OfferAmbiguousException ex:
                    WriteError(OfferAmbiguousError(ex, target));
                    break;
                case InventoryInvalidException ex:
                    ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InventoryInvalid, ErrorCategory.InvalidData, Session.Backend?.Connection.Path));
                    break;
                case PartnerCenterException ex:
                    WritePartnerCenterError(ex, target);
                    break;
                default:
                    throw exception;
            }
        }

        /// <summary>True for the exceptions <see cref="WriteActionError"/> turns into error records.</summary>
        protected static bool IsActionError(Exception exception) =>
            exception is ActionRefusedException || exception is InventoryLockedException || exception is InventoryWriteFailedException
            || exception is CustomerNotFoundException
            || exception is SubscriptionNotFoundException || exception is OfferNotFoundException || exception is OfferAmbiguousException || exception is InventoryInvalidException
            || exception is PartnerCenterException;

        /// <summary>
        /// A failed Partner Center request: 401 stops the command (PartnerCenterUnauthorized: every further call would fail the
        /// same way); exhausted throttling is PartnerCenterThrottled; anything else PartnerCenterRequestFailed, for this item only.
        /// </summary>
        protected void WritePartnerCenterError(PartnerCenterException exception, object? target)
        {
            var record = PartnerCenterError(exception, target);
            if (exception is PartnerCenterUnauthorizedException)
            {
                ThrowTerminatingError(record);
            }
            WriteError(record);
        }

        /// <summary>The error record of a failed Partner Center request, with the contract's id; safe to build on any thread.</summary>
        internal static ErrorRecord PartnerCenterError(PartnerCenterException exception, object? target)
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

        internal static ErrorRecord CustomerNotFoundError(string customerId, ICspBackend? backend) =>
            new ErrorRecord(
                new ItemNotFoundException($"Customer '{customerId}' was not found in {Describe(backend)}. Run Get-CspCustomer to list the customers."),
                ErrorIds.CustomerNotFound,
                ErrorCategory.ObjectNotFound,
                customerId);

        internal static ErrorRecord SubscriptionNotFoundError(string customerId, string subscriptionId) =>
            new ErrorRecord(
                new ItemNotFoundException($"Subscription '{subscriptionId}' was not found for customer '{customerId}'. Run 'Get-CspSubscription -CustomerId {customerId}' to list its subscriptions."),
                ErrorIds.SubscriptionNotFound,
                ErrorCategory.ObjectNotFound,
                subscriptionId);

        internal static ErrorRecord OfferNotFoundError(OfferNotFoundException ex, object? target) =>
            new ErrorRecord(ex, ErrorIds.OfferNotFound, ErrorCategory.ObjectNotFound, target ?? ex.Offer);

        internal static ErrorRecord OfferAmbiguousError(OfferAmbiguousException ex, object? target) =>
            new ErrorRecord(ex, ErrorIds.OfferAmbiguous, ErrorCategory.InvalidArgument, target ?? ex.Offer);

        internal static string Describe(OfferCatalog catalog) =>
            catalog.IsDefault ? "the default catalogue" : $"catalogue '{catalog.Path}'";

        internal static string Describe(ICspBackend? backend) =>
            backend is null ? "the backend" : backend.Connection.Path is string path ? $"inventory '{path}'" : "Partner Center";

        /// <summary>
        /// Resolves -Path (wildcards allowed) or -LiteralPath to file-system paths the way other cmdlets do: against the
        /// current location and PowerShell drives. Missing files are reported as non-terminating PathNotFound errors.
        /// </summary>
        protected IReadOnlyList<string> ResolveFilePaths(string path, bool literal)
        {
            var resolved = ResolveFilePaths(path, literal, out var problems);
            foreach (var problem in problems)
            {
                WriteError(problem);
            }
            return resolved;
        }

        /// <summary>The files <paramref name="path"/> names, and a PathNotFound record for each problem, written by the caller.</summary>
        private IReadOnlyList<string> ResolveFilePaths(string path, bool literal, out List<ErrorRecord> problems)
        {
            var resolved = new List<string>();
            problems = new List<ErrorRecord>();
            try
            {
                if (literal)
                {
                    string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                    if (Directory.Exists(file))
                    {
                        throw new ItemNotFoundException(IsDirectoryMessage(file));
                    }
                    if (!File.Exists(file))
                    {
                        throw new ItemNotFoundException($"Cannot find file '{file}' because it does not exist.");
                    }
                    resolved.Add(file);
                }
                else
                {
                    foreach (string file in SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider))
                    {
                        EnsureFileSystem(provider, path);
                        if (Directory.Exists(file))
                        {
                            // One directory among the matches is an error for it; the files still count.
                            problems.Add(new ErrorRecord(new ItemNotFoundException(IsDirectoryMessage(file)), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, file));
                            continue;
                        }
                        resolved.Add(file);
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException)
            {
                problems.Add(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            }
            return resolved;
        }

        /// <summary>Paths outside the file system (Env:, Variable:, a registry drive) are refused: these cmdlets read and write files.</summary>
        protected static void EnsureFileSystem(ProviderInfo provider, string path)
        {
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                throw new ArgumentException($"Path '{path}' is not a file-system path.");
            }
        }

        private static string IsDirectoryMessage(string path) => $"'{path}' is a directory, not a file; give the path of a file.";

        /// <summary>The error for a file that exists but cannot be read (permissions, a device, an I/O fault).</summary>
        protected static ErrorRecord UnreadableFileError(Exception ex, string errorId, string file) =>
            new ErrorRecord(new IOException($"Cannot read '{file}': {ex.Message}", ex), errorId, ErrorCategory.ReadError, file);

        /// <summary>Exactly one file for -Path/-LiteralPath, or a terminating error.</summary>
        protected string ResolveSingleFile(string path, bool literal)
        {
            // One error, terminating: the problem itself (a missing file, a directory) when nothing else matched.
            var resolved = ResolveFilePaths(path, literal, out var problems);
            if (resolved.Count == 0 && problems.Count > 0)
            {
                ThrowTerminatingError(problems[0]);
            }
            if (resolved.Count != 1)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(resolved.Count == 0
                        ? $"Cannot find file '{path}'."
                        : $"Path '{path}' matches {resolved.Count} files; name exactly one."),
                    ErrorIds.PathNotFound,
                    ErrorCategory.InvalidArgument,
                    path));
            }
            return resolved[0];
        }
    }
}
