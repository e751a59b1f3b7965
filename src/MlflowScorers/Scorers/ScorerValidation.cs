using System;
using System.Collections.Generic;
using System.Globalization;

namespace MlflowScorers;

/// <summary>The argument rules every backend shares. Each check runs before any I/O and names the bad value and the rule.</summary>
internal static class ScorerValidation
{
    /// <summary>The most scorers one experiment may hold, server-run and .NET-hosted together (Databricks' documented limit).</summary>
    public const int MaxScorersPerExperiment = 20;

    /// <summary>The longest scorer name MLflow's <c>scorers.scorer_name</c> column holds.</summary>
    public const int MaxNameLength = 256;

    public static double? SampleRate(double? value, string parameterName)
    {
        if (value is { } rate && (double.IsNaN(rate) || rate < 0.0 || rate > 1.0))
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                rate,
                $"Sample rate {rate.ToString(CultureInfo.InvariantCulture)} is invalid: a sample rate must be a number from 0.0 to 1.0.");
        }

        return value;
    }

    public static string Name(string? value, string parameterName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, "A scorer name is required.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException(
                $"Scorer name '{value}' is invalid: a scorer name cannot be empty or contain only whitespace.", parameterName);
        }

        if (value.Length > MaxNameLength)
        {
            throw new ArgumentException(
                $"Scorer name '{Shorten(value)}' is invalid: it has {value.Length} characters and a scorer name may have at most {MaxNameLength}.",
                parameterName);
        }

        return value;
    }

    public static void StartRate(ScorerSamplingConfig config, string parameterName)
    {
        if (config.SampleRate is not { } rate || rate <= 0.0)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                config.SampleRate,
                $"Sample rate {(config.SampleRate?.ToString(CultureInfo.InvariantCulture) ?? "null")} cannot start a scorer: when starting a scorer the sample rate must be greater than 0. Use StopAsync to stop it.");
        }
    }

    public static IReadOnlyList<string> NonEmptyItems(IReadOnlyList<string>? items, string parameterName, string what)
    {
        if (items is null || items.Count == 0)
        {
            throw new ArgumentException($"{what} are required: give at least one.", parameterName);
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i]))
            {
                throw new ArgumentException($"{what} item {i} is empty: every item must have text.", parameterName);
            }
        }

        return items;
    }

    public static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 61), "...");
}
