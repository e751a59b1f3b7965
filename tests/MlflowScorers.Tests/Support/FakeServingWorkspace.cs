using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace MlflowScorers.Tests.Support;

/// <summary>One request a <see cref="FakeServingWorkspace"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Body">The body as text (form or JSON), or empty.</param>
/// <param name="BodyBytes">The raw body (OTLP protobuf), or empty.</param>
/// <param name="Headers">The first value of each header.</param>
public sealed record FakeWorkspaceRequest(string Method, string Path, string Body, byte[] BodyBytes, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The Authorization header, or <see langword="null"/>.</summary>
    public string? Authorization => Headers.GetValueOrDefault("Authorization");
}

/// <summary>
/// The parts of a Databricks workspace that judges and the OTLP exporter talk to, on WireMock (loopback): the OAuth token
/// endpoint (client-credentials grant, scope <c>all-apis</c>, basic client credentials, as the Databricks SDKs send it),
/// chat serving endpoints (<c>/serving-endpoints/{name}/invocations</c>), the OTLP traces route
/// (<c>/api/2.0/otel/v1/traces</c>) and the MLflow experiment lookup. Each of the last three answers 401 to an
/// Authorization header <see cref="AcceptAuthorization"/> rejects. Thread-safe.
/// </summary>
public sealed class FakeServingWorkspace : IDisposable
{
    public const string OtlpPath = "/api/2.0/otel/v1/traces";

    private readonly WireMockServer _server;
    private readonly object _gate = new();
    private readonly List<FakeWorkspaceRequest> _requests = [];
    private readonly FakeOAuthTokens _tokens = new();

    private FakeServingWorkspace()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().WithPath("/oidc/v1/token").UsingPost()).RespondWith(Response.Create().WithCallback(HandleToken));
        _server.Given(Request.Create().WithPath("/serving-endpoints/*").UsingPost()).RespondWith(Response.Create().WithCallback(HandleServing));
        _server.Given(Request.Create().WithPath(OtlpPath).UsingPost()).RespondWith(Response.Create().WithCallback(HandleOtlp));
        _server.Given(Request.Create().WithPath("/api/2.0/mlflow/experiments/get").UsingGet()).RespondWith(Response.Create().WithCallback(HandleExperiment));
    }

    /// <summary>The workspace address, for example <c>http://localhost:51234</c>.</summary>
    public string Url => _server.Url!;

    /// <summary>Which Authorization headers the serving, OTLP and MLflow routes accept; unset: any.</summary>
    public Func<string?, bool>? AcceptAuthorization { get; set; }

    /// <summary>How long issued tokens live, in seconds.</summary>
    public int TokenLifetimeSeconds
    {
        get => _tokens.LifetimeSeconds;
        set => _tokens.LifetimeSeconds = value;
    }

    /// <summary>When set, the token endpoint waits for it before it answers (to hold a refresh in flight).</summary>
    public ManualResetEventSlim? HoldTokens { get; set; }

    /// <summary>How many OAuth tokens the token endpoint issued.</summary>
    public int TokensIssued => _tokens.Issued;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<FakeWorkspaceRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The requests to a path.</summary>
    public IReadOnlyList<FakeWorkspaceRequest> To(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>The requests to chat serving endpoints.</summary>
    public IReadOnlyList<FakeWorkspaceRequest> ServingCalls => Requests.Where(r => r.Path.StartsWith("/serving-endpoints/", StringComparison.Ordinal)).ToList();

    public static FakeServingWorkspace Start() => new();

    /// <summary>Turns on the token endpoint for one service principal, whose tokens are <c>oauth-token-N</c>; the other routes then accept only the latest.</summary>
    public void UseServicePrincipal(string clientId, string clientSecret)
    {
        _tokens.Use(clientId, clientSecret);
        AcceptAuthorization = header => header == _tokens.LatestAuthorization;
    }

    public void Dispose() => _server.Dispose();

    private ResponseMessage HandleToken(IRequestMessage message)
    {
        var request = Record(message);
        HoldTokens?.Wait(TimeSpan.FromSeconds(30));
        var (status, body) = _tokens.Answer(request.Authorization, request.Body);
        return Json(status, body);
    }

    private ResponseMessage HandleServing(IRequestMessage message)
    {
        var request = Record(message);
        if (Rejected(request) is { } refusal)
        {
            return refusal;
        }

        var content = new JsonObject { ["rationale"] = "Let's think step by step. It is fine.", ["result"] = "yes" }.ToJsonString();
        return Json(200, new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content } }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5 },
        });
    }

    private ResponseMessage HandleOtlp(IRequestMessage message)
    {
        var request = Record(message);
        if (Rejected(request) is { } refusal)
        {
            return refusal;
        }

        var accepted = new ResponseMessage { StatusCode = 200 };
        accepted.AddHeader("Content-Type", "application/x-protobuf");
        return accepted;
    }

    private ResponseMessage HandleExperiment(IRequestMessage message)
    {
        var request = Record(message);
        var id = message.Query is { } query && query.TryGetValue("experiment_id", out var values) ? values.FirstOrDefault() ?? "0" : "0";
        return Rejected(request) ?? Json(200, new JsonObject
        {
            ["experiment"] = new JsonObject { ["experiment_id"] = id, ["name"] = "/Users/someone/agent", ["lifecycle_stage"] = "active" },
        });
    }

    private ResponseMessage? Rejected(FakeWorkspaceRequest request) =>
        AcceptAuthorization is { } accept && !accept(request.Authorization)
            ? Json(401, new JsonObject { ["error_code"] = "UNAUTHENTICATED", ["message"] = "Invalid access token." })
            : null;

    private FakeWorkspaceRequest Record(IRequestMessage message)
    {
        var headers = (message.Headers ?? new Dictionary<string, WireMockList<string>>())
            .ToDictionary(h => h.Key, h => h.Value.FirstOrDefault() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var bytes = message.BodyAsBytes ?? [];
        var request = new FakeWorkspaceRequest(message.Method, message.Path, message.Body ?? string.Empty, bytes, headers);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

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
}
