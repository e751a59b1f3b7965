namespace MlflowScorers.Traces.Filtering;

/// <summary>The kinds of token in a trace filter.</summary>
internal enum TraceFilterTokenKind
{
    Identifier,
    String,
    Number,
    Operator,
    Keyword,
    OpenParen,
    CloseParen,
    Comma,
    Unknown,
}

/// <summary>A token: its kind, its text as written, and its value (a string without quotes, a keyword in upper case).</summary>
internal sealed record TraceFilterToken(TraceFilterTokenKind Kind, string Text, string Value);
