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

// "--size N" runs one size only, so each size's peak working set can be read from a process of its own.
int[]? one = args.SkipWhile(a => a != "--size").Skip(1).Take(1).Select(int.Parse).ToArray() is [var n] ? [n] : null;

if (args.Contains("--monitor-http"))
{
    var sizes = one ?? (args.Contains("--large") ? new[] { 1_000, 10_000, 100_000 } : [1_000, 10_000]);
    await MlflowScorers.Benchmarks.Monitoring.MonitorHttpThroughputRun.RunAsync(sizes).ConfigureAwait(false);
    return;
}

if (args.Contains("--monitor"))
{
    var sizes = one ?? (args.Contains("--large") ? new[] { 1_000, 10_000, 100_000 } : [1_000, 10_000]);
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
