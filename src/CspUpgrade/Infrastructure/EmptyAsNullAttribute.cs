using System.Management.Automation;

namespace CspUpgrade.Infrastructure
{
    /// <summary>
    /// Turns an empty or blank string into null before binding, so a CSV row with an empty cell (what Import-Csv gives for
    /// a column left blank) means "not given" for an optional parameter instead of failing the row.
    /// </summary>
    public sealed class EmptyAsNullAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is string text && text.Trim().Length == 0 ? null : inputData;
        }
    }
}
