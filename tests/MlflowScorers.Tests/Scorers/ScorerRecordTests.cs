using System;

namespace MlflowScorers.Tests.Scorers;

public sealed class ScorerRecordTests
{
    [Test]
    public void NewSafety_HasDefaultNameAndIsUnregistered()
    {
        var safety = new Safety();

        safety.Name.Should().Be("safety");
        safety.Status.Should().Be(ScorerStatus.Unregistered);
        safety.Host.Should().Be(ScorerHost.Server);
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Name_EmptyOrWhitespace_Throws(string name)
    {
        var act = () => new Safety { Name = name };

        act.Should().Throw<ArgumentException>().WithMessage("*cannot be empty or contain only whitespace*");
    }

    [Test]
    public void Name_LongerThan256_Throws()
    {
        var act = () => new Safety { Name = new string('a', 257) };

        act.Should().Throw<ArgumentException>().WithMessage("*at most 256*");
    }

    [TestCase("gpt-4")]
    [TestCase("openai:/")]
    [TestCase(":/model")]
    [TestCase("openai://x")]
    public void Model_Malformed_ThrowsNamingTheValue(string model)
    {
        var act = () => new Safety { Model = model };

        act.Should().Throw<ArgumentException>().WithMessage($"*'{model}'*<provider>:/<model-name>*");
    }

    [TestCase("databricks")]
    [TestCase("openai:/gpt-4.1-mini")]
    [TestCase("gateway:/my-endpoint")]
    public void Model_Valid_IsKept(string model)
    {
        new Safety { Model = model }.Model.Should().Be(model);
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void SamplingConfig_RateOutsideZeroToOne_Throws(double rate)
    {
        var act = () => new ScorerSamplingConfig(rate);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*from 0.0 to 1.0*");
    }

    [Test]
    public void Guidelines_WithoutRules_Throws()
    {
        var act = () => new Guidelines();

        act.Should().Throw<ArgumentException>().WithMessage("Guidelines are required*");
    }

    [Test]
    public void With_NewName_LeavesOriginalUnchanged()
    {
        var original = new Guidelines("Be polite.");

        var renamed = original with { Name = "politeness" };

        original.Name.Should().Be("guidelines");
        renamed.Name.Should().Be("politeness");
        renamed.Rules.Should().Equal("Be polite.");
    }

    [Test]
    public void InstructionsJudge_UnknownVariable_Throws()
    {
        var act = () => new InstructionsJudge("j", "Is {{ answer }} good?");

        act.Should().Throw<ArgumentException>().WithMessage("*unsupported variables: answer*");
    }

    [Test]
    public void InstructionsJudge_NoVariable_Throws()
    {
        var act = () => new InstructionsJudge("j", "Is it good?");

        act.Should().Throw<ArgumentException>().WithMessage("*at least one variable*");
    }

    [Test]
    public void PromptJudge_NoChoices_Throws()
    {
        var act = () => new PromptJudge("formality", "Is {{ response }} formal?");

        act.Should().Throw<ArgumentException>().WithMessage("*[[CHOICE_NAME]]*");
    }

    [Test]
    public void PromptJudge_NumericValuesMustMatchChoices()
    {
        var judge = new PromptJudge("formality", "Pick [[formal]] or [[informal]] for {{ response }}.");

        var act = () => judge with { NumericValues = new System.Collections.Generic.Dictionary<string, double> { ["formal"] = 1 } };

        judge.Choices.Should().Equal("formal", "informal");
        act.Should().Throw<ArgumentException>().WithMessage("*[formal]*[formal, informal]*");
    }

    [Test]
    public void CodeScorer_HostIsAlwaysDotNet()
    {
        var act = () => new CodeScorer { Name = "x", Host = ScorerHost.Server };

        new CodeScorer { Name = "x" }.Host.Should().Be(ScorerHost.DotNet);
        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Aggregations_MatchHandComputedValues()
    {
        double[] values = [1, 2, 3, 4, 10];

        Aggregation.Min.Compute(values).Should().Be(1);
        Aggregation.Max.Compute(values).Should().Be(10);
        Aggregation.Mean.Compute(values).Should().Be(4);
        Aggregation.Median.Compute(values).Should().Be(3);
        Aggregation.Variance.Compute(values).Should().BeApproximately(10.0, 1e-12);
        Aggregation.P90.Compute(values).Should().BeApproximately(7.6, 1e-12);
        Aggregation.Mean.Compute([]).Should().BeNull();
    }
}
