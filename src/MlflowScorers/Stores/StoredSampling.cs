namespace MlflowScorers.Stores;

/// <summary>A backend's sampling configuration for one scorer (MLflow's online-scoring config).</summary>
/// <param name="SampleRate">The rate, 0 to 1.</param>
/// <param name="FilterString">The trace filter, or <see langword="null"/>.</param>
internal sealed record StoredSampling(double SampleRate, string? FilterString);
