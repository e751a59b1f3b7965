namespace MlflowScorers.Transport;

/// <summary>MLflow's JSON error body. 3.11 adds <c>sqlstate</c> and <c>error_class</c>, which are ignored.</summary>
internal sealed record ErrorEnvelope
{
    public string? ErrorCode { get; set; }

    public string? Message { get; set; }
}
