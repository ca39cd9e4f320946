using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Documents
{
    /// <summary>
    /// The keys of one kind of mapping in a document (an offer, a customer, a subscription, ...): each key with whether it is
    /// required and how its value is read into <typeparamref name="T"/>. Reading a mapping through the table reports unknown,
    /// wrongly-cased, repeated and missing keys the same way for every loader.
    /// </summary>
    internal sealed class FieldTable<T>
    {
        private readonly string[] _keys;
        private readonly Action<DocumentReader, T>[] _readers;
        private readonly int _required;
        private readonly bool _keepPositions;

        public FieldTable(params (string Key, bool Required, Action<DocumentReader, T> Read)[] fields)
            : this(false, fields)
        {
        }

        /// <param name="keepPositions">Whether <see cref="FieldsSeen.At"/> can tell where each key's value was (for checks
        /// made after the whole mapping is read, e.g. a key that does not fit the commerce model of an offer named later).</param>
        public FieldTable(bool keepPositions, params (string Key, bool Required, Action<DocumentReader, T> Read)[] fields)
        {
            if (fields.Length > 31)
            {
                throw new ArgumentException("A field table holds at most 31 keys.", nameof(fields));
            }
            _keys = fields.Select(f => f.Key).ToArray();
            if (_keys.Distinct(StringComparer.Ordinal).Count() != _keys.Length)
            {
                throw new ArgumentException("A field table names each key once.", nameof(fields));
            }
            _readers = fields.Select(f => f.Read).ToArray();
            _keepPositions = keepPositions;
            for (int i = 0; i < fields.Length; i++)
            {
                if (fields[i].Required)
                {
                    _required |= 1 << i;
                }
            }
        }

        public IReadOnlyList<string> Keys => _keys;

        /// <summary>
        /// Reads every key of the mapping the reader has just entered into <paramref name="target"/>, then reports each
        /// required key that was missing at (<paramref name="line"/>, <paramref name="column"/>). <paramref name="what"/>
        /// names the item in messages (it may change as keys are read, e.g. once the id is known).
        /// </summary>
        public FieldsSeen Read(DocumentReader r, T target, Func<T, string> what, int line, int column) => Read(r, target, what, line, column, null);

        /// <summary>As <see cref="Read(DocumentReader, T, Func{T, string}, int, int)"/> for an item whose name in messages does not change while it is read.</summary>
        public FieldsSeen Read(DocumentReader r, T target, string what, int line, int column) =>
            Read(r, target, _ => what, line, column, null);

        /// <param name="positions">Where to keep the values' positions (at least one slot per key), reused from item to item by
        /// a loader that reads many; null: a new array when the table keeps positions. Valid until the next read into it.</param>
        public FieldsSeen Read(DocumentReader r, T target, Func<T, string> what, int line, int column, (int Line, int Column)[]? positions)
        {
            int seen = 0;
            int key;
            if (_keepPositions)
            {
                positions ??= new (int Line, int Column)[_keys.Length];
            }
            else
            {
                positions = null;
            }
            while ((key = DocumentFields.NextKey(r, _keys, what, target, ref seen)) >= 0)
            {
                if (positions != null)
                {
                    positions[key] = (r.Line, r.Column);
                }
                _readers[key](r, target);
            }
            if ((_required & ~seen) != 0)
            {
                DocumentFields.RequireKeys(r, _keys, _required, seen, what(target), line, column);
            }
            return new FieldsSeen(_keys, seen, positions);
        }
    }

    /// <summary>The keys a mapping had (whatever their values were), and where their values were when the table keeps that.</summary>
    internal readonly struct FieldsSeen
    {
        private readonly string[] _keys;
        private readonly int _seen;
        private readonly (int Line, int Column)[]? _positions;

        public FieldsSeen(string[] keys, int seen, (int Line, int Column)[]? positions = null)
        {
            _keys = keys;
            _seen = seen;
            _positions = positions;
        }

        public bool Has(string key) => (_seen & (1 << IndexOf(key))) != 0;

        /// <summary>Where the value of <paramref name="key"/> was (the key must have been seen, and the table keep positions).</summary>
        public (int Line, int Column) At(string key)
        {
            if (_positions is null)
            {
                throw new InvalidOperationException("This field table does not keep positions.");
            }
            return _positions[IndexOf(key)];
        }

        /// <summary>Reports each of <paramref name="keys"/> the mapping did not have, as a missing required key is reported, naming the item as <paramref name="what"/> says of it only then.</summary>
        public void Require<T>(DocumentReader r, IReadOnlyList<string> keys, T item, Func<T, string> what, int line, int column)
        {
            int required = 0;
            foreach (string key in keys)
            {
                required |= 1 << IndexOf(key);
            }
            if ((required & ~_seen) != 0)
            {
                DocumentFields.RequireKeys(r, _keys, required, _seen, what(item), line, column);
            }
        }

        private int IndexOf(string key)
        {
            int index = Array.IndexOf(_keys, key);
            if (index < 0)
            {
                throw new ArgumentException($"'{key}' is not a key of this table.", nameof(key));
            }
            return index;
        }
    }
}
