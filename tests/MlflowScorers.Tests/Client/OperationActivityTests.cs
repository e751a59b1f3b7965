using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MlflowScorers.Tests.Stores.Local;

namespace MlflowScorers.Tests.Client;

/// <summary>Each public operation's activity, on the published source name, says whether the operation failed.</summary>
public sealed class OperationActivityTests
{
    [Test]
    public async Task FailedOperation_ActivityHasErrorStatusAndTheException()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MlflowTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var database = TempDatabase.New();
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + database.Path, ReadEnvironment = false });

        var act = () => client.GetExperimentAsync("424242");

        await act.Should().ThrowAsync<MlflowApiException>();
        Activity activity;
        lock (stopped)
        {
            activity = stopped.Single(a => a.OperationName == "MlflowClient.GetExperiment" && a.GetTagItem("mlflow.experiment_id") as string == "424242");
        }

        activity.Status.Should().Be(ActivityStatusCode.Error);
        activity.Events.Should().Contain(e => e.Name == "exception");
    }
}
