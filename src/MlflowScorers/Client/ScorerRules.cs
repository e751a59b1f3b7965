using System;
using System.Linq;
using MlflowScorers.Serialization;
using MlflowScorers.Stores;
using MlflowScorers.Stores.Databricks;

namespace MlflowScorers.Client;

/// <summary>The rules a lifecycle call checks before it changes anything.</summary>
internal static class ScorerRules
{
    /// <summary>The longest name a .NET-hosted scorer may have: MLflow tag keys hold at most 250 characters.</summary>
    public static readonly int MaxHostedNameLength = 250 - HostedScorerRegistration.TagPrefix.Length;

    /// <summary>Checks, without I/O, that the scorer can be registered at all.</summary>
    public static void CheckRegistrable(Scorer scorer, string name)
    {
        switch (scorer)
        {
            case UnrecognizedScorer:
                throw new ArgumentException(
                    $"Scorer '{name}' cannot be registered: its stored payload was not recognised ({((UnrecognizedScorer)scorer).Reason}).",
                    nameof(scorer));
            case PythonFunctionScorer:
                throw new ArgumentException(
                    $"Scorer '{name}' cannot be registered: Python @scorer functions run only on Databricks, and MLflow servers refuse them. Write it as a CodeScorer in C#.",
                    nameof(scorer));
        }

        if (scorer.Host == ScorerHost.DotNet)
        {
            if (name.Length > MaxHostedNameLength)
            {
                throw new ArgumentException(
                    $"Scorer name '{ScorerValidation.Shorten(name)}' is too long for a .NET-hosted scorer: it has {name.Length} characters and at most {MaxHostedNameLength} fit in an MLflow experiment tag key.",
                    nameof(scorer));
            }

            return;
        }

        var custom = scorer.Aggregations?.FirstOrDefault(a => !a.IsBuiltIn);
        if (custom is not null)
        {
            throw new ArgumentException(
                $"Scorer '{name}' cannot be registered to run on the server: its aggregation '{custom.Name}' is a .NET function, and a server registry stores only min, max, mean, median, variance and p90.",
                nameof(scorer));
        }
    }

    /// <summary>Checks, once the backend is known, that its Python client can load what would be registered.</summary>
    public static void CheckLoadableBy(Scorer scorer, string name, StoreCapabilities capabilities)
    {
        if (capabilities.BackendKind == BackendKind.Databricks)
        {
            DatabricksScorerRules.CheckJudgeModel(scorer, name);
        }

        if (scorer.Host != ScorerHost.Server || scorer is not BuiltInJudge builtIn)
        {
            return;
        }

        var version = capabilities.MlflowVersion;
        if (version is null || version < builtIn.MinimumMlflowVersion)
        {
            throw new ScorerOperationNotSupportedException(
                $"Scorer '{name}' ({builtIn.BuiltInClassName}) cannot be registered on {capabilities.Description}: MLflow {(version?.ToString() ?? "of unknown version")} does not know this judge class, and one payload its Python client cannot load breaks list_scorers() for the whole experiment. Register it with Host = ScorerHost.DotNet to run it in .NET, or use a server on MLflow {builtIn.MinimumMlflowVersion} or later.");
        }
    }

    /// <summary>Refuses a sampling change on a backend that keeps no sampling for server-run scorers.</summary>
    public static void RequireServerSampling(Scorer scorer, StoreCapabilities capabilities)
    {
        if (!capabilities.SupportsServerSampling)
        {
            throw new ScorerOperationNotSupportedException(
                $"Scorer '{scorer.Name}' cannot be started, updated or stopped on {capabilities.Description}: this server has no online-scoring configuration endpoints (MLflow 3.11 and later have them). Register the scorer with Host = ScorerHost.DotNet so a .NET process runs it, or upgrade the server.");
        }
    }

    /// <summary>Checks a start or update of a server-run scorer against what the backend can run online.</summary>
    public static void CheckServerCanRun(Scorer scorer, double rate, StoreCapabilities capabilities)
    {
        RequireServerSampling(scorer, capabilities);
        if (rate <= 0.0 || !capabilities.RequiresGatewayModelToStart)
        {
            return;
        }

        if (scorer is not JudgeScorer judge)
        {
            throw new ScorerOperationNotSupportedException(
                $"Scorer '{scorer.Name}' cannot run on {capabilities.Description}: MLflow servers run only LLM judges online.");
        }

        if (judge.Model is null || !JudgeModelUri.Parse(judge.Model).IsGateway)
        {
            throw new ScorerOperationNotSupportedException(
                $"Scorer '{scorer.Name}' cannot be started on {capabilities.Description}: its judge model is '{judge.Model ?? "the default"}', and MLflow servers run judges online only with an AI Gateway model ('gateway:/<endpoint>'). Register it with a gateway model, or with Host = ScorerHost.DotNet so a .NET process runs it.");
        }

        var needsExpectations = judge switch
        {
            BuiltInJudge b => b.RequiresExpectations,
            InstructionsJudge i => i.RequiresExpectations,
            _ => false,
        };
        if (needsExpectations)
        {
            throw new ScorerOperationNotSupportedException(
                $"Scorer '{scorer.Name}' cannot be started on {capabilities.Description}: it needs expectations, which online scoring cannot supply. Run it in offline evaluation instead.");
        }
    }

    /// <summary>The experiment-tag key of a .NET-hosted scorer.</summary>
    public static string HostedTagKey(string name) => HostedScorerRegistration.TagPrefix + name;
}
