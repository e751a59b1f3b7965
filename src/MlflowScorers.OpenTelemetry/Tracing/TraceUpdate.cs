using System;
using System.Collections.Generic;
using System.Diagnostics;
using MlflowScorers.Judges;

namespace MlflowScorers.Tracing;

/// <summary>
/// What the application set on a trace while it was being recorded (<see cref="MlflowTracing.UpdateCurrentTrace"/>): tags,
/// and the session and user ids MLflow keeps as trace metadata. Held on the root activity as a custom property, so it is not
/// exported as a span attribute; thread-safe, and later calls win key by key, as in Python's <c>update_current_trace</c>.
/// </summary>
internal sealed class TraceUpdate
{
    /// <summary>MLflow's metadata key of the user a trace was recorded for.</summary>
    public const string UserMetadataKey = "mlflow.trace.user";

    private const string PropertyName = "MlflowScorers.TraceUpdate";

    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>The update held on <paramref name="root"/>, if any.</summary>
    public static TraceUpdate? Of(Activity root) => root.GetCustomProperty(PropertyName) as TraceUpdate;

    /// <summary>The update held on <paramref name="root"/>, created when missing.</summary>
    public static TraceUpdate For(Activity root)
    {
        lock (root)
        {
            if (Of(root) is not { } update)
            {
                update = new TraceUpdate();
                root.SetCustomProperty(PropertyName, update);
            }

            return update;
        }
    }

    /// <summary>Adds tags and ids; <see langword="null"/> leaves a value as it is.</summary>
    public void Apply(IEnumerable<KeyValuePair<string, string>>? tags, string? sessionId, string? userId)
    {
        lock (_tags)
        {
            foreach (var (key, value) in tags ?? [])
            {
                _tags[key] = value;
            }

            if (sessionId is not null)
            {
                _metadata[SessionConversation.SessionMetadataKey] = sessionId;
            }

            if (userId is not null)
            {
                _metadata[UserMetadataKey] = userId;
            }
        }
    }

    /// <summary>Sets one metadata entry, for example <c>mlflow.sourceRun</c> for a trace recorded by an evaluation run.</summary>
    public void SetMetadata(string key, string value)
    {
        lock (_tags)
        {
            _metadata[key] = value;
        }
    }

    /// <summary>A copy of the tags set.</summary>
    public Dictionary<string, string> Tags()
    {
        lock (_tags)
        {
            return new Dictionary<string, string>(_tags, StringComparer.Ordinal);
        }
    }

    /// <summary>A copy of the metadata set (session, user, and entries set with <see cref="SetMetadata"/>).</summary>
    public Dictionary<string, string> Metadata()
    {
        lock (_tags)
        {
            return new Dictionary<string, string>(_metadata, StringComparer.Ordinal);
        }
    }
}
