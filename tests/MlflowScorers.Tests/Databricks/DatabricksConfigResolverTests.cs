using System;
using System.Collections.Generic;
using MlflowScorers.Configuration.Databricks;

namespace MlflowScorers.Tests.Databricks;

/// <summary>The Databricks CLI and SDK order: options, then configuration, then environment, then one profile of the file.</summary>
public sealed class DatabricksConfigResolverTests
{
    private const string ThreeProfiles = """
        # a comment
        [DEFAULT]
        host = https://default.cloud.databricks.com
        token = dapi-default

        [dev]
        HOST: https://dev.cloud.databricks.com
        client_id = dev-client
        ; another comment
        client_secret = dev-secret

        [azure]
        host = adb-123.4.azuredatabricks.net
        azure_workspace_resource_id = /subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w
        """;

    [Test]
    public void Resolve_NothingElseSet_ReadsTheDefaultProfileOfTheHomeFile()
    {
        using var file = new TempConfigFile(ThreeProfiles);

        var config = Resolve(new DatabricksOptions(), env: [], home: file.Home);

        config.Host.Should().Be(new Uri("https://default.cloud.databricks.com/"));
        config.Get(DatabricksSetting.Token).Should().Be("dapi-default");
        config.SourceOf(DatabricksSetting.Token).Should().Be($"profile 'DEFAULT' in {file.Path}");
    }

    [Test]
    public void Resolve_NamedProfile_TakesOnlyThatProfile_NotTheDefaultKeys()
    {
        using var file = new TempConfigFile(ThreeProfiles);

        var config = Resolve(new DatabricksOptions(), env: new() { ["DATABRICKS_CONFIG_PROFILE"] = "dev" }, home: file.Home);

        config.Host.Should().Be(new Uri("https://dev.cloud.databricks.com/"), "keys are case-insensitive and ':' separates too");
        config.Get(DatabricksSetting.ClientId).Should().Be("dev-client");
        config.Get(DatabricksSetting.ClientSecret).Should().Be("dev-secret");
        config.Get(DatabricksSetting.Token).Should().BeNull("a profile does not inherit DEFAULT's keys");
    }

    [Test]
    public void Resolve_ProfileFromTrackingUri_WinsOverTheEnvironmentsProfile()
    {
        using var file = new TempConfigFile(ThreeProfiles);

        var config = DatabricksConfigResolver.Resolve(
            new DatabricksOptions(), DatabricksConfigResolver.ProfileOf("databricks://azure"), _ => null,
            Env(new() { ["DATABRICKS_CONFIG_PROFILE"] = "dev" }), file.Home);

        config.Host.Should().Be(new Uri("https://adb-123.4.azuredatabricks.net/"), "a bare host name gets https://");
        config.Get(DatabricksSetting.AzureWorkspaceResourceId).Should().StartWith("/subscriptions/");
    }

    [Test]
    public void Resolve_OptionsThenSectionThenEnvironmentThenProfile_EachFillsOnlyWhatIsUnset()
    {
        using var file = new TempConfigFile(ThreeProfiles);
        var section = new Dictionary<string, string?> { ["Databricks:ClientId"] = "section-client", ["Databricks:Host"] = "https://section.example" };

        var config = DatabricksConfigResolver.Resolve(
            new DatabricksOptions { Host = "https://options.example", Profile = "dev" },
            uriProfile: null,
            key => section.GetValueOrDefault(key),
            Env(new() { ["DATABRICKS_CLIENT_ID"] = "env-client", ["DATABRICKS_CLIENT_SECRET"] = "env-secret" }),
            file.Home);

        config.Host.Should().Be(new Uri("https://options.example/"));
        config.SourceOf(DatabricksSetting.Host).Should().Be("options");
        config.Get(DatabricksSetting.ClientId).Should().Be("section-client");
        config.SourceOf(DatabricksSetting.ClientId).Should().Be("configuration");
        config.Get(DatabricksSetting.ClientSecret).Should().Be("env-secret");
        config.SourceOf(DatabricksSetting.ClientSecret).Should().Be("DATABRICKS_CLIENT_SECRET");
    }

    [Test]
    public void Resolve_HostInTheEnvironment_SkipsTheDefaultProfile()
    {
        using var file = new TempConfigFile(ThreeProfiles);

        var config = Resolve(new DatabricksOptions(), env: new() { ["DATABRICKS_HOST"] = "https://env.example" }, home: file.Home);

        config.Get(DatabricksSetting.Token).Should().BeNull("with a host configured elsewhere the SDKs do not read DEFAULT");
        config.ProfileSource.Should().BeNull();
    }

    [Test]
    public void Resolve_ConfigFileVariable_ReplacesTheHomeFile()
    {
        using var file = new TempConfigFile(ThreeProfiles);

        var config = Resolve(new DatabricksOptions(), env: new() { ["DATABRICKS_CONFIG_FILE"] = file.Path }, home: null);

        config.Get(DatabricksSetting.Token).Should().Be("dapi-default");
    }

    [Test]
    public void Resolve_NamedProfileMissing_NamesTheProfileTheFileAndItsProfiles()
    {
        using var file = new TempConfigFile(ThreeProfiles);

        var act = () => Resolve(new DatabricksOptions { Profile = "prod" }, env: [], home: file.Home);

        act.Should().Throw<ArgumentException>().WithMessage($"*'prod' is not in {file.Path}*DEFAULT, azure, dev*");
    }

    [Test]
    public void Resolve_NamedProfileWithoutAFile_SaysWhichFileIsMissing()
    {
        var home = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-such-home-" + Guid.NewGuid().ToString("N"));

        var act = () => Resolve(new DatabricksOptions { Profile = "dev" }, env: [], home: home);

        act.Should().Throw<ArgumentException>().WithMessage("*'dev' was asked for*.databrickscfg does not exist*");
    }

    [Test]
    public void Resolve_NoFileAndNoProfileNamed_IsNotAnError()
    {
        var config = Resolve(new DatabricksOptions(), env: [], home: null);

        config.Host.Should().BeNull();
        config.ToString().Should().Be("no Databricks settings");
    }

    [Test]
    public void ProfileOf_TrackingUris()
    {
        DatabricksConfigResolver.ProfileOf("databricks").Should().BeNull();
        DatabricksConfigResolver.ProfileOf("databricks://dev").Should().Be("dev");
        var empty = () => DatabricksConfigResolver.ProfileOf("databricks://");
        empty.Should().Throw<ArgumentException>().WithMessage("*names no profile*");
    }

    [Test]
    public void Parse_LineThatIsNeitherSectionNorKeyValue_NamesTheLineButNotItsText()
    {
        var act = () => DatabricksConfigFile.Parse("/x/.databrickscfg", "[DEFAULT]\ntoken = a\nsecret-looking-garbage\n");

        act.Should().Throw<MlflowException>().WithMessage("*line 3*").Which.Message.Should().NotContain("secret-looking-garbage");
    }

    [Test]
    public void NormalizeHost_KeepsOnlySchemeHostAndPort()
    {
        DatabricksConfig.NormalizeHost("https://adb-1.2.azuredatabricks.net/?o=1#x").Should().Be(new Uri("https://adb-1.2.azuredatabricks.net/"));
        var bad = () => DatabricksConfig.NormalizeHost("ftp://x");
        bad.Should().Throw<ArgumentException>().WithMessage("*'ftp://x' is not a workspace URL*");
    }

    private static DatabricksConfig Resolve(DatabricksOptions options, Dictionary<string, string?> env, string? home) =>
        DatabricksConfigResolver.Resolve(options, uriProfile: null, _ => null, Env(env), home);

    private static Func<string, string?> Env(Dictionary<string, string?> env) => name => env.GetValueOrDefault(name);
}
