using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using MlflowScorers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Binds <see cref="MlflowRetryOptions"/> from configuration without reflection, so the library stays AOT-safe.</summary>
internal static class RetryOptionsBinding
{
    public static void Bind(MlflowRetryOptions options, IConfiguration section)
    {
        if (int.TryParse(section[nameof(MlflowRetryOptions.MaxRetries)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var maxRetries))
        {
            options.MaxRetries = maxRetries;
        }

        options.BaseDelay = Duration(section, nameof(MlflowRetryOptions.BaseDelay)) ?? options.BaseDelay;
        options.MaxDelay = Duration(section, nameof(MlflowRetryOptions.MaxDelay)) ?? options.MaxDelay;
        options.MaxRetryAfter = Duration(section, nameof(MlflowRetryOptions.MaxRetryAfter)) ?? options.MaxRetryAfter;
        options.AttemptTimeout = Duration(section, nameof(MlflowRetryOptions.AttemptTimeout)) ?? options.AttemptTimeout;
        options.TotalTimeout = Duration(section, nameof(MlflowRetryOptions.TotalTimeout)) ?? options.TotalTimeout;
    }

    private static TimeSpan? Duration(IConfiguration section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Configuration value '{text}' for Retry:{key} is not a duration: use the form hh:mm:ss, for example 00:00:30.");
    }
}
