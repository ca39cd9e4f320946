using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CspUpgrade.Engine.Storage
{
    /// <summary>
    /// Carries a change into the file's own text (SPEC 2.1): the writer's canonical text before and after the change are
    /// compared node by node, and only what differs is rewritten in the original: a changed value in place (keeping its
    /// quotes), an inserted list item beside its neighbour in the neighbour's style (flow or block, same indentation), a
    /// changed flow collection as a whole. Comments, key order, spacing and everything unchanged keep their bytes. JSON is
    /// read by the same YAML parser (JSON is YAML's flow style) and its canonical scalars are already JSON-quoted.
    /// Returns null when the change cannot be expressed this way (an anchor, a block list that lost items, ...); the caller
    /// then writes the canonical text. The caller also checks that the result loads as the intended document.
    /// </summary>
    internal static class LayoutPatch
    {
        public static string? TryApply(string original, string canonicalBefore, string canonicalAfter)
        {
            try
            {
                var source = Parse(original);
                var before = Parse(canonicalBefore);
                var after = Parse(canonicalAfter);
                if (source is null || before is null || after is null)
                {
                    return null;
                }
                var patch = new Patcher(original);
                return patch.Walk(source, before, after) ? patch.Apply() : null;
            }
            catch (YamlException)
            {
                return null;
            }
        }

        /// <summary>The single document's root node, or null when there is not exactly one or it uses anchors.</summary>
        private static YamlNode? Parse(string text)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1)
            {
                return null;
            }
            var root = stream.Documents[0].RootNode;
            // A value shared through an anchor cannot be changed in one place (aliases resolve to the anchored node).
            return root.AllNodes.Any(n => !n.Anchor.IsEmpty) ? null : root;
        }

        private sealed class Edit
        {
            public Edit(int start, int end, string text, int order)
            {
                Start = start;
                End = end;
                Text = text;
                Order = order;
            }

            public int Start { get; }
            public int End { get; }
            public string Text { get; }
            public int Order { get; }
        }

        private sealed class Patcher
        {
            private readonly string _text;
            private readonly string _newLine;
            private readonly List<Edit> _edits = new List<Edit>();

            public Patcher(string text)
            {
                _text = text;
                _newLine = text.Contains("\r\n") ? "\r\n" : "\n";
            }

            public string Apply()
            {
                var result = new StringBuilder(_text);
                foreach (var edit in _edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.Order))
                {
                    result.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.Text);
                }
                return result.ToString();
            }

            private void Add(int start, int end, string text) => _edits.Add(new Edit(start, end, text, _edits.Count));

            /// <summary>Records the edits that turn <paramref name="source"/> (holding <paramref name="before"/>) into <paramref name="after"/>.</summary>
            public bool Walk(YamlNode source, YamlNode before, YamlNode after)
            {
                if (Same(before, after))
                {
                    return true;
                }
                int mark = _edits.Count;
                bool done = (source, before, after) switch
                {
                    (YamlScalarNode s, YamlScalarNode _, YamlScalarNode a) => ReplaceScalar(s, a),
                    (YamlMappingNode s, YamlMappingNode b, YamlMappingNode a) => WalkMapping(s, b, a),
                    (YamlSequenceNode s, YamlSequenceNode b, YamlSequenceNode a) => WalkSequence(s, b, a),
                    _ => false,
                };
                if (done)
                {
                    return true;
                }
                _edits.RemoveRange(mark, _edits.Count - mark);
                // A flow collection (or a scalar becoming a collection) can be written anew in place, in flow style.
                if (IsFlow(source) || source is YamlScalarNode)
                {
                    Add(StartOf(source), EndOf(source), Flow(after, SpacedBraces(source)));
                    return true;
                }
                return false;
            }

            private bool ReplaceScalar(YamlScalarNode source, YamlScalarNode after)
            {
                if (source.Style == ScalarStyle.Literal || source.Style == ScalarStyle.Folded)
                {
                    return false;
                }
                string value = after.Value ?? string.Empty;
                string text = source.Style switch
                {
                    ScalarStyle.DoubleQuoted => JsonConvert.ToString(value),
                    ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''") + "'",
                    _ => Scalar(after, flow: IsInFlow(source)),
                };
                Add(StartOf(source), EndOf(source), text);
                return true;
            }

            private bool WalkMapping(YamlMappingNode source, YamlMappingNode before, YamlMappingNode after)
            {
                if (before.Children.Count != after.Children.Count)
                {
                    return false;
                }
                foreach (var pair in after.Children)
                {
                    string key = KeyOf(pair.Key);
                    var old = Lookup(before, key);
                    if (old is null)
                    {
                        return false;
                    }
                    if (Same(old, pair.Value))
                    {
                        continue;
                    }
                    var own = Lookup(source, key);
                    if (own is null)
                    {
                        // The file leaves the key out (its default, e.g. a new-commerce cancellableUntil) but the value changed:
                        // add the key to the file's mapping in its own style.
                        if (!InsertKey(source, (YamlScalarNode)pair.Key, pair.Value))
                        {
                            return false;
                        }
                        continue;
                    }
                    if (!Walk(own, old, pair.Value))
                    {
                        return false;
                    }
                }
                return true;
            }

            private bool WalkSequence(YamlSequenceNode source, YamlSequenceNode before, YamlSequenceNode after)
            {
                if (source.Children.Count != before.Children.Count)
                {
                    return false;
                }
                int mark = _edits.Count;
                if (Align(source, before, after))
                {
                    return true;
                }
                // Not items added among the same ones: as many items, changed in place (a license id replaced by another)?
                _edits.RemoveRange(mark, _edits.Count - mark);
                if (before.Children.Count != after.Children.Count)
                {
                    return false;
                }
                for (int k = 0; k < after.Children.Count; k++)
                {
                    if (!Walk(source.Children[k], before.Children[k], after.Children[k]))
                    {
                        return false;
                    }
                }
                return true;
            }

            /// <summary>Pairs the items up by identity; items of <paramref name="after"/> without a partner are inserted.</summary>
            private bool Align(YamlSequenceNode source, YamlSequenceNode before, YamlSequenceNode after)
            {
                int i = 0;
                for (int j = 0; j < after.Children.Count; j++)
                {
                    if (i < before.Children.Count && Identity(before.Children[i]) == Identity(after.Children[j]))
                    {
                        if (!Walk(source.Children[i], before.Children[i], after.Children[j]))
                        {
                            return false;
                        }
                        i++;
                    }
                    else if (i == 0 || !InsertAfter(source, source.Children[i - 1], after.Children[j]))
                    {
                        return false;
                    }
                }
                return i == before.Children.Count; // an item removed: not a value change
            }

            /// <summary>Inserts <paramref name="item"/> after <paramref name="neighbour"/>, laid out as the neighbour is.</summary>
            private bool InsertAfter(YamlSequenceNode list, YamlNode neighbour, YamlNode item)
            {
                if (IsFlow(list))
                {
                    int at = EndOf(neighbour);
                    string separator = _text.Substring(StartOf(list), StartOf(neighbour) - StartOf(list)).Contains("\n")
                        ? "," + _newLine + new string(' ', (int)neighbour.Start.Column - 1)
                        : ", ";
                    Add(at, at, separator + Flow(item, SpacedBraces(neighbour)));
                    return true;
                }

                // Block list: "- " at the neighbour's dash column, on the line after the neighbour's last line.
                int dash = StartOf(neighbour) - 1;
                while (dash >= 0 && (_text[dash] == ' '))
                {
                    dash--;
                }
                if (dash < 0 || _text[dash] != '-')
                {
                    return false;
                }
                int lineStart = _text.LastIndexOf('\n', dash) + 1;
                string indent = _text.Substring(lineStart, dash - lineStart);
                if (indent.Trim().Length != 0)
                {
                    return false; // "- - x" and such: not a layout to copy
                }
                string afterDash = _text.Substring(dash + 1, StartOf(neighbour) - dash - 1);
                string body;
                if (neighbour is YamlMappingNode map && !IsFlow(map) && item is YamlMappingNode itemMap)
                {
                    string keyIndent = new string(' ', (int)neighbour.Start.Column - 1);
                    var lines = itemMap.Children.Select(p => Scalar((YamlScalarNode)p.Key, flow: false) + ": " + Value(p.Value, SpacedBraces(neighbour))).ToList();
                    body = lines[0] + string.Concat(lines.Skip(1).Select(l => _newLine + keyIndent + l));
                }
                else
                {
                    body = Value(item, SpacedBraces(neighbour));
                }

                int last = EndOf(neighbour);
                int lineEnd = _text.IndexOf('\n', last);
                string entry = indent + "-" + afterDash + body + _newLine;
                if (lineEnd < 0)
                {
                    Add(_text.Length, _text.Length, _newLine + entry);
                }
                else
                {
                    Add(lineEnd + 1, lineEnd + 1, entry);
                }
                return true;
            }

            /// <summary>Adds "key: value" to a mapping of the file: inside its braces (flow) or on a line of its own at its keys' indentation (block).</summary>
            private bool InsertKey(YamlMappingNode map, YamlScalarNode key, YamlNode value)
            {
                if (map.Children.Count == 0)
                {
                    return false;
                }
                string pair = Scalar(key, flow: IsFlow(map)) + ": " + Value(value, SpacedBraces(map));
                if (IsFlow(map))
                {
                    int at = EndOf(map) - 1; // the closing brace
                    while (at > 0 && _text[at - 1] == ' ')
                    {
                        at--;
                    }
                    Add(at, at, ", " + pair);
                    return true;
                }
                int lineEnd = _text.IndexOf('\n', EndOf(map));
                string line = new string(' ', (int)map.Start.Column - 1) + pair + _newLine;
                if (lineEnd < 0)
                {
                    Add(_text.Length, _text.Length, _newLine + line);
                }
                else
                {
                    Add(lineEnd + 1, lineEnd + 1, line);
                }
                return true;
            }

            private bool SpacedBraces(YamlNode node) =>
                IsFlow(node) && StartOf(node) + 1 < _text.Length && _text[StartOf(node) + 1] == ' ';

            private bool IsInFlow(YamlNode node)
            {
                // A plain scalar inside a flow collection cannot hold , [ ] { }: look for an unclosed bracket before it on its line.
                int lineStart = _text.LastIndexOf('\n', Math.Max(0, StartOf(node) - 1)) + 1;
                string head = _text.Substring(lineStart, StartOf(node) - lineStart);
                return head.IndexOfAny(new[] { '[', '{' }) >= 0;
            }

            private static string Value(YamlNode node, bool spaced) => node is YamlScalarNode scalar ? Scalar(scalar, flow: true) : Flow(node, spaced);

            private static string Flow(YamlNode node, bool spaced)
            {
                switch (node)
                {
                    case YamlScalarNode scalar:
                        return Scalar(scalar, flow: true);
                    case YamlSequenceNode list:
                        return "[" + string.Join(", ", list.Children.Select(c => Flow(c, spaced))) + "]";
                    case YamlMappingNode map:
                        if (map.Children.Count == 0)
                        {
                            return "{}";
                        }
                        string inner = string.Join(", ", map.Children.Select(p => Flow(p.Key, spaced) + ": " + Flow(p.Value, spaced)));
                        return spaced ? "{ " + inner + " }" : "{" + inner + "}";
                    default:
                        throw new YamlException("unexpected node");
                }
            }

            /// <summary>A scalar as the canonical writer styled it (its quotes are safe), quoted where flow context needs it.</summary>
            private static string Scalar(YamlScalarNode scalar, bool flow)
            {
                string value = scalar.Value ?? string.Empty;
                if (scalar.Style == ScalarStyle.DoubleQuoted)
                {
                    return JsonConvert.ToString(value);
                }
                if (scalar.Style == ScalarStyle.SingleQuoted || (flow && value.IndexOfAny(new[] { ',', '[', ']', '{', '}', '#', '"', '\'' }) >= 0))
                {
                    return "'" + value.Replace("'", "''") + "'";
                }
                return value;
            }

            private static int StartOf(YamlNode node) => checked((int)node.Start.Index);

            /// <summary>
            /// Where the node's text ends. The representation model gives collections no end mark: a flow collection ends
            /// after the bracket that follows its last item, a block collection with its last item.
            /// </summary>
            private int EndOf(YamlNode node)
            {
                switch (node)
                {
                    case YamlScalarNode scalar:
                        return checked((int)scalar.End.Index);
                    case YamlMappingNode map when !IsFlow(map):
                        return EndOf(map.Children.Last().Value);
                    case YamlSequenceNode list when !IsFlow(list):
                        return EndOf(list.Children.Last());
                }
                YamlNode? last = node is YamlMappingNode m ? m.Children.LastOrDefault().Value : ((YamlSequenceNode)node).Children.LastOrDefault();
                int at = last is null ? StartOf(node) + 1 : EndOf(last);
                while (at < _text.Length && _text[at] != ']' && _text[at] != '}')
                {
                    at = _text[at] == '#' ? Math.Max(_text.IndexOf('\n', at), at + 1) : at + 1;
                }
                if (at >= _text.Length)
                {
                    throw new YamlException("unclosed flow collection");
                }
                return at + 1;
            }

            private static bool IsFlow(YamlNode node) =>
                (node is YamlMappingNode map && map.Style == MappingStyle.Flow) || (node is YamlSequenceNode list && list.Style == SequenceStyle.Flow);

            private static string KeyOf(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : "\0";

            private static YamlNode? Lookup(YamlMappingNode map, string key)
            {
                foreach (var pair in map.Children)
                {
                    if (KeyOf(pair.Key) == key)
                    {
                        return pair.Value;
                    }
                }
                return null;
            }

            /// <summary>What pairs list items up: a scalar's value, a mapping's first key and value (subscriptionId, upn, ...).</summary>
            private static string? Identity(YamlNode node) => node switch
            {
                YamlScalarNode scalar => "=" + scalar.Value,
                YamlMappingNode map when map.Children.Count > 0 && map.Children.First().Value is YamlScalarNode id => KeyOf(map.Children.First().Key) + "=" + id.Value,
                _ => null,
            };

            private static bool Same(YamlNode a, YamlNode b) => (a, b) switch
            {
                (YamlScalarNode x, YamlScalarNode y) => x.Value == y.Value,
                (YamlSequenceNode x, YamlSequenceNode y) => x.Children.Count == y.Children.Count && x.Children.Zip(y.Children, Same).All(s => s),
                (YamlMappingNode x, YamlMappingNode y) => x.Children.Count == y.Children.Count
                    && x.Children.Zip(y.Children, (p, q) => KeyOf(p.Key) == KeyOf(q.Key) && Same(p.Value, q.Value)).All(s => s),
                _ => false,
            };
        }
    }
}
