using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlflowScorers.Databricks.Jobs;

/// <summary>The reply of the managed-evals calls that start a job: <c>{"job_id": "…"}</c>. Other fields are kept to show them.</summary>
internal sealed record JobResponse
{
    public string? JobId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Reading the job id of a job-starting reply.</summary>
internal static class ManagedEvalsJobs
{
    /// <summary>The job id of <paramref name="response"/>.</summary>
    /// <exception cref="MlflowException">The reply has no job id; the message shows the reply.</exception>
    public static string JobId(JobResponse response, string method, string endpoint) =>
        string.IsNullOrEmpty(response.JobId)
            ? throw new MlflowException(
                $"The reply of {method} {endpoint} has no 'job_id': {JsonSerializer.Serialize(response, ManagedEvalsJobsJsonContext.Default.JobResponse)}. The managed-evals service may have changed its response shape.")
            : response.JobId;
}
