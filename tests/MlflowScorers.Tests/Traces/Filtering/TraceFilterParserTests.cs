using System.Collections.Generic;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Tests.Traces.Filtering;

public class TraceFilterParserTests
{
    [TestCaseSource(typeof(TraceFilterCases), nameof(TraceFilterCases.Valid))]
    public void A_supported_filter_parses_to_its_clauses(string filter, object expected)
    {
        var clauses = TraceFilterParser.Parse(filter);

        clauses.Should().BeEquivalentTo((TraceFilterClause[])expected, options => options.ComparingByMembers<TraceFilterClause>().WithStrictOrdering());
    }

    [TestCaseSource(typeof(TraceFilterCases), nameof(TraceFilterCases.Invalid))]
    public void An_invalid_filter_fails_with_MLflows_message(string filter, string message)
    {
        var act = () => TraceFilterParser.Parse(filter);

        var error = act.Should().ThrowExactly<MlflowException>("nothing was sent, so there is no HTTP status").Which;
        error.Message.Should().Be(message);
        error.ErrorCode.Should().Be(MlflowErrorCode.InvalidParameterValue);
    }

    [Test]
    public void A_null_filter_has_no_clauses() => TraceFilterParser.Parse(null).Should().BeEmpty();

    [TestCaseSource(typeof(TraceFilterCases), nameof(TraceFilterCases.ValidOrders))]
    public void An_order_by_list_parses_with_MLflows_tie_breakers(IReadOnlyList<string>? orderBy, object expected) =>
        TraceOrderByParser.Parse(orderBy).Should().Equal((TraceOrderClause[])expected);

    [TestCaseSource(typeof(TraceFilterCases), nameof(TraceFilterCases.InvalidOrders))]
    public void An_invalid_order_by_fails_with_MLflows_message(string[] orderBy, string message)
    {
        var act = () => TraceOrderByParser.Parse(orderBy);

        act.Should().ThrowExactly<MlflowException>().Which.Message.Should().Be(message);
    }

    [Test]
    public void Tokens_keep_backticked_parts_and_both_quote_styles_whole()
    {
        var tokens = TraceFilterTokenizer.Tokenize("tags.`a b.c` != \"x y\"");

        tokens.Should().Equal(
            new TraceFilterToken(TraceFilterTokenKind.Identifier, "tags.`a b.c`", "tags.`a b.c`"),
            new TraceFilterToken(TraceFilterTokenKind.Operator, "!=", "!="),
            new TraceFilterToken(TraceFilterTokenKind.String, "\"x y\"", "x y"));
    }
}
