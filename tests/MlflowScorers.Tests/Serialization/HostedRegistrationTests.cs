using System;
using System.Linq;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>Registrations of .NET-hosted scorers round-trip through one experiment tag value of at most 5000 characters.</summary>
public sealed class HostedRegistrationTests
{
    private static readonly DateTimeOffset s_day1 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_day2 = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(2));

    [Test]
    public void WriteRegistration_WritesTheDocumentedFormat()
    {
        var v1 = HostedScorerCodec.WriteDefinition(new CodeScorer { Name = "length", Implementation = "MyApp.LengthV1" }, "length");
        var v2 = HostedScorerCodec.WriteDefinition(
            new CodeScorer { Name = "length", Implementation = "MyApp.LengthV2", Aggregations = [Aggregation.Mean] }, "length");
        var registration = new HostedScorerRegistration
        {
            Name = "length",
            Version = 2,
            Definition = v2,
            SampleRate = 0.5,
            FilterString = "trace.status = 'OK'",
            CreationTime = s_day2,
            Versions = [new(1, s_day1, v1), new(2, s_day2, v2)],
        };

        var json = HostedScorerCodec.WriteRegistration(registration);

        json.Should().Be("""
            {"format":"mlflowscorers/1","name":"length","version":2,"sample_rate":0.5,"filter_string":"trace.status = 'OK'","creation_time":"2026-11-27T10:00:00+02:00","definition":{"format":"mlflowscorers/1","kind":"code","aggregations":["mean"],"description":null,"implementation":"MyApp.LengthV2"},"versions":[{"version":1,"creation_time":"2026-11-26T10:00:00+00:00","definition":{"format":"mlflowscorers/1","kind":"code","aggregations":null,"description":null,"implementation":"MyApp.LengthV1"}},{"version":2,"creation_time":"2026-11-27T10:00:00+02:00"}]}
            """);
    }

    [Test]
    public void Registration_RoundTripsEveryField()
    {
        var registration = Registration("judge", versions: 3, definitionLength: 50) with
        {
            SampleRate = 0.125,
            FilterString = null,
            CreationTime = new DateTimeOffset(2026, 11, 27, 1, 2, 3, TimeSpan.FromHours(-5)).AddTicks(1234567),
        };

        var read = HostedScorerCodec.ReadRegistration(HostedScorerCodec.WriteRegistration(registration));

        read.Should().NotBeNull();
        read!.Versions.Should().Equal(registration.Versions);
        read.Should().Be(registration with { Versions = read.Versions });
        HostedScorerCodec.ReadDefinition(read.Name, read.Definition).Should().BeOfType<Guidelines>();
    }

    [Test]
    public void WriteRegistration_TooLong_DropsOldestVersionsAndKeepsTheLatest()
    {
        var registration = Registration("big", versions: 12, definitionLength: 700);

        var json = HostedScorerCodec.WriteRegistration(registration);
        var read = HostedScorerCodec.ReadRegistration(json)!;

        json.Length.Should().BeLessThanOrEqualTo(5000);
        read.Versions.Count.Should().BeInRange(2, 11);
        read.Versions.Should().Equal(registration.Versions.TakeLast(read.Versions.Count), "only the oldest are dropped");
        read.Versions[^1].Version.Should().Be(12);
        read.Definition.Should().Be(registration.Definition);
        HostedScorerCodec.WriteRegistration(registration with { Versions = registration.Versions.TakeLast(read.Versions.Count + 1).ToList() })
            .Should().Be(json, "one more version would not have fit");
    }

    [Test]
    public void WriteRegistration_LatestDefinitionAloneTooLong_ThrowsNamingScorerAndLimit()
    {
        var registration = Registration("huge", versions: 2, definitionLength: 5000);

        var act = () => HostedScorerCodec.WriteRegistration(registration);

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'huge' cannot be registered in an experiment tag*at most 5000*");
    }

    [TestCase("not json")]
    [TestCase("")]
    [TestCase("\"a plain string\"")]
    [TestCase("[1, 2]")]
    [TestCase("""{"name": "x", "version": 1}""")]
    [TestCase("""{"format": "someone-else/1", "name": "x", "version": 1, "definition": {}}""")]
    [TestCase("""{"format": "mlflowscorers/1", "version": 1, "definition": {}}""")]
    [TestCase("""{"format": "mlflowscorers/1", "name": "x", "version": "one", "definition": {}}""")]
    public void ReadRegistration_NotOurs_ReturnsNull(string tagValue)
    {
        HostedScorerCodec.ReadRegistration(tagValue).Should().BeNull();
    }

    private static HostedScorerRegistration Registration(string name, int versions, int definitionLength)
    {
        var all = Enumerable.Range(1, versions)
            .Select(v => new HostedScorerVersion(
                v,
                s_day1.AddDays(v),
                HostedScorerCodec.WriteDefinition(
                    new Guidelines($"v{v} " + new string('x', definitionLength)) { Host = ScorerHost.DotNet }, name)))
            .ToList();
        return new HostedScorerRegistration
        {
            Name = name,
            Version = versions,
            Definition = all[^1].Definition,
            SampleRate = 1.0,
            FilterString = "trace.status = 'OK'",
            CreationTime = all[^1].CreationTime,
            Versions = all,
        };
    }
}
