using System;
using System.IO;
using System.Threading.Tasks;

namespace MlflowScorers.Tests.Stores.Local;

/// <summary>SQLite failures reach the user as MlflowExceptions naming the file and the likely cause; folders are never created.</summary>
public sealed class LocalDatabaseErrorTests
{
    [Test]
    public async Task MissingFolder_IsAnErrorNamingIt_AndIsNotCreated()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlflowscorers-missing-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "x.db");
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + file, ReadEnvironment = false });

        var act = () => client.GetBackendInfoAsync();

        var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
        error.Message.Should().Contain(file).And.Contain($"its folder '{folder}' does not exist");
        Directory.Exists(folder).Should().BeFalse();
    }

    [Test]
    public async Task FileThatIsNotADatabase_IsAnErrorNamingTheFileAndTheCause()
    {
        using var database = TempDatabase.New();
        await File.WriteAllTextAsync(database.Path, "this is a text file, not an SQLite database, and it is long enough to have a header");
        await using var client = new MlflowClient(new MlflowClientOptions { TrackingUri = "sqlite:///" + database.Path, ReadEnvironment = false });

        var act = () => client.GetBackendInfoAsync();

        var error = (await act.Should().ThrowExactlyAsync<MlflowException>()).Which;
        error.Message.Should().Contain(database.Path).And.Contain("not an SQLite database");
        error.InnerException.Should().BeOfType<Microsoft.Data.Sqlite.SqliteException>();
    }
}
