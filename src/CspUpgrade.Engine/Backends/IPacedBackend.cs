namespace CspUpgrade.Engine.Backends
{
    /// <summary>A remote backend whose requests share one pace (Partner Center: SPEC 1.8), so bulk work can be sized to it.</summary>
    internal interface IPacedBackend
    {
        /// <summary>The pace asked for at connect, in requests a minute.</summary>
        int RequestsPerMinute { get; }
    }
}
