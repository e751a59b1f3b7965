using System;
using System.IO;

namespace MlflowScorers.Stores.Local;

/// <summary>
/// Parses MLflow's (SQLAlchemy's) SQLite tracking URIs: <c>sqlite:///relative/path.db</c>, relative to the working directory,
/// and <c>sqlite:////absolute/path.db</c>.
/// </summary>
internal static class SqliteTrackingUri
{
    private const string Prefix = "sqlite:///";

    /// <summary>The absolute path of the database file, with relative paths resolved against the working directory.</summary>
    public static string ToDatabasePath(string trackingUri) => ToDatabasePath(trackingUri, Environment.CurrentDirectory);

    /// <summary>The absolute path of the database file, with relative paths resolved against <paramref name="baseDirectory"/>.</summary>
    public static string ToDatabasePath(string trackingUri, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (trackingUri is null || !trackingUri.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(trackingUri, "it does not start with 'sqlite:///'");
        }

        var path = trackingUri[Prefix.Length..];
        if (path.Length == 0 || path == "/")
        {
            throw Invalid(trackingUri, "it names no file");
        }

        if (path.Contains(":memory:", StringComparison.Ordinal))
        {
            throw Invalid(trackingUri, "an in-memory database cannot hold a registry shared between operations");
        }

        if (path.Contains('?', StringComparison.Ordinal))
        {
            throw Invalid(trackingUri, "query parameters are not supported");
        }

        return Path.GetFullPath(path, baseDirectory);
    }

    private static ArgumentException Invalid(string? trackingUri, string reason) => new(
        $"The tracking URI '{trackingUri}' is not a SQLite database URI that the local store can open: {reason}. "
            + "Expected 'sqlite:///relative/path.db' (relative to the working directory) or 'sqlite:////absolute/path.db'.",
        nameof(trackingUri));
}
