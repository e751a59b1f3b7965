using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MlflowScorers.Client;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Stores.MlflowServer.Wire;
using MlflowScorers.Transport;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// Where the SDK's per-request cost lies: the same <c>GET scorers/get</c> exchange, first raw, then through each layer the SDK
/// adds in turn (the handler chain, the REST client's typed parse, the store's mapping). The whole call is
/// <see cref="LifecycleOverheadBenchmarks.SdkGet"/>.
/// </summary>
[MemoryDiagnoser]
public class PipelineLayerBenchmarks
{
    private const string Path = "api/3.0/mlflow/scorers/get";
    private const string Query = "?experiment_id=1&name=" + MlflowResponses.ScorerName;

    private HttpClient _raw = null!;
    private HttpClient _pipeline = null!;
    private MlflowRestClient _rest = null!;
    private MlflowServerStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await ProcessWarmup.RunOnceAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var server = LoopbackMlflowServer.Shared;
        _raw = new HttpClient { BaseAddress = server.Url };
        var options = new MlflowClientOptions { TrackingUri = server.Url.ToString(), ReadEnvironment = false };
        _pipeline = MlflowHttpPipeline.CreateHttpClient(ScorerStoreFactory.TransportSettings(ClientSettings.Resolve(options), server.Url));
        _pipeline.BaseAddress = server.Url;
        _rest = new MlflowRestClient(_pipeline, server.Url);
        _store = new MlflowServerStore(_rest);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient + JsonDocument", OperationsPerInvoke = CallBatch.Size)]
    public Task Raw() => CallBatch.RunAsync(() => GetDocumentAsync(_raw));

    [Benchmark(Description = "+ SDK handlers (User-Agent, retry, attempt timer)", OperationsPerInvoke = CallBatch.Size)]
    public Task Handlers() => CallBatch.RunAsync(() => GetDocumentAsync(_pipeline));

    [Benchmark(Description = "+ REST client (typed parse)", OperationsPerInvoke = CallBatch.Size)]
    public Task RestClient() => CallBatch.RunAsync(RestClientOnceAsync);

    [Benchmark(Description = "+ store (mapping)", OperationsPerInvoke = CallBatch.Size)]
    public Task Store() => CallBatch.RunAsync(StoreOnceAsync);

    private async Task<int> RestClientOnceAsync() =>
        (await _rest.GetAsync(Path, [new("experiment_id", "1"), new("name", MlflowResponses.ScorerName)], MlflowServerJsonContext.Default.GetScorerResponse, CancellationToken.None)
            .ConfigureAwait(false)).Scorer!.SerializedScorer!.Length;

    private async Task<int> StoreOnceAsync() =>
        (await _store.GetScorerAsync("1", MlflowResponses.ScorerName, null, CancellationToken.None).ConfigureAwait(false)).SerializedScorer.Length;

    private static async Task<int> GetDocumentAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri(Path + Query, UriKind.Relative)).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
        // The same fields the typed parse reads, the payload text included.
        var scorer = doc.RootElement.GetProperty("scorer");
        return scorer.GetProperty("scorer_version").GetInt32() + scorer.GetProperty("serialized_scorer").GetString()!.Length
            + scorer.GetProperty("scorer_name").GetString()!.Length + scorer.GetProperty("scorer_id").GetString()!.Length;
    }
}
