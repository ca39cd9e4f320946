using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CspUpgrade.Engine.Tests.Fuzz;

/// <summary>One mutated file: which base it came from, what was done to it, and its text.</summary>
internal sealed record FuzzCase(int Number, string BaseName, bool IsCatalog, bool Json, string Mutations, string Text)
{
    public string Path => $"fuzz-{Number}{(IsCatalog ? "-catalog" : "-inventory")}{(Json ? ".json" : ".yaml")}";

    public override string ToString() => $"case {Number}: {BaseName} with {Mutations}";
}

/// <summary>
/// Makes mutated inventories and catalogues from valid ones with a seeded <see cref="Random"/>, so a run is repeatable:
/// truncation, deleted and duplicated lines, wrong types, nulls, huge numbers, deep nesting, BOM/CRLF, tabs, NUL bytes,
/// anchors and aliases, 10 MB strings. Each case applies one to three mutations.
/// </summary>
internal sealed class MutationGenerator
{
    private readonly Random _random;
    private readonly (string Name, bool IsCatalog, bool Json, string Text)[] _bases;
    private readonly (string Name, Func<string, bool, string> Apply, int Weight)[] _mutations;

    public MutationGenerator(int seed, IEnumerable<(string Name, bool IsCatalog, bool Json, string Text)> bases)
    {
        _random = new Random(seed);
        _bases = bases.ToArray();
        _mutations = new (string, Func<string, bool, string>, int)[]
        {
            ("truncation", Truncate, 4),
            ("deleted line", DeleteLine, 4),
            ("duplicated line", DuplicateLine, 4),
            ("wrong type", WrongType, 4),
            ("null value", NullValue, 4),
            ("huge number", HugeNumber, 3),
            ("deep nesting", DeepNesting, 2),
            ("BOM", (t, _) => "\uFEFF" + t, 1),
            ("CRLF", (t, _) => t.Replace("\n", "\r\n"), 1),
            ("tab indentation", Tabs, 2),
            ("NUL byte", (t, _) => t.Insert(_random.Next(t.Length + 1), "\0"), 2),
            ("anchor and alias", AnchorAndAlias, 2),
            ("10 MB string", HugeString, 1),
            ("swapped characters", SwapCharacters, 3),
        };
    }

    public FuzzCase Next(int number)
    {
        var b = _bases[_random.Next(_bases.Length)];
        string text = b.Text;
        var applied = new List<string>();
        int count = 1 + _random.Next(3);
        bool hugeUsed = false;
        for (int i = 0; i < count; i++)
        {
            var m = Pick();
            if (m.Name == "10 MB string" && hugeUsed)
            {
                continue;
            }
            hugeUsed |= m.Name == "10 MB string";
            text = m.Apply(text, b.Json);
            applied.Add(m.Name);
        }
        return new FuzzCase(number, b.Name, b.IsCatalog, b.Json, string.Join(", ", applied), text);
    }

    private (string Name, Func<string, bool, string> Apply, int Weight) Pick()
    {
        int total = _mutations.Sum(m => m.Weight);
        int roll = _random.Next(total);
        foreach (var m in _mutations)
        {
            if ((roll -= m.Weight) < 0)
            {
                return m;
            }
        }
        return _mutations[0];
    }

    private static string[] Lines(string text) => text.Split('\n');

    private string Truncate(string text, bool json) => text.Substring(0, _random.Next(text.Length + 1));

    private string DeleteLine(string text, bool json)
    {
        var lines = Lines(text).ToList();
        lines.RemoveAt(_random.Next(lines.Count));
        return string.Join("\n", lines);
    }

    private string DuplicateLine(string text, bool json)
    {
        var lines = Lines(text).ToList();
        int at = _random.Next(lines.Count);
        lines.Insert(at, lines[at]);
        return string.Join("\n", lines);
    }

    /// <summary>Finds a "key: value" line and returns its index and where the value starts; -1 when there is none.</summary>
    private (string[] Lines, int Line, int ValueAt) ValueLine(string text)
    {
        var lines = Lines(text);
        var candidates = Enumerable.Range(0, lines.Length)
            .Where(i => !lines[i].TrimStart().StartsWith("#", StringComparison.Ordinal) && lines[i].IndexOf(": ", StringComparison.Ordinal) > 0)
            .ToArray();
        if (candidates.Length == 0)
        {
            return (lines, -1, -1);
        }
        int line = candidates[_random.Next(candidates.Length)];
        return (lines, line, lines[line].IndexOf(": ", StringComparison.Ordinal) + 2);
    }

    private string ReplaceValue(string text, bool json, Func<string, string> value)
    {
        var (lines, line, at) = ValueLine(text);
        if (line < 0)
        {
            return text;
        }
        string rest = lines[line].Substring(at);
        string trail = json && rest.TrimEnd().EndsWith(",", StringComparison.Ordinal) ? "," : string.Empty;
        lines[line] = lines[line].Substring(0, at) + value(rest) + trail;
        return string.Join("\n", lines);
    }

    private string WrongType(string text, bool json)
    {
        string[] yaml = { "[1, 2]", "{a: 1}", "true", "'text'", "12", "-5", "2026-13-45", "[]", "{}", "\"quoted\"" };
        string[] js = { "[1, 2]", "{\"a\": 1}", "true", "\"text\"", "12", "-5", "\"2026-13-45\"", "[]", "{}", "0x19", "025", "undefined", "1e2" };
        var pool = json ? js : yaml;
        return ReplaceValue(text, json, _ => pool[_random.Next(pool.Length)]);
    }

    private string NullValue(string text, bool json)
    {
        string[] yaml = { "null", "~", "", "''", "\"\"", "Null", "NULL" };
        string[] js = { "null", "\"\"", "\" \"" };
        var pool = json ? js : yaml;
        return ReplaceValue(text, json, _ => pool[_random.Next(pool.Length)]);
    }

    private string HugeNumber(string text, bool json)
    {
        string[] pool = { "2147483648", "99999999999999999999999999", "-2147483649", "1e400", "4294967296", "9223372036854775808", "0.0000001" };
        return ReplaceValue(text, json, _ => pool[_random.Next(pool.Length)]);
    }

    private string DeepNesting(string text, bool json)
    {
        int depth = _random.Next(4) switch { 0 => 3 + _random.Next(8), 1 => 100, 2 => 10_000, _ => 100_000 };
        bool map = _random.Next(2) == 0;
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            sb.Append(map ? (json ? "{\"a\": " : "{a: ") : "[");
        }
        sb.Append('1');
        sb.Append(map ? '}' : ']', depth);
        string nest = sb.ToString();
        return _random.Next(3) == 0 ? nest : ReplaceValue(text, json, _ => nest);
    }

    private string Tabs(string text, bool json)
    {
        var lines = Lines(text);
        int line = _random.Next(lines.Length);
        int indent = lines[line].Length - lines[line].TrimStart(' ').Length;
        lines[line] = new string('\t', Math.Max(1, indent / 2)) + lines[line].TrimStart(' ');
        return string.Join("\n", lines);
    }

    private string AnchorAndAlias(string text, bool json)
    {
        var (lines, line, at) = ValueLine(text);
        if (line < 0)
        {
            return text;
        }
        lines[line] = lines[line].Substring(0, at) + "&anchor " + lines[line].Substring(at);
        var (_, other, otherAt) = ValueLine(string.Join("\n", lines));
        if (other >= 0)
        {
            lines[other] = lines[other].Substring(0, otherAt) + "*anchor";
        }
        return string.Join("\n", lines);
    }

    private string HugeString(string text, bool json)
    {
        string big = new string((char)('a' + _random.Next(26)), 10 * 1024 * 1024);
        return ReplaceValue(text, json, _ => json ? "\"" + big + "\"" : big);
    }

    private string SwapCharacters(string text, bool json)
    {
        if (text.Length < 2)
        {
            return text;
        }
        var chars = text.ToCharArray();
        int n = 1 + _random.Next(5);
        for (int i = 0; i < n; i++)
        {
            int a = _random.Next(chars.Length), b = _random.Next(chars.Length);
            (chars[a], chars[b]) = (chars[b], chars[a]);
        }
        return new string(chars);
    }
}
