using WireMock;

namespace MlflowScorers.Tests.Support;

public sealed partial class FakeDatabricksServer
{
    private readonly FakeOAuthTokens _tokens = new();

    /// <summary>How many OAuth tokens the token endpoint issued.</summary>
    public int TokensIssued => _tokens.Issued;

    /// <summary>How long issued tokens live, in seconds.</summary>
    public int TokenLifetimeSeconds
    {
        get => _tokens.LifetimeSeconds;
        set => _tokens.LifetimeSeconds = value;
    }

    /// <summary>
    /// Turns on the OAuth token endpoint for one service principal (<see cref="FakeOAuthTokens"/>); managed-evals calls then
    /// need the latest issued token.
    /// </summary>
    public void UseServicePrincipal(string clientId, string clientSecret)
    {
        _tokens.Use(clientId, clientSecret);
        AcceptAuthorization = header => header == _tokens.LatestAuthorization;
    }

    private ResponseMessage HandleToken(IRequestMessage message)
    {
        var request = Record(message);
        var (status, body) = _tokens.Answer(request.Authorization, request.Body);
        return Json(status, body);
    }
}
