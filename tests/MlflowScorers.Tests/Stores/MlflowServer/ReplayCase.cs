using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>
/// The store call that should reproduce a captured request, and the check of what the store made of the captured response.
/// Only requests the SDK would send are replayed: curl probes with wrong types, missing fields or other routes are not.
/// </summary>
internal sealed record ReplayCase(
    CapturedExchange Exchange,
    Func<IScorerStore, Task<object?>> Invoke,
    Action<object?, JsonNode> CheckSuccess)
{
    private const string Scorers = "/api/3.0/mlflow/scorers/";
    private const string Experiments = "/api/2.0/mlflow/experiments/";

    public override string ToString() => Exchange.ToString();

    public static ReplayCase? TryCreate(CapturedExchange ex)
    {
        var body = ParseObject(ex.RequestBody);
        var ct = CancellationToken.None;
        return (ex.Method, ex.Path) switch
        {
            ("POST", Scorers + "register") when Fields(body, ["experiment_id", "name", "serialized_scorer"], []) is { } f =>
                new(ex, async s => await s.RegisterScorerAsync(f["experiment_id"], f["name"], f["serialized_scorer"], ct), CheckRegistered),
            ("GET", Scorers + "list") when QueryOnly(ex, ["experiment_id"]) =>
                new(ex, async s => await s.ListScorersAsync(ex.QueryValue("experiment_id")!, ct), CheckList),
            ("GET", Scorers + "versions") when QueryOnly(ex, ["experiment_id", "name"]) =>
                new(ex, async s => await s.ListScorerVersionsAsync(ex.QueryValue("experiment_id")!, ex.QueryValue("name")!, ct), CheckList),
            ("GET", Scorers + "get") when QueryOnly(ex, ["experiment_id", "name"], ["version"]) =>
                new(ex, async s => await s.GetScorerAsync(
                    ex.QueryValue("experiment_id")!, ex.QueryValue("name")!, ex.QueryValue("version") is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null, ct),
                    (result, json) => CheckScorer((StoredScorerVersion)result!, json["scorer"]!)),
            ("DELETE", Scorers + "delete") when ex.Query.Count == 0 && Fields(body, ["experiment_id", "name"], ["version"]) is { } f =>
                new(ex, async s =>
                {
                    await s.DeleteScorerAsync(f["experiment_id"], f["name"], f.TryGetValue("version", out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null, ct);
                    return null;
                }, (_, _) => { }),
            ("PUT", Scorers + "online-config") when Fields(body, ["experiment_id", "name", "sample_rate"], ["filter_string"]) is { } f =>
                new(ex, async s => await s.SetSamplingAsync(
                    f["experiment_id"], f["name"], new StoredSampling(double.Parse(f["sample_rate"], System.Globalization.CultureInfo.InvariantCulture), f.GetValueOrDefault("filter_string")), ct),
                    (result, json) => CheckSampling((StoredSampling)result!, json["config"]!)),
            ("GET", Scorers + "online-configs") when ex.Query.Count > 0 && ex.Query.All(kv => kv.Key == "scorer_ids") =>
                new(ex, async s => await s.GetSamplingAsync("1", ex.Query.Select(kv => Stub(kv.Value)).ToList(), ct), CheckConfigs),
            ("GET", Experiments + "get") when QueryOnly(ex, ["experiment_id"]) =>
                new(ex, async s => await s.GetExperimentAsync(ex.QueryValue("experiment_id")!, ct),
                    (result, json) => CheckExperiment((Experiment)result!, json["experiment"]!)),
            ("GET", Experiments + "get-by-name") when QueryOnly(ex, ["experiment_name"]) =>
                new(ex, async s => await s.GetExperimentByNameAsync(ex.QueryValue("experiment_name")!, ct),
                    (result, json) => CheckExperiment((Experiment)result!, json["experiment"]!)),
            ("POST", Experiments + "create") when Fields(body, ["name"], []) is { } f =>
                new(ex, async s => await s.CreateExperimentAsync(f["name"], ct),
                    (result, json) => result.Should().Be((string)json["experiment_id"]!)),
            ("POST", Experiments + "set-experiment-tag") when Fields(body, ["experiment_id", "key", "value"], []) is { } f =>
                new(ex, async s =>
                {
                    await s.SetExperimentTagAsync(f["experiment_id"], f["key"], f["value"], ct);
                    return null;
                }, (_, _) => { }),
            ("POST", Experiments + "delete-experiment-tag") when Fields(body, ["experiment_id", "key"], []) is { } f =>
                new(ex, async s =>
                {
                    await s.DeleteExperimentTagAsync(f["experiment_id"], f["key"], ct);
                    return null;
                }, (_, _) => { }),
            _ => null,
        };
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static StoredScorerVersion Stub(string scorerId) => new("1", "name-of-" + scorerId, 1, "{}", scorerId, null);

    /// <summary>The body's fields as text when it has exactly the required ones (plus optional ones) with the types the SDK sends.</summary>
    private static Dictionary<string, string>? Fields(JsonObject? body, string[] required, string[] optional)
    {
        if (body is null || !required.All(body.ContainsKey) || !body.All(kv => required.Contains(kv.Key) || optional.Contains(kv.Key)))
        {
            return null;
        }

        var result = new Dictionary<string, string>();
        foreach (var (key, value) in body)
        {
            var kind = value?.GetValueKind();
            var expected = key is "sample_rate" or "version" ? JsonValueKind.Number : JsonValueKind.String;
            if (kind != expected)
            {
                return null;
            }

            result[key] = kind == JsonValueKind.String ? value!.GetValue<string>() : value!.ToJsonString();
        }

        return result;
    }

    private static bool QueryOnly(CapturedExchange ex, string[] required, string[]? optional = null) =>
        string.IsNullOrEmpty(ex.RequestBody)
        && required.All(key => ex.Query.Count(kv => kv.Key == key) == 1)
        && ex.Query.All(kv => required.Contains(kv.Key) || (optional ?? []).Contains(kv.Key));

    private static void CheckRegistered(object? result, JsonNode json)
    {
        var stored = (StoredScorerVersion)result!;
        stored.Version.Should().Be((int)json["version"]!);
        stored.ScorerId.Should().Be((string?)json["scorer_id"]);
        stored.ExperimentId.Should().Be((string?)json["experiment_id"]);
        stored.Name.Should().Be((string?)json["name"]);
        stored.SerializedScorer.Should().Be((string?)json["serialized_scorer"]);
        stored.CreationTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds((long)json["creation_time"]!));
    }

    /// <summary>A list exchange replayed through the names-only read that a registration's checks use.</summary>
    public static ReplayCase? TryCreateNameList(CapturedExchange ex) =>
        ex.Method == "GET" && ex.Path == Scorers + "list" && QueryOnly(ex, ["experiment_id"])
            ? new(ex, async s => await s.ListScorerNamesAsync(ex.QueryValue("experiment_id")!, CancellationToken.None), CheckNames)
            : null;

    private static void CheckNames(object? result, JsonNode json) =>
        ((IReadOnlyList<string>)result!).Should().Equal((json["scorers"]?.AsArray() ?? []).Select(s => (string)s!["scorer_name"]!));

    private static void CheckList(object? result, JsonNode json)
    {
        var stored = (IReadOnlyList<StoredScorerVersion>)result!;
        var expected = json["scorers"]?.AsArray() ?? [];
        stored.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            CheckScorer(stored[i], expected[i]!);
        }
    }

    private static void CheckScorer(StoredScorerVersion stored, JsonNode json)
    {
        stored.ExperimentId.Should().Be(json["experiment_id"]!.ToJsonString().Trim('"'));
        stored.Name.Should().Be((string?)json["scorer_name"]);
        stored.Version.Should().Be((int)json["scorer_version"]!);
        stored.SerializedScorer.Should().Be((string?)json["serialized_scorer"]);
        stored.ScorerId.Should().Be((string?)json["scorer_id"]);
        stored.CreationTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds((long)json["creation_time"]!));
    }

    private static void CheckSampling(StoredSampling stored, JsonNode json)
    {
        stored.SampleRate.Should().Be((double)json["sample_rate"]!);
        stored.FilterString.Should().Be((string?)json["filter_string"]);
    }

    private static void CheckConfigs(object? result, JsonNode json)
    {
        var stored = (IReadOnlyDictionary<string, StoredSampling>)result!;
        var configs = json["configs"]!.AsArray();
        stored.Should().HaveCount(configs.Count);
        foreach (var config in configs)
        {
            CheckSampling(stored["name-of-" + (string)config!["scorer_id"]!], config);
        }
    }

    private static void CheckExperiment(Experiment experiment, JsonNode json)
    {
        experiment.ExperimentId.Should().Be((string?)json["experiment_id"]);
        experiment.Name.Should().Be((string?)json["name"]);
        experiment.ArtifactLocation.Should().Be((string?)json["artifact_location"]);
        experiment.LifecycleStage.Should().Be((string?)json["lifecycle_stage"]);
        experiment.CreationTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds((long)json["creation_time"]!));
        var tags = json["tags"]?.AsArray() ?? [];
        experiment.Tags.Should().HaveCount(tags.Count);
        foreach (var tag in tags)
        {
            experiment.Tags[(string)tag!["key"]!].Should().Be((string?)tag["value"]);
        }
    }
}
