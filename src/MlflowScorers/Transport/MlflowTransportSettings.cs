using System;
using Microsoft.Extensions.Logging;

namespace MlflowScorers.Transport;

/// <summary>Everything the HTTP handler chain needs, fixed when a client is built.</summary>
/// <param name="BaseAddress">The tracking server's address.</param>
/// <param name="Authenticator">Adds credentials to each attempt, or <see langword="null"/> for an open server.</param>
/// <param name="Retry">Frozen retry options (see <see cref="MlflowRetryOptions.Freeze"/>).</param>
/// <param name="ApplicationId">Appended to the User-Agent, or <see langword="null"/>.</param>
/// <param name="TimeProvider">The clock for back-off delays and timeouts.</param>
/// <param name="Logger">Where retries are logged, or <see langword="null"/> for nowhere.</param>
internal sealed record MlflowTransportSettings(
    Uri BaseAddress,
    IRequestAuthenticator? Authenticator,
    MlflowRetryOptions Retry,
    string? ApplicationId,
    TimeProvider TimeProvider,
    ILogger? Logger = null);
