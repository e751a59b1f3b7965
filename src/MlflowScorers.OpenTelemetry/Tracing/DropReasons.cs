namespace MlflowScorers.Tracing;

/// <summary>The <c>reason</c> tag values of the dropped-spans counter.</summary>
internal static class DropReasons
{
    /// <summary>The export queue was full.</summary>
    public const string QueueFull = "queue_full";

    /// <summary>The export failed or threw.</summary>
    public const string ExportFailed = "export_failed";

    /// <summary>Local mode: too many spans were waiting for their root span.</summary>
    public const string BufferFull = "buffer_full";

    /// <summary>Local mode: the root span had not ended at shutdown.</summary>
    public const string Incomplete = "incomplete_trace";
}
