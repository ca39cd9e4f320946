using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// The shape of one journal line (SPEC 2.1) as Newtonsoft.Json writes and reads it: camelCase keys in the order written
    /// since the first version, times in UTC with milliseconds, keys a later version adds ignored. A line missing what an entry
    /// needs (ids, time, operation, subscriptions, an after state) is not an entry.
    /// </summary>
    internal sealed class JournalLine
    {
        private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            ContractResolver = new CamelCasePropertyNamesContractResolver(),
            Culture = CultureInfo.InvariantCulture,
            Formatting = Formatting.None,
            DateFormatString = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
            DateTimeZoneHandling = DateTimeZoneHandling.Utc,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            CheckAdditionalContent = true,
        });

        [JsonProperty(Order = 1, Required = Required.Always)]
        public string OperationId { get; set; } = null!;

        [JsonProperty(Order = 2, Required = Required.Always)]
        public string Phase { get; set; } = null!;

        [JsonProperty(Order = 3, Required = Required.Always)]
        public DateTime Time { get; set; }

        [JsonProperty(Order = 4)]
        public string? Partner { get; set; }

        [JsonProperty(Order = 5, Required = Required.Always)]
        public string CustomerId { get; set; } = null!;

        [JsonProperty(Order = 6, Required = Required.Always)]
        public string Operation { get; set; } = null!;

        [JsonProperty(Order = 7, Required = Required.Always)]
        public List<Change> Subscriptions { get; set; } = null!;

        [JsonProperty(Order = 8, NullValueHandling = NullValueHandling.Ignore)]
        public string? Note { get; set; }

        internal sealed class Change
        {
            [JsonProperty(Order = 1, Required = Required.Always)]
            public string SubscriptionId { get; set; } = null!;

            /// <summary>Written as null for a subscription the operation creates.</summary>
            [JsonProperty(Order = 2)]
            public State? Before { get; set; }

            [JsonProperty(Order = 3, Required = Required.Always)]
            public State After { get; set; } = null!;
        }

        internal sealed class State
        {
            [JsonProperty(Order = 1, Required = Required.Always)]
            [JsonConverter(typeof(StringEnumConverter))]
            public SubscriptionStatus Status { get; set; }

            [JsonProperty(Order = 2, Required = Required.Always)]
            public int Quantity { get; set; }

            /// <summary>Absent on lines written before new commerce: the state is then status and quantity.</summary>
            [JsonProperty(Order = 3, NullValueHandling = NullValueHandling.Ignore)]
            public string? Offer { get; set; }

            /// <summary>Written (null when none) whenever the offer is.</summary>
            [JsonProperty(Order = 4)]
            public Scheduled? ScheduledChange { get; set; }

            public bool ShouldSerializeScheduledChange() => Offer != null;

            public static State? Of(SubscriptionState? state) =>
                state is null ? null : new State { Status = state.Status, Quantity = state.Quantity, Offer = state.OfferId, ScheduledChange = Scheduled.Of(state.ScheduledChange) };

            public SubscriptionState ToState() => new SubscriptionState(Status, Quantity, Offer, Offer is null ? null : ScheduledChange?.ToChange());
        }

        internal sealed class Scheduled
        {
            [JsonProperty(Order = 1, Required = Required.Always)]
            public string Offer { get; set; } = null!;

            [JsonProperty(Order = 2, Required = Required.Always)]
            public int Quantity { get; set; }

            [JsonProperty(Order = 3, NullValueHandling = NullValueHandling.Ignore)]
            [JsonConverter(typeof(StringEnumConverter))]
            public TermDuration? TermDuration { get; set; }

            [JsonProperty(Order = 4, NullValueHandling = NullValueHandling.Ignore)]
            [JsonConverter(typeof(StringEnumConverter))]
            public BillingCycle? BillingCycle { get; set; }

            public static Scheduled? Of(ScheduledChange? change) =>
                change is null ? null : new Scheduled { Offer = change.OfferId, Quantity = change.Quantity, TermDuration = change.TermDuration, BillingCycle = change.BillingCycle };

            public ScheduledChange ToChange() => new ScheduledChange(Offer, Quantity, TermDuration, BillingCycle);
        }

        /// <summary>The line for <paramref name="entry"/>, without its line break.</summary>
        public static string Write(JournalEntry entry)
        {
            var line = new JournalLine
            {
                OperationId = entry.OperationId,
                Phase = entry.Phase,
                Time = entry.Time.ToUniversalTime(),
                Partner = entry.Partner,
                CustomerId = entry.CustomerId,
                Operation = entry.Operation,
                Subscriptions = entry.Subscriptions.Select(c => new Change { SubscriptionId = c.SubscriptionId, Before = State.Of(c.Before), After = State.Of(c.After)! }).ToList(),
                Note = entry.Note,
            };
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            Serializer.Serialize(text, line);
            return text.ToString();
        }

        /// <summary>The entry <paramref name="text"/> holds, or null when it holds none (a torn or foreign line).</summary>
        public static JournalEntry? Read(string text)
        {
            JournalLine? line;
            try
            {
                using var reader = new JsonTextReader(new StringReader(text));
                line = Serializer.Deserialize<JournalLine>(reader);
            }
            catch (JsonException)
            {
                return null;
            }
            if (line is null || line.Subscriptions.Any(c => c is null))
            {
                return null;
            }
            return new JournalEntry(
                line.OperationId,
                line.Phase,
                AsUtc(line.Time),
                line.Partner ?? string.Empty,
                line.CustomerId,
                line.Operation,
                line.Subscriptions.Select(c => new JournalChange(c.SubscriptionId, c.Before?.ToState(), c.After.ToState())).ToList(),
                line.Note);
        }

        /// <summary>A time written without a zone is UTC, as every time in the journal is.</summary>
        private static DateTime AsUtc(DateTime time) => time.Kind switch
        {
            DateTimeKind.Utc => time,
            DateTimeKind.Local => time.ToUniversalTime(),
            _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        };
    }
}
