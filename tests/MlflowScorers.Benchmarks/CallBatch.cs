using System;
using System.Threading.Tasks;

namespace MlflowScorers.Benchmarks;

/// <summary>
/// Runs a call many times per benchmark invocation. BenchmarkDotNet waits for each invocation's task by blocking its own
/// thread, and the wake-up that follows (microseconds, varying with the scheduler) would otherwise be measured with every call.
/// </summary>
internal static class CallBatch
{
    /// <summary>Calls per invocation; the benchmarks declare it as their <c>OperationsPerInvoke</c>.</summary>
    public const int Size = 100;

    public static async Task RunAsync(Func<Task> call)
    {
        for (var i = 0; i < Size; i++)
        {
            await call().ConfigureAwait(false);
        }
    }
}
