using System;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers;

/// <summary>
/// A scorer written in C#. No MLflow server can run it, so once registered it runs in .NET (the production monitor), and its
/// registration lives in the experiment's tags. The delegate returns a <see cref="bool"/>, a number, a <see cref="string"/>,
/// or <see langword="null"/> for "no feedback".
/// </summary>
public sealed record CodeScorer : Scorer
{
    /// <inheritdoc />
    public override ScorerKind Kind => ScorerKind.Code;

    /// <summary>Always <see cref="ScorerHost.DotNet"/>.</summary>
    /// <exception cref="ArgumentException">Set to anything else.</exception>
    public override ScorerHost Host
    {
        get => ScorerHost.DotNet;
        init
        {
            if (value != ScorerHost.DotNet)
            {
                throw new ArgumentException("A code scorer runs only in .NET: Host must be ScorerHost.DotNet.", nameof(Host));
            }
        }
    }

    /// <summary>
    /// The scoring function. It is <see langword="null"/> on a scorer loaded from a backend, since a backend stores only the
    /// registration: the production monitor binds registrations to the code scorers given to it, by name.
    /// </summary>
    public Func<ScorerContext, CancellationToken, ValueTask<object?>>? Evaluate { get; init; }

    /// <summary>
    /// A label for the implementation, stored with the registration so operators can see what runs (for example a type name).
    /// Defaults to the declaring type of <see cref="Evaluate"/> when that is not compiler-generated.
    /// </summary>
    public string? Implementation { get; init; }
}
