using System;
using System.IO;
using MlflowScorers.Stores.Local;

namespace MlflowScorers.Tests.Stores.Local;

public class SqliteTrackingUriTests
{
    private static readonly string s_base = Path.Combine(Path.GetTempPath(), "work dir");

    [Test]
    public void Three_slashes_name_a_path_relative_to_the_working_directory()
    {
        SqliteTrackingUri.ToDatabasePath("sqlite:///mlflow.db", s_base).Should().Be(Path.Combine(s_base, "mlflow.db"));
        SqliteTrackingUri.ToDatabasePath("sqlite:///data/runs.db", s_base).Should().Be(Path.Combine(s_base, "data", "runs.db"));
    }

    [Test]
    public void Four_slashes_name_an_absolute_path()
    {
        SqliteTrackingUri.ToDatabasePath("sqlite:////abs/path.db", s_base).Should().Be(Path.GetFullPath("/abs/path.db"));
    }

    [Test]
    public void The_working_directory_is_the_default_base()
    {
        SqliteTrackingUri.ToDatabasePath("sqlite:///mlflow.db").Should().Be(Path.Combine(Environment.CurrentDirectory, "mlflow.db"));
    }

    [TestCase("http://localhost:5000")]
    [TestCase("databricks")]
    [TestCase("mlflow.db")]
    [TestCase("sqlite://mlflow.db")]
    [TestCase("sqlite:///")]
    [TestCase("sqlite:///:memory:")]
    [TestCase("sqlite:///mlflow.db?mode=ro")]
    [TestCase("")]
    public void Other_forms_are_refused_with_the_value_and_the_expected_form(string uri)
    {
        var act = () => SqliteTrackingUri.ToDatabasePath(uri, s_base);

        act.Should().Throw<ArgumentException>()
            .WithMessage($"The tracking URI '{uri}' *Expected 'sqlite:///relative/path.db'*'sqlite:////absolute/path.db'*");
    }

    [Test]
    public void The_store_is_made_from_a_tracking_uri()
    {
        var path = Path.Combine(Path.GetTempPath(), "x", "mlflow.db");
        var store = LocalScorerStore.FromUri("sqlite:///" + path, TimeProvider.System);

        store.DatabasePath.Should().Be(path);
    }
}
