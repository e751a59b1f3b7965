namespace MlflowScorers.Tests.Assessments;

public class AssessmentTests
{
    [Test]
    public void Feedback_Defaults_MatchMlflow()
    {
        var feedback = new Feedback { Name = Feedback.DefaultName };

        feedback.Source.Should().Be(new AssessmentSource { SourceType = AssessmentSourceType.Code, SourceId = "default" });
        feedback.Value.Should().BeNull();
        feedback.Error.Should().BeNull();
    }

    [Test]
    public void Expectation_DefaultSource_IsHuman() =>
        new Expectation { Name = "expected_response" }.Source.SourceType.Should().Be(AssessmentSourceType.Human);

    [Test]
    public void AssessmentSourceType_FromWireValue_ComparesIgnoringCase()
    {
        AssessmentSourceType parsed = "llm_judge";

        (parsed == AssessmentSourceType.LlmJudge).Should().BeTrue();
        parsed.GetHashCode().Should().Be(AssessmentSourceType.LlmJudge.GetHashCode());
        AssessmentSourceType.Code.ToString().Should().Be("CODE");
        (AssessmentSourceType.Human != AssessmentSourceType.Code).Should().BeTrue();
    }

    [Test]
    public void AssessmentSource_Factories_SetTypeAndId()
    {
        AssessmentSource.FromCode("my_scorer").Should().Be(new AssessmentSource { SourceType = AssessmentSourceType.Code, SourceId = "my_scorer" });
        AssessmentSource.FromLlmJudge("openai:/gpt-4.1-mini").SourceType.Should().Be(AssessmentSourceType.LlmJudge);
    }
}
