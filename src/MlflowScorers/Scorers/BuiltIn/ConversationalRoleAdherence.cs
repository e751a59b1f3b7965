using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MlflowScorers;

/// <summary>Judges whether the assistant kept to its assigned role across a conversation. Default name <c>conversational_role_adherence</c>.</summary>
public sealed record ConversationalRoleAdherence : BuiltInJudge
{
    private static readonly string[] s_columns = ["session"];

    /// <summary>Creates the judge with its default name, <c>conversational_role_adherence</c>.</summary>
    [SetsRequiredMembers]
    public ConversationalRoleAdherence() => Name = "conversational_role_adherence";

    /// <inheritdoc />
    public override string BuiltInClassName => "ConversationalRoleAdherence";

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredColumns => s_columns;

    /// <inheritdoc />
    public override System.Version MinimumMlflowVersion => new(3, 7);

    /// <inheritdoc />
    public override bool IsSessionLevel => true;
}
