using System;
using System.Collections.Generic;
using System.Linq;

namespace CspUpgrade
{
    /// <summary>One problem found in a catalogue or inventory file, with where it is.</summary>
    public sealed class FileDiagnostic
    {
        public FileDiagnostic(string path, DiagnosticSeverity severity, string code, string message, int line, int column)
        {
            Path = path;
            Severity = severity;
            Code = code;
            Message = message;
            Line = line;
            Column = column;
        }

        public string Path { get; }
        public DiagnosticSeverity Severity { get; }
        public string Code { get; }
        public string Message { get; }
        public int Line { get; }
        public int Column { get; }

        public override string ToString() => $"{Path}:{Line}:{Column}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
    }

    /// <summary>A file that cannot be used; carries every problem found, not only the first.</summary>
    public class FileValidationException : Exception
    {
        public FileValidationException(string what, IReadOnlyList<FileDiagnostic> diagnostics)
            : base(BuildMessage(what, diagnostics))
        {
            Diagnostics = diagnostics;
        }

        public IReadOnlyList<FileDiagnostic> Diagnostics { get; }

        private static string BuildMessage(string what, IReadOnlyList<FileDiagnostic> diagnostics)
        {
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            const int shown = 5;
            var lines = errors.Take(shown).Select(d => "  " + d);
            var more = errors.Count > shown ? $"{Environment.NewLine}  ... and {errors.Count - shown} more" : string.Empty;
            return $"The {what} is invalid ({errors.Count} error(s)):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
        }
    }

    public sealed class CatalogInvalidException : FileValidationException
    {
        public CatalogInvalidException(IReadOnlyList<FileDiagnostic> diagnostics) : base("offer catalogue", diagnostics) { }
    }

    public sealed class InventoryInvalidException : FileValidationException
    {
        public InventoryInvalidException(IReadOnlyList<FileDiagnostic> diagnostics) : base("inventory", diagnostics) { }
    }
}
