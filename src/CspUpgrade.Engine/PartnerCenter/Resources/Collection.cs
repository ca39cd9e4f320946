using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>A collection resource ({items: [...], continuationToken}) or a bare array; items that are not objects are skipped.</summary>
    internal sealed class Collection<T> where T : Resource, new()
    {
        private Collection(IReadOnlyList<T> items, string? continuationToken, Link? next)
        {
            Items = items;
            ContinuationToken = continuationToken;
            Next = next?.Uri is null ? null : next;
        }

        public IReadOnlyList<T> Items { get; }

        /// <summary>Where the next page starts (sent back as the MS-ContinuationToken header); null on the last page.</summary>
        public string? ContinuationToken { get; }

        /// <summary>links.next: the request for the next page (its uri relative to the API root, with its headers); null on the last page.</summary>
        public Link? Next { get; }

        public static Collection<T> From(JToken? body)
        {
            switch (body)
            {
                case JArray array:
                    return new Collection<T>(ReadAll(array), null, null);
                case JObject o:
                    var envelope = ResourceJson.Read<Envelope>(o);
                    return new Collection<T>(envelope.Items is null ? Array.Empty<T>() : ReadAll(envelope.Items), envelope.ContinuationToken, envelope.Links?.Next);
                default:
                    return new Collection<T>(Array.Empty<T>(), null, null);
            }
        }

        private static IReadOnlyList<T> ReadAll(IEnumerable<JToken> items) => items.OfType<JObject>().Select(ResourceJson.Read<T>).ToList();

        private sealed class Envelope : Resource
        {
            public List<JToken>? Items { get; set; }

            public string? ContinuationToken { get; set; }

            public Links? Links { get; set; }
        }
    }

    internal sealed class Links
    {
        public Link? Next { get; set; }
    }

    /// <summary>A link of a collection: {uri, method, headers: [{key, value}]}.</summary>
    internal sealed class Link
    {
        public string? Uri { get; set; }
        public string? Method { get; set; }
        public List<LinkHeader>? Headers { get; set; }

        /// <summary>The link's headers (those with a key), to send with its request.</summary>
        public Dictionary<string, string> HeaderValues() =>
            (Headers ?? new List<LinkHeader>()).Where(h => !string.IsNullOrWhiteSpace(h.Key) && h.Value != null)
                .GroupBy(h => h.Key!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value!, StringComparer.OrdinalIgnoreCase);
    }

    internal sealed class LinkHeader
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
