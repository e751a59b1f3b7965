using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers.Configuration.Databricks;

/// <summary>
/// One Databricks configuration attribute: its key in <c>~/.databrickscfg</c>, its environment variable (the same names as
/// the Databricks CLI and SDKs), its <see cref="DatabricksOptions"/> property (also its key under <c>Databricks:</c> in a
/// configuration section), and whether it is a secret (never shown).
/// </summary>
/// <param name="Key">The key in a profile.</param>
/// <param name="EnvironmentVariable">The environment variable.</param>
/// <param name="IsSecret">Whether the value is a credential.</param>
internal sealed record DatabricksSetting(string Key, string EnvironmentVariable, bool IsSecret)
{
    /// <summary>The section that holds the Databricks keys inside the SDK's configuration section.</summary>
    public const string SectionName = "Databricks";

    /// <summary>The property of <see cref="DatabricksOptions"/>, for example <c>ClientId</c> for <c>client_id</c>.</summary>
    public string Property => string.Concat(Key.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>The key in a configuration section, for example <c>Databricks:ClientId</c>.</summary>
    public string ConfigurationKey => SectionName + ":" + Property;

    public static DatabricksSetting Host { get; } = new("host", "DATABRICKS_HOST", IsSecret: false);

    public static DatabricksSetting Token { get; } = new("token", "DATABRICKS_TOKEN", IsSecret: true);

    public static DatabricksSetting ClientId { get; } = new("client_id", "DATABRICKS_CLIENT_ID", IsSecret: false);

    public static DatabricksSetting ClientSecret { get; } = new("client_secret", "DATABRICKS_CLIENT_SECRET", IsSecret: true);

    public static DatabricksSetting AuthType { get; } = new("auth_type", "DATABRICKS_AUTH_TYPE", IsSecret: false);

    public static DatabricksSetting AzureWorkspaceResourceId { get; } =
        new("azure_workspace_resource_id", "DATABRICKS_AZURE_RESOURCE_ID", IsSecret: false);

    public static DatabricksSetting AzureClientId { get; } = new("azure_client_id", "ARM_CLIENT_ID", IsSecret: false);

    public static DatabricksSetting AzureClientSecret { get; } = new("azure_client_secret", "ARM_CLIENT_SECRET", IsSecret: true);

    public static DatabricksSetting AzureTenantId { get; } = new("azure_tenant_id", "ARM_TENANT_ID", IsSecret: false);

    /// <summary>Not a profile key: selects the profile.</summary>
    public static DatabricksSetting Profile { get; } = new("profile", "DATABRICKS_CONFIG_PROFILE", IsSecret: false);

    /// <summary>Not a profile key: selects the file.</summary>
    public static DatabricksSetting ConfigFile { get; } = new("config_file", "DATABRICKS_CONFIG_FILE", IsSecret: false);

    /// <summary>The attributes a profile or the environment can set, in the order messages list them.</summary>
    public static IReadOnlyList<DatabricksSetting> Attributes { get; } =
    [
        Host, Token, ClientId, ClientSecret, AuthType, AzureWorkspaceResourceId, AzureClientId, AzureClientSecret, AzureTenantId,
    ];

    /// <summary>The attributes that configure a credential: with any of them set, the default profile is not read.</summary>
    public static IReadOnlyList<DatabricksSetting> Credentials { get; } =
        [Token, ClientId, ClientSecret, AzureClientId, AzureClientSecret, AzureTenantId];
}
