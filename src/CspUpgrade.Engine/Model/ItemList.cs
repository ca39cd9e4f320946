using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>
    /// The read-only list behind every collection property of the module's output (Reasons, Services, AffectedAccounts, ...).
    /// Turned into text it lists its items, not its type name, so Export-Csv, Format-Table and "$($x.Services)" show them.
    /// </summary>
    public sealed class ItemList<T> : ReadOnlyCollection<T>
    {
        private readonly string _separator;

        private ItemList(IList<T> items, string separator)
            : base(items)
        {
            _separator = separator;
        }

        /// <summary>A list without items.</summary>
        public static ItemList<T> Empty { get; } = new ItemList<T>(Array.Empty<T>(), ItemList.Separator);

        /// <summary>The items' own texts, joined with "; " (" | " for items that are sentences, e.g. reasons).</summary>
        public override string ToString() => string.Join(_separator, this.Select(item => item?.ToString() ?? string.Empty));

        /// <summary>
        /// <paramref name="items"/> as an item list: the same instance when it already is one (with the same separator),
        /// otherwise a read-only view of it (arrays and lists are not copied) or, for other sequences, a copy.
        /// </summary>
        internal static ItemList<T> Of(IEnumerable<T>? items, string separator = ItemList.Separator)
        {
            switch (items)
            {
                case null:
                    return separator == ItemList.Separator ? Empty : new ItemList<T>(Array.Empty<T>(), separator);
                case ItemList<T> list when list._separator == separator:
                    return list;
                case IList<T> list:
                    return new ItemList<T>(list, separator);
                default:
                    return new ItemList<T>(items.ToArray(), separator);
            }
        }
    }

    /// <summary>Separators of <see cref="ItemList{T}"/>.</summary>
    internal static class ItemList
    {
        /// <summary>Between short items (service names, offer ids, roles).</summary>
        public const string Separator = "; ";

        /// <summary>Between items whose text is a sentence that may itself contain "; " (reasons, affected accounts).</summary>
        public const string SentenceSeparator = " | ";
    }
}
