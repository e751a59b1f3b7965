using System;
using System.Net;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Stores.Local;

internal static class ApiErrorAssertions
{
    public static async Task ShouldFailWithAsync(this Func<Task> act, HttpStatusCode status, MlflowErrorCode code, string message)
    {
        var error = (await act.Should().ThrowExactlyAsync<MlflowApiException>()).Which;
        error.Message.Should().Be(message);
        error.ErrorCode.Should().Be(code);
        error.StatusCode.Should().Be(status);
    }

    /// <summary>A failure found before any I/O: MLflow's code and message, and no HTTP status (not an <see cref="MlflowApiException"/>).</summary>
    public static async Task ShouldFailBeforeIoAsync(this Func<Task> act, MlflowErrorCode code, string message)
    {
        var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
        error.Message.Should().Be(message);
        error.ErrorCode.Should().Be(code);
    }

    public static Task ShouldBeNotFoundAsync(this Func<Task> act, string message) =>
        act.ShouldFailWithAsync(HttpStatusCode.NotFound, MlflowErrorCode.ResourceDoesNotExist, message);
}
