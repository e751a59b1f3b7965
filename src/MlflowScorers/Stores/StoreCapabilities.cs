using System;

namespace MlflowScorers.Stores;

/// <summary>What a backend can do, detected once per client.</summary>
/// <param name="BackendKind">Which kind of backend this is.</param>
/// <param name="Description">A short description for messages, for example "MLflow server 3.6.1.dev0 at http://127.0.0.1:5000".</param>
/// <param name="MlflowVersion">
/// The MLflow version whose Python client reads this backend's registry (the server's version; 3.6 for the local store's
/// schema); <see langword="null"/> when unknown.
/// </param>
/// <param name="SupportsServerSampling">Whether the backend stores sampling configs for server-run scorers (online scoring).</param>
/// <param name="RequiresGatewayModelToStart">Whether starting a server-run judge needs a <c>gateway:/</c> model and no expectations (MLflow OSS online scoring).</param>
/// <param name="AcceptsPythonFunctions">Whether the backend accepts Python <c>@scorer</c> payloads (Databricks only).</param>
internal sealed record StoreCapabilities(
    BackendKind BackendKind,
    string Description,
    Version? MlflowVersion,
    bool SupportsServerSampling,
    bool RequiresGatewayModelToStart,
    bool AcceptsPythonFunctions);
