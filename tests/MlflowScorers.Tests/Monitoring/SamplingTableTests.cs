using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlflowScorers.Tests.Monitoring;

/// <summary>
/// The sampling function against a table computed independently in Python (sampling_cases.py, beside this file, wrote
/// sampling_cases.json with hashlib and Python's own integer division), so the .NET code is checked against MLflow's formula.
/// </summary>
public sealed class SamplingTableTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        ((JsonArray)JsonNode.Parse(File.ReadAllText(FixturePath()))!["cases"]!).Select(c => new TestCaseData(c!.ToJsonString()).SetName($"Select_{(string)c["entity_id"]!}"));

    [TestCaseSource(nameof(Cases))]
    public void Select_MatchesPythonTable(string caseJson)
    {
        var testCase = JsonNode.Parse(caseJson)!;
        var entity = (string)testCase["entity_id"]!;
        var rates = testCase["scorers"]!.AsArray().Select(s => KeyValuePair.Create((string)s!["name"]!, (double)s["sample_rate"]!)).ToList();

        var selected = ScorerSampling.Select(entity, rates);

        selected.Should().Equal(testCase["selected"]!.AsArray().Select(n => (string)n!));
        foreach (var (name, fraction) in testCase["fractions"]!.AsObject())
        {
            ScorerSampling.Fraction(entity, name).Should().Be((double)fraction!, "the hash fraction must round exactly as Python's int / 2**256");
        }
    }

    [Test]
    public void Select_Scorers_UsesEachScorersSampleRate()
    {
        var always = MonitorTestKit.Length("always") with { SamplingConfig = new ScorerSamplingConfig(1.0) };
        var never = MonitorTestKit.Length("never") with { SamplingConfig = new ScorerSamplingConfig(0.0) };

        ScorerSampling.Select("tr-1", [never, always]).Select(s => s.Name).Should().Equal("always");
    }

    [Test]
    public void Select_RateOutOfRange_ThrowsNamingTheScorer()
    {
        var act = () => ScorerSampling.Select("tr-1", [KeyValuePair.Create("safety", 1.5)]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*safety*between 0 and 1*");
    }

    private static string FixturePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "MlflowScorers.Tests", "Monitoring", "sampling_cases.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/MlflowScorers.Tests/Monitoring/sampling_cases.json was not found above the test output folder.");
    }
}
