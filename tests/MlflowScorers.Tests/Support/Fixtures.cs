using System;
using System.IO;

namespace MlflowScorers.Tests.Support;

/// <summary>Finds the captured MLflow fixtures: <c>MLFLOWSCORERS_FIXTURES</c> if set, else the repository's <c>tests/fixtures</c>.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string ReadText(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("MLFLOWSCORERS_FIXTURES");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "The fixtures were not found: set MLFLOWSCORERS_FIXTURES, or run the tests from a checkout that has tests/fixtures.");
    }
}
