using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade.Engine.Documents
{
    /// <summary>
    /// The keys of one kind of mapping in a document (an offer, an upgrade path, ...): each key with whether it is required
    /// and how its value is read into <typeparamref name="T"/>. Reading a mapping through the table reports unknown,
    /// wrongly-cased, repeated and missing keys the same way for every loader.
    /// </summary>
    internal sealed class FieldTable<T>
    {
        private readonly string[] _keys;
        private readonly Action<DocumentReader, T>[] _readers;
        private readonly int _required;

        public FieldTable(params (string Key, bool Required, Action<DocumentReader, T> Read)[] fields)
        {
            if (fields.Length > 31)
            {
                throw new ArgumentException("A field table holds at most 31 keys.", nameof(fields));
            }
            _keys = fields.Select(f => f.Key).ToArray();
            _readers = fields.Select(f => f.Read).ToArray();
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
        public FieldsSeen Read(DocumentReader r, T target, Func<T, string> what, int line, int column)
        {
            int seen = 0;
            int key;
            while ((key = DocumentFields.NextKey(r, _keys, what(target), ref seen)) >= 0)
            {
                _readers[key](r, target);
            }
            DocumentFields.RequireKeys(r, _keys, _required, seen, what(target), line, column);
            return new FieldsSeen(_keys, seen);
        }
    }

    /// <summary>The keys a mapping had (whatever their values were).</summary>
    internal readonly struct FieldsSeen
    {
        private readonly string[] _keys;
        private readonly int _seen;

        public FieldsSeen(string[] keys, int seen)
        {
            _keys = keys;
            _seen = seen;
        }

        public bool Has(string key)
        {
            int index = Array.IndexOf(_keys, key);
            if (index < 0)
            {
                throw new ArgumentException($"'{key}' is not a key of this table.", nameof(key));
            }
            return (_seen & (1 << index)) != 0;
        }
    }
}
