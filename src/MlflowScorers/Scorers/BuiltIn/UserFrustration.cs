using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges a conversation for user frustration; values <c>none</c>, <c>resolved</c> or <c>unresolved</c>. Default name <c>user_frustration</c>.</summary>
public sealed record UserFrustration : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];

    /// <summary>Creates the judge with its default name, <c>user_frustration</c>.</summary>
    [SetsRequiredMembers]
    public UserFrustration() => Name = "user_frustration";

    /// <inheritdoc />
    public override string BuiltInClassName => "UserFrustration";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);

    /// <inheritdoc />
    public override bool IsSessionLevel => true;
}
