using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using CspUpgrade.PartnerCenter;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// What every CspUpgrade cmdlet shares: the runspace's session and backend, one stop for the whole command (a cancelled
    /// call becomes PowerShell's pipeline stop here and nowhere else), the queue a remote backend reports into, and the
    /// error-writing helpers. Error records are built in <see cref="ErrorRecords"/>, paths resolved by <see cref="FilePaths"/>.
    /// Commands override <see cref="Begin"/>, <see cref="Process"/> and <see cref="End"/>.
    /// </summary>
    public abstract class CspCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private CommandCaller? _caller;
        private IDisposable? _attached;
        private BackendChannel? _attachedTo;
        private FilePaths? _paths;

        internal CspSession Session => SessionRegistry.Current;

        protected CancellationToken Cancellation => _stop.Token;

        private protected OfferCatalog Catalog => Session.Catalog;

        /// <summary>This command as a remote backend sees it: the queue its worker threads report into. Made on the pipeline thread.</summary>
        internal CommandCaller Caller => _caller ??= new CommandCaller(this);

        /// <summary>Resolves -Path and -LiteralPath.</summary>
        internal FilePaths Paths => _paths ??= new FilePaths(this);

        /// <summary>
        /// The session's backend; stops the command with NotConnected when there is none. A remote backend gets this command
        /// attached to its channel for as long as the command runs, so its waits become this command's verbose lines and progress.
        /// </summary>
        private protected ICspBackend Backend
        {
            get
            {
                var backend = Session.Backend;
                if (backend is null)
                {
                    ThrowTerminatingError(ErrorRecords.NotConnected());
                }
                if (backend is IRemoteBackend remote && !ReferenceEquals(_attachedTo, remote.Channel))
                {
                    _attached?.Dispose();
                    _attached = remote.Channel.Attach(Caller);
                    _attachedTo = remote.Channel;
                }
                return backend!;
            }
        }

        protected sealed override void BeginProcessing() => Run(Begin);

        protected sealed override void ProcessRecord() => Run(Process);

        protected sealed override void EndProcessing() => Run(End);

        protected override void StopProcessing() => _stop.Cancel();

        protected virtual void Begin()
        {
        }

        protected virtual void Process()
        {
        }

        protected virtual void End()
        {
        }

        /// <summary>Detaches from the backend's channel; PowerShell calls it when the pipeline is done.</summary>
        public void Dispose()
        {
            _attached?.Dispose();
            _attached = null;
            OnDispose();
            _stop.Dispose();
        }

        /// <summary>Releases what a command holds beyond the base (e.g. worker threads).</summary>
        protected virtual void OnDispose()
        {
        }

        /// <summary>
        /// Runs one step of the command; the backend's queued reports are written after it. A call the stop cut short ends the
        /// pipeline as a stop, not as an error.
        /// </summary>
        private void Run(Action step)
        {
            var caller = Caller;
            bool outer = caller.InStep;
            caller.InStep = true;
            try
            {
                caller.Drain();
                step();
                caller.Drain();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                caller.InStep = outer;
            }
        }

        /// <summary>
        /// Whether verbose lines are shown (-Verbose, or $VerbosePreference): per-item messages in bulk paths are built only
        /// then, so a silent run pays nothing for them.
        /// </summary>
        protected bool VerboseEnabled() =>
            MyInvocation.BoundParameters.TryGetValue("Verbose", out object? bound)
                ? ((SwitchParameter)bound).IsPresent
                : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;

        /// <summary>Writes what the backend's worker threads queued and runs what they need on this thread; on the pipeline thread only.</summary>
        protected void WriteQueuedStatus() => _caller?.Drain();

        /// <summary>Re-reads the backend's data if it changed elsewhere; a now-invalid inventory stops the command.</summary>
        protected void RefreshBackend()
        {
            try
            {
                var backend = Backend;
                WriteVerbose($"Using {ErrorRecords.Describe(backend)}{(backend.Connection.Path is null ? string.Empty : " (re-read if it changed on disk)")}.");
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
            // A name the catalogue does not know may be a target the backend (Partner Center) offers this subscription (SPEC 1.8).
            if (catalog.FindAll(offer).Count == 0 && Backend is IOfferedTargets offered)
            {
                return offered.FindOfferedTarget(customerId, subscriptionId, offer, Cancellation) ?? throw new OfferNotFoundException(offer);
            }
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
                    WriteError(ErrorRecords.OfferAmbiguous(new OfferAmbiguousException(name, offers), name));
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

        protected void WriteOfferNotFound(OfferNotFoundException ex, object? target) => WriteError(ErrorRecords.OfferNotFound(ex, target));

        protected void WriteCustomerNotFound(string customerId) => WriteError(ErrorRecords.CustomerNotFound(customerId, Session.Backend));

        protected void WriteSubscriptionNotFound(string customerId, string subscriptionId) => WriteError(ErrorRecords.SubscriptionNotFound(customerId, subscriptionId));

        /// <summary>The error record of a failed eligibility outcome (<see cref="EligibilityService"/>), with the contract's id and the item as target.</summary>
        private protected void WriteFailure(EligibilityOutcome outcome)
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
                    WriteError(ErrorRecords.OfferAmbiguous((OfferAmbiguousException)outcome.Exception!, outcome.FailedItem));
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
                    WriteError(ErrorRecords.OfferAmbiguous(ex, target));
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
            var record = ErrorRecords.PartnerCenter(exception, target);
            if (exception is PartnerCenterUnauthorizedException)
            {
                ThrowTerminatingError(record);
            }
            WriteError(record);
        }
    }
}
