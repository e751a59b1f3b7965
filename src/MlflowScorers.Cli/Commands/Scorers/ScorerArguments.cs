using System.CommandLine;
using System.Globalization;

namespace MlflowScorers.Cli.Commands.Scorers;

/// <summary>Arguments and options shared by the scorer commands.</summary>
internal static class ScorerArguments
{
    /// <summary>The NAME argument.</summary>
    public static Argument<string> Name() => new("name") { Description = "The registered scorer name." };

    /// <summary><c>--version N</c>.</summary>
    public static Option<int?> Version(string description) => new("--version")
    {
        Description = description,
        Validators = { result => MustBePositive(result) },
    };

    /// <summary><c>--sample-rate R</c> (between 0 and 1).</summary>
    public static Option<double?> SampleRate(bool required) => new("--sample-rate")
    {
        Description = "The fraction of traces to score, from 0 to 1.",
        Required = required,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<double?>() is { } rate && (double.IsNaN(rate) || rate < 0 || rate > 1))
                {
                    result.AddError($"--sample-rate {rate.ToString(CultureInfo.InvariantCulture)} is outside [0, 1].");
                }
            },
        },
    };

    /// <summary><c>--filter F</c>.</summary>
    public static Option<string?> Filter(string description) => new("--filter") { Description = description };

    private static void MustBePositive(System.CommandLine.Parsing.OptionResult result)
    {
        if (result.GetValueOrDefault<int?>() is < 1 and var version)
        {
            result.AddError($"--version {version} is not a version number (versions start at 1).");
        }
    }
}
