using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace CspUpgrade.Engine.Documents
{
    /// <summary>
    /// Strict, position-aware reading of a document's keys and typed field values for the catalogue and inventory loaders.
    /// Every problem becomes a diagnostic and the reader moves past the bad node, so one run reports them all.
    /// </summary>
    internal static class DocumentFields
    {
        public static DocumentReader Open(string path, TextReader text, bool json, int maxDepth) =>
            json ? new JsonDocumentReader(path, text, maxDepth) : new YamlDocumentReader(path, text, maxDepth);

        public static bool IsJsonPath(string path) =>
            string.Equals(System.IO.Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Reads a whole document whose root is a mapping of <paramref name="rootKeys"/>, calling <paramref name="readKey"/>
        /// with the reader on each key's value. Returns every diagnostic; a syntax error, or nesting deeper than
        /// <paramref name="maxDepth"/> levels (what the format needs), ends reading and is the last one.
        /// </summary>
        public static List<FileDiagnostic> ReadDocument(
            string path, TextReader text, bool json, int maxDepth, string what, string[] rootKeys, int requiredRootKeys, Action<DocumentReader, int> readKey)
        {
            DocumentReader? r = null;
            try
            {
                r = Open(path, text, json, maxDepth);
                if (r.Kind == NodeKind.End)
                {
                    r.Error("MissingKey", $"{Capitalize(what)} is empty; it needs {string.Join(" and ", rootKeys.Select(k => "'" + k + "'"))}.", 1, 1);
                }
                else if (EnterMapping(r, what))
                {
                    int seen = 0;
                    int key;
                    while ((key = NextKey(r, rootKeys, what, ref seen)) >= 0)
                    {
                        readKey(r, key);
                    }
                    RequireKeys(r, rootKeys, requiredRootKeys, seen, what, 1, 1);
                }
                return r.Diagnostics;
            }
            catch (DocumentSyntaxException ex)
            {
                var diagnostics = new List<FileDiagnostic>(r?.Diagnostics ?? Enumerable.Empty<FileDiagnostic>());
                diagnostics.Add(new FileDiagnostic(path, DiagnosticSeverity.Error, ex.Code, ex.Message, ex.Line, ex.Column));
                return diagnostics;
            }
        }

        /// <summary>
        /// Records <paramref name="id"/> as used by the item at <paramref name="itemLine"/>, or reports it as a duplicate
        /// of the first item that used it.
        /// </summary>
        public static void ClaimUnique(DocumentReader r, Dictionary<string, int> used, string id, int itemLine, int idLine, int idColumn, string code, string kind)
        {
            if (id.Length == 0)
            {
                return;
            }
            if (used.TryGetValue(id, out int first))
            {
                r.Error(code, $"{kind} id '{id}' is already used by the {kind.ToLowerInvariant()} at line {first}.", idLine, idColumn);
            }
            else
            {
                used[id] = itemLine;
            }
        }

        /// <summary>Expects a mapping and steps inside it; otherwise reports, skips the node and returns false.</summary>
        public static bool EnterMapping(DocumentReader r, string what) => EnterMapping(r, s_itself, what);

        /// <summary>As <see cref="EnterMapping(DocumentReader, string)"/>, naming the item as <paramref name="what"/> says of it only when reporting.</summary>
        public static bool EnterMapping<T>(DocumentReader r, Func<T, string> what, T item)
        {
            if (r.Kind == NodeKind.MappingStart)
            {
                r.Read();
                return true;
            }
            r.Error("WrongNodeType", $"Expected a mapping for {what(item)}, found {Describe(r)}.");
            r.Skip();
            return false;
        }

        /// <summary>Expects a list and steps inside it; otherwise reports, skips the node and returns false.</summary>
        public static bool EnterSequence(DocumentReader r, string what)
        {
            if (r.Kind == NodeKind.SequenceStart)
            {
                r.Read();
                return true;
            }
            if (r.Kind == NodeKind.Scalar && r.Value is null)
            {
                r.Read();
                return false; // an explicit null list is an empty list
            }
            r.Error("WrongNodeType", $"Expected a list for {what}, found {Describe(r)}.");
            r.Skip();
            return false;
        }

        /// <summary>True while the current list has items; steps past the list's end when it has none left.</summary>
        public static bool NextItem(DocumentReader r)
        {
            if (r.Kind == NodeKind.SequenceEnd)
            {
                r.Read();
                return false;
            }
            return r.Kind != NodeKind.End;
        }

        /// <summary>
        /// Moves to the next known key of the current mapping and returns its index in <paramref name="keys"/>,
        /// leaving the reader on its value; returns -1 after the mapping's end. Unknown, wrongly-cased and repeated keys are
        /// reported and skipped with their values.
        /// </summary>
        public static int NextKey(DocumentReader r, string[] keys, string what, ref int seen) => NextKey(r, keys, s_itself, what, ref seen);

        private static readonly Func<string, string> s_itself = what => what;

        /// <summary>
        /// As <see cref="NextKey(DocumentReader, string[], string, ref int)"/>, naming the mapping as <paramref name="what"/> says
        /// of <paramref name="item"/>, asked only when there is something to report: a large file's items build no names.
        /// </summary>
        public static int NextKey<T>(DocumentReader r, string[] keys, Func<T, string> what, T item, ref int seen)
        {
            while (true)
            {
                if (r.Kind == NodeKind.MappingEnd)
                {
                    r.Read();
                    return -1;
                }
                if (r.Kind == NodeKind.End)
                {
                    return -1;
                }

                int line = r.Line, column = r.Column;
                if (r.Kind != NodeKind.Scalar)
                {
                    r.Error("WrongNodeType", $"Keys of {what(item)} must be plain names.");
                    r.Skip();
                    r.Skip();
                    continue;
                }

                string key = r.Value ?? string.Empty;
                r.Read();
                int index = Array.IndexOf(keys, key);
                if (index >= 0)
                {
                    int bit = 1 << index;
                    if ((seen & bit) != 0)
                    {
                        r.Error("DuplicateKey", $"Key '{key}' appears more than once in {what(item)}.", line, column);
                        r.Skip();
                        continue;
                    }
                    seen |= bit;
                    return index;
                }

                string? cased = keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (cased != null)
                {
                    r.Error("WrongKeyCase", $"Key '{key}' in {what(item)} must be written '{cased}' (keys are camelCase).", line, column);
                }
                else
                {
                    r.Error("UnknownKey", $"Unknown key '{key}' in {what(item)}; expected one of: {string.Join(", ", keys)}.", line, column);
                }
                r.Skip();
            }
        }

        /// <summary>Reports each key of <paramref name="required"/> that the mapping did not have.</summary>
        public static void RequireKeys(DocumentReader r, string[] keys, int required, int seen, string what, int line, int column)
        {
            int missing = required & ~seen;
            for (int i = 0; missing != 0; i++, missing >>= 1)
            {
                if ((missing & 1) != 0)
                {
                    r.Error("MissingKey", $"{Capitalize(what)} has no '{keys[i]}'.", line, column);
                }
            }
        }

        public static string? ReadString(DocumentReader r, string what)
        {
            if (r.Kind != NodeKind.Scalar)
            {
                r.Error("WrongNodeType", $"Expected a value for {what}, found {Describe(r)}.");
                r.Skip();
                return null;
            }
            string? value = r.Value;
            r.Read();
            return value;
        }

        /// <summary>
        /// Reports a null (<c>null</c>, <c>~</c> or nothing written) where a value is required and moves past it; true when
        /// the node holds something to read. A required value is never quietly replaced by a default.
        /// </summary>
        public static bool RequireValue(DocumentReader r, string what)
        {
            if (r.Kind == NodeKind.Scalar && r.Value is null)
            {
                r.Error("MissingValue", $"{Capitalize(what)} is required but has no value (null, ~ or nothing).");
                r.Read();
                return false;
            }
            return true;
        }

        public static string? ReadRequiredString(DocumentReader r, string what)
        {
            if (!RequireValue(r, what))
            {
                return null;
            }
            return ReadOptionalString(r, what);
        }

        /// <summary>An optional text: null when not given, an error when given but empty (leave the key out instead).</summary>
        public static string? ReadOptionalString(DocumentReader r, string what)
        {
            int line = r.Line, column = r.Column;
            string? value = ReadString(r, what);
            if (value != null && value.Trim().Length == 0)
            {
                r.Error("InvalidValue", $"{Capitalize(what)} must not be empty.", line, column);
                return null;
            }
            return value;
        }

        /// <summary>
        /// A market: a two-letter country code such as US or IN, returned upper-case; null (after reporting) when it is not
        /// one. The one place both loaders check market codes.
        /// </summary>
        public static string? ReadMarket(DocumentReader r, string what, bool required)
        {
            int line = r.Line, column = r.Column;
            string? market = required ? ReadRequiredString(r, what) : ReadString(r, what);
            if (market != null && (market.Length != 2 || !market.All(char.IsLetter)))
            {
                r.Error("InvalidValue", $"Market '{market}' must be a two-letter country code such as US or IN.", line, column);
                return null;
            }
            return market?.ToUpperInvariant();
        }

        public static int? ReadRequiredInt(DocumentReader r, string what, int minimum) =>
            RequireValue(r, what) ? ReadInt(r, what, minimum) : null;

        /// <summary>A whole number written in plain decimal (no sign, no leading zero, no 0x, no exponent) within Int32.</summary>
        public static int? ReadInt(DocumentReader r, string what, int minimum)
        {
            int line = r.Line, column = r.Column;
            bool quoted = r.IsQuoted;
            string? text = ReadString(r, what);
            if (text is null)
            {
                return null;
            }
            if (!quoted && text.Length > 0 && text.All(c => c >= '0' && c <= '9'))
            {
                if (text.Length > 1 && text[0] == '0')
                {
                    r.Error("InvalidValue", $"{Capitalize(what)} must be written in plain decimal without leading zeros, not '{text}'.", line, column);
                    return null;
                }
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                {
                    r.Error("InvalidValue", $"{Capitalize(what)} must be at most {int.MaxValue}, not '{text}'.", line, column);
                    return null;
                }
                if (value >= minimum)
                {
                    return value;
                }
            }
            r.Error("InvalidValue", $"{Capitalize(what)} must be a whole number of at least {minimum}, not '{text}'.", line, column);
            return null;
        }

        public static decimal? ReadDecimal(DocumentReader r, string what)
        {
            int line = r.Line, column = r.Column;
            bool quoted = r.IsQuoted;
            string? text = ReadString(r, what);
            if (text is null)
            {
                return null;
            }
            if (!quoted && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                return value;
            }
            r.Error("InvalidValue", $"{Capitalize(what)} must be a non-negative number, not '{text}'.", line, column);
            return null;
        }

        public static DateTime? ReadDate(DocumentReader r, string what)
        {
            int line = r.Line, column = r.Column;
            string? text = ReadString(r, what);
            if (text is null)
            {
                return null;
            }
            if (TryParseDate(text, out var date))
            {
                return date;
            }
            r.Error("InvalidValue", $"{Capitalize(what)} must be a date written yyyy-MM-dd, not '{text}'.", line, column);
            return null;
        }

        /// <summary>
        /// A date written yyyy-MM-dd, as <see cref="DateTime.TryParseExact(string, string, IFormatProvider, DateTimeStyles, out DateTime)"/>
        /// takes it (invariant culture, nothing around it), as UTC. The usual shape (ten ASCII characters, a real day) is read
        /// directly: an inventory has one or two dates per subscription, and the general parser took about half of a large
        /// file's load time; anything else is left to it, so both accept exactly the same texts (tested).
        /// </summary>
        internal static bool TryParseDate(string text, out DateTime date)
        {
            if (text.Length == 10 && text[4] == '-' && text[7] == '-'
                && Digits(text, 0, 4) is int year && Digits(text, 5, 2) is int month && Digits(text, 8, 2) is int day
                && year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
                return true;
            }
            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                date = DateTime.SpecifyKind(date, DateTimeKind.Utc);
                return true;
            }
            return false;
        }

        /// <summary>The number written by <paramref name="count"/> ASCII digits at <paramref name="start"/>; null when one is not a digit.</summary>
        private static int? Digits(string text, int start, int count)
        {
            int value = 0;
            for (int i = start; i < start + count; i++)
            {
                int digit = text[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return null;
                }
                value = value * 10 + digit;
            }
            return value;
        }

        public static TEnum? ReadRequiredEnum<TEnum>(DocumentReader r, string what)
            where TEnum : struct =>
            RequireValue(r, what) ? ReadEnum<TEnum>(r, what) : null;

        public static TEnum? ReadEnum<TEnum>(DocumentReader r, string what)
            where TEnum : struct
        {
            int line = r.Line, column = r.Column;
            string? text = ReadString(r, what);
            return text is null ? null : ParseEnum<TEnum>(r, text, what, line, column);
        }

        public static List<string> ReadStringList(DocumentReader r, string what)
        {
            var list = new List<string>();
            if (!EnterSequence(r, what))
            {
                return list;
            }
            while (NextItem(r))
            {
                string? item = ReadRequiredString(r, "an item of " + what);
                if (item != null)
                {
                    list.Add(item);
                }
            }
            return list;
        }

        /// <summary>A list that must be given (it may be empty); null, after reporting, when the value is null.</summary>
        public static List<string>? ReadRequiredStringList(DocumentReader r, string what) =>
            RequireValue(r, what) ? ReadStringList(r, what) : null;

        public static List<TEnum>? ReadRequiredEnumList<TEnum>(DocumentReader r, string what)
            where TEnum : struct =>
            RequireValue(r, what) ? ReadEnumList<TEnum>(r, what) : null;

        public static List<TEnum> ReadEnumList<TEnum>(DocumentReader r, string what)
            where TEnum : struct
        {
            var list = new List<TEnum>();
            if (!EnterSequence(r, what))
            {
                return list;
            }
            while (NextItem(r))
            {
                int line = r.Line, column = r.Column;
                string? text = RequireValue(r, "an item of " + what) ? ReadString(r, "an item of " + what) : null;
                if (text != null && ParseEnum<TEnum>(r, text, what, line, column) is TEnum value && !list.Contains(value))
                {
                    list.Add(value);
                }
            }
            return list;
        }

        private static TEnum? ParseEnum<TEnum>(DocumentReader r, string text, string what, int line, int column)
            where TEnum : struct
        {
            if (EnumNames<TEnum>.Find(text) is TEnum value)
            {
                return value;
            }
            r.Error("InvalidValue", $"'{text}' is not a valid {what}; expected one of: {string.Join(", ", EnumNames<TEnum>.Names)}.", line, column);
            return null;
        }

        /// <summary>True for a diagnostic after which the rest of the file was not read.</summary>
        public static bool EndedReading(FileDiagnostic d) => d.Code == "SyntaxError" || d.Code == "NestingTooDeep";

        public static string Describe(DocumentReader r) =>
            r.Kind == NodeKind.Scalar ? (r.Value is null ? "null" : $"the value '{r.Value}'") : DocumentReader.Describe(r.Kind);

        internal static string Capitalize(string text) =>
            text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
