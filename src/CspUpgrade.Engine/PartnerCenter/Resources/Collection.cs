using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.PartnerCenter.Resources
{
    /// <summary>A collection resource ({items: [...], continuationToken}) or a bare array; items that are not objects are skipped.</summary>
    internal sealed class Collection<T> where T : Resource, new()
    {
        private Collection(IReadOnlyList<T> items, string? continuationToken)
        {
            Items = items;
            ContinuationToken = continuationToken;
        }

        public IReadOnlyList<T> Items { get; }

        /// <summary>Where the next page starts (sent back as the MS-ContinuationToken header); null on the last page.</summary>
        public string? ContinuationToken { get; }

        public static Collection<T> From(JToken? body)
        {
            switch (body)
            {
                case JArray array:
                    return new Collection<T>(ReadAll(array), null);
                case JObject o:
                    var envelope = ResourceJson.Read<Envelope>(o);
                    return new Collection<T>(envelope.Items is null ? Array.Empty<T>() : ReadAll(envelope.Items), envelope.ContinuationToken);
                default:
                    return new Collection<T>(Array.Empty<T>(), null);
            }
        }

        private static IReadOnlyList<T> ReadAll(IEnumerable<JToken> items) => items.OfType<JObject>().Select(ResourceJson.Read<T>).ToList();

        private sealed class Envelope : Resource
        {
            public List<JToken>? Items { get; set; }

            public string? ContinuationToken { get; set; }
        }
    }
}
