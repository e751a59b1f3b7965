using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Diagnostics;

namespace MlflowScorers.Transport;

/// <summary>The outermost handler: identifies the SDK (and the caller's application) in the <c>User-Agent</c> header.</summary>
internal sealed class UserAgentHandler : DelegatingHandler
{
    private static readonly string s_sdkProduct = "mlflow-scorers-dotnet/" + MlflowDiagnostics.Version;

    private readonly string _userAgent;

    public UserAgentHandler(string? applicationId)
    {
        if (applicationId is not null)
        {
            ValidateApplicationId(applicationId);
        }

        _userAgent = applicationId is null ? s_sdkProduct : $"{s_sdkProduct} ({applicationId})";
    }

    /// <summary>The header value this handler sends.</summary>
    public string UserAgent => _userAgent;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        return base.SendAsync(request, cancellationToken);
    }

    private static void ValidateApplicationId(string applicationId)
    {
        if (applicationId.Length is 0 or > 64)
        {
            throw new ArgumentException("The application id must have 1 to 64 characters.", nameof(applicationId));
        }

        foreach (var c in applicationId)
        {
            if (c is < ' ' or > '~' or '(' or ')')
            {
                throw new ArgumentException(
                    "The application id may only hold printable ASCII characters other than parentheses.", nameof(applicationId));
            }
        }
    }
}
