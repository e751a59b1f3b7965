using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>
/// Python-style lifecycle calls on the scorer itself (<c>safety = await safety.StartAsync(client, config)</c>). Each forwards to
/// the matching <see cref="MlflowClient"/> method, keeps the concrete type and returns a new instance.
/// </summary>
public static class ScorerLifecycleExtensions
{
    /// <summary>Registers the scorer; see <see cref="MlflowClient.RegisterAsync{T}"/>.</summary>
    /// <typeparam name="T">The scorer's type.</typeparam>
    /// <param name="scorer">The scorer.</param>
    /// <param name="client">The client.</param>
    /// <param name="name">The name to register under; defaults to the scorer's name.</param>
    /// <param name="experimentId">The experiment; defaults to the active experiment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registered scorer.</returns>
    public static Task<T> RegisterAsync<T>(
        this T scorer, MlflowClient client, string? name = null, string? experimentId = null, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        System.ArgumentNullException.ThrowIfNull(client);
        return client.RegisterAsync(scorer, name, experimentId, cancellationToken);
    }

    /// <summary>Starts the scorer; see <see cref="MlflowClient.StartAsync{T}"/>.</summary>
    /// <typeparam name="T">The scorer's type.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="client">The client.</param>
    /// <param name="config">The sampling configuration.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The started scorer.</returns>
    public static Task<T> StartAsync<T>(
        this T scorer, MlflowClient client, ScorerSamplingConfig config, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        System.ArgumentNullException.ThrowIfNull(client);
        return client.StartAsync(scorer, config, cancellationToken);
    }

    /// <summary>Updates the scorer's sampling; see <see cref="MlflowClient.UpdateAsync{T}"/>.</summary>
    /// <typeparam name="T">The scorer's type.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="client">The client.</param>
    /// <param name="config">The sampling configuration.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated scorer.</returns>
    public static Task<T> UpdateAsync<T>(
        this T scorer, MlflowClient client, ScorerSamplingConfig config, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        System.ArgumentNullException.ThrowIfNull(client);
        return client.UpdateAsync(scorer, config, cancellationToken);
    }

    /// <summary>Stops the scorer; see <see cref="MlflowClient.StopAsync{T}"/>.</summary>
    /// <typeparam name="T">The scorer's type.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="client">The client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stopped scorer.</returns>
    public static Task<T> StopAsync<T>(this T scorer, MlflowClient client, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        System.ArgumentNullException.ThrowIfNull(client);
        return client.StopAsync(scorer, cancellationToken);
    }

    /// <summary>Deletes the scorer; see <see cref="MlflowClient.DeleteAsync{T}"/>.</summary>
    /// <typeparam name="T">The scorer's type.</typeparam>
    /// <param name="scorer">A registered scorer.</param>
    /// <param name="client">The client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The unregistered scorer.</returns>
    public static Task<T> DeleteAsync<T>(this T scorer, MlflowClient client, CancellationToken cancellationToken = default)
        where T : Scorer
    {
        System.ArgumentNullException.ThrowIfNull(client);
        return client.DeleteAsync(scorer, cancellationToken);
    }
}
