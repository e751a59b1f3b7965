using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlflowScorers.Cli.Hosting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MlflowScorers.Cli.Output;

/// <summary>Writes a command's result: renderables (tables, charts) for people, or one JSON document with snake_case field
/// names for scripts. Field names are part of the tool's contract and do not change.</summary>
internal sealed class CommandOutput
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly CliTerminal _terminal;

    /// <summary>Creates the output of one invocation.</summary>
    public CommandOutput(CliTerminal terminal, bool json)
    {
        _terminal = terminal;
        IsJson = json;
    }

    /// <summary>Whether this invocation writes JSON.</summary>
    public bool IsJson { get; }

    /// <summary>The options every JSON document is written with.</summary>
    public static JsonSerializerOptions JsonOptions => s_json;

    /// <summary>Writes one JSON document.</summary>
    public void WriteJson<T>(T document)
    {
        _terminal.Output.WriteLine(JsonSerializer.Serialize(document, s_json));
    }

    /// <summary>Writes a renderable (ignored with <c>--json</c>).</summary>
    public void Write(IRenderable renderable)
    {
        if (!IsJson)
        {
            _terminal.Console.Write(renderable);
        }
    }

    /// <summary>Writes a line of text (ignored with <c>--json</c>).</summary>
    public void Line(string text)
    {
        if (!IsJson)
        {
            _terminal.Console.WriteLine(text);
        }
    }

    /// <summary>Writes either the JSON document or the renderable.</summary>
    public void Result<T>(T document, IRenderable renderable)
    {
        if (IsJson)
        {
            WriteJson(document);
        }
        else
        {
            _terminal.Console.Write(renderable);
        }
    }

    /// <summary>Writes either the JSON document or one line of text.</summary>
    public void Result<T>(T document, string text)
    {
        if (IsJson)
        {
            WriteJson(document);
        }
        else
        {
            _terminal.Console.WriteLine(text);
        }
    }

    /// <summary>Escapes text for Spectre markup.</summary>
    public static string Escape(string? text) => Markup.Escape(text ?? string.Empty);
}
