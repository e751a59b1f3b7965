using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// The SDK's cost per lifecycle call against a hand-written HttpClient + System.Text.Json client that makes the same HTTP
/// exchanges with the same loopback server, in the same run. Each pair shares a category; the raw call is the baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LifecycleOverheadBenchmarks
{
    private const string Rule = "The response must be polite.";

    private HttpClient _raw = null!;
    private GuidelinesPayload _payload = null!;
    private MlflowClient _sdk = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await ProcessWarmup.RunOnceAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await SetupClientsAsync().ConfigureAwait(false);
    }

    /// <summary>Creates the raw and SDK clients; the SDK detects the server's capabilities here, once.</summary>
    /// <returns>A task that completes when both clients are ready.</returns>
    public async Task SetupClientsAsync()
    {
        var server = LoopbackMlflowServer.Shared;

        // The raw client sends the same payload fields and texts as the SDK (in compact rather than Python's spaced form), and
        // writes the payload on every call, as the SDK does.
        _payload = JsonSerializer.Deserialize(
            MlflowScorers.Serialization.SerializedScorerCodec.Serialize(new Guidelines(Rule), LoopbackMlflowServer.ScorerName),
            BenchJsonContext.Default.GuidelinesPayload)!;
        _raw = new HttpClient { BaseAddress = server.Url };
        _sdk = new MlflowClient(new MlflowClientOptions
        {
            TrackingUri = server.Url.ToString(),
            ExperimentId = LoopbackMlflowServer.ExperimentId,
            ReadEnvironment = false,
        });
        await _sdk.GetBackendInfoAsync().ConfigureAwait(false); // capability detection happens once per client, not per call
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _sdk.DisposeAsync().ConfigureAwait(false);
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw GET scorers/get")]
    [BenchmarkCategory("get")]
    public async Task<string?> RawGet()
    {
        using var doc = await GetJsonAsync($"api/3.0/mlflow/scorers/get?experiment_id=1&name={LoopbackMlflowServer.ScorerName}").ConfigureAwait(false);
        var scorer = doc.RootElement.GetProperty("scorer");
        using var payload = JsonDocument.Parse(scorer.GetProperty("serialized_scorer").GetString()!);
        return payload.RootElement.GetProperty("builtin_scorer_class").GetString();
    }

    [Benchmark(Description = "SDK GetScorerAsync")]
    [BenchmarkCategory("get")]
    public async Task<string> SdkGet() => (await _sdk.GetScorerAsync(LoopbackMlflowServer.ScorerName).ConfigureAwait(false)).Name;

    [Benchmark(Baseline = true, Description = "raw GET scorers/list + experiments/get")]
    [BenchmarkCategory("list")]
    public async Task<int> RawList()
    {
        // The SDK reads the registry and the experiment concurrently; a careful hand-written client would too.
        var (list, experiment) = await GetListAndExperimentAsync().ConfigureAwait(false);
        using var listDisposer = list;
        using var experimentDisposer = experiment;
        var count = 0;
        foreach (var scorer in list.RootElement.GetProperty("scorers").EnumerateArray())
        {
            using var payload = JsonDocument.Parse(scorer.GetProperty("serialized_scorer").GetString()!);
            count += payload.RootElement.GetProperty("name").GetString() is null ? 0 : 1;
        }

        return count + (experiment.RootElement.TryGetProperty("experiment", out _) ? 0 : 1);
    }

    [Benchmark(Description = "SDK ListScorersAsync")]
    [BenchmarkCategory("list")]
    public async Task<int> SdkList() => await _sdk.ListScorersAsync().CountAsync().ConfigureAwait(false);

    [Benchmark(Baseline = true, Description = "raw list + experiment + POST register")]
    [BenchmarkCategory("register")]
    public async Task<int> RawRegister()
    {
        var (list, experiment) = await GetListAndExperimentAsync().ConfigureAwait(false);
        list.Dispose();
        experiment.Dispose();
        using var response = await _raw.PostAsJsonAsync(
            "api/3.0/mlflow/scorers/register",
            new RegisterBody("1", LoopbackMlflowServer.ScorerName, JsonSerializer.Serialize(_payload with { Name = LoopbackMlflowServer.ScorerName }, BenchJsonContext.Default.GuidelinesPayload)),
            BenchJsonContext.Default.RegisterBody).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        return doc.RootElement.GetProperty("version").GetInt32();
    }

    [Benchmark(Description = "SDK RegisterAsync")]
    [BenchmarkCategory("register")]
    public async Task<int?> SdkRegister() =>
        (await _sdk.RegisterAsync(new Guidelines(Rule), name: LoopbackMlflowServer.ScorerName).ConfigureAwait(false)).Version;

    private async Task<(JsonDocument List, JsonDocument Experiment)> GetListAndExperimentAsync()
    {
        var list = GetJsonAsync("api/3.0/mlflow/scorers/list?experiment_id=1");
        var experiment = GetJsonAsync("api/2.0/mlflow/experiments/get?experiment_id=1");
        await Task.WhenAll(list, experiment).ConfigureAwait(false);
        return (await list.ConfigureAwait(false), await experiment.ConfigureAwait(false));
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await _raw.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }
}
