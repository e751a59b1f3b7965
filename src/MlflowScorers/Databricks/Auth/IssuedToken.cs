using System;

namespace MlflowScorers.Databricks.Auth;

/// <summary>An access token and its lifetime. <see cref="ToString"/> hides the token.</summary>
/// <param name="Value">The token.</param>
/// <param name="IssuedAt">When it was received.</param>
/// <param name="ExpiresOn">When it expires.</param>
internal sealed record IssuedToken(string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresOn)
{
    /// <summary>How long before expiry a token is replaced, at most; a short-lived token is replaced at half its lifetime.</summary>
    public static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>From when on the token is replaced before use.</summary>
    public DateTimeOffset RefreshAt
    {
        get
        {
            var half = (ExpiresOn - IssuedAt) / 2;
            return ExpiresOn - (half < MaxRefreshMargin ? half : MaxRefreshMargin);
        }
    }

    /// <summary>Hides the token.</summary>
    public override string ToString() => $"access token (hidden), expires {ExpiresOn:O}";
}
