using System;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MlflowScorers.Stores.Local;

/// <summary>MLflow's SQL store page tokens: base64 of <c>{"offset": N}</c>, with MLflow's errors for a bad token.</summary>
internal static class LocalPageToken
{
    public static string Create(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"offset\": {offset}}}")));

    /// <summary>The offset a token stands for; 0 for no token.</summary>
    /// <exception cref="MlflowApiException">INVALID_PARAMETER_VALUE: the token is not one this store made.</exception>
    public static int Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw Invalid("Invalid page token, could not base64-decode");
        }

        try
        {
            using var document = JsonDocument.Parse(decoded);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("offset", out var offset)
                && offset.ValueKind == JsonValueKind.Number && offset.TryGetInt32(out var value) && value > 0
                ? value
                : throw Invalid($"Invalid page token, parsed value={decoded}");
        }
        catch (JsonException)
        {
            throw Invalid($"Invalid page token, decoded value={decoded}");
        }
    }

    private static MlflowApiException Invalid(string message) =>
        new(HttpStatusCode.BadRequest, MlflowErrorCode.InvalidParameterValue, message);
}
