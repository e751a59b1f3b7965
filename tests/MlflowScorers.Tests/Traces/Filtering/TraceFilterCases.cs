using System.Collections.Generic;
using MlflowScorers.Traces.Filtering;

namespace MlflowScorers.Tests.Traces.Filtering;

/// <summary>
/// The trace filter table: each supported clause with what it means, and each invalid filter with MLflow's message. Any
/// component that takes MLflow's filter grammar (the local store, the server request builder) runs these same cases.
/// </summary>
public static class TraceFilterCases
{
    private const TraceFilterEntity Attribute = TraceFilterEntity.Attribute;
    private const TraceFilterEntity Tag = TraceFilterEntity.Tag;
    private const TraceFilterEntity Metadata = TraceFilterEntity.Metadata;
    private const TraceFilterEntity Span = TraceFilterEntity.Span;

    private const string StringComparators = "{'=', '!=', 'LIKE', 'ILIKE', 'RLIKE', 'IN', 'NOT IN'}";
    private const string NumericComparators = "{'=', '!=', '>', '>=', '<', '<='}";
    private const string TagComparators = "{'=', '!=', 'LIKE', 'ILIKE', 'RLIKE', 'IS NULL', 'IS NOT NULL'}";

    /// <summary>Valid filters: the filter and the clauses it parses to.</summary>
    public static IEnumerable<TestCaseData> Valid()
    {
        yield return Case("trace.status = 'OK'", Text(Attribute, "status", "=", "OK"));
        yield return Case("attributes.status != \"ERROR\"", Text(Attribute, "status", "!=", "ERROR"));
        yield return Case("attribute.status IN ('OK', 'IN_PROGRESS')", List(Attribute, "status", "IN", "OK", "IN_PROGRESS"));
        yield return Case("status NOT IN ('ERROR')", List(Attribute, "status", "NOT IN", "ERROR"));
        yield return Case("trace.request_id = 'tr-1'", Text(Attribute, "request_id", "=", "tr-1"));
        yield return Case("trace.request_id IN ('tr-1','tr-2')", List(Attribute, "request_id", "IN", "tr-1", "tr-2"));
        yield return Case("trace.client_request_id LIKE 'req-%'", Text(Attribute, "client_request_id", "LIKE", "req-%"));
        yield return Case("trace.status ILIKE 'ok'", Text(Attribute, "status", "ILIKE", "ok"));
        yield return Case("trace.status RLIKE '^O'", Text(Attribute, "status", "RLIKE", "^O"));
        yield return Case("trace.timestamp_ms > 1795708525000", Number(Attribute, "timestamp_ms", ">", 1795708525000));
        yield return Case("trace.timestamp >= 10", Number(Attribute, "timestamp_ms", ">=", 10));
        yield return Case("timestamp_ms < '20'", Number(Attribute, "timestamp_ms", "<", 20));
        yield return Case("trace.execution_time_ms <= 250", Number(Attribute, "execution_time_ms", "<=", 250));
        yield return Case("trace.execution_time = 0", Number(Attribute, "execution_time_ms", "=", 0));
        yield return Case("trace.end_time_ms != 1.5", Number(Attribute, "end_time_ms", "!=", 1.5));
        yield return Case("trace.end_time > -1", Number(Attribute, "end_time_ms", ">", -1));
        yield return Case("trace.name = 'app'", Text(Tag, "mlflow.traceName", "=", "app"));
        yield return Case("name IN ('app', 'app2')", List(Tag, "mlflow.traceName", "IN", "app", "app2"));
        yield return Case("trace.run_id = 'r1'", Text(Metadata, "mlflow.sourceRun", "=", "r1"));
        yield return Case("trace.run_id IS NULL", Null(Metadata, "mlflow.sourceRun", "IS NULL"));
        yield return Case("trace.text LIKE '%hello%'", Text(Span, "content", "LIKE", "%hello%"));
        yield return Case("tags.env = 'curl'", Text(Tag, "env", "=", "curl"));
        yield return Case("tag.env != 'prod'", Text(Tag, "env", "!=", "prod"));
        yield return Case("tags.`mlflow.traceName` LIKE 'app%'", Text(Tag, "mlflow.traceName", "LIKE", "app%"));
        yield return Case("tags.`my key` ILIKE '%X%'", Text(Tag, "my key", "ILIKE", "%X%"));
        yield return Case("tags.env IS NOT NULL", Null(Tag, "env", "IS NOT NULL"));
        yield return Case("metadata.mlflow.sourceRun IS NULL", Null(Metadata, "mlflow.sourceRun", "IS NULL"));
        yield return Case("metadata.`mlflow.trace.session` = 'abc'", Text(Metadata, "mlflow.trace.session", "=", "abc"));
        yield return Case("request_metadata.`mlflow.user` RLIKE 'ro+t'", Text(Metadata, "mlflow.user", "RLIKE", "ro+t"));
        yield return Case("span.name = 'inner'", Text(Span, "name", "=", "inner"));
        yield return Case("span.type IN ('RETRIEVER', 'TOOL')", List(Span, "type", "IN", "RETRIEVER", "TOOL"));
        yield return Case("span.status != 'ERROR'", Text(Span, "status", "!=", "ERROR"));
        yield return Case("span.attributes.mlflow.spanType = 'LLM'", Text(Span, "attributes.mlflow.spanType", "=", "LLM"));
        yield return Case("span.content ILIKE '%mlflow%'", Text(Span, "content", "ILIKE", "%mlflow%"));
        yield return Case("feedback.politeness = 'true'", Text(TraceFilterEntity.Feedback, "politeness", "=", "true"));
        yield return Case("feedback.`my judge` IS NOT NULL", Null(TraceFilterEntity.Feedback, "my judge", "IS NOT NULL"));
        yield return Case("expectation.expected_answer LIKE '%hel%'", Text(TraceFilterEntity.Expectation, "expected_answer", "LIKE", "%hel%"));
        yield return Case(
            "trace.status = 'OK' AND tags.env = 'curl' and trace.timestamp_ms > 5",
            Text(Attribute, "status", "=", "OK"), Text(Tag, "env", "=", "curl"), Number(Attribute, "timestamp_ms", ">", 5));
        yield return Case("tags.q = 'it''s'", Text(Tag, "q", "=", "it''s"));
        yield return Case("   ");
    }

    /// <summary>Invalid filters and the INVALID_PARAMETER_VALUE message MLflow gives for them.</summary>
    public static IEnumerable<TestCaseData> Invalid()
    {
        yield return Case("tags.env = ", "Invalid clause(s) in filter string: 'tags.env', '='");
        yield return Case("this is not a filter", "Invalid clause(s) in filter string: 'this', 'is', 'not', 'a filter'");
        yield return Case("trace.status = 'OK' OR tags.env = 'x'", "Invalid clause(s) in filter string: 'OR'");
        yield return Case("trace.status IN ()", "Invalid clause(s) in filter string: 'trace.status', 'IN', '(', ')'");
        yield return Case("tags.env = 'unterminated", "Invalid clause(s) in filter string: 'tags.env', '=', ''unterminated'");
        yield return Case(
            "foo.bar = 'x'",
            "Invalid entity type 'foo'. Valid values are {'tag', 'request_metadata', 'attribute', 'span', 'feedback', 'expectation', "
                + "'tags', 'attributes', 'trace', 'metadata'}");
        yield return Case(
            "trace.color = 'red'",
            "Invalid attribute key 'color' specified. Valid keys are '{'request_id', 'timestamp', 'timestamp_ms', 'execution_time', "
                + "'execution_time_ms', 'end_time', 'end_time_ms', 'status', 'client_request_id', 'name', 'run_id', 'text'}'");
        yield return Case("trace.status > 'OK'", $"Invalid comparator '>' not one of '{StringComparators}'");
        yield return Case("trace.status IS NULL", $"Invalid comparator 'IS NULL' not one of '{StringComparators}'");
        yield return Case("trace.timestamp_ms LIKE '5%'", $"Invalid comparator 'LIKE' not one of '{NumericComparators}'");
        yield return Case("trace.timestamp_ms <> 5", $"Invalid comparator '<>' not one of '{NumericComparators}'");
        yield return Case("tags.env IN ('a')", $"Invalid comparator 'IN' not one of '{TagComparators}'");
        yield return Case("metadata.x > 'a'", $"Invalid comparator '>' not one of '{TagComparators}'");
        yield return Case("trace.status = OK", "Parameter value is either not quoted or unidentified quote types used for string value OK. "
            + "Use either single or double quotes.");
        yield return Case("tags.env = 5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 5");
        yield return Case("metadata.x IN ('a')", "Expected a quoted string value for request_metadata (e.g. 'my-value'). Got value ('a')");
        yield return Case("span.name = 1", "Expected a quoted string value for span (e.g. 'my-value'). Got value 1");
        yield return Case("feedback.x = 1", "Expected a quoted string value for feedback (e.g. 'my-value'). Got value 1");
        yield return Case(
            "trace.client_request_id = 5",
            "Only the '{'timestamp_ms', 'timestamp', 'execution_time_ms', 'execution_time', 'end_time_ms', 'end_time'}' attributes "
                + "support comparison with numeric values.");
        yield return Case(
            "trace.timestamp_ms IN ('1')",
            "Only attributes in {'name', 'status', 'request_id', 'run_id', 'client_request_id'} supports comparison with a list of "
                + "quoted string values.");
        yield return Case("trace.timestamp_ms > 'soon'", "Expected numeric value type for numeric attribute: timestamp_ms. Found 'soon'");
        yield return Case("span.kind = 'x'", "Invalid span attribute 'kind'. Supported attributes: name, status, type, attributes.<attribute_name>.");
        yield return Case("span.attributes. = 'x'", "Span attribute name cannot be empty after 'attributes.'");
        yield return Case("span.name > 'x'", $"span.name comparator '>' not one of '{StringComparators}'");
        yield return Case("span.content = 'x'", "span.content comparator '=' not one of '{'LIKE', 'ILIKE'}'");
        yield return Case("trace.text = 'x'", "span.content comparator '=' not one of '{'LIKE', 'ILIKE'}'");
        yield return Case("feedback. = 'x'", "Assessment field name cannot be empty");
        yield return Case("expectation.x > 'y'", $"assessment.x comparator '>' not one of '{TagComparators}'");
        yield return Case("tags.env RLIKE '('", "Invalid regular expression '(' for RLIKE.");
    }

    /// <summary>Valid order_by lists and the order they give, tie-breakers included.</summary>
    public static IEnumerable<TestCaseData> ValidOrders()
    {
        var timestampDesc = new TraceOrderClause(Attribute, "timestamp_ms", false);
        var requestIdAsc = new TraceOrderClause(Attribute, "request_id", true);
        yield return new TestCaseData(null, new[] { timestampDesc, requestIdAsc });
        yield return new TestCaseData(new[] { "timestamp_ms ASC" }, new[] { new TraceOrderClause(Attribute, "timestamp_ms", true), requestIdAsc });
        yield return new TestCaseData(new[] { "execution_time desc" }, new[] { new TraceOrderClause(Attribute, "execution_time_ms", false), timestampDesc, requestIdAsc });
        yield return new TestCaseData(new[] { "trace.status" }, new[] { new TraceOrderClause(Attribute, "status", true), timestampDesc, requestIdAsc });
        yield return new TestCaseData(new[] { "request_id DESC" }, new[] { new TraceOrderClause(Attribute, "request_id", false), timestampDesc });
        yield return new TestCaseData(new[] { "name" }, new[] { new TraceOrderClause(Tag, "mlflow.traceName", true), timestampDesc, requestIdAsc });
        yield return new TestCaseData(new[] { "run_id DESC" }, new[] { new TraceOrderClause(Metadata, "mlflow.sourceRun", false), timestampDesc, requestIdAsc });
        yield return new TestCaseData(new[] { "tags.`env` ASC", "end_time" }, new[]
        {
            new TraceOrderClause(Tag, "env", true), new TraceOrderClause(Attribute, "end_time_ms", true), timestampDesc, requestIdAsc,
        });
    }

    /// <summary>Invalid order_by clauses and MLflow's message.</summary>
    public static IEnumerable<TestCaseData> InvalidOrders()
    {
        yield return new TestCaseData(new[] { "timestamp_ms sideways" }, "Invalid order_by clause 'timestamp_ms sideways'. Could not be parsed.");
        yield return new TestCaseData(new[] { "" }, "Invalid order_by clause ''. Could not be parsed.");
        yield return new TestCaseData(
            new[] { "trace.text" },
            "Invalid attribute key 'text' specified. Valid keys are '{'experiment_id', 'timestamp', 'timestamp_ms', 'execution_time', "
                + "'execution_time_ms', 'end_time', 'end_time_ms', 'status', 'request_id', 'name', 'run_id'}'");
        yield return new TestCaseData(new[] { "span.name" }, "Invalid order_by entity `span` with key `name`");
        yield return new TestCaseData(
            new[] { "timestamp", "timestamp_ms DESC" }, "`order_by` contains duplicate fields: ['timestamp', 'timestamp_ms DESC']");
    }

    private static TestCaseData Case(string filter, params TraceFilterClause[] clauses) =>
        new TestCaseData(filter, clauses).SetArgDisplayNames(filter);

    private static TestCaseData Case(string filter, string message) => new TestCaseData(filter, message).SetArgDisplayNames(filter);

    private static TraceFilterClause Text(TraceFilterEntity entity, string key, string comparator, string text) =>
        new(entity, key, comparator) { Text = text };

    private static TraceFilterClause Number(TraceFilterEntity entity, string key, string comparator, double number) =>
        new(entity, key, comparator) { Number = number };

    private static TraceFilterClause List(TraceFilterEntity entity, string key, string comparator, params string[] values) =>
        new(entity, key, comparator) { Values = values };

    private static TraceFilterClause Null(TraceFilterEntity entity, string key, string comparator) => new(entity, key, comparator);
}
