using System;
using System.Globalization;

namespace CspUpgrade.Engine.Model
{
    /// <summary>
    /// Reads a value given as text (a CSV cell, or any argument handed over as a string) strictly, so that a typo is refused
    /// instead of quietly meaning something else: an enum by one of its names (case-insensitive; no numbers, no "A, B"), a
    /// count as plain decimal digits within a range. Surrounding blanks are ignored; blank text means "not given".
    /// </summary>
    internal static class InputValue
    {
        public static bool IsBlank(string? text) => text is null || text.Trim().Length == 0;

        /// <summary>
        /// The member of <typeparamref name="TEnum"/> named by <paramref name="text"/>; null when blank (no problem) or when
        /// it names no member (<paramref name="problem"/> says which values are allowed).
        /// </summary>
        public static TEnum? ReadName<TEnum>(string? text, string what, out string? problem)
            where TEnum : struct
        {
            problem = null;
            if (IsBlank(text))
            {
                return null;
            }
            if (EnumNames<TEnum>.Find(text!.Trim()) is TEnum value)
            {
                return value;
            }
            problem = $"'{text}' is not a valid {what}; use one of: {string.Join(", ", EnumNames<TEnum>.Names)}.";
            return null;
        }

        /// <summary>
        /// A whole number from <paramref name="minimum"/> to <paramref name="maximum"/> written as decimal digits; null when
        /// blank (no problem) or when it is anything else (<paramref name="problem"/> says what is allowed).
        /// </summary>
        public static int? ReadCount(string? text, string what, int minimum, int maximum, out string? problem)
        {
            problem = null;
            if (IsBlank(text))
            {
                return null;
            }
            string digits = text!.Trim();
            bool plain = digits.Length > 0;
            foreach (char c in digits)
            {
                plain &= c >= '0' && c <= '9';
            }
            if (plain && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
            {
                return value;
            }
            problem = maximum == int.MaxValue
                ? $"'{text}' is not a valid {what}; give a whole number, {minimum} or more."
                : $"'{text}' is not a valid {what}; give a whole number from {minimum} to {maximum}.";
            return null;
        }
    }
}
