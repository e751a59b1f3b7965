namespace MlflowScorers;

/// <summary>The family a scorer belongs to, as MLflow's <c>serialized_scorer</c> families discriminate them.</summary>
public enum ScorerKind
{
    /// <summary>An MLflow built-in scorer class such as <c>Safety</c> or <c>Guidelines</c>.</summary>
    BuiltIn,

    /// <summary>An instructions judge (Python's <c>make_judge</c>).</summary>
    Instructions,

    /// <summary>A prompt judge with <c>[[choice]]</c> categories (Python's <c>custom_prompt_judge</c>); runs in .NET.</summary>
    Prompt,

    /// <summary>A C# code scorer; runs in .NET.</summary>
    Code,

    /// <summary>A Python <c>@scorer</c> function. Listed with its source, never executed by this SDK.</summary>
    PythonFunction,

    /// <summary>A stored payload in a form this SDK does not recognise. Listed with its raw JSON so that nothing is hidden.</summary>
    Unrecognized,
}
