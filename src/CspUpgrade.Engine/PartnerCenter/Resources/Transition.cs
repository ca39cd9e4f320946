using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>
    /// A Transition (POST .../transitions answers one; GET .../transitions lists them): what moved where, and its events. Property
    /// names arrive camelCase (SDK) or PascalCase (the documentation's examples); both read.
    /// </summary>
    internal sealed class TransitionResource : Resource
    {
        public string? OperationId { get; set; }
        public string? FromCatalogItemId { get; set; }
        public string? FromSubscriptionId { get; set; }
        public string? ToCatalogItemId { get; set; }

        /// <summary>The subscription the seats went to: the existing one asked for, or the one a partial transition created.</summary>
        public string? ToSubscriptionId { get; set; }

        public string? Quantity { get; set; }
        public string? TransitionType { get; set; }
        public List<TransitionEventResource>? Events { get; set; }

        /// <summary>
        /// Where the transition stands: Failed or Completed once its conversion event says so (a license reassignment event that
        /// fails after a completed conversion leaves the transition made: its errors are accounts to fix), else Running.
        /// </summary>
        [JsonIgnore]
        public TransitionState State
        {
            get
            {
                var events = Events ?? new List<TransitionEventResource>();
                var conversion = events.Where(e => !e.IsReassignment).ToList();
                if (conversion.Count == 0)
                {
                    conversion = events;
                }
                return conversion.Any(e => e.State == TransitionState.Failed) ? TransitionState.Failed
                    : conversion.Any(e => e.State == TransitionState.Completed) ? TransitionState.Completed
                    : TransitionState.Running;
            }
        }

        /// <summary>The errors of its failed events.</summary>
        [JsonIgnore]
        public IReadOnlyList<TransitionError> Errors =>
            (Events ?? new List<TransitionEventResource>()).Where(e => e.State == TransitionState.Failed).SelectMany(e => e.Errors ?? new List<TransitionError>()).ToList();

        /// <summary>
        /// The transitions of a GET .../transitions answer: the documentation's <c>{"transition": [...]}</c>, the SDK's
        /// <c>{"items": [...]}</c>, or a bare array.
        /// </summary>
        public static IReadOnlyList<TransitionResource> ListFrom(JToken? body)
        {
            JToken? list = body switch
            {
                JArray array => array,
                JObject o => o.Properties().FirstOrDefault(p => p.Value is JArray && IsListName(p.Name))?.Value,
                _ => null,
            };
            return list is JArray items ? items.OfType<JObject>().Select(ResourceJson.Read<TransitionResource>).ToList() : Array.Empty<TransitionResource>();
        }

        private static bool IsListName(string name) =>
            string.Equals(name, "items", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "transition", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "transitions", StringComparison.OrdinalIgnoreCase);
    }

    internal enum TransitionState { Running, Completed, Failed }

    /// <summary>One event: Conversion or license reassignment, Started/InProgress, Completed or Failed (with errors).</summary>
    internal sealed class TransitionEventResource
    {
        public string? Name { get; set; }
        public string? Status { get; set; }
        public string? Timestamp { get; set; }
        public List<TransitionError>? Errors { get; set; }

        /// <summary>A license (seat) reassignment event rather than the conversion itself.</summary>
        [JsonIgnore]
        public bool IsReassignment => (Name ?? string.Empty).IndexOf("Reassignment", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The status read leniently (the documentation's example writes "Started " with a space).</summary>
        [JsonIgnore]
        public TransitionState State => (Status ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "completed" or "succeeded" or "success" => TransitionState.Completed,
            "failed" or "failure" or "error" => TransitionState.Failed,
            _ => TransitionState.Running,
        };
    }
}
