using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Keeps a scorer's online-scoring config in an experiment tag, for schemas without <c>online_scoring_configs</c> (MLflow 3.6):
/// key <c>mlflowscorers.online_config.&lt;scorer_id&gt;</c>, value <c>{"sample_rate": 0.5, "filter_string": "..."}</c>
/// (<c>filter_string</c> left out when there is none, as MLflow leaves it out of its config).
/// </summary>
internal sealed class ExperimentTagSampling : ILocalSamplingStorage
{
    public const string TagKeyPrefix = "mlflowscorers.online_config.";
    private const string SampleRateProperty = "sample_rate";
    private const string FilterStringProperty = "filter_string";

    public static ExperimentTagSampling Instance { get; } = new();

    public static string TagKey(string scorerId) => TagKeyPrefix + scorerId;

    public async Task<StoredSampling?> ReadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, long experimentId, string scorerId, CancellationToken cancellationToken)
    {
        var json = await LocalExperimentQueries.GetTagAsync(connection, transaction, experimentId, TagKey(scorerId), cancellationToken)
            .ConfigureAwait(false);
        return json is null ? null : Parse(json);
    }

    public Task WriteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string scorerId, StoredSampling sampling,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        return LocalExperimentQueries.SetTagAsync(connection, transaction, experimentId, TagKey(scorerId), Format(sampling), cancellationToken);
    }

    public Task DeleteAsync(
        SqliteConnection connection, SqliteTransaction transaction, long experimentId, string scorerId, CancellationToken cancellationToken) =>
        LocalExperimentQueries.DeleteTagAsync(connection, transaction, experimentId, TagKey(scorerId), cancellationToken);

    internal static string Format(StoredSampling sampling)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber(SampleRateProperty, sampling.SampleRate);
            if (sampling.FilterString is not null)
            {
                writer.WriteString(FilterStringProperty, sampling.FilterString);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static StoredSampling Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var filter = root.TryGetProperty(FilterStringProperty, out var filterElement) && filterElement.ValueKind == JsonValueKind.String
            ? filterElement.GetString()
            : null;
        return new StoredSampling(root.GetProperty(SampleRateProperty).GetDouble(), filter);
    }
}
