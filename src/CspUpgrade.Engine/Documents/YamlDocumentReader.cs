using System;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CspUpgrade.Engine.Documents
{
    /// <summary>Reads YAML through YamlDotNet's parser events (no reflection, no object graph).</summary>
    internal sealed class YamlDocumentReader : DocumentReader
    {
        private readonly IParser _parser;
        private bool _documentEnded;

        // The mappings and lists now open (at most MaxDepth): whether each is a flow one ([ ] or { }) and where it starts.
        private readonly System.Collections.Generic.List<(bool Flow, int Line, int Column)> _open =
            new System.Collections.Generic.List<(bool Flow, int Line, int Column)>();

        public YamlDocumentReader(string path, TextReader text, int maxDepth)
            : base(path, maxDepth)
        {
            _parser = new Parser(text);
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
                // YamlDotNet's scanner throws this, with no position, when a plain value inside an unclosed [ or { runs on
                // into the next line's key. Point at the innermost open [ or {, which is what needs closing.
                int flow = _open.FindLastIndex(o => o.Flow);
                if (flow >= 0)
                {
                    var (_, line, column) = _open[flow];
                    throw new DocumentSyntaxException(
                        "This [ or { is not closed: the YAML cannot be read on from here. Close it on its own line, or write the list or mapping in block style.",
                        line,
                        column,
                        ex);
                }
                throw new DocumentSyntaxException(
                    "The YAML cannot be read on from here: the structure around this point is malformed (check indentation, brackets and quotes).",
                    Line,
                    Column,
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
