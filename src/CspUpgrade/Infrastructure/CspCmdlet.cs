using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;

namespace CspUpgrade.Infrastructure
{
    /// <summary>What every CspUpgrade cmdlet shares: the runspace's session, cancellation, path resolution and errors.</summary>
    public abstract class CspCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        internal CspSession Session => SessionRegistry.Current;

        protected CancellationToken Cancellation => _stop.Token;

        protected OfferCatalog Catalog => Session.Catalog;

        /// <summary>The session's backend; stops the command with NotConnected when there is none.</summary>
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
                return backend!;
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Re-reads the backend's data if it changed elsewhere; a now-invalid inventory stops the command.</summary>
        protected void RefreshBackend()
        {
            try
            {
                Backend.Refresh();
            }
            catch (InventoryInvalidException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InventoryInvalid, ErrorCategory.InvalidData, Session.Backend?.Connection.Path));
            }
        }

        /// <summary>An offer by id or display name, case-insensitive; throws <see cref="OfferNotFoundException"/>.</summary>
        protected CatalogOffer ResolveOffer(string offer) =>
            Catalog.Find(offer) ?? throw new OfferNotFoundException(offer);

        protected void WriteOfferNotFound(OfferNotFoundException ex, object? target) =>
            WriteError(new ErrorRecord(ex, ErrorIds.OfferNotFound, ErrorCategory.ObjectNotFound, target ?? ex.Offer));

        protected void WriteCustomerNotFound(string customerId) =>
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"Customer '{customerId}' was not found in {Describe(Session.Backend)}. Run Get-CspCustomer to list the customers."),
                ErrorIds.CustomerNotFound,
                ErrorCategory.ObjectNotFound,
                customerId));

        protected void WriteSubscriptionNotFound(string customerId, string subscriptionId) =>
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"Subscription '{subscriptionId}' was not found for customer '{customerId}'. Run 'Get-CspSubscription -CustomerId {customerId}' to list its subscriptions."),
                ErrorIds.SubscriptionNotFound,
                ErrorCategory.ObjectNotFound,
                subscriptionId));

        /// <summary>Actions need one of the partner roles of SPEC 1.1; anything else stops the command before it asks or acts.</summary>
        protected void EnsurePartnerMayAct(string action)
        {
            var partner = Backend.Partner;
            foreach (var role in partner.Roles)
            {
                foreach (var allowed in CustomerContext.AllowedPartnerRoles)
                {
                    if (role == allowed)
                    {
                        return;
                    }
                }
            }
            ThrowTerminatingError(new ErrorRecord(
                new ActionRefusedException(ActionRefusal.PartnerRoleNotPermitted,
                    $"The partner user's roles ({string.Join(", ", partner.Roles)}) do not allow {action}; one of {string.Join(", ", CustomerContext.AllowedPartnerRoles)} is needed."),
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
                case NotEligibleException ex:
                    WriteError(new ErrorRecord(ex, ErrorIds.NotEligible, ErrorCategory.InvalidOperation, target));
                    break;
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
                case CustomerNotFoundException ex:
                    WriteCustomerNotFound(ex.CustomerId);
                    break;
                case SubscriptionNotFoundException ex:
                    WriteSubscriptionNotFound(ex.CustomerId, ex.SubscriptionId);
                    break;
                case OfferNotFoundException ex:
                    WriteOfferNotFound(ex, target);
                    break;
                case InventoryInvalidException ex:
                    ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InventoryInvalid, ErrorCategory.InvalidData, Session.Backend?.Connection.Path));
                    break;
                default:
                    throw exception;
            }
        }

        /// <summary>True for the exceptions <see cref="WriteActionError"/> turns into error records.</summary>
        protected static bool IsActionError(Exception exception) =>
            exception is ActionRefusedException || exception is InventoryLockedException || exception is CustomerNotFoundException
            || exception is SubscriptionNotFoundException || exception is OfferNotFoundException || exception is InventoryInvalidException;

        private static string Describe(ICspBackend? backend) =>
            backend is null ? "the backend" : backend.Connection.Path is string path ? $"inventory '{path}'" : "Partner Center";

        /// <summary>
        /// Resolves -Path (wildcards allowed) or -LiteralPath to file-system paths the way other cmdlets do: against the
        /// current location and PowerShell drives. Missing files are reported as non-terminating PathNotFound errors.
        /// </summary>
        protected IReadOnlyList<string> ResolveFilePaths(string path, bool literal)
        {
            var resolved = new List<string>();
            try
            {
                if (literal)
                {
                    string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
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
                        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                        {
                            throw new ArgumentException($"Path '{path}' is not a file-system path.");
                        }
                        resolved.Add(file);
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is ArgumentException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            }
            return resolved;
        }

        /// <summary>Exactly one file for -Path/-LiteralPath, or a terminating error.</summary>
        protected string ResolveSingleFile(string path, bool literal)
        {
            var resolved = ResolveFilePaths(path, literal);
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
