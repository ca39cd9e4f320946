using System;
using System.IO;
using System.Management.Automation;
using CspUpgrade.Infrastructure;

namespace CspUpgrade.Commands
{
    /// <summary>Validates catalogue files: one diagnostic per problem, nothing when a file is valid.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "CspOfferCatalog", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(FileDiagnostic))]
    public sealed class TestCspOfferCatalogCommand : CspCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        protected override void Process()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string path in literal ? LiteralPath : Path)
            {
                foreach (string file in Paths.Resolve(path, literal))
                {
                    WriteVerbose($"Validating catalogue '{file}'.");
                    try
                    {
                        var diagnostics = CatalogLoader.Validate(file);
                        WriteVerbose($"'{file}': {(diagnostics.Count == 0 ? "valid" : $"{diagnostics.Count} problem(s)")}.");
                        WriteObject(diagnostics, enumerateCollection: true);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        WriteError(ErrorRecords.UnreadableFile(ex, ErrorIds.CatalogInvalid, file));
                    }
                }
            }
        }
    }
}
