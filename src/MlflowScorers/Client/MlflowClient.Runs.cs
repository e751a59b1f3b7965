using System;
using MlflowScorers.Stores;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>The clock the client stamps writes with.</summary>
    internal TimeProvider TimeProvider => _settings.TimeProvider;

    /// <summary>The backend's run calls, for recording evaluation runs.</summary>
    /// <exception cref="ScorerOperationNotSupportedException">The backend keeps no runs.</exception>
    internal IRunStore RequireRunStore() =>
        _store as IRunStore ?? throw new ScorerOperationNotSupportedException("This backend does not store runs.");
}
