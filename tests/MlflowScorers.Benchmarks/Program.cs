using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args.Contains("--search"))
{
    await MlflowScorers.Benchmarks.Search.SearchScaleRun.RunAsync().ConfigureAwait(false);
    return;
}

if (args.Contains("--monitor-http-server"))
{
    await MlflowScorers.Benchmarks.Monitoring.MonitorHttpServer.RunAsync().ConfigureAwait(false);
    return;
}

if (args.Contains("--monitor-http"))
{
    var sizes = args.Contains("--large") ? new[] { 1_000, 10_000, 100_000 } : [1_000, 10_000];
    await MlflowScorers.Benchmarks.Monitoring.MonitorHttpThroughputRun.RunAsync(sizes).ConfigureAwait(false);
    return;
}

if (args.Contains("--monitor"))
{
    var sizes = args.Contains("--large") ? new[] { 1_000, 10_000, 100_000 } : [1_000, 10_000];
    await MlflowScorers.Benchmarks.Monitoring.MonitorThroughputRun.RunAsync(sizes).ConfigureAwait(false);
    return;
}

if (args.Contains("--paired"))
{
    await MlflowScorers.Benchmarks.PairedRun.RunAsync().ConfigureAwait(false);
    return;
}

// In-process runs with a fixed number of iterations keep the suite to a few minutes on a 2-core machine; BENCHMARKS.md reports
// the SDK-to-raw ratios, which are measured in the same process and run.
var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(30).WithId("inprocess");
BenchmarkSwitcher.FromAssembly(typeof(MlflowScorers.Benchmarks.LifecycleOverheadBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddJob(job));
