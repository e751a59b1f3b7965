using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace MlflowScorers.Tests.Support;

/// <summary>Which real MLflow server a <see cref="FakeMlflowServer"/> imitates.</summary>
public enum FakeServerVersion
{
    /// <summary>3.6.1.dev0: no online-scoring routes (HTML 404), error bodies with only error_code and message, no register checks.</summary>
    Mlflow36,

    /// <summary>3.11.2.dev0: online-config routes with their validation, register checks, sqlstate and error_class in errors.</summary>
    Mlflow311,
}

/// <summary>One request the fake server received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query string, as sent.</param>
/// <param name="Body">The body, or an empty string.</param>
public sealed record FakeRequest(string Method, string PathAndQuery, string Body)
{
    /// <summary>The request headers (first value of each, names case-insensitive); not part of equality.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The Authorization header, or <see langword="null"/>.</summary>
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    /// <summary>Equal when method, path and query, and body are equal; the headers are not compared.</summary>
    /// <param name="other">The other request.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(FakeRequest? other) =>
        other is not null && Method == other.Method && PathAndQuery == other.PathAndQuery && Body == other.Body;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, PathAndQuery, Body);
}

/// <summary>
/// A stateful MLflow tracking server on WireMock that answers the experiment, experiment-tag, scorer, online-config, trace
/// and assessment endpoints (and on 3.11 the scorer job routes) with the shapes, statuses and messages captured from real 3.6
/// and 3.11 servers (tests/fixtures).
/// Anything else gets Flask's HTML 404 page. Thread-safe.
/// </summary>
public sealed partial class FakeMlflowServer : IDisposable
{
    private const string MissingSuffix = "See the API docs for more information about request parameters.";
    private const long StartMillis = 1795708529192;

    private readonly WireMockServer _server;
    private readonly object _gate = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly HashSet<string> _gatewayEndpoints;
    private readonly Dictionary<string, FakeExperiment> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeOnlineConfig> _configs = new(StringComparer.Ordinal);
    private int _nextExperimentId = 1;
    private long _clock = StartMillis;

    private FakeMlflowServer(FakeServerVersion version, IEnumerable<string> gatewayEndpoints)
    {
        Version = version;
        _gatewayEndpoints = gatewayEndpoints.ToHashSet(StringComparer.Ordinal);
        _experiments["0"] = new FakeExperiment("0", "Default", StartMillis);
        _server = WireMockServer.Start();
        _server.Given(Request.Create().WithPath("/*").UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(request => Handle(request)));
    }

    /// <summary>The imitated version.</summary>
    public FakeServerVersion Version { get; }

    /// <summary>The server's address, for example <c>http://localhost:51234</c>.</summary>
    public string Url => _server.Url!;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    private string VersionText => Version == FakeServerVersion.Mlflow36 ? "3.6.1.dev0" : "3.11.2.dev0";

    private bool Is311 => Version == FakeServerVersion.Mlflow311;

    /// <summary>Starts a fake server with the experiment "Default" (id 0).</summary>
    /// <param name="version">The server to imitate.</param>
    /// <param name="gatewayEndpoints">The AI-gateway endpoint names that exist (3.11 checks <c>gateway:/name</c> models at register); default <c>fake-judge</c>.</param>
    public static FakeMlflowServer Start(FakeServerVersion version, IEnumerable<string>? gatewayEndpoints = null) =>
        new(version, gatewayEndpoints ?? ["fake-judge"]);

    public void Dispose() => _server.Dispose();

    private IResponseMessage Handle(IRequestMessage request)
    {
        var body = request.Body ?? string.Empty;
        var pathAndQuery = new Uri(request.AbsoluteUrl).PathAndQuery;
        lock (_gate)
        {
            _requests.Add(new FakeRequest(request.Method, pathAndQuery, body)
            {
                Headers = (request.Headers ?? new Dictionary<string, WireMockList<string>>())
                    .ToDictionary(h => h.Key, h => h.Value.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase),
            });
            if (request.Path == OtlpTracesPath)
            {
                return IngestOtlp(request);
            }

            var path = request.Path.StartsWith("/ajax-api/", StringComparison.Ordinal) ? "/api/" + request.Path["/ajax-api/".Length..] : request.Path;
            var call = new Call(request.Method, path, request.Query, body);
            try
            {
                var fault = TakeFault(request.Method, path);
                if (fault is { AfterHandling: false })
                {
                    return fault.Response(this);
                }

                var response = Route(call);
                return fault is null ? response : fault.Response(this);
            }
            catch (FakeError error)
            {
                return error.Response;
            }
            catch (MissingParameterException missing)
            {
                return Error(400, "INVALID_PARAMETER_VALUE", $"Missing value for required parameter '{missing.Parameter}'. {MissingSuffix}").Response;
            }
        }
    }

    private ResponseMessage Route(Call call)
    {
        (string[] Methods, Func<Call, ResponseMessage> Handler)? route = call.Path switch
        {
            "/version" => (["GET"], _ => Text(VersionText)),
            "/health" => (["GET"], _ => Text("OK")),
            var runs when RunRoute(runs) is { } run => run,
            "/api/2.0/mlflow/experiments/create" => (["POST"], CreateExperiment),
            "/api/2.0/mlflow/experiments/get" => (["GET"], GetExperiment),
            "/api/2.0/mlflow/experiments/get-by-name" => (["GET"], GetExperimentByName),
            "/api/2.0/mlflow/experiments/set-experiment-tag" => (["POST"], SetExperimentTag),
            "/api/2.0/mlflow/experiments/delete-experiment-tag" => (["POST"], DeleteExperimentTag),
            "/api/3.0/mlflow/scorers/register" => (["POST"], RegisterScorer),
            "/api/3.0/mlflow/scorers/list" => (["GET"], ListScorers),
            "/api/3.0/mlflow/scorers/versions" => (["GET"], ListScorerVersions),
            "/api/3.0/mlflow/scorers/get" => (["GET"], GetScorer),
            "/api/3.0/mlflow/scorers/delete" => (["DELETE"], DeleteScorer),
            "/api/3.0/mlflow/scorers/online-config" when Is311 => (["PUT"], PutOnlineConfig),
            "/api/3.0/mlflow/scorers/online-configs" when Is311 => (["GET"], GetOnlineConfigs),
            "/api/3.0/mlflow/scorer/invoke" when Is311 => (["POST"], InvokeScorer),
            var jobs when Is311 && jobs.StartsWith("/api/3.0/mlflow/jobs/", StringComparison.Ordinal) =>
                (["GET"], _ => GetJob(jobs["/api/3.0/mlflow/jobs/".Length..])),
            _ => TraceRoute(call.Path),
        };

        if (route is not { } found)
        {
            return Html(404, "404 Not Found", "Not Found",
                "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.");
        }

        if (!found.Methods.Contains(call.Method, StringComparer.OrdinalIgnoreCase))
        {
            var response = Html(405, "405 Method Not Allowed", "Method Not Allowed", "The method is not allowed for the requested URL.");
            response.AddHeader("Allow", string.Join(", ", found.Methods.Prepend("OPTIONS").Order(StringComparer.Ordinal)));
            return response;
        }

        return found.Handler(call);
    }

    // ---- experiments ----

    private ResponseMessage CreateExperiment(Call call)
    {
        var name = call.RequiredString("name");
        if (_experiments.Values.Any(e => e.Name == name))
        {
            throw Error(400, "RESOURCE_ALREADY_EXISTS",
                $"Experiment(name={name}) already exists. Error: (sqlite3.IntegrityError) UNIQUE constraint failed: experiments.name");
        }

        var id = (_nextExperimentId++).ToString(CultureInfo.InvariantCulture);
        _experiments[id] = new FakeExperiment(id, name, Tick());
        return Json(200, new JsonObject { ["experiment_id"] = id });
    }

    private ResponseMessage GetExperiment(Call call) =>
        Json(200, new JsonObject { ["experiment"] = Experiment(call.RequiredQuery("experiment_id")).ToJson() });

    private ResponseMessage GetExperimentByName(Call call)
    {
        var name = call.RequiredQuery("experiment_name");
        var experiment = _experiments.Values.FirstOrDefault(e => e.Name == name)
            ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");
        return Json(200, new JsonObject { ["experiment"] = experiment.ToJson() });
    }

    private ResponseMessage SetExperimentTag(Call call)
    {
        var experiment = Experiment(call.RequiredString("experiment_id"));
        experiment.Tags[call.RequiredString("key")] = call.Body?["value"]?.GetValue<string>() ?? string.Empty;
        return Json(200, []);
    }

    private ResponseMessage DeleteExperimentTag(Call call)
    {
        Experiment(call.RequiredString("experiment_id")).Tags.Remove(call.RequiredString("key"));
        return Json(200, []);
    }

    // ---- scorers ----

    private ResponseMessage RegisterScorer(Call call)
    {
        var experimentId = call.RequiredString("experiment_id");
        var name = call.RequiredString("name");
        var serialized = call.RequiredString("serialized_scorer");
        if (Is311 && string.IsNullOrWhiteSpace(name))
        {
            throw Error(400, "INVALID_PARAMETER_VALUE", "Scorer name cannot be empty or contain only whitespace.");
        }

        var experiment = Experiment(experimentId);
        if (Is311)
        {
            ValidatePayload(serialized);
        }

        if (!experiment.Scorers.TryGetValue(name, out var scorer))
        {
            scorer = new FakeScorer(Guid.NewGuid().ToString("D"));
            experiment.Scorers[name] = scorer;
        }

        var version = scorer.Versions.Count == 0 ? 1 : scorer.Versions.Max(v => v.Version) + 1;
        var created = new FakeScorerVersion(version, serialized, Tick());
        scorer.Versions.Add(created);
        return Json(200, new JsonObject
        {
            ["version"] = version,
            ["scorer_id"] = scorer.ScorerId,
            ["experiment_id"] = experimentId,
            ["name"] = name,
            ["serialized_scorer"] = serialized,
            ["creation_time"] = created.CreationTime,
        });
    }

    private void ValidatePayload(string serialized)
    {
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(serialized) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw Error(400, "INVALID_PARAMETER_VALUE", "serialized_scorer must be valid JSON");
        }

        if (payload["call_source"] is not null)
        {
            throw Error(400, "INVALID_PARAMETER_VALUE",
                "Custom scorer registration (using @scorer decorator) is not supported outside of Databricks tracking environments " +
                "due to security concerns. Custom scorers require arbitrary code execution during deserialization.\n\n" +
                "To use custom scorers:\n1. Configure MLflow to use a Databricks tracking URI, or\n" +
                "2. Manage your custom scorer code in a source code repository (e.g., GitHub) and import it directly, or\n" +
                "3. Use built-in scorers or make_judge() scorers instead.");
        }

        if (Model(payload) is { } model && model.StartsWith("gateway:/", StringComparison.Ordinal)
            && !_gatewayEndpoints.Contains(model["gateway:/".Length..]))
        {
            throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"GatewayEndpoint not found (name='{model["gateway:/".Length..]}')");
        }
    }

    private ResponseMessage ListScorers(Call call)
    {
        var experimentId = call.RequiredQuery("experiment_id");
        var latest = Experiment(experimentId).Scorers
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => ScorerJson(experimentId, kv.Key, kv.Value, kv.Value.Versions.MaxBy(v => v.Version)!));
        return ScorerList(latest);
    }

    private ResponseMessage ListScorerVersions(Call call)
    {
        var experimentId = call.RequiredQuery("experiment_id");
        var name = call.RequiredQuery("name");
        var scorer = Scorer(experimentId, name);
        return ScorerList(scorer.Versions.OrderBy(v => v.Version).Select(v => ScorerJson(experimentId, name, scorer, v)));
    }

    private ResponseMessage GetScorer(Call call)
    {
        var experimentId = call.RequiredQuery("experiment_id");
        var name = call.RequiredQuery("name");
        var scorer = Scorer(experimentId, name);
        var version = call.Query("version") is { Length: > 0 } text
            ? scorer.Versions.FirstOrDefault(v => v.Version.ToString(CultureInfo.InvariantCulture) == text)
              ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Scorer with name '{name}' and version {text} not found for experiment {experimentId}.")
            : scorer.Versions.MaxBy(v => v.Version)!;
        return Json(200, new JsonObject { ["scorer"] = ScorerJson(experimentId, name, scorer, version) });
    }

    private ResponseMessage DeleteScorer(Call call)
    {
        var experimentId = call.RequiredString("experiment_id");
        var name = call.RequiredString("name");
        var scorer = Scorer(experimentId, name);
        if (call.Body?["version"] is { } versionNode)
        {
            var version = versionNode.GetValue<int>();
            if (scorer.Versions.RemoveAll(v => v.Version == version) == 0)
            {
                throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Scorer with name '{name}' and version {version} not found for experiment {experimentId}.");
            }
        }
        else
        {
            scorer.Versions.Clear();
        }

        if (scorer.Versions.Count == 0)
        {
            _experiments[experimentId].Scorers.Remove(name);
            _configs.Remove(scorer.ScorerId);
        }

        return Json(200, []);
    }

    // ---- online scoring (3.11) ----

    private ResponseMessage PutOnlineConfig(Call call)
    {
        if (call.Body?["experiment_id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.Number)
        {
            throw Error(400, "INVALID_PARAMETER_VALUE",
                $"Invalid value {idValue.ToJsonString()} for parameter 'experiment_id' supplied:  Hint: Value was of type 'int'. {MissingSuffix}");
        }

        var experimentId = call.RequiredString("experiment_id");
        var name = call.RequiredString("name");
        var rate = SampleRate(call.Body?["sample_rate"]);
        if (rate is < 0 or > 1)
        {
            throw Error(400, "INVALID_PARAMETER_VALUE", $"sample_rate must be between 0.0 and 1.0, got {PythonFloat(rate)}");
        }

        var filter = FilterString(call.Body?["filter_string"]);
        Experiment(experimentId);
        var scorer = Scorer(experimentId, name);
        if (rate > 0)
        {
            var payload = JsonNode.Parse(scorer.Versions.MaxBy(v => v.Version)!.SerializedScorer) as JsonObject ?? [];
            if (Model(payload) is not { } model || !model.StartsWith("gateway:/", StringComparison.Ordinal))
            {
                throw Error(400, "INVALID_PARAMETER_VALUE",
                    $"Scorer '{name}' does not use a gateway model. Automatic evaluation is only supported for scorers that use gateway models.");
            }

            if (NeedsExpectations(payload))
            {
                throw Error(400, "INVALID_PARAMETER_VALUE",
                    $"Scorer '{name}' requires expectations, but scorers with expectations are not currently supported for automatic evaluation.");
            }
        }

        var config = new FakeOnlineConfig(Guid.NewGuid().ToString("N"), scorer.ScorerId, rate, experimentId, filter);
        _configs[scorer.ScorerId] = config;
        return Json(200, new JsonObject { ["config"] = config.ToJson() });
    }

    private ResponseMessage GetOnlineConfigs(Call call)
    {
        var ids = call.QueryAll("scorer_ids");
        if (ids.Count == 0)
        {
            throw Missing("scorer_ids");
        }

        // The real server does not keep request order; neither does the fake (ordered by the random config id).
        var configs = ids.Distinct().Select(id => _configs.GetValueOrDefault(id)).OfType<FakeOnlineConfig>()
            .OrderBy(c => c.ConfigId, StringComparer.Ordinal).Select(c => (JsonNode)c.ToJson()).ToArray();
        return Json(200, new JsonObject { ["configs"] = new JsonArray(configs) });
    }

    private double SampleRate(JsonNode? node)
    {
        var kind = node?.GetValueKind();
        return kind switch
        {
            null or JsonValueKind.Null => throw Missing("sample_rate"),
            JsonValueKind.Number => node!.GetValue<double>(),
            JsonValueKind.True => 1.0,
            JsonValueKind.False => 0.0,
            JsonValueKind.String when double.TryParse(node!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new FakeError(Html(500, "500 Internal Server Error", "Internal Server Error",
                "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.")),
        };
    }

    private string? FilterString(JsonNode? node)
    {
        var kind = node?.GetValueKind();
        if (kind is null or JsonValueKind.Null)
        {
            return null;
        }

        if (kind != JsonValueKind.String)
        {
            var type = kind switch
            {
                JsonValueKind.Number => node!.ToJsonString().Contains('.', StringComparison.Ordinal) ? "float" : "int",
                JsonValueKind.True or JsonValueKind.False => "bool",
                JsonValueKind.Array => "list",
                _ => "dict",
            };
            throw Error(400, "INVALID_PARAMETER_VALUE",
                $"Invalid value {node!.ToJsonString()} for parameter 'filter_string' supplied: Value was of type '{type}'. Expected type 'str' or None.");
        }

        var filter = node!.GetValue<string>();
        var clauses = AndSeparator().Split(filter.Trim());
        if (!clauses.All(clause => FilterClause().IsMatch(clause)))
        {
            var tokens = filter.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => $"'{t}'");
            throw Error(400, "INVALID_PARAMETER_VALUE", $"Invalid clause(s) in filter string: {string.Join(", ", tokens)}");
        }

        return filter;
    }

    // ---- helpers ----

    private static string? Model(JsonObject payload) =>
        (payload["builtin_scorer_pydantic_data"] as JsonObject)?["model"]?.GetValue<string>()
        ?? (payload["instructions_judge_pydantic_data"] as JsonObject)?["model"]?.GetValue<string>();

    private static bool NeedsExpectations(JsonObject payload)
    {
        var instructions = (payload["instructions_judge_pydantic_data"] as JsonObject)?["instructions"]?.GetValue<string>() ?? string.Empty;
        var columns = (payload["builtin_scorer_pydantic_data"] as JsonObject)?["required_columns"] as JsonArray ?? [];
        return ExpectationsVariable().IsMatch(instructions) || columns.Any(c => c?.GetValue<string>() == "expectations");
    }

    private static string PythonFloat(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e16
            ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    private FakeExperiment Experiment(string id) =>
        _experiments.GetValueOrDefault(id) ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={id} exists");

    private FakeScorer Scorer(string experimentId, string name) =>
        Experiment(experimentId).Scorers.GetValueOrDefault(name)
        ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Scorer with name '{name}' not found for experiment {experimentId}.");

    private static JsonObject ScorerJson(string experimentId, string name, FakeScorer scorer, FakeScorerVersion version) => new()
    {
        ["experiment_id"] = long.Parse(experimentId, CultureInfo.InvariantCulture),
        ["scorer_name"] = name,
        ["scorer_version"] = version.Version,
        ["serialized_scorer"] = version.SerializedScorer,
        ["creation_time"] = version.CreationTime,
        ["scorer_id"] = scorer.ScorerId,
    };

    private static ResponseMessage ScorerList(IEnumerable<JsonObject> scorers)
    {
        var items = scorers.Select(s => (JsonNode)s).ToArray();
        return Json(200, items.Length == 0 ? [] : new JsonObject { ["scorers"] = new JsonArray(items) });
    }

    private long Tick() => _clock += 17;

    private FakeError Error(int status, string code, string message)
    {
        var envelope = new JsonObject { ["error_code"] = code, ["message"] = message };
        if (Is311)
        {
            envelope["sqlstate"] = code == "INTERNAL_ERROR" ? "XXM00" : "KAM00";
            envelope["error_class"] = code switch
            {
                "RESOURCE_DOES_NOT_EXIST" => "RESOURCE_NOT_FOUND",
                "INTERNAL_ERROR" => "CLIENT_INTERNAL_ERROR",
                _ => code,
            };
        }

        return new FakeError(Json(status, envelope));
    }

    private static MissingParameterException Missing(string parameter) => new(parameter);

    private static ResponseMessage Json(int status, JsonObject body) => Message(status, "application/json", body.ToJsonString());

    private static ResponseMessage Text(string text) => Message(200, "text/html; charset=utf-8", text);

    private static ResponseMessage Html(int status, string title, string heading, string paragraph) =>
        Message(status, "text/html; charset=utf-8", $"<!doctype html>\n<html lang=en>\n<title>{title}</title>\n<h1>{heading}</h1>\n<p>{paragraph}</p>\n");

    private static ResponseMessage Message(int status, string contentType, string body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", contentType);
        return message;
    }

    /// <summary>One parsed request.</summary>
    private sealed class Call
    {
        private readonly IDictionary<string, WireMockList<string>>? _query;

        public Call(string method, string path, IDictionary<string, WireMockList<string>>? query, string body)
        {
            Method = method;
            Path = path;
            _query = query;
            try
            {
                Body = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                Body = null;
            }
        }

        public string Method { get; }

        public string Path { get; }

        public JsonObject? Body { get; }

        public string? Query(string name) => QueryAll(name) is [var first, ..] ? first : null;

        public List<string> QueryAll(string name) =>
            _query is not null && _query.TryGetValue(name, out var values) ? values.Where(v => v.Length > 0).ToList() : [];

        public string RequiredQuery(string name) => Query(name) ?? throw Missing(name);

        /// <summary>A required body field; like MLflow, an empty string counts as missing.</summary>
        public string RequiredString(string name) => Body?[name] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0 => value.GetValue<string>(),
            JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
            _ => throw Missing(name),
        };
    }

    private sealed class FakeExperiment(string id, string name, long creationTime)
    {
        public string Name { get; } = name;

        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, FakeScorer> Scorers { get; } = new(StringComparer.Ordinal);

        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["experiment_id"] = id,
                ["name"] = Name,
                ["artifact_location"] = "mlflow-artifacts:/" + id,
                ["lifecycle_stage"] = "active",
                ["last_update_time"] = creationTime,
                ["creation_time"] = creationTime,
            };
            if (Tags.Count > 0)
            {
                json["tags"] = new JsonArray(Tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());
            }

            return json;
        }
    }

    private sealed class FakeScorer(string scorerId)
    {
        public string ScorerId { get; } = scorerId;

        public List<FakeScorerVersion> Versions { get; } = [];
    }

    private sealed record FakeScorerVersion(int Version, string SerializedScorer, long CreationTime);

    private sealed record FakeOnlineConfig(string ConfigId, string ScorerId, double SampleRate, string ExperimentId, string? FilterString)
    {
        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["online_scoring_config_id"] = ConfigId,
                ["scorer_id"] = ScorerId,
                ["sample_rate"] = SampleRate,
                ["experiment_id"] = ExperimentId,
            };
            if (FilterString is not null)
            {
                json["filter_string"] = FilterString;
            }

            return json;
        }
    }

    private sealed class FakeError(IResponseMessage response) : Exception
    {
        public IResponseMessage Response { get; } = response;
    }

    private sealed class MissingParameterException(string parameter) : Exception
    {
        public string Parameter { get; } = parameter;
    }

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(
        @"^(\w+)\.(`[^`]+`|[\w.\-]+)\s*(=|!=|<>|<=|>=|<|>|LIKE|ILIKE)\s*('[^']*'|""[^""]*""|-?\d+(\.\d+)?)$|^(\w+)\.(`[^`]+`|[\w.\-]+)\s+IS\s+(NOT\s+)?NULL$",
        RegexOptions.IgnoreCase)]
    private static partial Regex FilterClause();

    [GeneratedRegex(@"\{\{\s*expectations\s*\}\}")]
    private static partial Regex ExpectationsVariable();
}
