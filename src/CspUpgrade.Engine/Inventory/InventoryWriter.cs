using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Newtonsoft.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CspUpgrade.Engine.Inventory
{
    /// <summary>Serialises an inventory in the file's own format, keys in SPEC order, readable by <see cref="InventoryLoader"/>.</summary>
    internal static class InventoryWriter
    {
        public static void Write(InventoryDocument document, TextWriter text, bool json)
        {
            if (json)
            {
                WriteJson(document, text);
            }
            else
            {
                WriteYaml(document, text);
            }
        }

        public static string ToText(InventoryDocument document, bool json)
        {
            using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            Write(document, text, json);
            return text.ToString();
        }

        private static string Date(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>A UTC time as the loader reads it back (seconds, zone written).</summary>
        internal static string Time(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>A new-commerce subscription's scalar keys (SPEC 2.1), in order; null values are written as null.</summary>
        private static IEnumerable<(string Key, string? Value)> NewCommerceValues(SubscriptionRecord s)
        {
            yield return ("termDuration", s.TermDuration?.ToString());
            yield return ("termEndDate", s.TermEndDate is DateTime end ? Date(end) : null);
            yield return ("autoRenew", s.AutoRenew is bool renew ? (renew ? "true" : "false") : null);
            yield return ("cancellableUntil", s.CancellableUntil is DateTime until ? Time(until) : null);
        }

        /// <summary>A scheduled change's keys; term and billing cycle only when the change sets them.</summary>
        private static IEnumerable<(string Key, string? Value)> ChangeValues(ScheduledChange change)
        {
            yield return ("offer", change.OfferId);
            yield return ("quantity", change.Quantity.ToString(CultureInfo.InvariantCulture));
            if (change.TermDuration is TermDuration term)
            {
                yield return ("termDuration", term.ToString());
            }
            if (change.BillingCycle is BillingCycle cycle)
            {
                yield return ("billingCycle", cycle.ToString());
            }
        }

        private static void WriteJson(InventoryDocument document, TextWriter text)
        {
            using var w = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2, CloseOutput = false };
            w.WriteStartObject();
            w.WritePropertyName("partner");
            w.WriteStartObject();
            w.WritePropertyName("name");
            w.WriteValue(document.Partner.Name);
            WriteJsonList(w, "roles", document.Partner.Roles);
            w.WriteEndObject();
            w.WritePropertyName("customers");
            w.WriteStartArray();
            foreach (var customer in document.Customers)
            {
                w.WriteStartObject();
                w.WritePropertyName("customerId");
                w.WriteValue(customer.CustomerId);
                w.WritePropertyName("name");
                w.WriteValue(customer.Name);
                w.WritePropertyName("market");
                w.WriteValue(customer.Market);
                w.WritePropertyName("delegatedAdmin");
                w.WriteStartObject();
                w.WritePropertyName("type");
                w.WriteValue(customer.DelegatedAdmin.Type.ToString());
                WriteJsonList(w, "services", customer.DelegatedAdmin.Services);
                WriteJsonList(w, "roles", customer.DelegatedAdmin.Roles);
                w.WriteEndObject();
                w.WritePropertyName("subscriptions");
                w.WriteStartArray();
                foreach (var s in customer.Subscriptions)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("subscriptionId");
                    w.WriteValue(s.SubscriptionId);
                    w.WritePropertyName("offer");
                    w.WriteValue(s.OfferId);
                    w.WritePropertyName("status");
                    w.WriteValue(s.Status.ToString());
                    w.WritePropertyName("quantity");
                    w.WriteValue(s.Quantity);
                    w.WritePropertyName("channel");
                    w.WriteValue(s.Channel.ToString());
                    w.WritePropertyName("billingCycle");
                    w.WriteValue(s.BillingCycle.ToString());
                    w.WritePropertyName("periodEnd");
                    w.WriteValue(s.PeriodEnd is DateTime end ? Date(end) : null);
                    if (s.Commerce != Commerce.NewCommerce)
                    {
                        WriteJsonList(w, "addOns", s.AddOns);
                    }
                    w.WritePropertyName("upgradedFrom");
                    w.WriteValue(s.UpgradedFrom);
                    if (s.Commerce == Commerce.NewCommerce)
                    {
                        foreach (var (key, value) in NewCommerceValues(s))
                        {
                            w.WritePropertyName(key);
                            if (key == "autoRenew" && s.AutoRenew is bool renew)
                            {
                                w.WriteValue(renew); // a JSON truth value, not the text "true"
                            }
                            else
                            {
                                w.WriteValue(value);
                            }
                        }
                        w.WritePropertyName("scheduledChange");
                        if (s.ScheduledChange is ScheduledChange change)
                        {
                            w.WriteStartObject();
                            foreach (var (key, value) in ChangeValues(change))
                            {
                                w.WritePropertyName(key);
                                if (key == "quantity")
                                {
                                    w.WriteValue(change.Quantity);
                                }
                                else
                                {
                                    w.WriteValue(value);
                                }
                            }
                            w.WriteEndObject();
                        }
                        else
                        {
                            w.WriteNull();
                        }
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WritePropertyName("users");
                w.WriteStartArray();
                foreach (var user in customer.Users)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("upn");
                    w.WriteValue(user.Upn);
                    WriteJsonList(w, "licenses", user.Licenses);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            text.Write('\n');
        }

        private static void WriteJsonList<T>(JsonTextWriter w, string name, IEnumerable<T> items)
        {
            w.WritePropertyName(name);
            w.WriteStartArray();
            foreach (var item in items)
            {
                w.WriteValue(item!.ToString());
            }
            w.WriteEndArray();
        }

        private static void WriteYaml(InventoryDocument document, TextWriter text)
        {
            var e = new Emitter(text, 2, int.MaxValue, isCanonical: false);
            e.Emit(new StreamStart());
            e.Emit(new DocumentStart());
            e.Emit(new MappingStart());
            Key(e, "partner");
            e.Emit(new MappingStart());
            Pair(e, "name", document.Partner.Name);
            FlowList(e, "roles", document.Partner.Roles);
            e.Emit(new MappingEnd());
            Key(e, "customers");
            e.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
            foreach (var customer in document.Customers)
            {
                e.Emit(new MappingStart());
                Pair(e, "customerId", customer.CustomerId);
                Pair(e, "name", customer.Name);
                Pair(e, "market", customer.Market);
                Key(e, "delegatedAdmin");
                e.Emit(new MappingStart());
                Pair(e, "type", customer.DelegatedAdmin.Type.ToString());
                FlowList(e, "services", customer.DelegatedAdmin.Services);
                FlowList(e, "roles", customer.DelegatedAdmin.Roles);
                e.Emit(new MappingEnd());
                Key(e, "subscriptions");
                e.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var s in customer.Subscriptions)
                {
                    e.Emit(new MappingStart());
                    Pair(e, "subscriptionId", s.SubscriptionId);
                    Pair(e, "offer", s.OfferId);
                    Pair(e, "status", s.Status.ToString());
                    Key(e, "quantity");
                    e.Emit(new Scalar(s.Quantity.ToString(CultureInfo.InvariantCulture)));
                    Pair(e, "channel", s.Channel.ToString());
                    Pair(e, "billingCycle", s.BillingCycle.ToString());
                    Pair(e, "periodEnd", s.PeriodEnd is DateTime end ? Date(end) : null);
                    if (s.Commerce != Commerce.NewCommerce)
                    {
                        FlowList(e, "addOns", s.AddOns);
                    }
                    Pair(e, "upgradedFrom", s.UpgradedFrom);
                    if (s.Commerce == Commerce.NewCommerce)
                    {
                        foreach (var (key, value) in NewCommerceValues(s))
                        {
                            Key(e, key);
                            // autoRenew is a truth value: plain, never quoted.
                            e.Emit(value is null || key == "autoRenew" ? new Scalar(null, null, value ?? "null", ScalarStyle.Plain, true, false) : new Scalar(value));
                        }
                        Key(e, "scheduledChange");
                        if (s.ScheduledChange is ScheduledChange change)
                        {
                            e.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
                            foreach (var (key, value) in ChangeValues(change))
                            {
                                Pair(e, key, value);
                            }
                            e.Emit(new MappingEnd());
                        }
                        else
                        {
                            Value(e, null);
                        }
                    }
                    e.Emit(new MappingEnd());
                }
                e.Emit(new SequenceEnd());
                Key(e, "users");
                e.Emit(new SequenceStart(null, null, false, SequenceStyle.Block));
                foreach (var user in customer.Users)
                {
                    e.Emit(new MappingStart());
                    Pair(e, "upn", user.Upn);
                    FlowList(e, "licenses", user.Licenses);
                    e.Emit(new MappingEnd());
                }
                e.Emit(new SequenceEnd());
                e.Emit(new MappingEnd());
            }
            e.Emit(new SequenceEnd());
            e.Emit(new MappingEnd());
            e.Emit(new DocumentEnd(true));
            e.Emit(new StreamEnd());
        }

        private static void Key(IEmitter e, string key) => e.Emit(new Scalar(key));

        private static void Pair(IEmitter e, string key, string? value)
        {
            Key(e, key);
            Value(e, value);
        }

        private static void Value(IEmitter e, string? value)
        {
            if (value is null)
            {
                e.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
            }
            else if (value.Length == 0 || value == "~" || string.Equals(value, "null", StringComparison.OrdinalIgnoreCase))
            {
                // Text that a YAML reader would take for null must stay text.
                e.Emit(new Scalar(null, null, value, ScalarStyle.DoubleQuoted, false, true));
            }
            else
            {
                e.Emit(new Scalar(value));
            }
        }

        private static void FlowList<T>(IEmitter e, string key, IEnumerable<T> items)
        {
            Key(e, key);
            e.Emit(new SequenceStart(null, null, false, SequenceStyle.Flow));
            foreach (var item in items)
            {
                Value(e, item!.ToString());
            }
            e.Emit(new SequenceEnd());
        }
    }
}
