using System.Management.Automation;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// Why UpgradeType, Quantity and Count are declared as text: when a value piped by property name (a CSV cell such as
    /// 'Upgrade-Only' or '3O') does not convert to a parameter's type or fails its validation, PowerShell leaves the parameter
    /// unbound without a word, and the item runs with the default (license transfer, the full quantity). Declared as text the
    /// value always arrives, and the cmdlet reads it strictly (<see cref="InputValue"/>): a value the parameter cannot take is
    /// an error naming the parameter, the value and what is allowed, and nothing is done for that item. A blank cell still
    /// means "not given". Tab completion and the help keep offering the enum's names.
    /// </summary>
    internal static class RawArgument
    {
        /// <summary>PowerShell's own id for an argument its parameter does not accept (SPEC 2 allows the binding ids).</summary>
        public const string InvalidId = "ParameterArgumentValidationError";

        /// <summary>The upgrade type and quantity of one item; false with the error when either cannot be taken.</summary>
        public static bool TryReadUpgrade(string? upgradeTypeText, string? quantityText, object? target, out UpgradeType upgradeType, out int? quantity, out ErrorRecord? error)
        {
            upgradeType = InputValue.ReadName<UpgradeType>(upgradeTypeText, "UpgradeType", out string? problem) ?? UpgradeType.UpgradeWithLicenseTransfer;
            quantity = problem is null ? InputValue.ReadCount(quantityText, "Quantity", 1, int.MaxValue, out problem) : null;
            error = problem is null ? null : Invalid(problem, target);
            return error is null;
        }

        /// <summary>A piped Kind (Full, Partial, IntoExisting, AtRenewal): the expectation the re-check must meet; blank: none.</summary>
        public static bool TryReadKind(string? text, object? target, out UpgradeKind? kind, out ErrorRecord? error)
        {
            kind = InputValue.ReadName<UpgradeKind>(text, "Kind", out string? problem);
            error = problem is null ? null : Invalid(problem, target);
            return error is null;
        }

        /// <summary>Seats to add (1 to 100000); false with the error when the text is not such a number.</summary>
        public static bool TryReadCount(string? text, object? target, out int count, out ErrorRecord? error)
        {
            int? value = InputValue.ReadCount(text, "Count", 1, 100000, out string? problem);
            count = value ?? 0;
            error = value is null ? Invalid(problem ?? "Count is empty; give how many seats to add (1 to 100000).", target) : null;
            return error is null;
        }

        /// <summary>
        /// The target offer one item names (SPEC 2): the id (TargetOfferId) wins over the display name (TargetOffer), which in a
        /// piped result or CSV row may be a former name or another offer's; a -TargetOffer typed on the command line (without
        /// -TargetOfferId) wins over an id that only arrives with piped items. Null when neither is given.
        /// </summary>
        public static string? TargetOffer(string? name, string? id, bool nameTyped) =>
            !string.IsNullOrWhiteSpace(id) && !nameTyped ? id : string.IsNullOrWhiteSpace(name) ? null : name;

        /// <summary>PowerShell's own ids for a required value missing: on the command line, and from a piped item.</summary>
        public const string MissingId = "MissingMandatoryParameter";
        public const string MissingFromInputId = "InputObjectMissingMandatory";

        /// <summary>Neither -TargetOffer nor -TargetOfferId: the command (nothing piped) or this item names no target.</summary>
        public static ErrorRecord MissingTarget(object? target) =>
            new ErrorRecord(
                new ParameterBindingException(target is null
                    ? "Give -TargetOffer (an offer id, name or alias) or -TargetOfferId."
                    : $"Give -TargetOffer (an offer id, name or alias) or -TargetOfferId: the item names neither. Nothing was done for '{(target is string id ? id.Trim() : target)}'."),
                target is null ? MissingId : MissingFromInputId,
                ErrorCategory.InvalidArgument,
                target);

        private static ErrorRecord Invalid(string problem, object? target)
        {
            // The item as the other errors name it: ids are matched without surrounding blanks.
            target = target is string id ? id.Trim() : target;
            return new ErrorRecord(
                new ParameterBindingException(target is null ? problem : $"{problem} Nothing was done for '{target}'."),
                InvalidId,
                ErrorCategory.InvalidArgument,
                target);
        }
    }
}
