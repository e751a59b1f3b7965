namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The reply of experiments/get and experiments/get-by-name.</summary>
internal sealed record GetExperimentResponse
{
    public ExperimentDto? Experiment { get; set; }
}
