using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>The longest trace tag key MLflow stores.</summary>
    public const int MaxTraceTagKeyLength = 250;

    /// <summary>The longest trace tag value MLflow stores.</summary>
    public const int MaxTraceTagValueLength = 8000;

    /// <summary>
    /// Sets a tag on a stored trace, adding it or replacing its value, as Python's <c>MlflowClient.set_trace_tag</c>. Search
    /// filters such as <c>tags.env = 'prod'</c> then match the trace.
    /// </summary>
    /// <param name="traceId">The trace id, such as <c>tr-…</c>.</param>
    /// <param name="key">The tag key, at most 250 characters.</param>
    /// <param name="value">The tag value, at most 8000 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tag is stored.</returns>
    /// <exception cref="ArgumentException">The trace id or key is empty, or the key or value is too long; nothing was sent.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such trace, or another backend error.</exception>
    public virtual async Task SetTraceTagAsync(string traceId, string key, string value, CancellationToken cancellationToken = default)
    {
        ValidateTraceTag(traceId, key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxTraceTagValueLength)
        {
            throw new ArgumentException(
                $"The value of trace tag '{key}' has {value.Length.ToString(CultureInfo.InvariantCulture)} characters; MLflow stores at most {MaxTraceTagValueLength.ToString(CultureInfo.InvariantCulture)}.",
                nameof(value));
        }

        var tags = RequireTraceTagStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.SetTraceTag");
        await tags.SetTraceTagAsync(traceId, key, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a tag from a stored trace, as Python's <c>MlflowClient.delete_trace_tag</c>.</summary>
    /// <param name="traceId">The trace id, such as <c>tr-…</c>.</param>
    /// <param name="key">The tag key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the tag is gone.</returns>
    /// <exception cref="ArgumentException">The trace id or key is empty, or the key is too long; nothing was sent.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such trace or tag, or another backend error.</exception>
    public virtual async Task DeleteTraceTagAsync(string traceId, string key, CancellationToken cancellationToken = default)
    {
        ValidateTraceTag(traceId, key);
        var tags = RequireTraceTagStore();
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.DeleteTraceTag");
        await tags.DeleteTraceTagAsync(traceId, key, cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateTraceTag(string traceId, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > MaxTraceTagKeyLength)
        {
            throw new ArgumentException(
                $"Trace tag key '{key[..20]}…' has {key.Length.ToString(CultureInfo.InvariantCulture)} characters; MLflow stores at most {MaxTraceTagKeyLength.ToString(CultureInfo.InvariantCulture)}.",
                nameof(key));
        }
    }

    private ITraceTagStore RequireTraceTagStore() =>
        _store as ITraceTagStore ?? throw new ScorerOperationNotSupportedException("This backend does not store trace tags.");
}
