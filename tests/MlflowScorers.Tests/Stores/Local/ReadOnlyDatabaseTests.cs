using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>
/// Issue 9: "attempt to write a readonly database" reaches the user as an MlflowException naming the file and the cause.
/// Tests run as root, for whom file permissions do not make a file read-only, and the SDK accepts no connection-string
/// options (a tracking URI with a query is refused); the file is made immutable with <c>chattr +i</c> instead, which binds
/// root too. Where the file system or the container does not allow that, the test is ignored, saying why.
/// </summary>
[NonParallelizable]
public sealed class ReadOnlyDatabaseTests
{
    private const int SqliteReadOnly = 8;

    [Test]
    public async Task ImmutableDatabaseFile_WriteIsAnErrorNamingTheFileAndReadOnly()
    {
        using var database = TempDatabase.New();
        var options = new MlflowClientOptions { TrackingUri = "sqlite:///" + database.Path, ReadEnvironment = false };
        await using (var setup = new MlflowClient(options))
        {
            await setup.CreateExperimentAsync("written-before");
        }

        SqliteConnection.ClearAllPools();
        if (!Chattr("+i", database.Path))
        {
            Assert.Ignore("chattr +i is not available here, and as root no other way makes the file read-only without a read-only mount.");
        }

        try
        {
            await using var client = new MlflowClient(options);

            var act = () => client.CreateExperimentAsync("written-after");

            var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
            error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
            error.Message.Should().Contain(database.Path).And.Contain("read-only");
            error.InnerException.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Match(code => (code & 0xFF) == SqliteReadOnly);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Chattr("-i", database.Path).Should().BeTrue("the file must be writable again to be deleted");
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
