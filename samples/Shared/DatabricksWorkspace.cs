// Shared by the Databricks samples (linked into each project): connects to the workspace through the SDK's own settings
// resolver, and says which settings are missing when it cannot.
using System;
using System.Threading.Tasks;

namespace MlflowScorers.Samples;

/// <summary>Connects a sample to a Databricks workspace, or prints the settings it needs.</summary>
internal static class DatabricksWorkspace
{
    /// <summary>The exit code of a Databricks sample that lacks a setting (or was given a bad one); it did nothing on the workspace.</summary>
    public const int MissingSettingsExitCode = 2;

    /// <summary>The settings a Databricks sample reads: the workspace, one way to sign in, and the experiment.</summary>
    public const string NeededSettings = """
        Settings (as the Databricks CLI and SDKs read them: environment variables first, then ~/.databrickscfg):
          DATABRICKS_HOST        the workspace URL, for example https://adb-1234567890123456.7.azuredatabricks.net
          and one way to sign in:
            DATABRICKS_TOKEN                                      a personal access token, or
            DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET     a service principal's OAuth secret (machine-to-machine), or
            ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID    an Entra ID service principal (Azure Databricks), or
            DATABRICKS_CONFIG_PROFILE                             a profile of ~/.databrickscfg that holds host and token (or
                                                                  client_id and client_secret) instead of the variables above;
                                                                  with no variable set, the DEFAULT profile is read
          MLFLOW_EXPERIMENT_ID   the experiment, or MLFLOW_EXPERIMENT_NAME (its workspace path, for example /Users/you@example.com/support-bot)
        """;

    /// <summary>
    /// A client for the tracking URI <c>databricks</c>, with an experiment configured; or <see langword="null"/> after printing
    /// what is missing to standard error. Building the client resolves the settings and picks the sign-in method without any
    /// request, so a missing setting is found before anything is sent.
    /// </summary>
    /// <param name="sample">The sample's name, for the message.</param>
    /// <returns>The client, or <see langword="null"/>.</returns>
    public static async Task<MlflowClient?> ConnectAsync(string sample)
    {
        MlflowClient client;
        try
        {
            client = new MlflowClient(new MlflowClientOptions { TrackingUri = "databricks" });
        }
        catch (Exception e) when (e is MlflowException or ArgumentException)
        {
            Missing(sample, e.Message);
            return null;
        }

        // With neither MLFLOW_EXPERIMENT_ID nor MLFLOW_EXPERIMENT_NAME set, the client falls back to MLflow's Default
        // experiment, 0, which a Databricks workspace does not have.
        if (await client.GetActiveExperimentIdAsync() == MlflowClient.DefaultExperimentId)
        {
            await client.DisposeAsync();
            Missing(sample, "No experiment is configured: set MLFLOW_EXPERIMENT_ID or MLFLOW_EXPERIMENT_NAME.");
            return null;
        }

        return client;
    }

    private static void Missing(string sample, string problem)
    {
        Console.Error.WriteLine($"{sample} runs on a Databricks workspace, and a setting is missing: {problem}");
        Console.Error.WriteLine();
        Console.Error.WriteLine(NeededSettings);
    }
}
