using System;
using MlflowScorers.Serialization;

namespace MlflowScorers.Stores.Databricks;

/// <summary>What Databricks accepts for a server-run scorer, checked before anything is sent.</summary>
internal static class DatabricksScorerRules
{
    /// <summary>Refuses a server-run judge whose model Databricks cannot run (only <c>databricks</c> and <c>databricks:/&lt;endpoint&gt;</c>).</summary>
    /// <exception cref="ArgumentException">The judge model is another provider's.</exception>
    public static void CheckJudgeModel(Scorer scorer, string name)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (scorer.Host != ScorerHost.Server || scorer is not JudgeScorer { Model: { } model })
        {
            return;
        }

        if (!string.Equals(JudgeModelUri.Parse(model).Provider, JudgeModelUri.DatabricksManaged, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Scorer '{name}' cannot be registered on Databricks: its judge model is '{model}', and Databricks runs judges only with the model 'databricks' (the default) or 'databricks:/<serving-endpoint>'. Use one of those, or register it with Host = ScorerHost.DotNet so a .NET process runs it.",
                nameof(scorer));
        }
    }

    /// <summary>The same check on a payload about to be stored.</summary>
    /// <exception cref="ArgumentException">The judge model is another provider's.</exception>
    public static void CheckPayload(string name, string serializedScorer) =>
        CheckJudgeModel(SerializedScorerCodec.Deserialize(name, serializedScorer), name);
}
