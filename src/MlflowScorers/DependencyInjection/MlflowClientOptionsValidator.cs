using System;
using Microsoft.Extensions.Options;
using MlflowScorers;
using MlflowScorers.Client;
using MlflowScorers.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Checks at start-up (<c>ValidateOnStart</c>) what the client would check when it is built: the resolved tracking URI, the
/// credentials and the credential rule. Each failure names the configuration key.
/// </summary>
internal sealed class MlflowClientOptionsValidator(MlflowSettingsResolverFactory resolvers) : IValidateOptions<MlflowClientOptions>
{
    public ValidateOptionsResult Validate(string? name, MlflowClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _ = ClientSettings.From(options, resolvers.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            return ValidateOptionsResult.Fail($"{MlflowClientOptions.SectionName}:{e.ParamName ?? "?"}: {message}");
        }
        catch (MlflowException e)
        {
            return ValidateOptionsResult.Fail($"{MlflowClientOptions.SectionName}:{SettingKey.TrackingUri.ConfigurationKey}: {e.Message}");
        }
    }
}

/// <summary>Builds the resolver for the registered client's options: the options, then the bound section, then the environment.</summary>
/// <param name="Section">The section <c>AddMlflowScorers</c> was given, or <see langword="null"/>.</param>
internal sealed record MlflowSettingsResolverFactory(Microsoft.Extensions.Configuration.IConfiguration? Section)
{
    public MlflowSettingsResolver Create(MlflowClientOptions options) => ClientSettings.Resolver(options, Section, EnvironmentReader.Process);
}
