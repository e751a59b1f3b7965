using System;
using MlflowScorers.Configuration;
using MlflowScorers.Databricks.Auth;

namespace MlflowScorers.Judges;

/// <summary>
/// The workspace and credentials of <c>databricks:/&lt;endpoint&gt;</c> judges, from the same Databricks credential chain as the
/// client (<see cref="DatabricksConnection"/>): the client's own when the runtime shares it, else resolved from the options,
/// then the environment and the profile. Resolved once; a runtime that never runs a Databricks judge never resolves it.
/// </summary>
internal sealed class JudgeRuntimeDatabricks
{
    private readonly Lazy<DatabricksWorkspace> _workspace;

    /// <param name="options">The runtime's options.</param>
    /// <param name="clientWorkspace">The workspace of a client on a <c>databricks</c> tracking URI, shared when the options set no Databricks value of their own.</param>
    public JudgeRuntimeDatabricks(JudgeRuntimeOptions options, DatabricksWorkspace? clientWorkspace)
    {
        var ownSettings = options.DatabricksHost is not null || options.DatabricksToken is not null || options.Databricks is not null;
        if (clientWorkspace is not null && !ownSettings)
        {
            _workspace = new Lazy<DatabricksWorkspace>(clientWorkspace);
            return;
        }

        var explicitOptions = options.Databricks?.Copy() ?? new DatabricksOptions();
        explicitOptions.Host = options.DatabricksHost?.AbsoluteUri ?? explicitOptions.Host;
        explicitOptions.Token = options.DatabricksToken ?? explicitOptions.Token;
        var resolver = options.SettingsResolver ?? MlflowSettingsResolver.FromEnvironment();
        var timeProvider = options.TimeProvider;
        _workspace = new Lazy<DatabricksWorkspace>(() => DatabricksConnection.Authenticate(
            resolver.ResolveDatabricks(DatabricksConnection.DatabricksScheme, explicitOptions), new MlflowRetryOptions().Freeze(), applicationId: null, timeProvider));
    }

    /// <summary>Resolves the workspace now, so a bad configuration fails when the runtime is created.</summary>
    /// <exception cref="DatabricksAuthenticationException">No auth method is fully configured.</exception>
    /// <exception cref="ArgumentException">A value is malformed.</exception>
    /// <exception cref="MlflowException">The credentials would travel over plain http to another host.</exception>
    public void Resolve() => _ = _workspace.Value;

    /// <summary>The workspace for a judge on <paramref name="modelUri"/>.</summary>
    /// <exception cref="DatabricksAuthenticationException">No auth method is fully configured; the message lists the methods tried.</exception>
    public DatabricksWorkspace For(string modelUri)
    {
        try
        {
            return _workspace.Value;
        }
        catch (DatabricksAuthenticationException e)
        {
            throw new DatabricksAuthenticationException(
                $"Model '{modelUri}' runs on a Databricks serving endpoint, which needs a workspace and credentials (JudgeRuntimeOptions.DatabricksHost, DatabricksToken or Databricks, the DATABRICKS_* variables, or a ~/.databrickscfg profile). {e.Message}",
                e);
        }
    }
}
