using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MlflowScorers.Client;
using MlflowScorers.Serialization;
using MlflowScorers.Transport;

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

    [Benchmark(Baseline = true, Description = "raw GET scorers/get", OperationsPerInvoke = CallBatch.Size)]
    [BenchmarkCategory("get")]
    public Task RawGetCalls() => CallBatch.RunAsync(RawGet);

    [Benchmark(Description = "SDK GetScorerAsync", OperationsPerInvoke = CallBatch.Size)]
    [BenchmarkCategory("get")]
    public Task SdkGetCalls() => CallBatch.RunAsync(SdkGet);

    [Benchmark(Baseline = true, Description = "raw GET scorers/list + experiments/get", OperationsPerInvoke = CallBatch.Size)]
    [BenchmarkCategory("list")]
    public Task RawListCalls() => CallBatch.RunAsync(RawList);

    [Benchmark(Description = "SDK ListScorersAsync", OperationsPerInvoke = CallBatch.Size)]
    [BenchmarkCategory("list")]
    public Task SdkListCalls() => CallBatch.RunAsync(SdkList);

    [Benchmark(Baseline = true, Description = "raw list + experiment + POST register", OperationsPerInvoke = CallBatch.Size)]
    [BenchmarkCategory("register")]
    public Task RawRegisterCalls() => CallBatch.RunAsync(RawRegister);

    [Benchmark(Description = "SDK RegisterAsync", OperationsPerInvoke = CallBatch.Size)]
    [BenchmarkCategory("register")]
    public Task SdkRegisterCalls() => CallBatch.RunAsync(SdkRegister);

    /// <summary>Where the calls go: the loopback server, or an in-memory transport in a derived class.</summary>
    private protected virtual (Uri Address, Func<HttpMessageHandler>? Transport) Target => (LoopbackMlflowServer.Shared.Url, null);

    /// <summary>Creates the raw and SDK clients; the SDK detects the server's capabilities here, once.</summary>
    /// <returns>A task that completes when both clients are ready.</returns>
    public async Task SetupClientsAsync()
    {
        var (address, transport) = Target;

        // The raw client sends the same payload fields and texts as the SDK (in compact rather than Python's spaced form), and
        // writes the payload on every call, as the SDK does.
        _payload = JsonSerializer.Deserialize(
            SerializedScorerCodec.Serialize(new Guidelines(Rule), MlflowResponses.ScorerName),
            BenchJsonContext.Default.GuidelinesPayload)!;
        var options = new MlflowClientOptions
        {
            TrackingUri = address.ToString(),
            ExperimentId = MlflowResponses.ExperimentId,
            ReadEnvironment = false,
        };
        if (transport is null)
        {
            _raw = new HttpClient { BaseAddress = address };
            _sdk = new MlflowClient(options);
        }
        else
        {
            // The SDK's own handler chain over the same transport, as new MlflowClient(options) builds it over sockets.
            _raw = new HttpClient(transport()) { BaseAddress = address };
            var settings = ScorerStoreFactory.TransportSettings(ClientSettings.Resolve(options), address);
            _sdk = new MlflowClient(MlflowHttpPipeline.CreateHttpClient(settings, transport()), options);
        }

        await _sdk.GetBackendInfoAsync().ConfigureAwait(false); // capability detection happens once per client, not per call
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _sdk.DisposeAsync().ConfigureAwait(false);
        _raw.Dispose();
    }

    public async Task<string?> RawGet()
    {
        using var doc = await GetJsonAsync($"api/3.0/mlflow/scorers/get?experiment_id=1&name={MlflowResponses.ScorerName}").ConfigureAwait(false);
        var scorer = doc.RootElement.GetProperty("scorer");
        using var payload = JsonDocument.Parse(scorer.GetProperty("serialized_scorer").GetString()!);
        return payload.RootElement.GetProperty("builtin_scorer_class").GetString();
    }

    public async Task<string> SdkGet() => (await _sdk.GetScorerAsync(MlflowResponses.ScorerName).ConfigureAwait(false)).Name;

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

    public async Task<int> SdkList() => await _sdk.ListScorersAsync().CountAsync().ConfigureAwait(false);

    public async Task<int> RawRegister()
    {
        // The same checks as the SDK: at most 20 scorers, counting the registry and the experiment's tags, unless the name is
        // already registered (a new version).
        var (list, experiment) = await GetListAndExperimentAsync().ConfigureAwait(false);
        using (list)
        using (experiment)
        {
            var names = 0;
            var exists = false;
            if (list.RootElement.TryGetProperty("scorers", out var scorers))
            {
                foreach (var scorer in scorers.EnumerateArray())
                {
                    names++;
                    exists |= scorer.GetProperty("scorer_name").ValueEquals(MlflowResponses.ScorerName);
                }
            }

            if (experiment.RootElement.GetProperty("experiment").TryGetProperty("tags", out var tags))
            {
                foreach (var tag in tags.EnumerateArray())
                {
                    names += tag.GetProperty("key").GetString()!.StartsWith(HostedScorerRegistration.TagPrefix, StringComparison.Ordinal) ? 1 : 0;
                }
            }

            if (!exists && names >= 20)
            {
                throw new InvalidOperationException("The experiment already has 20 scorers.");
            }
        }

        using var response = await _raw.PostAsJsonAsync(
            "api/3.0/mlflow/scorers/register",
            new RegisterBody("1", MlflowResponses.ScorerName, JsonSerializer.Serialize(_payload with { Name = MlflowResponses.ScorerName }, BenchJsonContext.Default.GuidelinesPayload)),
            BenchJsonContext.Default.RegisterBody).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        return doc.RootElement.GetProperty("version").GetInt32();
    }

    public async Task<int?> SdkRegister() =>
        (await _sdk.RegisterAsync(new Guidelines(Rule), name: MlflowResponses.ScorerName).ConfigureAwait(false)).Version;

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
