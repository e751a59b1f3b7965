using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlflowScorers;
using MlflowScorers.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="JudgeRuntime"/>, <see cref="ScorerRunner"/> and <see cref="EvaluationHarness"/> next to the client.
/// Their options come from code (<c>services.Configure&lt;JudgeRuntimeOptions&gt;</c>), then the <c>Judges</c> keys of the
/// client's section (<c>Judges:DefaultModel</c>, <c>Judges:OpenAIBaseUrl</c>, <c>Judges:OpenAIApiKey</c>,
/// <c>Judges:DatabricksHost</c>, <c>Judges:DatabricksToken</c>, <c>Judges:RecordScorerTraces</c>), then <c>OPENAI_BASE_URL</c>,
/// <c>OPENAI_API_KEY</c>, <c>DATABRICKS_HOST</c>, <c>DATABRICKS_TOKEN</c> and <c>MLFLOW_GENAI_EVAL_ENABLE_SCORER_TRACING</c>.
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JudgeRuntimeOptions>, JudgeRuntimeOptionsValidator>());
        services.TryAddSingleton(sp => new JudgeRuntime(sp.GetRequiredService<IOptions<JudgeRuntimeOptions>>().Value));
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

        if (options.DatabricksHost is null && resolver.Get(SettingKey.JudgeDatabricksHost) is { } host)
        {
            // Databricks tools accept a bare workspace host name and mean https.
            options.DatabricksHost = Url(host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host, SettingKey.JudgeDatabricksHost);
        }

        options.DatabricksToken ??= resolver.Get(SettingKey.JudgeDatabricksToken);
        options.RecordScorerTraces = options.RecordScorerTraces || Flag(resolver.Get(SettingKey.RecordScorerTraces), SettingKey.RecordScorerTraces);
    }

    /// <summary>A boolean setting as MLflow reads one: <c>true</c>/<c>1</c> or <c>false</c>/<c>0</c>, in any case; unset is false.</summary>
    private static bool Flag(string? text, SettingKey key) => text?.Trim().ToUpperInvariant() switch
    {
        null or "FALSE" or "0" => false,
        "TRUE" or "1" => true,
        _ => throw new OptionsValidationException(
            key.ConfigurationKey, typeof(JudgeRuntimeOptions), [$"{MlflowClientOptions.SectionName}:{key}: '{text}' is not a boolean: use true, false, 1 or 0."]),
    };

    private static Uri Url(string text, SettingKey key) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
            ? url
            : throw new OptionsValidationException(
                key.ConfigurationKey, typeof(JudgeRuntimeOptions), [$"{MlflowClientOptions.SectionName}:{key}: '{text}' is not an absolute URL."]);

    /// <summary>Builds the runtime once at start-up, so a bad model URI or a key over plain http fails then, naming the setting.</summary>
    private sealed class JudgeRuntimeOptionsValidator : IValidateOptions<JudgeRuntimeOptions>
    {
        public ValidateOptionsResult Validate(string? name, JudgeRuntimeOptions options)
        {
            try
            {
                _ = new JudgeRuntime(options);
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
