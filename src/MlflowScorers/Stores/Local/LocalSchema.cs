using System;

namespace MlflowScorers.Stores.Local;

/// <summary>What the local store found (or created) in its database file.</summary>
/// <param name="AlembicRevision">The file's alembic revision.</param>
/// <param name="MlflowVersion">The MLflow version that the revision belongs to.</param>
/// <param name="HasOnlineScoringConfigs">Whether the file has MLflow 3.11's <c>online_scoring_configs</c> table.</param>
internal sealed record LocalSchema(string AlembicRevision, Version MlflowVersion, bool HasOnlineScoringConfigs);
