using System;
using System.Linq;

namespace CspUpgrade.Engine.Model
{
    /// <summary>
    /// The names of <typeparamref name="TEnum"/>, looked up strictly: a name itself, case-insensitively. Enum.TryParse would
    /// also take "3" or "A, B", which in a file or a CSV cell is a typo, not a value. Used by the file loaders and by the
    /// cmdlets' reading of raw argument text.
    /// </summary>
    internal static class EnumNames<TEnum>
        where TEnum : struct
    {
        public static readonly string[] Names = Enum.GetNames(typeof(TEnum));

        private static readonly TEnum[] Values = Names.Select(n => (TEnum)Enum.Parse(typeof(TEnum), n)).ToArray();

        /// <summary>The member named <paramref name="text"/> (case-insensitive); null when no member has that name.</summary>
        public static TEnum? Find(string text)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
                {
                    return Values[i];
                }
            }
            return null;
        }
    }
}
