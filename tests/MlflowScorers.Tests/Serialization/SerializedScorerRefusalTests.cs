using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using MlflowScorers.Serialization;

namespace MlflowScorers.Tests.Serialization;

/// <summary>Scorers a server registry cannot hold are refused with a message naming the scorer and the rule.</summary>
public sealed class SerializedScorerRefusalTests
{
    [Test]
    public void Serialize_CodeScorer_Throws()
    {
        var code = new CodeScorer { Name = "length", Evaluate = (_, _) => ValueTask.FromResult<object?>(true) };

        var act = () => SerializedScorerCodec.Serialize(code, "length");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'length' cannot be written*C# code scorer has no Python form*experiment tags*");
    }

    [Test]
    public void Serialize_PromptJudge_Throws()
    {
        var act = () => SerializedScorerCodec.Serialize(new PromptJudge("tone", "Is {{ outputs }} [[formal]] or [[casual]]?"), "tone");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'tone' cannot be written*prompt judge*runs in .NET*");
    }

    [Test]
    public void Serialize_UnrecognizedScorer_Throws()
    {
        var act = () => SerializedScorerCodec.Serialize(new UnrecognizedScorer { Name = "odd", RawPayload = "{}" }, "odd");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'odd' cannot be written*unrecognised payload cannot be re-registered*");
    }

    [Test]
    public void Serialize_CustomAggregation_ThrowsNamingIt()
    {
        var safety = new Safety { Aggregations = [Aggregation.Mean, Aggregation.Custom("p99", v => v[0])] };

        var act = () => SerializedScorerCodec.Serialize(safety, "safety");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'safety'*aggregation 'p99' is custom*min, max, mean, median, variance and p90*");
    }

    [Test]
    public void Serialize_PythonFunctionWithoutSource_Throws()
    {
        var act = () => SerializedScorerCodec.Serialize(new PythonFunctionScorer { Name = "f" }, "f");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'f' cannot be written*needs its call_source*");
    }

    [Test]
    public void Serialize_BuiltInClassMlflowDoesNotKnow_Throws()
    {
        var act = () => SerializedScorerCodec.Serialize(new InventedJudge(), "invented");

        act.Should().Throw<ArgumentException>().WithMessage("Scorer 'invented' cannot be written*'Invented' is not a built-in scorer class*");
    }

    [TestCase("")]
    [TestCase(" ")]
    public void Serialize_InvalidRegisteredName_Throws(string name)
    {
        var act = () => SerializedScorerCodec.Serialize(new Safety(), name);

        act.Should().Throw<ArgumentException>().WithMessage("*cannot be empty*");
    }

    private sealed record InventedJudge : BuiltInJudge
    {
        [SetsRequiredMembers]
        public InventedJudge() => Name = "invented";

        public override string BuiltInClassName => "Invented";

        public override IReadOnlyList<string> RequiredColumns => ["outputs"];
    }
}
