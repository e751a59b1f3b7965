using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Cli.Hosting;

namespace MlflowScorers.Cli.Tests.Support;

/// <summary>Runs <c>mlflow-scorers</c> command lines in-process against one tracking URI, with captured output.</summary>
public sealed class CliHarness
{
    private readonly Action<MlflowClientOptions>? _configure;

    /// <summary>Creates a harness for a tracking URI (a temp SQLite file or a loopback WireMock server).</summary>
    /// <param name="trackingUri">The tracking URI.</param>
    /// <param name="configure">Further client options, for example a Databricks host and token for <c>databricks</c>.</param>
    public CliHarness(string trackingUri, Action<MlflowClientOptions>? configure = null)
    {
        TrackingUri = trackingUri;
        _configure = configure;
    }

    /// <summary>The tracking URI every run gets through <c>--tracking-uri</c>.</summary>
    public string TrackingUri { get; }

    /// <summary>Runs without a terminal (as in a script or CI).</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunCoreAsync(args, interactive: false, input: string.Empty);

    /// <summary>Runs as if a person were at a terminal who types <paramref name="input"/>.</summary>
    public Task<CliRun> RunInteractiveAsync(string input, params string[] args) => RunCoreAsync(args, interactive: true, input);

    private async Task<CliRun> RunCoreAsync(string[] args, bool interactive, string input)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var terminal = new CliTerminal(output, error, reader, interactive);
        IReadOnlyList<string> all = args.Length > 0 && args[0].StartsWith('[') ? args : ["--tracking-uri", TrackingUri, .. args];
        var exit = await CliApplication.RunAsync(all, terminal, CancellationToken.None, o =>
        {
            o.Retry.MaxRetries = 0;
            _configure?.Invoke(o);
        });
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary SQLite tracking store, deleted at dispose.</summary>
public sealed class TempStore : IDisposable
{
    /// <summary>Creates an empty folder for the database.</summary>
    public TempStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mlflow-scorers-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        TrackingUri = "sqlite:///" + Path.Combine(Folder, "mlflow.db");
    }

    /// <summary>The folder (also for dataset and report files).</summary>
    public string Folder { get; }

    /// <summary>The tracking URI of the database.</summary>
    public string TrackingUri { get; }

    /// <summary>A path inside the folder.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <inheritdoc />
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
