namespace MlflowScorers.Stores.MlflowServer.Wire;

/// <summary>The <c>{}</c> reply of delete and the experiment-tag calls.</summary>
internal sealed record EmptyResponse;
