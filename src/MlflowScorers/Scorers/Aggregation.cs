using System;
using System.Collections.Generic;
using System.Linq;

namespace MlflowScorers;

/// <summary>
/// An aggregation of a scorer's numeric values over an evaluation, reported as the metric <c>{name}/{aggregation}</c>.
/// The built-in ones are MLflow's (<see cref="Min"/>, <see cref="Max"/>, <see cref="Mean"/>, <see cref="Median"/>,
/// <see cref="Variance"/>, <see cref="P90"/>); <see cref="Custom"/> takes any function.
/// </summary>
public sealed class Aggregation : IEquatable<Aggregation>
{
    private static readonly Dictionary<string, Aggregation> s_builtIn = new(StringComparer.Ordinal);

    private readonly Func<IReadOnlyList<double>, double> _compute;

    private Aggregation(string name, Func<IReadOnlyList<double>, double> compute, bool isBuiltIn)
    {
        Name = name;
        _compute = compute;
        IsBuiltIn = isBuiltIn;
        if (isBuiltIn)
        {
            s_builtIn[name] = this;
        }
    }

    /// <summary>The smallest value.</summary>
    public static Aggregation Min { get; } = new("min", v => v.Min(), isBuiltIn: true);

    /// <summary>The largest value.</summary>
    public static Aggregation Max { get; } = new("max", v => v.Max(), isBuiltIn: true);

    /// <summary>The arithmetic mean.</summary>
    public static Aggregation Mean { get; } = new("mean", v => v.Average(), isBuiltIn: true);

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public static Aggregation Median { get; } = new("median", v => Percentile(v, 0.5), isBuiltIn: true);

    /// <summary>The population variance.</summary>
    public static Aggregation Variance { get; } = new("variance", PopulationVariance, isBuiltIn: true);

    /// <summary>The 90th percentile, with linear interpolation between ranks.</summary>
    public static Aggregation P90 { get; } = new("p90", v => Percentile(v, 0.9), isBuiltIn: true);

    /// <summary>The aggregation's name, used in the metric key.</summary>
    public string Name { get; }

    /// <summary>Whether this is one of MLflow's named aggregations, which a server registry can store.</summary>
    public bool IsBuiltIn { get; }

    /// <summary>Creates an aggregation from a function over the values.</summary>
    /// <param name="name">The name used in the metric key.</param>
    /// <param name="compute">The function; it receives at least one value.</param>
    /// <returns>The aggregation.</returns>
    public static Aggregation Custom(string name, Func<IReadOnlyList<double>, double> compute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(compute);
        return new Aggregation(name, compute, isBuiltIn: false);
    }

    /// <summary>Finds one of MLflow's named aggregations.</summary>
    /// <param name="name">One of <c>min</c>, <c>max</c>, <c>mean</c>, <c>median</c>, <c>variance</c>, <c>p90</c>.</param>
    /// <returns>The aggregation.</returns>
    /// <exception cref="ArgumentException">The name is not one of those.</exception>
    public static Aggregation FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_builtIn.TryGetValue(name, out var found)
            ? found
            : throw new ArgumentException(
                $"Invalid aggregation '{name}'. Valid aggregations are: {string.Join(", ", s_builtIn.Keys)}.", nameof(name));
    }

    /// <summary>Computes the aggregation; <see langword="null"/> when there are no values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The result, or <see langword="null"/> for no values.</returns>
    public double? Compute(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? null : _compute(values);
    }

    /// <inheritdoc />
    public bool Equals(Aggregation? other) =>
        other is not null && (ReferenceEquals(this, other) || (IsBuiltIn && other.IsBuiltIn && Name == other.Name));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Aggregation);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The aggregation's name.</summary>
    public override string ToString() => Name;

    private static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = fraction * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    private static double PopulationVariance(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Count;
    }
}
