using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlflowScorers.Judges;

/// <summary>
/// One way of calling a judge model. A failed HTTP call throws <see cref="System.Net.Http.HttpRequestException"/> with the
/// status code, so that retries and the structured-output fallback can tell failures apart.
/// </summary>
internal interface IJudgeChannel
{
    /// <summary>Identifies the endpoint and model, for remembering that it rejects structured output.</summary>
    string Key { get; }

    /// <summary>
    /// Sends the messages; with tools, offers them to the model (which may answer with <see cref="JudgeCompletion.ToolCalls"/>);
    /// with a schema, asks for output in that JSON schema.
    /// </summary>
    Task<JudgeCompletion> CompleteAsync(
        IReadOnlyList<JudgeMessage> messages, IReadOnlyList<JudgeToolDefinition> tools, JsonObject? responseSchema, CancellationToken cancellationToken);
}
