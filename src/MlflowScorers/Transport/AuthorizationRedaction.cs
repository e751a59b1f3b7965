using System;
using System.Net.Http;
using System.Text;

namespace MlflowScorers.Transport;

/// <summary>
/// Removes the credentials a request carried from text a server sent back (an error body that echoes the
/// <c>Authorization</c> header), so a server's reply never carries the secret into an exception message.
/// </summary>
internal static class AuthorizationRedaction
{
    /// <summary>What replaces a credential.</summary>
    public const string Placeholder = "***";

    /// <summary>
    /// <paramref name="text"/> with the request's <c>Authorization</c> value (a bearer token, or the encoded basic pair and
    /// the password inside it) replaced by <see cref="Placeholder"/>.
    /// </summary>
    public static string Redact(string text, HttpRequestMessage? request)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (request?.Headers.Authorization?.Parameter is not { Length: > 0 } parameter)
        {
            return text;
        }

        var redacted = text.Replace(parameter, Placeholder, StringComparison.Ordinal);
        if (string.Equals(request.Headers.Authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && DecodedPassword(parameter) is { Length: > 0 } password)
        {
            redacted = redacted.Replace(password, Placeholder, StringComparison.Ordinal);
        }

        return redacted;
    }

    private static string? DecodedPassword(string encoded)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
