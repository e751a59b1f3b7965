using System;
using System.IO;

namespace MlflowScorers.Tests.Databricks;

/// <summary>A <c>.databrickscfg</c> in a fresh temporary home directory, deleted on dispose.</summary>
internal sealed class TempConfigFile : IDisposable
{
    public TempConfigFile(string text)
    {
        Home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlflowscorers-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
        Path = System.IO.Path.Combine(Home, ".databrickscfg");
        File.WriteAllText(Path, text);
    }

    public string Home { get; }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Home, recursive: true);
}
