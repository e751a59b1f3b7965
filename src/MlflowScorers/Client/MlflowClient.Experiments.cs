using System;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;

namespace MlflowScorers;

public partial class MlflowClient
{
    /// <summary>MLflow's Default experiment, used when nothing names another.</summary>
    public const string DefaultExperimentId = "0";

    /// <summary>Gets an experiment by id, with its tags.</summary>
    /// <param name="experimentId">The experiment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The experiment.</returns>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_DOES_NOT_EXIST when there is no such experiment, or another backend error.</exception>
    public virtual async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetExperiment", experimentId);
        return await _store.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets an experiment by name.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The experiment, or <see langword="null"/> when none has that name.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.GetExperimentByName");
        return await _store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an experiment.</summary>
    /// <param name="name">The experiment's name; unique.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new experiment's id.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="MlflowApiException">RESOURCE_ALREADY_EXISTS when the name is taken, or another backend error.</exception>
    public virtual async Task<string> CreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var activity = MlflowDiagnostics.StartOperation("MlflowClient.CreateExperiment");
        return await _store.CreateExperimentAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The experiment calls use when they name none: <see cref="MlflowClientOptions.ExperimentId"/>, else the experiment named
    /// <see cref="MlflowClientOptions.ExperimentName"/> (created if missing, as <c>mlflow.set_experiment</c> does), else MLflow's
    /// Default experiment, <c>0</c>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The experiment id.</returns>
    /// <exception cref="MlflowApiException">The backend answered with an error.</exception>
    public virtual async Task<string> GetActiveExperimentIdAsync(CancellationToken cancellationToken = default)
    {
        if (_defaultExperimentId is { } known)
        {
            return known;
        }

        string resolved;
        if (_settings.ExperimentId is { } id && _settings.ExperimentName is { } expectedName)
        {
            resolved = await CheckSameExperimentAsync(id, expectedName, cancellationToken).ConfigureAwait(false);
        }
        else if (_settings.ExperimentId is { } onlyId)
        {
            resolved = onlyId;
        }
        else if (_settings.ExperimentName is { } name)
        {
            var existing = await _store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            resolved = existing?.ExperimentId ?? await CreateOrGetAsync(name, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            resolved = DefaultExperimentId;
        }

        _defaultExperimentId = resolved;
        return resolved;
    }

    /// <summary>The given experiment, else the active one; without a task allocation once the active one is known.</summary>
    private ValueTask<string> ResolveExperimentIdAsync(string? experimentId, CancellationToken cancellationToken) =>
        (experimentId ?? _defaultExperimentId) is { } known
            ? new ValueTask<string>(known)
            : new ValueTask<string>(GetActiveExperimentIdAsync(cancellationToken));

    /// <summary>
    /// Both an id and a name are configured: they must name the same experiment, as MLflow's Python client requires of
    /// <c>MLFLOW_EXPERIMENT_ID</c> and <c>MLFLOW_EXPERIMENT_NAME</c>. One lookup, once per client.
    /// </summary>
    private async Task<string> CheckSameExperimentAsync(string id, string name, CancellationToken cancellationToken)
    {
        var experiment = await _store.GetExperimentAsync(id, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(experiment.Name, name, StringComparison.Ordinal))
        {
            throw new MlflowException(
                MlflowErrorCode.InvalidParameterValue,
                $"The configured ExperimentId '{id}' and ExperimentName '{name}' name different experiments: experiment '{id}' is named "
                + $"'{experiment.Name}'. Set only one of them, or make them agree.");
        }

        return id;
    }

    private async Task<string> CreateOrGetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.CreateExperimentAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowApiException e) when (e.ErrorCode == MlflowErrorCode.ResourceAlreadyExists)
        {
            // Another process created it between our lookup and our create.
            var created = await _store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                throw;
            }

            return created.ExperimentId;
        }
    }
}
