using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlflowScorers.Tests.Support;

namespace MlflowScorers.Tests.Stores.MlflowServer;

/// <summary>Loads the captured exchanges of both fixture folders: the Python clients' traffic and the curl captures.</summary>
internal static partial class FixtureTraffic
{
    public static readonly string[] Versions = ["mlflow-3.6", "mlflow-3.11"];

    public static IReadOnlyList<CapturedExchange> PythonClient(string version)
    {
        var file = $"{version}/python-client-traffic.jsonl";
        var result = new List<CapturedExchange>();
        var line = 0;
        foreach (var text in File.ReadLines(Fixtures.PathOf(file)))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var node = JsonNode.Parse(text)!;
            result.Add(new CapturedExchange(
                $"{file}:{line}",
                (string)node["method"]!,
                (string)node["path"]!,
                (string?)node["req_body"] ?? string.Empty,
                (int)node["status"]!,
                (string?)node["resp_content_type"] ?? string.Empty,
                (string?)node["resp_body"] ?? string.Empty));
        }

        return result;
    }

    public static IReadOnlyList<CapturedExchange> RestCaptures(string version)
    {
        var file = $"{version}/rest-captures.txt";
        var lines = File.ReadAllLines(Fixtures.PathOf(file));
        var result = new List<CapturedExchange>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                result.Add(ParseSection(file, lines, ref i));
            }
        }

        return result;
    }

    private static CapturedExchange ParseSection(string file, string[] lines, ref int i)
    {
        var start = i + 1;
        var title = lines[i][4..].Split(' ', 2);
        var requestBody = new StringBuilder();
        var responseBody = new StringBuilder();
        var status = 0;
        var contentType = string.Empty;
        var part = string.Empty;
        for (i++; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("================", StringComparison.Ordinal) || line.StartsWith("########", StringComparison.Ordinal)
                || line.StartsWith("### ", StringComparison.Ordinal))
            {
                i--;
                break;
            }

            if (part == "--- response body:" && ShellVariables().IsMatch(line))
            {
                // The capture script's own variables, printed after the last response of a file.
                break;
            }

            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                part = line;
                continue;
            }

            if (part == "--- request body:")
            {
                requestBody.AppendLine(line);
            }
            else if (part == "--- response body:")
            {
                responseBody.AppendLine(line);
            }
            else if (line.StartsWith("< HTTP/", StringComparison.Ordinal))
            {
                status = int.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("< content-type:", StringComparison.OrdinalIgnoreCase))
            {
                contentType = line["< content-type:".Length..].Trim();
            }
        }

        return new CapturedExchange(
            $"{file}:{start}", title[0], title[1], requestBody.ToString().Trim(), status, contentType, responseBody.ToString().TrimEnd());
    }

    [GeneratedRegex("^[A-Z]+=[^ ]+( [A-Z]+=[^ ]+)*$")]
    private static partial Regex ShellVariables();
}
