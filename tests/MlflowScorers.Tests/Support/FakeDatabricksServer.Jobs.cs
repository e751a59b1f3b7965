using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// The managed-evals job endpoints: monitors listing, scheduled-scorer backfill and its cancellation, and trace archival, served once
/// <see cref="ServeJobs"/> is called. They check what the service would (the path and body agree, the endpoint is a monitor
/// of the experiment, every scorer is scheduled, rates and window make sense), record every request as the other routes do,
/// and honour <see cref="AcceptAuthorization"/>.
/// </summary>
public sealed partial class FakeDatabricksServer
{
    private readonly Dictionary<string, List<string?>> _monitors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _archives = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missingExperiments = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _backfills = [];
    private readonly Dictionary<string, string> _runningBackfills = new(StringComparer.Ordinal);
    private int _jobs;

    /// <summary>The backfill requests the service accepted, in order (bodies).</summary>
    public IReadOnlyList<JsonObject> Backfills
    {
        get
        {
            lock (_gate)
            {
                return _backfills.Select(b => b.DeepClone().AsObject()).ToList();
            }
        }
    }

    /// <summary>When set, the backfill call answers this error instead of starting a job.</summary>
    public (int Status, string Code, string Message)? BackfillFailure { get; set; }

    /// <summary>Serves the job endpoints (ahead of the scorer-list routes).</summary>
    public FakeDatabricksServer ServeJobs()
    {
        _server.Given(Request.Create().WithPath("/api/2.0/managed-evals/monitors").UsingPost()).AtPriority(0)
            .RespondWith(Response.Create().WithCallback(m => HandleJob(m, ListMonitors)));
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/api/2\\.0/managed-evals/scheduled-scorers/[^/]+/backfill$")).UsingPost())
            .AtPriority(0).RespondWith(Response.Create().WithCallback(m => HandleJob(m, StartBackfill)));
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/api/2\\.0/managed-evals/experiments/[^/]+/backfill/[^/]+$")).UsingDelete())
            .AtPriority(0).RespondWith(Response.Create().WithCallback(m => HandleJob(m, CancelBackfill)));
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/api/2\\.0/managed-evals/experiments/[^/]+/trace-archival$")).UsingAnyMethod())
            .AtPriority(0).RespondWith(Response.Create().WithCallback(m => HandleJob(m, Archival)));
        return this;
    }

    /// <summary>
    /// Gives the experiment a monitor for a serving endpoint (the first one added is the one a backfill uses);
    /// <see langword="null"/> lists a monitor without <c>endpoint_name</c>, as a changed service might.
    /// </summary>
    public void AddMonitor(string experimentId, string? endpointName)
    {
        lock (_gate)
        {
            (_monitors.TryGetValue(experimentId, out var list) ? list : _monitors[experimentId] = []).Add(endpointName);
        }
    }

    /// <summary>The workspace no longer knows the experiment: archival answers 404 for it.</summary>
    public void MarkExperimentMissing(string experimentId)
    {
        lock (_gate)
        {
            _missingExperiments.Add(experimentId);
        }
    }

    /// <summary>The table the experiment archives to, or <see langword="null"/>.</summary>
    public string? ArchiveTable(string experimentId)
    {
        lock (_gate)
        {
            return _archives.GetValueOrDefault(experimentId);
        }
    }

    private ResponseMessage HandleJob(IRequestMessage message, Func<FakeDatabricksRequest, string[], ResponseMessage> handle)
    {
        var request = Record(message);
        lock (_gate)
        {
            if (AcceptAuthorization is { } accept && !accept(request.Authorization))
            {
                return Error(401, "UNAUTHENTICATED", "Invalid access token.");
            }

            try
            {
                return handle(request, request.Path[ManagedEvals.Length..].Split('/'));
            }
            catch (FakeBadRequest bad)
            {
                return Error(400, "INVALID_PARAMETER_VALUE", bad.Message);
            }
        }
    }

    private ResponseMessage ListMonitors(FakeDatabricksRequest request, string[] path)
    {
        var id = Body(request)["experiment_id"]?.GetValue<string>() ?? throw new FakeBadRequest("experiment_id is required.");
        var infos = new JsonArray([.. _monitors.GetValueOrDefault(id, []).Select(endpoint =>
        {
            var info = new JsonObject { ["monitor"] = new JsonObject { ["experiment_id"] = id, ["is_agent_external"] = true } };
            if (endpoint is not null)
            {
                info["endpoint_name"] = endpoint;
            }

            return info;
        })]);
        return Json(200, infos.Count == 0 ? [] : new JsonObject { ["monitor_infos"] = infos });
    }

    private ResponseMessage StartBackfill(FakeDatabricksRequest request, string[] path)
    {
        if (BackfillFailure is { } failure)
        {
            return Error(failure.Status, failure.Code, failure.Message);
        }

        var id = path[1];
        var body = Body(request);
        if (body["experiment_id"]?.GetValue<string>() != id)
        {
            throw new FakeBadRequest("experiment_id must match the path.");
        }

        var endpoint = body["endpoint_name"]?.GetValue<string>();
        if (endpoint is null || !_monitors.GetValueOrDefault(id, []).Contains(endpoint))
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"No monitor for endpoint '{endpoint}' in experiment '{id}'.");
        }

        var scheduled = ListOf(id).Entries.Select(e => e["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var rate in body["scorer_sample_rates"] as JsonArray ?? throw new FakeBadRequest("scorer_sample_rates is required."))
        {
            var name = rate?["name"]?.GetValue<string>();
            if (name is null || !scheduled.Contains(name) || rate!["sample_rate"]?.GetValue<double>() is not (>= 0 and <= 1))
            {
                throw new FakeBadRequest($"Invalid scorer sample rate {rate?.ToJsonString()}.");
            }
        }

        if (body["start_timestamp_ms"]?.GetValue<long>() > body["end_timestamp_ms"]?.GetValue<long>())
        {
            throw new FakeBadRequest("start_timestamp_ms is after end_timestamp_ms.");
        }

        _backfills.Add(body);
        var jobId = $"backfill-job-{++_jobs}";
        _runningBackfills[jobId] = id;
        return Json(200, new JsonObject { ["job_id"] = jobId });
    }

    private ResponseMessage CancelBackfill(FakeDatabricksRequest request, string[] path)
    {
        if (request.Body.Length != 0)
        {
            throw new FakeBadRequest("This DELETE takes no body.");
        }

        return _runningBackfills.GetValueOrDefault(path[3]) == path[1] && _runningBackfills.Remove(path[3])
            ? Json(200, [])
            : Error(404, "RESOURCE_DOES_NOT_EXIST", $"Backfill job '{path[3]}' not found in experiment '{path[1]}'.");
    }

    private ResponseMessage Archival(FakeDatabricksRequest request, string[] path)
    {
        var id = path[1];
        var body = Body(request);
        if (body["experiment_id"]?.GetValue<string>() != id)
        {
            throw new FakeBadRequest("experiment_id must match the path.");
        }

        switch (request.Method)
        {
            case "POST" when _missingExperiments.Contains(id):
                return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Experiment '{id}' not found.");
            case "POST" when _archives.ContainsKey(id):
                return Error(409, "RESOURCE_ALREADY_EXISTS", $"Experiment '{id}' already archives to '{_archives[id]}'.");
            case "POST":
                _archives[id] = body["archive_table_fullname"]?.GetValue<string>() ?? throw new FakeBadRequest("archive_table_fullname is required.");
                return Json(200, new JsonObject { ["job_id"] = $"archive-job-{++_jobs}" });
            case "DELETE" when _missingExperiments.Contains(id) || !_archives.Remove(id):
                return Error(404, "RESOURCE_DOES_NOT_EXIST", $"No trace archival configured for experiment '{id}'.");
            case "DELETE":
                return Json(200, []);
            default:
                return NoEndpoint(request);
        }
    }

    private static JsonObject Body(FakeDatabricksRequest request) =>
        JsonNode.Parse(request.Body.Length == 0 ? "{}" : request.Body) as JsonObject ?? throw new FakeBadRequest("The body must be a JSON object.");
}
