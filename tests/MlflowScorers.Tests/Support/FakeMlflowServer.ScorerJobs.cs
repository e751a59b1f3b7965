using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using WireMock;

namespace MlflowScorers.Tests.Support;

/// <summary>
/// MLflow 3.11's scorer job route (fixtures/mlflow-3.11/scorer-invoke.json): POST <c>scorer/invoke</c> makes one job over the
/// given traces, with the captured validation messages; each GET of <c>jobs/{id}</c> answers PENDING once, then SUCCEEDED with
/// the result keyed by trace id. The fake judge answers "yes" for every trace it finds (source LLM_JUDGE, the judge's model as
/// source id) and writes that feedback to the trace when <c>log_assessments</c> is set; a missing trace becomes a failure.
/// </summary>
public sealed partial class FakeMlflowServer
{
    private readonly Dictionary<string, FakeJob> _jobs = new(StringComparer.Ordinal);

    private ResponseMessage InvokeScorer(Call call)
    {
        var experimentId = (string?)call.Body?["experiment_id"];
        if (string.IsNullOrEmpty(experimentId))
        {
            throw Error(400, "INVALID_PARAMETER_VALUE", "Missing required parameter: experiment_id");
        }

        var traceIds = (call.Body?["trace_ids"] as JsonArray ?? []).Select(t => (string)t!).ToList();
        if (traceIds.Count == 0)
        {
            throw Error(400, "INVALID_PARAMETER_VALUE", "Please select at least one trace to evaluate.");
        }

        var judge = JsonNode.Parse(call.RequiredString("serialized_scorer"))!;
        var name = (string)judge["name"]!;
        var model = (string?)(judge["builtin_scorer_pydantic_data"]?["model"] ?? judge["instructions_judge_pydantic_data"]?["model"]) ?? "default";
        var logAssessments = (bool?)call.Body?["log_assessments"] == true;
        var result = new JsonObject();
        foreach (var traceId in traceIds)
        {
            var entry = new JsonObject { ["assessments"] = new JsonArray(), ["failures"] = new JsonArray() };
            if (_traces.TryGetValue(traceId, out var trace) && trace.ExperimentId == experimentId)
            {
                var now = FakeTime(Tick());
                var feedback = new JsonObject
                {
                    ["assessment_id"] = "a-" + (_nextAssessment++).ToString("x32", CultureInfo.InvariantCulture),
                    ["assessment_name"] = name,
                    ["create_time"] = now,
                    ["feedback"] = new JsonObject { ["value"] = "yes" },
                    ["last_update_time"] = now,
                    ["rationale"] = "fake judge",
                    ["source"] = new JsonObject { ["source_id"] = model, ["source_type"] = "LLM_JUDGE" },
                    ["trace_id"] = traceId,
                    ["valid"] = true,
                };
                entry["assessments"]!.AsArray().Add(feedback);
                if (logAssessments)
                {
                    trace.Assessments.Add(feedback.DeepClone().AsObject());
                }
            }
            else
            {
                entry["failures"]!.AsArray().Add(new JsonObject
                {
                    ["trace_id"] = traceId,
                    ["error_code"] = "TRACE_NOT_FOUND",
                    ["error_message"] = $"Trace {traceId} not found",
                });
            }

            result[traceId] = entry;
        }

        var jobId = Guid.NewGuid().ToString();
        _jobs[jobId] = new FakeJob(result);
        var job = new JsonObject { ["job_id"] = jobId, ["trace_ids"] = new JsonArray(traceIds.Select(id => (JsonNode)id).ToArray()) };
        return Json(200, new JsonObject { ["jobs"] = new JsonArray(job) });
    }

    private ResponseMessage GetJob(string jobId)
    {
        var job = _jobs.GetValueOrDefault(jobId) ?? throw Error(404, "RESOURCE_DOES_NOT_EXIST", $"Job with ID {jobId} not found");
        var ended = job.Polls++ > 0;
        return Json(200, new JsonObject
        {
            ["result"] = ended ? job.Result.DeepClone() : null,
            ["status"] = ended ? "SUCCEEDED" : "PENDING",
            ["status_details"] = null,
        });
    }

    private sealed class FakeJob(JsonObject result)
    {
        public JsonObject Result { get; } = result;

        public int Polls { get; set; }
    }
}
