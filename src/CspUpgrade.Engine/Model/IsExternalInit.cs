// Lets netstandard2.0 code use init-only setters.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
