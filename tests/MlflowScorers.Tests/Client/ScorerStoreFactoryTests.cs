using System.Collections.Generic;
using System.Threading;
using MlflowScorers.Client;
using MlflowScorers.Stores.MlflowServer;

namespace MlflowScorers.Tests.Client;

public sealed class ScorerStoreFactoryTests
{
    [Test]
    public void Create_HttpUriWithoutHttpClient_LeavesTimeoutsToTheRetryPipeline()
    {
        // HttpClient's own 100-second default would cut the retry pipeline's 5-minute total timeout short.
        var settings = ClientSettings.Resolve(
            new MlflowClientOptions { TrackingUri = "http://127.0.0.1:5000", ReadEnvironment = false }, new Dictionary<string, string?>());

        var store = (MlflowServerStore)ScorerStoreFactory.Create(settings, httpClient: null);

        store.Rest.HttpClient.Timeout.Should().Be(Timeout.InfiniteTimeSpan);
    }
}
