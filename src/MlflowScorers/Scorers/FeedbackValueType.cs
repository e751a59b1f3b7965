using System;
using System.Collections.Generic;

namespace MlflowScorers;

/// <summary>
/// The type of value an instructions judge returns (Python's <c>feedback_value_type</c>): a string, integer, number, boolean,
/// one of a fixed set of strings, a dictionary of one of those, or a list of one of those.
/// </summary>
public sealed record FeedbackValueType
{
    private FeedbackValueType(string jsonType, IReadOnlyList<string>? choices = null, FeedbackValueType? element = null)
    {
        JsonType = jsonType;
        Choices = choices;
        Element = element;
    }

    /// <summary>Free text (the default).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the JSON Schema type.")]
    public static FeedbackValueType String { get; } = new("string");

    /// <summary>A whole number.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the JSON Schema type.")]
    public static FeedbackValueType Integer { get; } = new("integer");

    /// <summary>A number.</summary>
    public static FeedbackValueType Number { get; } = new("number");

    /// <summary>True or false.</summary>
    public static FeedbackValueType Boolean { get; } = new("boolean");

    /// <summary>The JSON Schema type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>object</c> or <c>array</c>.</summary>
    public string JsonType { get; }

    /// <summary>For a fixed set of strings (Python <c>Literal[...]</c>): the allowed values.</summary>
    public IReadOnlyList<string>? Choices { get; }

    /// <summary>For a dictionary or list: the type of its values.</summary>
    public FeedbackValueType? Element { get; }

    /// <summary>One of a fixed set of strings.</summary>
    /// <param name="choices">The allowed values; at least one.</param>
    /// <returns>The type.</returns>
    public static FeedbackValueType OneOf(params string[] choices) =>
        new("string", ScorerValidation.NonEmptyItems(choices, nameof(choices), "Choices"));

    /// <summary>A dictionary from string keys to values of a primitive type.</summary>
    /// <param name="valueType">The value type; must be a primitive (string, integer, number, boolean or a fixed set).</param>
    /// <returns>The type.</returns>
    public static FeedbackValueType DictionaryOf(FeedbackValueType valueType) => new("object", element: Primitive(valueType));

    /// <summary>A list of values of a primitive type.</summary>
    /// <param name="itemType">The item type; must be a primitive (string, integer, number, boolean or a fixed set).</param>
    /// <returns>The type.</returns>
    public static FeedbackValueType ListOf(FeedbackValueType itemType) => new("array", element: Primitive(itemType));

    /// <summary>Whether this is a primitive type (not a dictionary or list).</summary>
    public bool IsPrimitive => Element is null;

    private static FeedbackValueType Primitive(FeedbackValueType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.IsPrimitive
            ? type
            : throw new ArgumentException(
                $"Unsupported feedback value type '{type.JsonType}' inside a container: dictionary values and list items must be string, integer, number, boolean or a fixed set of strings.",
                nameof(type));
    }
}
