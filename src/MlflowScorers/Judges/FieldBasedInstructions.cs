namespace MlflowScorers.Judges;

/// <summary>Our instructions for the built-in judges that MLflow backs with an instructions judge (field-based mode).</summary>
internal static class FieldBasedInstructions
{
    public const string Fluency =
        "Decide whether the text in {{ outputs }} reads fluently: grammatical, natural and easy to follow, with no awkward or "
        + "broken phrasing. The result is \"yes\" if it is fluent and \"no\" if it is not";

    public const string Completeness =
        "Decide whether the response in {{ outputs }} deals with every part of the request in {{ inputs }}, leaving no question "
        + "or sub-task unanswered. The result is \"yes\" if it is complete and \"no\" if anything is left out";

    public const string Summarization =
        "Decide whether {{ outputs }} is a good summary of the material in {{ inputs }}: it keeps the main points, adds nothing "
        + "the material does not say, and is shorter than the material. The result is \"yes\" if it is and \"no\" if it is not";
}
