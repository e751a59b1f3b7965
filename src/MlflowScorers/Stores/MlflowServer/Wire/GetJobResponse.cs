using System.Text.Json;

namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>
/// The reply of GET <c>/ajax-api/3.0/mlflow/jobs/{job_id}</c>: the job's status, and once it has ended its result (for a scorer
/// job, the assessments and failures of each trace) and status details.
/// </summary>
internal sealed record GetJobResponse
{
    public string? Status { get; set; }

    public JsonElement? Result { get; set; }

    public JsonElement? StatusDetails { get; set; }
}
