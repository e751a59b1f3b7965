using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Logging;
using MlflowScorers.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Stores.MlflowServer.Wire;
using MlflowScorers.Transport;

namespace MlflowScorers.Stores.MlflowServer;

/// <summary>
/// Finds out what an MLflow server can do (Errata 33): its version from GET <c>/version</c>, and whether it has the
/// online-scoring routes from one GET <c>…/scorers/online-configs</c> with an id that matches nothing (3.6 answers an HTML 404).
/// A server that cannot be reached fails the detection (and with it the operation that needed it) after one retry budget;
/// only an error answer from a reachable server is handled.
/// </summary>
internal static class ServerCapabilityProbe
{
    /// <summary>The scorer id sent by the probe; it never matches a real scorer.</summary>
    public const string ProbeScorerId = "mlflow-scorers-dotnet-capability-probe";

    public static async Task<StoreCapabilities> DetectAsync(MlflowRestClient rest, ILogger logger, CancellationToken cancellationToken)
    {
        var address = rest.BaseAddress.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            .TrimEnd('/');
        var versionText = await TryGetVersionAsync(rest, address, logger, cancellationToken).ConfigureAwait(false);
        var supportsSampling = await HasOnlineConfigRoutesAsync(rest, cancellationToken).ConfigureAwait(false);

        var capabilities = new StoreCapabilities(
            BackendKind.MlflowServer,
            $"MLflow server {versionText ?? "(unknown version)"} at {address}",
            MlflowVersionText.Parse(versionText),
            SupportsServerSampling: supportsSampling,
            RequiresGatewayModelToStart: true,
            AcceptsPythonFunctions: false);
        logger.BackendDetected(capabilities.Description, capabilities.SupportsServerSampling);
        return capabilities;
    }

    private static async Task<string?> TryGetVersionAsync(MlflowRestClient rest, string address, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var text = await rest.GetTextAsync(MlflowServerPaths.Version, cancellationToken).ConfigureAwait(false);
            return text.Length is > 0 and <= 64 ? text : null;
        }
        catch (MlflowApiException ex)
        {
            logger.ServerVersionUnavailable(address, ex.ErrorCode.ToString(), ex.Message);
            return null;
        }
    }

    private static async Task<bool> HasOnlineConfigRoutesAsync(MlflowRestClient rest, CancellationToken cancellationToken)
    {
        try
        {
            await rest.GetAsync(
                MlflowServerPaths.OnlineConfigs,
                [new KeyValuePair<string, string>("scorer_ids", ProbeScorerId)],
                MlflowServerJsonContext.Default.OnlineConfigsResponse,
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MlflowApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode == MlflowErrorCode.EndpointNotFound)
        {
            return false;
        }
    }
}
