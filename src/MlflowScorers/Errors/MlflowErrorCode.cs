using System;

namespace MlflowScorers;

/// <summary>
/// An MLflow <c>error_code</c> such as <c>RESOURCE_DOES_NOT_EXIST</c>. This is an extensible enumeration:
/// codes the SDK does not know are kept as they arrived.
/// </summary>
public readonly struct MlflowErrorCode : IEquatable<MlflowErrorCode>
{
    private readonly string? _value;

    /// <summary>Creates a code from its wire text.</summary>
    /// <param name="value">The code as the server sends it, for example <c>INVALID_PARAMETER_VALUE</c>.</param>
    public MlflowErrorCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>INVALID_PARAMETER_VALUE</c> (HTTP 400).</summary>
    public static MlflowErrorCode InvalidParameterValue { get; } = new("INVALID_PARAMETER_VALUE");

    /// <summary><c>BAD_REQUEST</c> (HTTP 400).</summary>
    public static MlflowErrorCode BadRequest { get; } = new("BAD_REQUEST");

    /// <summary><c>RESOURCE_ALREADY_EXISTS</c> (HTTP 400 on MLflow servers).</summary>
    public static MlflowErrorCode ResourceAlreadyExists { get; } = new("RESOURCE_ALREADY_EXISTS");

    /// <summary><c>RESOURCE_DOES_NOT_EXIST</c> (HTTP 404).</summary>
    public static MlflowErrorCode ResourceDoesNotExist { get; } = new("RESOURCE_DOES_NOT_EXIST");

    /// <summary><c>ENDPOINT_NOT_FOUND</c>: the server has no such route (often an HTML 404 page).</summary>
    public static MlflowErrorCode EndpointNotFound { get; } = new("ENDPOINT_NOT_FOUND");

    /// <summary><c>UNAUTHENTICATED</c> (HTTP 401).</summary>
    public static MlflowErrorCode Unauthenticated { get; } = new("UNAUTHENTICATED");

    /// <summary><c>PERMISSION_DENIED</c> (HTTP 403).</summary>
    public static MlflowErrorCode PermissionDenied { get; } = new("PERMISSION_DENIED");

    /// <summary><c>REQUEST_LIMIT_EXCEEDED</c> (HTTP 429).</summary>
    public static MlflowErrorCode RequestLimitExceeded { get; } = new("REQUEST_LIMIT_EXCEEDED");

    /// <summary><c>INTERNAL_ERROR</c> (HTTP 500).</summary>
    public static MlflowErrorCode InternalError { get; } = new("INTERNAL_ERROR");

    /// <summary><c>TEMPORARILY_UNAVAILABLE</c> (HTTP 503).</summary>
    public static MlflowErrorCode TemporarilyUnavailable { get; } = new("TEMPORARILY_UNAVAILABLE");

    /// <summary><c>NOT_IMPLEMENTED</c> (HTTP 501): the server cannot do what was asked.</summary>
    public static MlflowErrorCode NotImplemented { get; } = new("NOT_IMPLEMENTED");

    /// <summary><c>DEADLINE_EXCEEDED</c> (HTTP 504).</summary>
    public static MlflowErrorCode DeadlineExceeded { get; } = new("DEADLINE_EXCEEDED");

    /// <summary>Compares two codes by their wire text, ignoring case.</summary>
    public static bool operator ==(MlflowErrorCode left, MlflowErrorCode right) => left.Equals(right);

    /// <summary>Compares two codes by their wire text, ignoring case.</summary>
    public static bool operator !=(MlflowErrorCode left, MlflowErrorCode right) => !left.Equals(right);

    /// <summary>Converts wire text to a code.</summary>
    public static implicit operator MlflowErrorCode(string value) => new(value);

    /// <summary>The code a status maps to when the body carries none, as MLflow's Python client maps it.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>The code.</returns>
    public static MlflowErrorCode FromHttpStatus(int statusCode) => statusCode switch
    {
        400 => BadRequest,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => EndpointNotFound,
        429 => RequestLimitExceeded,
        501 => NotImplemented,
        503 => TemporarilyUnavailable,
        504 => DeadlineExceeded,
        _ => InternalError,
    };

    /// <inheritdoc />
    public bool Equals(MlflowErrorCode other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MlflowErrorCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>The wire text of the code.</summary>
    public override string ToString() => _value ?? string.Empty;
}
