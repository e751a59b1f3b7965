using System;
using System.Collections.Generic;

namespace MlflowScorers.Traces.Filtering;

/// <summary>
/// Splits a trace filter into tokens the way MLflow's SQL-like grammar sees them: dotted identifiers with backticked parts,
/// strings in single or double quotes, numbers, comparison operators, keywords, parentheses and commas.
/// </summary>
internal static class TraceFilterTokenizer
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "IN", "NOT", "IS", "NULL", "LIKE", "ILIKE", "RLIKE",
    };

    public static List<TraceFilterToken> Tokenize(string text)
    {
        var tokens = new List<TraceFilterToken>();
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsWhiteSpace(c))
            {
                position++;
                continue;
            }

            var start = position;
            var kind = c switch
            {
                '\'' or '"' => ReadString(text, ref position),
                '`' => ReadIdentifier(text, ref position),
                '(' => Single(ref position, TraceFilterTokenKind.OpenParen),
                ')' => Single(ref position, TraceFilterTokenKind.CloseParen),
                ',' => Single(ref position, TraceFilterTokenKind.Comma),
                '=' or '!' or '<' or '>' => ReadOperator(text, ref position),
                _ when char.IsAsciiDigit(c) || (c is '-' or '.' && IsDigitAt(text, position + 1)) => ReadNumber(text, ref position),
                _ when char.IsLetter(c) || c == '_' => ReadIdentifier(text, ref position),
                _ => Single(ref position, TraceFilterTokenKind.Unknown),
            };
            tokens.Add(Create(kind, text[start..position]));
        }

        return tokens;
    }

    private static TraceFilterToken Create(TraceFilterTokenKind kind, string raw) => kind switch
    {
        TraceFilterTokenKind.String when raw.Length >= 2 && raw[^1] == raw[0] => new(kind, raw, raw[1..^1]),
        TraceFilterTokenKind.String => new(TraceFilterTokenKind.Unknown, raw, raw),
        TraceFilterTokenKind.Identifier when s_keywords.Contains(raw) => new(TraceFilterTokenKind.Keyword, raw, raw.ToUpperInvariant()),
        _ => new(kind, raw, raw),
    };

    private static TraceFilterTokenKind Single(ref int position, TraceFilterTokenKind kind)
    {
        position++;
        return kind;
    }

    private static bool IsDigitAt(string text, int index) => index < text.Length && char.IsAsciiDigit(text[index]);

    private static TraceFilterTokenKind ReadString(string text, ref int position)
    {
        var quote = text[position++];
        while (position < text.Length)
        {
            if (text[position++] == quote)
            {
                if (position < text.Length && text[position] == quote)
                {
                    position++;
                    continue;
                }

                return TraceFilterTokenKind.String;
            }
        }

        return TraceFilterTokenKind.String;
    }

    private static TraceFilterTokenKind ReadIdentifier(string text, ref int position)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '`')
            {
                var close = text.IndexOf('`', position + 1);
                position = close < 0 ? text.Length : close + 1;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '$')
            {
                position++;
            }
            else
            {
                break;
            }
        }

        return TraceFilterTokenKind.Identifier;
    }

    private static TraceFilterTokenKind ReadOperator(string text, ref int position)
    {
        var c = text[position++];
        if (position < text.Length && (text[position] == '=' || (c == '<' && text[position] == '>')))
        {
            position++;
        }

        return c == '!' && text[position - 1] == '!' ? TraceFilterTokenKind.Unknown : TraceFilterTokenKind.Operator;
    }

    private static TraceFilterTokenKind ReadNumber(string text, ref int position)
    {
        position++;
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
        {
            position++;
        }

        if (position < text.Length && text[position] is 'e' or 'E')
        {
            var exponent = position + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (IsDigitAt(text, exponent))
            {
                position = exponent;
                while (IsDigitAt(text, position))
                {
                    position++;
                }
            }
        }

        return TraceFilterTokenKind.Number;
    }
}
