using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlflowScorers.Tests.Support;
using MlflowScorers.Tests.Traces.Filtering;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowScorers.Tests.Client;

/// <summary>
/// The shared filter table run through the server request path: a valid filter reaches the server unchanged, an invalid one
/// is refused with MLflow's message before any request is sent.
/// </summary>
public sealed class TraceSearchFilterTests : WireMockFixture
{
    [TestCaseSource(typeof(TraceFilterCases), nameof(TraceFilterCases.Valid))]
    public async Task SearchTracesAsync_ValidFilter_IsSentAsWritten(string filter, object parsedClauses)
    {
        _ = parsedClauses; // the local-store tests check the parse; here only the wire matters
        Server.Given(Request.Create().WithPath("/api/3.0/mlflow/traces/search").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        await using var client = Client();

        var traces = await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = ["1"], Filter = filter }).ToListAsync();

        traces.Should().BeEmpty();
        var body = JsonNode.Parse(Server.LogEntries.Single().RequestMessage.Body!)!;
        ((string)body["filter"]!).Should().Be(filter);
    }

    [TestCaseSource(typeof(TraceFilterCases), nameof(TraceFilterCases.Invalid))]
    public async Task SearchTracesAsync_InvalidFilter_IsRefusedBeforeAnyRequest(string filter, string message)
    {
        await using var client = Client();

        var act = async () => await client.SearchTracesAsync(new TraceSearchOptions { ExperimentIds = ["1"], Filter = filter }).ToListAsync();

        var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
        error.Message.Should().Be(message);
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        Server.LogEntries.Should().BeEmpty();
    }

    private MlflowClient Client() =>
        new(new MlflowClientOptions { TrackingUri = Server.Url, ReadEnvironment = false, Retry = { MaxRetries = 0 } });
}
