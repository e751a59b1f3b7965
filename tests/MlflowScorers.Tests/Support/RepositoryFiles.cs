using System;
using System.IO;

namespace MlflowScorers.Tests.Support;

/// <summary>Finds files of this repository from the test's output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder that holds MlflowScorers.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlflowScorers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with MlflowScorers.sln) was not found above the test directory.");
    }
}
