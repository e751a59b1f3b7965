using System;
using System.Collections.Generic;
using MlflowScorers.Client;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Databricks.Jobs;

/// <summary>
/// A client over a <see cref="DatabricksTestClient"/>'s own Databricks store (not its counting wrapper), as the SDK builds
/// one for the tracking URI <c>databricks</c>; the test client owns and disposes the store.
/// </summary>
internal static class DatabricksJobsClient
{
    public static MlflowClient Over(
        DatabricksTestClient test,
        FakeDatabricksServer server,
        Action<MlflowClientOptions>? configure = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var options = DatabricksTestClient.Options(server, configure);
        options.ExperimentId = test.ExperimentId;
        return new MlflowClient(ClientSettings.Resolve(options, environment ?? new Dictionary<string, string?>()), test.Inner);
    }
}
