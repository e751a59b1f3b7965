using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Readme;

/// <summary>
/// Every <c>```csharp</c> block of README.md compiles as written against this build. A block is a fragment of an app: it is
/// compiled as the body of an async method, with the app's implicit usings and <c>using MlflowScorers;</c>. The variables a
/// block uses without declaring them (the client, the service collection...) become parameters of known types; a free name
/// the table does not know fails the test, so a snippet can never compile by accident.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using MlflowScorers;
        using OpenTelemetry.Trace;
        """;

    /// <summary>The names README's blocks take from the surrounding app, and their types.</summary>
    private static readonly Dictionary<string, string> s_context = new(StringComparer.Ordinal)
    {
        ["client"] = "MlflowClient",
        ["services"] = "IServiceCollection",
        ["builder"] = "SnippetAppBuilder",
        ["key"] = "string",
        ["rows"] = "IReadOnlyList<ScorerContext>",
        ["traceId"] = "string",
        ["now"] = "DateTimeOffset",
    };

    private static readonly Lazy<List<MetadataReference>> s_references = new(LoadReferences);

    public static IEnumerable<TestCaseData> Snippets() =>
        Extract(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md")))
            .Select((code, i) => new TestCaseData(i + 1, code).SetName($"ReadmeSnippet_{i + 1:00}_Compiles"));

    [Test]
    public void Readme_HasCSharpSnippets() => Snippets().Should().NotBeEmpty();

    [TestCaseSource(nameof(Snippets))]
    public void Snippet_CompilesAsWritten(int number, string code)
    {
        var free = Errors(Compile(code, [])).Where(d => d.Id == "CS0103").Select(Name).Distinct().ToList();
        free.Where(n => !s_context.ContainsKey(n)).Should().BeEmpty("README block {0} uses names the snippet context does not know", number);

        var errors = Errors(Compile(code, free));

        errors.Select(d => d.ToString()).Should().BeEmpty("README block {0} must compile as written:\n{1}", number, code);
    }

    [Test]
    public void Compile_SnippetWithAnError_IsCaught() =>
        Errors(Compile("var safety = new Safety { NoSuchProperty = 1 };", [])).Should().ContainSingle(d => d.Id == "CS0117");

    [Test]
    public void Extract_IndentedBlockWithWindowsLineEnds_IsFoundAndUnindented() =>
        Extract("1. Step:\r\n   ```csharp\r\n   var a = 1;\r\n     var b = 2;\r\n   ```\r\n").Should().Equal("var a = 1;\n  var b = 2;");

    /// <summary>The bodies of the <c>```csharp</c> fences, with CRLF and a common indentation (a block inside a list) removed.</summary>
    internal static IReadOnlyList<string> Extract(string markdown)
    {
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Regex.Matches(text, @"^(?<indent>[ \t]*)```(?:csharp|cs|c#)[ \t]*\n(?<body>.*?)\n[ \t]*```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => Unindent(m.Groups["body"].Value, m.Groups["indent"].Value.Length))
            .ToList();
    }

    private static string Unindent(string body, int indent) => indent == 0
        ? body
        : string.Join('\n', body.Split('\n').Select(line => line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart()));

    private static CSharpCompilation Compile(string code, List<string> free)
    {
        var parameters = string.Join(", ", free.Where(s_context.ContainsKey).Select(n => $"{s_context[n]} {n}"));
        var source = $$"""
            {{Usings}}
            #pragma warning disable CS1998, CS8321, CS0219, CS0168
            internal static class ReadmeSnippet
            {
                public static async Task RunAsync({{parameters}})
                {
            #line 1
            {{code}}
                }
            }

            /// <summary>Stands for an ASP.NET Core or generic-host builder.</summary>
            internal sealed class SnippetAppBuilder
            {
                public IConfiguration Configuration { get; } = null!;
                public IServiceCollection Services { get; } = null!;
            }
            """;
        return CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static List<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static string Name(Diagnostic diagnostic) =>
        Regex.Match(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), "'([^']+)'").Groups[1].Value;

    /// <summary>The framework's assemblies and every assembly next to the tests (the SDK, OpenTelemetry, Microsoft.Extensions.*).</summary>
    private static List<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return local.Concat(platform)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Where(IsManaged)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
