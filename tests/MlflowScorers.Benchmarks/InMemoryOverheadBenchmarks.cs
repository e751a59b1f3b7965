using System;
using System.Net.Http;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// The same pairs as <see cref="LifecycleOverheadBenchmarks"/> over <see cref="CannedMlflowHandler"/> instead of the loopback
/// server: with no network and no server in the measurement, the ratio is the SDK's CPU against the raw client's CPU.
/// </summary>
public class InMemoryOverheadBenchmarks : LifecycleOverheadBenchmarks
{
    private static readonly Uri s_address = new("http://127.0.0.1:5000/");

    private protected override (Uri Address, Func<HttpMessageHandler>? Transport) Target => (s_address, () => new CannedMlflowHandler());
}
