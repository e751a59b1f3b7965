using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Client;

public sealed class ServiceCollectionTests
{
    [Test]
    public async Task AddMlflowScorers_FromConfiguration_ResolvesOneSharedClientThatTalksToTheServer()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow311);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MlflowScorers:TrackingUri"] = server.Url,
            ["MlflowScorers:ExperimentId"] = "0",
            ["MlflowScorers:ApplicationId"] = "di-test",
            ["MlflowScorers:ReadEnvironment"] = "false",
            ["MlflowScorers:Retry:MaxRetries"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddMlflowScorers(configuration.GetSection("MlflowScorers"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<MlflowClient>();
        var registered = await client.RegisterAsync(new Safety { Model = "gateway:/fake-judge" });

        provider.GetRequiredService<MlflowClient>().Should().BeSameAs(client);
        client.TrackingUri.Should().Be(server.Url);
        registered.Version.Should().Be(1);
        server.Requests.Should().Contain(r => r.PathAndQuery.StartsWith("/api/3.0/mlflow/scorers/register"));
    }

    [Test]
    public void AddMlflowScorers_HttpClient_LeavesTimeoutsToTheRetryPipeline()
    {
        var services = new ServiceCollection();
        services.AddMlflowScorers(options => options.TrackingUri = "http://127.0.0.1:5000");
        using var provider = services.BuildServiceProvider();

        var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(MlflowScorersServiceCollectionExtensions.HttpClientName);

        // HttpClient's own 100-second default would cut the retry pipeline's 5-minute total timeout short.
        httpClient.Timeout.Should().Be(Timeout.InfiniteTimeSpan);
    }

    [Test]
    public async Task AddMlflowScorers_ReturnedBuilder_AcceptsTheCallersOwnHandler()
    {
        using var server = FakeMlflowServer.Start(FakeServerVersion.Mlflow36);
        var recorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddMlflowScorers(o =>
        {
            o.TrackingUri = server.Url;
            o.ReadEnvironment = false;
            o.ApplicationId = "my-app";
        }).AddHttpMessageHandler(() => recorder);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<MlflowClient>().GetBackendInfoAsync();

        recorder.UserAgents.Should().NotBeEmpty().And.OnlyContain(ua => ua.StartsWith("mlflow-scorers-dotnet/") && ua.Contains("my-app"));
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly List<string> _userAgents = [];

        public IReadOnlyList<string> UserAgents
        {
            get
            {
                lock (_userAgents)
                {
                    return _userAgents.ToList();
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_userAgents)
            {
                _userAgents.Add(request.Headers.UserAgent.ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
