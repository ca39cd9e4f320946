using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace CspUpgrade.Engine.PartnerCenter
{
    /// <summary>
    /// Reads cached by key for one command: callers asking for the same key at the same time share one load; a failed load
    /// is not kept (the next caller tries again).
    /// </summary>
    internal sealed class ReadCache<T>
    {
        private readonly ConcurrentDictionary<string, Lazy<T>> _entries = new ConcurrentDictionary<string, Lazy<T>>(StringComparer.OrdinalIgnoreCase);

        public T Get(string key, Func<string, T> load)
        {
            var lazy = _entries.GetOrAdd(key, k => new Lazy<T>(() => load(k), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch
            {
                ((ICollection<KeyValuePair<string, Lazy<T>>>)_entries).Remove(new KeyValuePair<string, Lazy<T>>(key, lazy));
                throw;
            }
        }

        public void Remove(string key) => _entries.TryRemove(key, out _);

        /// <summary>Drops every key that starts with <paramref name="prefix"/> (case-insensitive).</summary>
        public void RemoveStartingWith(string prefix)
        {
            foreach (string key in _entries.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }

        public void Clear() => _entries.Clear();
    }
}
