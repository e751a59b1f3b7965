using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlflowScorers;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Databricks.Auth;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="JudgeRuntime"/>, <see cref="ScorerRunner"/> and <see cref="EvaluationHarness"/> next to the client.
/// Their options come from code (<c>services.Configure&lt;JudgeRuntimeOptions&gt;</c>), then the <c>Judges</c> keys of the
/// client's section (<c>Judges:DefaultModel</c>, <c>Judges:OpenAIBaseUrl</c>, <c>Judges:OpenAIApiKey</c>,
/// <c>Judges:RecordScorerTraces</c>), then <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c> and
/// <c>MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING</c>. <c>databricks:/&lt;endpoint&gt;</c> judges authenticate with the client's
/// Databricks credential chain: the client's own credentials (one token cache) when it is on a <c>databricks</c> tracking URI
/// and the judge options set no Databricks value, else the <c>Databricks:*</c> keys of the same section, the environment and
/// the profile.
/// </summary>
internal static class JudgeServices
{
    private const string SectionKey = "Judges";

    public static void Add(IServiceCollection services)
    {
        services.AddOptions<JudgeRuntimeOptions>()
            .Configure<MlflowSettingsResolverFactory, IOptions<MlflowClientOptions>>(
                (options, resolvers, client) => Fill(options, resolvers.Create(client.Value), resolvers.Section?.GetSection(SectionKey)))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JudgeRuntimeOptions>, JudgeRuntimeOptionsValidator>(sp => new JudgeRuntimeOptionsValidator(sp)));
        services.TryAddSingleton(sp => new JudgeRuntime(sp.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value, ClientWorkspace(sp)));
        services.TryAddSingleton(sp => new ScorerRunner(sp.GetRequiredService<JudgeRuntime>()));
        services.TryAddSingleton(sp => new EvaluationHarness(sp.GetRequiredService<ScorerRunner>()));
    }

    /// <summary>Fills what code left unset (or at its default) from the section, then the environment.</summary>
    private static void Fill(JudgeRuntimeOptions options, MlflowSettingsResolver resolver, IConfiguration? judges)
    {
        var defaults = new JudgeRuntimeOptions();
        options.OpenAIApiKey ??= resolver.Get(SettingKey.OpenAIApiKey);
        if (options.OpenAIBaseUrl == defaults.OpenAIBaseUrl && resolver.Get(SettingKey.OpenAIBaseUrl) is { } baseUrl)
        {
            options.OpenAIBaseUrl = Url(baseUrl, SettingKey.OpenAIBaseUrl);
        }

        if (options.DefaultModel == defaults.DefaultModel && judges?[nameof(JudgeRuntimeOptions.DefaultModel)] is { Length: > 0 } model)
        {
            options.DefaultModel = model;
        }

        options.RecordScorerTraces = options.RecordScorerTraces || Flag(resolver.Get(SettingKey.RecordScorerTraces), SettingKey.RecordScorerTraces);
        options.SettingsResolver ??= resolver;
    }

    /// <summary>A boolean setting as MLflow reads one: <c>true</c>/<c>1</c> or <c>false</c>/<c>0</c>, in any case; unset is false.</summary>
    private static bool Flag(string? text, SettingKey key) => text?.Trim().ToUpperInvariant() switch
    {
        null or "FALSE" or "0" => false,
        "TRUE" or "1" => true,
        _ => throw new OptionsValidationException(
            key.ConfigurationKey, typeof(JudgeRuntimeOptions), [$"{MlflowClientOptions.SectionName}:{key}: '{text}' is not a boolean: use true, false, 1 or 0."]),
    };

    /// <summary>The Databricks workspace of the registered client, when its tracking URI is <c>databricks</c>; else <see langword="null"/>.</summary>
    private static DatabricksWorkspace? ClientWorkspace(IServiceProvider services) =>
        services.GetRequiredService<MlflowSettingsResolver>().ResolveConnection().Scheme == DatabricksConnection.DatabricksScheme
            ? DatabricksConnection.Of(services.GetRequiredService<ClientSettings>().Connection)
            : null;

    private static Uri Url(string text, SettingKey key) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
            ? url
            : throw new OptionsValidationException(
                key.ConfigurationKey, typeof(JudgeRuntimeOptions), [$"{MlflowClientOptions.SectionName}:{key}: '{text}' is not an absolute URL."]);

    /// <summary>Builds the runtime once at start-up, so a bad model URI or a key over plain http fails then, naming the setting.</summary>
    private sealed class JudgeRuntimeOptionsValidator(IServiceProvider services) : IValidateOptions<JudgeRuntimeOptions>
    {
        public ValidateOptionsResult Validate(string? name, JudgeRuntimeOptions options)
        {
            try
            {
                _ = new JudgeRuntime(options, ClientWorkspace(services));
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail($"{MlflowClientOptions.SectionName}:{SectionKey}:{nameof(JudgeRuntimeOptions.DefaultModel)}: {e.Message}");
            }
            catch (MlflowException e)
            {
                return ValidateOptionsResult.Fail($"{MlflowClientOptions.SectionName}:{SectionKey}: {e.Message}");
            }
        }
    }
}
