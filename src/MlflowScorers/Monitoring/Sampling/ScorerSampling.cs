using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace MlflowScorers;

/// <summary>
/// MLflow's dense deterministic sampling, as its online scoring applies it: the same traces (or sessions) get the same
/// scorers on every machine and every run. Scorers are taken in order of sample rate, highest first (equal rates keep their
/// given order); each is selected when SHA-256 of <c>"{id}:{scorer name}"</c>, read as a fraction of 2^256, is at most its
/// rate divided by the rate of the scorer selected before it; the first scorer not selected ends the walk. So a trace that
/// gets a rarer scorer also gets every more frequent one.
/// </summary>
public static class ScorerSampling
{
    /// <summary>Which of these scorers the trace or session gets, using each scorer's <see cref="Scorer.SampleRate"/> (none counts as 0).</summary>
    /// <param name="entityId">The trace id, or the session id for session-level scorers.</param>
    /// <param name="scorers">The candidate scorers.</param>
    /// <returns>The selected scorers, highest rate first.</returns>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public static IReadOnlyList<Scorer> Select(string entityId, IEnumerable<Scorer> scorers)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        return Select(entityId, scorers.ToList(), static s => s.Name, static s => s.SampleRate ?? 0.0);
    }

    /// <summary>Which of these scorer names the trace or session gets, given each one's sample rate.</summary>
    /// <param name="entityId">The trace id, or the session id for session-level scorers.</param>
    /// <param name="sampleRates">Scorer name and sample rate (0 to 1), in registration order.</param>
    /// <returns>The selected names, highest rate first.</returns>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside 0 to 1.</exception>
    public static IReadOnlyList<string> Select(string entityId, IEnumerable<KeyValuePair<string, double>> sampleRates)
    {
        ArgumentNullException.ThrowIfNull(sampleRates);
        var list = sampleRates.ToList();
        foreach (var (name, rate) in list)
        {
            if (rate is < 0.0 or > 1.0 || double.IsNaN(rate))
            {
                throw new ArgumentOutOfRangeException(nameof(sampleRates), rate, $"The sample rate of scorer '{name}' must be between 0 and 1.");
            }
        }

        return Select(entityId, list, static p => p.Key, static p => p.Value).Select(p => p.Key).ToList();
    }

    /// <summary>The value the sampling compares with a rate: SHA-256 of <c>"{id}:{scorer name}"</c> divided by 2^256, as a double.</summary>
    /// <param name="entityId">The trace or session id.</param>
    /// <param name="scorerName">The scorer's name.</param>
    /// <returns>A value in [0, 1).</returns>
    /// <exception cref="ArgumentException">The id or name is empty.</exception>
    public static double Fraction(string entityId, string scorerName)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        ArgumentException.ThrowIfNullOrEmpty(scorerName);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(entityId + ":" + scorerName));
        return ToFraction(new BigInteger(digest, isUnsigned: true, isBigEndian: true));
    }

    internal static List<T> Select<T>(string entityId, IReadOnlyList<T> items, Func<T, string> name, Func<T, double> rate)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        var selected = new List<T>();
        var previous = 1.0;
        foreach (var item in items.OrderByDescending(rate))
        {
            var current = rate(item);
            var conditional = previous > 0 ? current / previous : 0.0;
            if (Fraction(entityId, name(item)) > conditional)
            {
                break;
            }

            selected.Add(item);
            previous = current;
        }

        return selected;
    }

    /// <summary>value / 2^256 rounded to the nearest double (ties to even), as Python's true division of integers.</summary>
    private static double ToFraction(BigInteger value)
    {
        if (value.IsZero)
        {
            return 0.0;
        }

        var bits = (int)value.GetBitLength();
        if (bits <= 64)
        {
            return Math.ScaleB((double)(ulong)value, -256);
        }

        // Keep the top 64 bits and fold every lower bit into a sticky bit, so the ulong-to-double rounding is exact.
        var shift = bits - 64;
        var top = (ulong)(value >> shift);
        if (!(value & ((BigInteger.One << shift) - 1)).IsZero)
        {
            top |= 1;
        }

        return Math.ScaleB((double)top, shift - 256);
    }
}
