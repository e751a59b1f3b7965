using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace MlflowScorers.Tests.Support;

/// <summary>Which managed-evals service a <see cref="FakeDatabricksServer"/> imitates.</summary>
public enum FakeDatabricksVersioning
{
    /// <summary>The list alone: entries carry no version, and there are no per-version routes (the spec's Databricks Agents service).</summary>
    Unversioned,

    /// <summary>Entries carry a version; per-version routes under <c>…/experiments/{id}/scorers/{key}/versions</c> (MLflow after August 2026).</summary>
    Versioned,

    /// <summary>As <see cref="Versioned"/>, with the earlier <c>…/scheduledScorers/{key}/versions</c> spelling.</summary>
    VersionedScheduledScorersRoutes,
}

/// <summary>One managed-evals or token request the fake received, with its Authorization header and other Databricks headers.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Body">The body, or an empty string.</param>
/// <param name="Headers">The request headers (first value of each).</param>
public sealed record FakeDatabricksRequest(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The Authorization header, or <see langword="null"/>.</summary>
    public string? Authorization => Headers.GetValueOrDefault("Authorization");
}

/// <summary>
/// A stateful Databricks workspace on WireMock (loopback): the managed-evals scheduled-scorer list with whole-list PATCH and
/// no version check, optional scorer versions and per-version routes, the OAuth token endpoint, and an MLflow 3.11 fake
/// behind it for experiments, experiment tags and traces (the workspace's MLflow REST API). Tests can plant an external
/// writer that replaces the list just before a chosen request, as another process would. Thread-safe.
/// </summary>
public sealed partial class FakeDatabricksServer : IDisposable
{
    private const string ManagedEvals = "/api/2.0/managed-evals/";
    private readonly WireMockServer _server;
    private readonly object _gate = new();
    private readonly List<FakeDatabricksRequest> _requests = [];
    private readonly Dictionary<string, FakeScorerList> _lists = new(StringComparer.Ordinal);
    private long _clock = 1795708529192;

    private FakeDatabricksServer(FakeDatabricksVersioning versioning)
    {
        Versioning = versioning;
        Mlflow = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
        _server = WireMockServer.Start();
        _server.Given(Request.Create().WithPath("/api/2.0/managed-evals/*").UsingAnyMethod()).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(Handle));
        _server.Given(Request.Create().WithPath("/oidc/v1/token").UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(HandleToken));
        _server.Given(Request.Create().WithPath("/*").UsingAnyMethod()).AtPriority(10)
            .RespondWith(Response.Create().WithProxy(Mlflow.Url));
    }

    /// <summary>The imitated service.</summary>
    public FakeDatabricksVersioning Versioning { get; }

    /// <summary>The MLflow fake behind the workspace's MLflow REST routes.</summary>
    public FakeMlflowServer Mlflow { get; }

    /// <summary>The workspace address, for example <c>http://localhost:51234</c>.</summary>
    public string Url => _server.Url!;

    /// <summary>When set, managed-evals requests whose Authorization header it rejects get 401 UNAUTHENTICATED.</summary>
    public Func<string?, bool>? AcceptAuthorization { get; set; }

    /// <summary>How many scorers an experiment's list may hold; the service's documented limit is 20.</summary>
    public int MaxScorers { get; set; } = 20;

    /// <summary>Every managed-evals and token request received so far, in order.</summary>
    public IReadOnlyList<FakeDatabricksRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Starts a fake workspace.</summary>
    public static FakeDatabricksServer Start(FakeDatabricksVersioning versioning = FakeDatabricksVersioning.Versioned) => new(versioning);

    /// <summary>
    /// Another writer, asked before each managed-evals request is answered (under the server's lock, in arrival order): given
    /// the request and a copy of the experiment's list, it returns the list it writes, or <see langword="null"/> to write nothing.
    /// </summary>
    public Func<FakeDatabricksRequest, List<JsonObject>, List<JsonObject>?>? ExternalWriter { get; set; }

    /// <summary>The experiment's list as stored (copies).</summary>
    public List<JsonObject> Entries(string experimentId)
    {
        lock (_gate)
        {
            return _lists.TryGetValue(experimentId, out var list) ? list.Entries.Select(e => e.DeepClone().AsObject()).ToList() : [];
        }
    }

    /// <summary>An entry as another client (Python MLflow) would write it.</summary>
    public static JsonObject Entry(string name, double sampleRate = 0.0, string? payload = null) => new()
    {
        ["name"] = name,
        ["serialized_scorer"] = payload ?? $"{{\"name\": \"{name}\", \"aggregations\": [], \"mlflow_version\": \"3.11.0\", \"serialization_version\": 1, \"builtin_scorer_class\": \"Safety\", \"builtin_scorer_pydantic_data\": {{\"name\": \"{name}\", \"aggregations\": [], \"required_columns\": [\"inputs\", \"outputs\"]}}, \"call_source\": null, \"call_signature\": null, \"original_func_name\": null}}",
        ["builtin"] = new JsonObject { ["name"] = name },
        ["sample_rate"] = sampleRate,
    };

    public void Dispose()
    {
        _server.Dispose();
        Mlflow.Dispose();
    }

    private ResponseMessage Handle(IRequestMessage message)
    {
        var request = Record(message);
        lock (_gate)
        {
            if (AcceptAuthorization is { } accept && !accept(request.Authorization))
            {
                return Error(401, "UNAUTHENTICATED", "Invalid access token.");
            }

            var path = request.Path[ManagedEvals.Length..].Split('/');
            ApplyExternalWrites(request, path);
            try
            {
                return path switch
                {
                    ["scheduled-scorers", var id] => request.Method switch
                    {
                        "GET" => ListResponse(id),
                        "POST" => Write(id, request, create: true),
                        "PATCH" => Write(id, request, create: false),
                        _ => NoEndpoint(request),
                    },
                    ["experiments", var id, var route, var key, "versions"] when Routes(route) && request.Method == "GET" => ListVersions(id, key),
                    ["experiments", var id, var route, var key, "versions", var v] when Routes(route) && int.TryParse(v, out var version) =>
                        request.Method switch
                        {
                            "GET" => GetVersion(id, key, version),
                            "DELETE" => DeleteVersion(id, key, version),
                            _ => NoEndpoint(request),
                        },
                    _ => NoEndpoint(request),
                };
            }
            catch (FakeBadRequest bad)
            {
                return Error(400, "INVALID_PARAMETER_VALUE", bad.Message);
            }
        }
    }

    private FakeDatabricksRequest Record(IRequestMessage message)
    {
        var headers = (message.Headers ?? new Dictionary<string, WireMockList<string>>())
            .ToDictionary(h => h.Key, h => h.Value.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var request = new FakeDatabricksRequest(message.Method, message.Path, message.Body ?? string.Empty, headers);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    private void ApplyExternalWrites(FakeDatabricksRequest request, string[] path)
    {
        if (ExternalWriter is not { } writer || path is not [_, var id, ..])
        {
            return;
        }

        var list = ListOf(id);
        if (writer(request, list.Entries.Select(e => e.DeepClone().AsObject()).ToList()) is { } replaced)
        {
            list.Replace(replaced, ++_clock);
        }
    }

    private bool Routes(string route) => (route, Versioning) switch
    {
        ("scorers", FakeDatabricksVersioning.Versioned) => true,
        ("scheduledScorers", FakeDatabricksVersioning.VersionedScheduledScorersRoutes) => true,
        _ => false,
    };

    private FakeScorerList ListOf(string experimentId)
    {
        if (!_lists.TryGetValue(experimentId, out var list))
        {
            list = new FakeScorerList(Versioning != FakeDatabricksVersioning.Unversioned);
            _lists[experimentId] = list;
        }

        return list;
    }

    private ResponseMessage ListResponse(string experimentId)
    {
        var scorers = new JsonArray([.. ListOf(experimentId).Entries.Select(Wire)]);
        var body = new JsonObject { ["experiment_id"] = experimentId, ["scheduled_scorers"] = new JsonObject() };
        if (scorers.Count > 0)
        {
            body["scheduled_scorers"]!["scorers"] = scorers;
        }

        return Json(200, body);
    }

    private ResponseMessage Write(string experimentId, FakeDatabricksRequest request, bool create)
    {
        var list = ListOf(experimentId);
        if (!create && !list.Created)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"No scheduled scorers found for experiment '{experimentId}'.");
        }

        var body = JsonNode.Parse(request.Body) as JsonObject ?? throw new FakeBadRequest("The body must be a JSON object.");
        if (!create && body["update_mask"]?.GetValue<string>() != "scheduled_scorers.scorers")
        {
            throw new FakeBadRequest("update_mask must be 'scheduled_scorers.scorers'.");
        }

        var entries = (body["scheduled_scorers"]?["scorers"] as JsonArray ?? []).Select(e => e!.DeepClone().AsObject()).ToList();
        if (entries.Count > MaxScorers)
        {
            throw new FakeBadRequest($"An experiment can have at most {MaxScorers} scheduled scorers, got {entries.Count}.");
        }

        var duplicate = entries.GroupBy(e => e["name"]?.GetValue<string>()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FakeBadRequest($"Scheduled scorer names must be unique; '{duplicate.Key}' appears {duplicate.Count()} times.");
        }

        foreach (var entry in entries)
        {
            var rate = entry["sample_rate"]?.GetValue<double>() ?? 0.0;
            if (rate is < 0 or > 1 || entry["name"] is null || entry["serialized_scorer"] is null)
            {
                throw new FakeBadRequest($"Invalid scheduled scorer {entry.ToJsonString()}.");
            }
        }

        list.Replace(entries, ++_clock);
        return ListResponse(experimentId);
    }

    private ResponseMessage ListVersions(string experimentId, string key)
    {
        var versions = ListOf(experimentId).Versions(Name(key));
        if (versions.Count == 0)
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Scheduled scorer '{Name(key)}' not found in experiment '{experimentId}'.");
        }

        return Json(200, new JsonObject { ["scheduled_scorer_versions"] = new JsonArray([.. versions.Select(v => v.ToJson(Name(key)))]) });
    }

    private ResponseMessage GetVersion(string experimentId, string key, int version) =>
        ListOf(experimentId).Versions(Name(key)).FirstOrDefault(v => v.Version == version) is { } found
            ? Json(200, found.ToJson(Name(key)))
            : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Version {version} of scheduled scorer '{Name(key)}' not found in experiment '{experimentId}'.");

    private ResponseMessage DeleteVersion(string experimentId, string key, int version) =>
        ListOf(experimentId).DeleteVersion(Name(key), version)
            ? Json(200, [])
            : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Version {version} of scheduled scorer '{Name(key)}' not found in experiment '{experimentId}'.");

    /// <summary>The wire form of an entry: proto3 JSON leaves a zero sample rate out.</summary>
    private JsonObject Wire(JsonObject entry)
    {
        var wire = entry.DeepClone().AsObject();
        if (wire["sample_rate"]?.GetValue<double>() == 0.0)
        {
            wire.Remove("sample_rate");
        }

        if (Versioning == FakeDatabricksVersioning.Unversioned)
        {
            wire.Remove("version");
        }

        return wire;
    }

    private static string Name(string key)
    {
        var base64 = key.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
    }

    private static ResponseMessage NoEndpoint(FakeDatabricksRequest request) =>
        Error(404, "ENDPOINT_NOT_FOUND", $"No API found for '{request.Method} {request.Path["/api/2.0".Length..]}'");

    private static ResponseMessage Error(int status, string code, string message) =>
        Json(status, new JsonObject { ["error_code"] = code, ["message"] = message });

    private static ResponseMessage Json(int status, JsonObject body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", "application/json");
        return message;
    }

    private sealed class FakeBadRequest(string message) : Exception(message);
}
