using System.Management.Automation;

namespace CspUpgrade.Infrastructure
{
    /// <summary>A seat count of at least 1, or nothing at all (an optional quantity left out or left blank in a CSV row).</summary>
    public sealed class ValidateSeatCountAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object? arguments, EngineIntrinsics engineIntrinsics)
        {
            object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is int count && count < 1)
            {
                throw new ValidationMetadataException($"The quantity {count} is not a seat count; give 1 or more, or leave it out to keep the source's quantity.");
            }
        }
    }
}
