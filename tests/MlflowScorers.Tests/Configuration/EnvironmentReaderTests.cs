using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlflowScorers.Configuration;

namespace MlflowScorers.Tests.Configuration;

/// <summary>The environment is read in one place, which tests replace with a dictionary.</summary>
public sealed class EnvironmentReaderTests
{
    [Test]
    public void From_BlankValue_ReadsAsUnset()
    {
        var environment = EnvironmentReader.From(new Dictionary<string, string?> { ["A"] = " ", ["B"] = "b" });

        environment.Get("A").Should().BeNull();
        environment.Get("B").Should().Be("b");
        environment.Get("C").Should().BeNull();
        EnvironmentReader.None.Get("PATH").Should().BeNull();
    }

    [Test]
    public void Sources_ReadTheEnvironmentOnlyThroughTheReader()
    {
        var root = RepositoryRoot();
        var readers = Directory.EnumerateFiles(Path.Combine(root, "src", "MlflowScorers"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("Environment.GetEnvironmentVariable", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));

        readers.Should().BeEquivalentTo(["src/MlflowScorers/Configuration/EnvironmentReader.cs"]);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlflowScorers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with MlflowScorers.sln) was not found above the test directory.");
    }
}
