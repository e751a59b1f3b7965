using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Short runs keep the whole suite within a few minutes on a 2-core machine; ratios are what BENCHMARKS.md reports.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("short"));
BenchmarkSwitcher.FromAssembly(typeof(MlflowScorers.Benchmarks.LifecycleOverheadBenchmarks).Assembly).Run(args, config);
