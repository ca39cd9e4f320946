using System;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CspUpgrade.Engine.PartnerCenter.Resources
{
    /// <summary>
    /// Reads Partner Center's JSON into the resource classes of this folder. Lenient as the service's documents vary: a field
    /// of an unexpected shape reads as absent instead of failing the whole resource, scalars of any kind read as text, and
    /// dates stay text.
    /// </summary>
    internal static class ResourceJson
    {
        private static readonly JsonSerializer s_serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            Converters = { new ScalarTextConverter() },
            Error = (_, e) => e.ErrorContext.Handled = true,
        });

        /// <summary>The resource an object holds (every field absent when none matches), keeping the object it came from.</summary>
        public static T Read<T>(JObject json) where T : Resource, new()
        {
            var resource = json.ToObject<T>(s_serializer) ?? new T();
            resource.Json = json;
            return resource;
        }

        /// <summary>The resource, or null when <paramref name="json"/> is not an object.</summary>
        public static T? ReadOrNull<T>(JToken? json) where T : Resource, new() => json is JObject o ? Read<T>(o) : null;
    }

    /// <summary>A Partner Center resource as read, with the JSON object it was read from (sent back as-is by writes).</summary>
    internal abstract class Resource
    {
        [JsonIgnore]
        public JObject Json { get; internal set; } = new JObject();
    }

    /// <summary>A scalar as invariant text (numbers and booleans included); null for null, objects and arrays.</summary>
    internal sealed class ScalarTextConverter : ReadOnlyConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(string);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            JToken.Load(reader) is JValue value && value.Value != null ? Convert.ToString(value.Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Any value as text: scalars as invariant text, objects and arrays as compact JSON (for messages shown as-is).</summary>
    internal sealed class AnyTextConverter : ReadOnlyConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(string);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) => JToken.Load(reader) switch
        {
            JValue value when value.Value is null => null,
            JValue value => Convert.ToString(value.Value, CultureInfo.InvariantCulture),
            var token => token.ToString(Formatting.None),
        };
    }

    /// <summary>A JSON boolean; anything else (text "true" included) reads as absent.</summary>
    internal sealed class StrictBooleanConverter : ReadOnlyConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(bool?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            JToken.Load(reader) is JValue value && value.Type == JTokenType.Boolean ? (bool)value : (bool?)null;
    }

    /// <summary>A converter that only reads (resources are never written back through the serializer).</summary>
    internal abstract class ReadOnlyConverter : JsonConverter
    {
        public override bool CanWrite => false;

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => throw new NotSupportedException();
    }
}
