using System;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CspUpgrade.Engine.Documents
{
    /// <summary>Reads YAML through YamlDotNet's parser events (no reflection, no object graph).</summary>
    internal sealed class YamlDocumentReader : DocumentReader
    {
        private readonly Scanner _scanner;
        private readonly IParser _parser;
        private bool _documentEnded;

        // The mappings and lists now open (at most MaxDepth): whether each is a flow one ([ ] or { }) and where it starts.
        private readonly System.Collections.Generic.List<(bool Flow, int Line, int Column)> _open =
            new System.Collections.Generic.List<(bool Flow, int Line, int Column)>();

        public YamlDocumentReader(string path, TextReader text, int maxDepth)
            : base(path, maxDepth)
        {
            _scanner = new Scanner(text);
            _parser = new Parser(_scanner);
            Guard(() =>
            {
                _parser.Consume<StreamStart>();
                if (_parser.Accept<StreamEnd>(out _))
                {
                    Kind = NodeKind.End;
                    return;
                }
                _parser.Consume<DocumentStart>();
                Read();
            });
        }

        protected override void ReadNode() => Guard(ReadCore);

        private void ReadCore()
        {
            if (_documentEnded)
            {
                Kind = NodeKind.End;
                return;
            }

            var current = _parser.Consume<ParsingEvent>();
            Line = (int)current.Start.Line;
            Column = (int)current.Start.Column;
            Value = null;
            IsQuoted = false;
            switch (current)
            {
                case MappingStart mapping:
                    Kind = NodeKind.MappingStart;
                    _open.Add((mapping.Style == MappingStyle.Flow, Line, Column));
                    break;
                case MappingEnd:
                    Kind = NodeKind.MappingEnd;
                    _open.RemoveAt(_open.Count - 1);
                    break;
                case SequenceStart sequence:
                    Kind = NodeKind.SequenceStart;
                    _open.Add((sequence.Style == SequenceStyle.Flow, Line, Column));
                    break;
                case SequenceEnd:
                    Kind = NodeKind.SequenceEnd;
                    _open.RemoveAt(_open.Count - 1);
                    break;
                case Scalar scalar:
                    Kind = NodeKind.Scalar;
                    IsQuoted = scalar.Style != ScalarStyle.Plain;
                    Value = !IsQuoted && IsYamlNull(scalar.Value) ? null : scalar.Value;
                    break;
                case AnchorAlias alias:
                    throw new DocumentSyntaxException($"YAML aliases (*{alias.Value}) are not supported; write the value out.", Line, Column);
                case DocumentEnd:
                    _documentEnded = true;
                    if (!_parser.Accept<StreamEnd>(out _))
                    {
                        throw new DocumentSyntaxException("The file holds more than one YAML document; put everything in one.", Line, Column);
                    }
                    Kind = NodeKind.End;
                    break;
                default:
                    throw new DocumentSyntaxException($"Unexpected YAML element {current.GetType().Name}.", Line, Column);
            }
        }

        private static bool IsYamlNull(string value) =>
            value.Length == 0 || value == "~" || value == "null" || value == "Null" || value == "NULL";

        private void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (YamlException ex)
            {
                throw new DocumentSyntaxException(TrimYamlMessage(ex.Message), (int)ex.Start.Line, (int)ex.Start.Column, ex);
            }
            catch (InvalidOperationException ex)
            {
                // YamlDotNet's scanner throws this, without a position, when a plain value inside an unclosed [ or { runs on
                // into the next line. Point at the innermost open [ or { when the parser has seen it, else where the scanner stopped.
                int flow = _open.FindLastIndex(o => o.Flow);
                var stopped = _scanner.CurrentPosition;
                var (line, column) = flow >= 0 ? (_open[flow].Line, _open[flow].Column) : ((int)stopped.Line, (int)stopped.Column);
                throw new DocumentSyntaxException(
                    flow >= 0
                        ? "This [ or { is not closed before the next line; the YAML cannot be read on. Close it, or write the list or mapping in block style."
                        : "The YAML cannot be read on from here: a [ or { before this point is not closed (a value inside [ ] or { } cannot run on into the next line).",
                    line,
                    column,
                    ex);
            }
        }

        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: ...) - (...): "; we report the position ourselves.
        private static string TrimYamlMessage(string message)
        {
            int marker = message.IndexOf("): ", System.StringComparison.Ordinal);
            return message.StartsWith("(", System.StringComparison.Ordinal) && marker > 0 ? message.Substring(marker + 3) : message;
        }
    }
}
