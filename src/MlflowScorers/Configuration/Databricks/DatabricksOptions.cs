using Azure.Core;

namespace MlflowScorers;

/// <summary>
/// How to reach and authenticate to a Databricks workspace, for the tracking URIs <c>databricks</c> and
/// <c>databricks://&lt;profile&gt;</c>. Values set here win over environment variables (<c>DATABRICKS_HOST</c>,
/// <c>DATABRICKS_TOKEN</c>, <c>DATABRICKS_CLIENT_ID</c>, <c>DATABRICKS_CLIENT_SECRET</c>, <c>DATABRICKS_CONFIG_PROFILE</c>,
/// <c>DATABRICKS_CONFIG_FILE</c>, ...), which win over the profile in <c>~/.databrickscfg</c>, as in the Databricks CLI and SDKs.
/// </summary>
public sealed class DatabricksOptions
{
    /// <summary>The workspace URL, for example <c>https://adb-123.4.azuredatabricks.net</c>; a bare host name gets <c>https://</c>.</summary>
    public string? Host { get; set; }

    /// <summary>A personal access token. Never logged or shown in messages.</summary>
    public string? Token { get; set; }

    /// <summary>The OAuth client id of a Databricks service principal (machine-to-machine OAuth).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth secret of that service principal. Never logged or shown in messages.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The <c>~/.databrickscfg</c> profile to read; <c>databricks://&lt;profile&gt;</c> sets it too.</summary>
    public string? Profile { get; set; }

    /// <summary>The configuration file to read instead of <c>~/.databrickscfg</c>.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>
    /// Restricts authentication to one method: <c>pat</c>, <c>oauth-m2m</c>, <c>azure-client-secret</c> or
    /// <c>azure-default</c> (<see cref="Azure.Identity.DefaultAzureCredential"/>). Unset, the first method whose settings are
    /// complete is used, in that order.
    /// </summary>
    public string? AuthType { get; set; }

    /// <summary>
    /// The Azure resource id of the workspace (<c>/subscriptions/.../workspaces/...</c>). With Entra ID authentication it also
    /// sends the service-principal management token, which a principal that is not yet a workspace user needs.
    /// </summary>
    public string? AzureWorkspaceResourceId { get; set; }

    /// <summary>The Entra ID application (client) id of an Azure service principal.</summary>
    public string? AzureClientId { get; set; }

    /// <summary>The Entra ID client secret of that principal. Never logged or shown in messages.</summary>
    public string? AzureClientSecret { get; set; }

    /// <summary>The Entra ID tenant of that principal.</summary>
    public string? AzureTenantId { get; set; }

    /// <summary>
    /// Any Azure.Identity credential (managed identity, workload identity, Azure CLI, ...). When set it is used and the other
    /// methods are not tried.
    /// </summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>Whether to authenticate with <see cref="Azure.Identity.DefaultAzureCredential"/> when no other method is configured.</summary>
    public bool UseDefaultAzureCredential { get; set; }

    /// <summary>A copy, so a caller can change values without changing the options it was given.</summary>
    internal DatabricksOptions Copy() => (DatabricksOptions)MemberwiseClone();
}
