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
                case MappingStart:
                    Kind = NodeKind.MappingStart;
                    break;
                case MappingEnd:
                    Kind = NodeKind.MappingEnd;
                    break;
                case SequenceStart:
                    Kind = NodeKind.SequenceStart;
                    break;
                case SequenceEnd:
                    Kind = NodeKind.SequenceEnd;
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
                // Some malformed input (e.g. an unclosed flow list followed by a key) makes the parser throw this instead.
                var mark = _parser.Current?.Start;
                throw new DocumentSyntaxException(
                    "The YAML is malformed here (an unclosed [ or { is a common cause): " + ex.Message,
                    mark is null ? Line : (int)mark.Value.Line,
                    mark is null ? Column : (int)mark.Value.Column,
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
