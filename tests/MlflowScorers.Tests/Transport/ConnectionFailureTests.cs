using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MlflowScorers.Client;
using MlflowScorers.Configuration;
using MlflowScorers.Diagnostics;
using MlflowScorers.Stores.MlflowServer;
using MlflowScorers.Tests.Support;
using MlflowScorers.Transport;

namespace MlflowScorers.Tests.Transport;

/// <summary>An unreachable server fails an operation after one retry budget, with the address, the attempts and the cause.</summary>
public sealed class ConnectionFailureTests
{
    private const string Token = "tok-SECRET-connection-0123";

    [Test]
    public async Task FirstCall_ServerUnreachable_OneRetryBudgetForProbeAndCall()
    {
        var refusing = new RefusingHandler();
        await using var client = Client(refusing, maxRetries: 2, loggers: null);

        var act = async () =>
        {
            await foreach (var unused in client.ListScorersAsync())
            {
            }
        };

        var error = (await act.Should().ThrowExactlyAsync<MlflowConnectionException>()).Which;
        refusing.Attempts.Should().Be(3, "the capability probe's failure is the operation's failure, not swallowed and paid for again");
        error.Attempts.Should().Be(3);
        error.ErrorCode.Should().Be(MlflowErrorCode.TemporarilyUnavailable);
        error.RequestUri.GetLeftPart(UriPartial.Authority).Should().Be("http://127.0.0.1:9");
        error.Message.Should().Contain("http://127.0.0.1:9/").And.Contain("3 attempts").And.Contain("Connection refused");
        error.InnerException.Should().BeOfType<HttpRequestException>();
    }

    [Test]
    public async Task Retry_EachAttempt_LoggedWithAttemptFailureAndDelay_NoSecret()
    {
        var loggers = new CapturingLoggerFactory();
        await using var client = Client(new RefusingHandler(), maxRetries: 2, loggers);

        var act = () => client.GetBackendInfoAsync();

        await act.Should().ThrowAsync<MlflowConnectionException>();
        var retries = loggers.Lines.Where(l => l.EventId == MlflowLogEvents.RetryScheduled).ToList();
        retries.Should().HaveCount(2);
        retries.Select(l => l.Values["Attempt"]).Should().Equal(1, 2);
        retries.Should().OnlyContain(l => l.Category == MlflowLog.TransportCategory && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        retries[0].Values["Failure"].Should().Be("ConnectionError: Connection refused (127.0.0.1:9)");
        retries[0].Values["Delay"].Should().Be(TimeSpan.Zero);
        retries[0].Values["MaxAttempts"].Should().Be(3);
        loggers.Lines.Should().OnlyContain(l => !l.Message.Contains(Token, StringComparison.Ordinal));
    }

    private static MlflowClient Client(HttpMessageHandler innermost, int maxRetries, CapturingLoggerFactory? loggers)
    {
        var settings = ClientSettings.Resolve(
            new MlflowClientOptions
            {
                TrackingUri = "http://127.0.0.1:9",
                TrackingToken = Token,
                ExperimentId = "0",
                Retry = { MaxRetries = maxRetries, BaseDelay = TimeSpan.Zero },
                LoggerFactory = loggers,
            },
            null,
            EnvironmentReader.None);
        var address = settings.Connection.ServerAddress!;
        var http = MlflowHttpPipeline.CreateHttpClient(ScorerStoreFactory.TransportSettings(settings, address), innermost);
        return new MlflowClient(settings, new MlflowServerStore(new MlflowRestClient(http, address), settings.TimeProvider));
    }

    /// <summary>Fails every attempt as a refused connection does, and counts them.</summary>
    private sealed class RefusingHandler : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => _attempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new HttpRequestException(
                HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
        }
    }
}
