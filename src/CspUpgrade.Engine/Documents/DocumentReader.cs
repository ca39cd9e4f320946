using System;
using System.Collections.Generic;

namespace CspUpgrade.Engine.Documents
{
    internal enum NodeKind { MappingStart, MappingEnd, SequenceStart, SequenceEnd, Scalar, End }

    /// <summary>A syntax error that stops reading; the position is where the parser gave up.</summary>
    internal sealed class DocumentSyntaxException : Exception
    {
        public DocumentSyntaxException(string message, int line, int column, Exception? inner = null)
            : this("SyntaxError", message, line, column, inner)
        {
        }

        public DocumentSyntaxException(string code, string message, int line, int column, Exception? inner = null)
            : base(message, inner)
        {
            Code = code;
            Line = Math.Max(1, line);
            Column = Math.Max(1, column);
        }

        /// <summary>The diagnostic code: SyntaxError, or NestingTooDeep.</summary>
        public string Code { get; }
        public int Line { get; }
        public int Column { get; }
    }

    /// <summary>
    /// A pull reader over a YAML or JSON document, one node at a time, with positions.
    /// The loaders are written once against it, so both formats get the same strictness and messages.
    /// </summary>
    internal abstract class DocumentReader
    {
        protected DocumentReader(string path, int maxDepth)
        {
            Path = path;
            MaxDepth = maxDepth;
        }

        public string Path { get; }

        /// <summary>
        /// The deepest nesting of mappings and lists the format needs (the root mapping is level 1). A node deeper than that
        /// ends reading at once, before the parser sees more of it: hostile nesting costs the parsers time per level.
        /// </summary>
        public int MaxDepth { get; }

        /// <summary>How many mappings and lists enclose the current node (the current one included when it opens one).</summary>
        protected int Depth { get; private set; }
        public NodeKind Kind { get; protected set; }

        /// <summary>Text of the current scalar; null for a null scalar (YAML ~, null or empty, JSON null).</summary>
        public string? Value { get; protected set; }

        /// <summary>True when the scalar was written as a string (quoted), so "null" stays text.</summary>
        public bool IsQuoted { get; protected set; }

        public int Line { get; protected set; }
        public int Column { get; protected set; }

        public List<FileDiagnostic> Diagnostics { get; } = new List<FileDiagnostic>();

        /// <summary>Moves to the next node; throws <see cref="DocumentSyntaxException"/> on malformed input or nesting too deep.</summary>
        public void Read()
        {
            ReadNode();
            switch (Kind)
            {
                case NodeKind.MappingStart:
                case NodeKind.SequenceStart:
                    if (++Depth > MaxDepth)
                    {
                        throw new DocumentSyntaxException(
                            "NestingTooDeep",
                            $"{(Kind == NodeKind.MappingStart ? "A mapping" : "A list")} is nested deeper than this file's format allows (at most {MaxDepth} levels).",
                            Line,
                            Column);
                    }
                    break;
                case NodeKind.MappingEnd:
                case NodeKind.SequenceEnd:
                    Depth--;
                    break;
            }
        }

        /// <summary>Moves the underlying parser to the next node and sets <see cref="Kind"/>, the value and the position.</summary>
        protected abstract void ReadNode();

        public void Error(string code, string message) => Error(code, message, Line, Column);

        public void Error(string code, string message, int line, int column)
        {
            Diagnostics.Add(new FileDiagnostic(Path, DiagnosticSeverity.Error, code, message, line, column));
        }

        public void Warning(string code, string message, int line, int column) =>
            Diagnostics.Add(new FileDiagnostic(Path, DiagnosticSeverity.Warning, code, message, line, column));

        /// <summary>Skips the current node, including everything inside it, and moves past it.</summary>
        public void Skip()
        {
            int depth = 0;
            do
            {
                switch (Kind)
                {
                    case NodeKind.MappingStart:
                    case NodeKind.SequenceStart:
                        depth++;
                        break;
                    case NodeKind.MappingEnd:
                    case NodeKind.SequenceEnd:
                        depth--;
                        break;
                    case NodeKind.End:
                        return;
                }
                Read();
            }
            while (depth > 0);
        }

        public static string Describe(NodeKind kind) => kind switch
        {
            NodeKind.MappingStart => "a mapping",
            NodeKind.SequenceStart => "a list",
            NodeKind.Scalar => "a value",
            NodeKind.End => "the end of the file",
            _ => "the end of a block",
        };
    }
}
