using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenData.GraphQL.Execution;

/// <summary>A GraphQL request: document text, optional operation name, variables and extensions.</summary>
public sealed class GraphQLRequest
{
    /// <summary>The document text.</summary>
    public string? Query { get; init; }

    /// <summary>Which operation of the document to run (required when it has several).</summary>
    public string? OperationName { get; init; }

    /// <summary>
    /// Variable values as plain CLR values (string, bool, int/long/double, null, lists, dictionaries), e.g.
    /// from <see cref="JsonInput.ToClr(JsonElement)"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>Request extensions (accepted and ignored by the engine).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }
}

/// <summary>Why a result has no "data" entry (a request error), used by the HTTP layer to pick a status code.</summary>
public enum RequestErrorKind
{
    /// <summary>No request error: execution started and the result has a "data" entry.</summary>
    None,
    /// <summary>The request is malformed (no query, unknown operation, bad variables, unsupported operation type).</summary>
    BadRequest,
    /// <summary>The document could not be parsed.</summary>
    Parse,
    /// <summary>The document failed validation.</summary>
    Validation,
    /// <summary>A protection limit (size, depth, aliases, cost) was exceeded.</summary>
    Limit,
    /// <summary>The selected operation is a mutation or subscription, which this engine does not execute.</summary>
    UnsupportedOperation,
    /// <summary>
    /// <see cref="ExecutionOptions.Admit"/> refused the request: nothing was executed and the result has no errors;
    /// the caller answers the refusal its own way.
    /// </summary>
    NotAdmitted,
}

/// <summary>The result of executing a request: data (possibly partial) and errors.</summary>
public sealed class ExecutionResult
{
    internal ExecutionResult(ResultMap? data, bool hasData, IReadOnlyList<GraphQLError>? errors, RequestErrorKind requestError)
    {
        Data = data;
        HasData = hasData;
        Errors = errors is { Count: > 0 } ? errors : null;
        RequestError = requestError;
    }

    /// <summary>Creates a request error result (no "data" entry).</summary>
    public static ExecutionResult FromRequestError(RequestErrorKind kind, params GraphQLError[] errors) => new(null, false, errors, kind);

    /// <summary>The data, or null when execution failed at the root or did not start.</summary>
    public ResultMap? Data { get; }

    /// <summary>Whether the response has a "data" entry (false for request errors).</summary>
    public bool HasData { get; }

    /// <summary>Errors, or null when there are none.</summary>
    public IReadOnlyList<GraphQLError>? Errors { get; }

    /// <summary>For results without data: what kind of request error.</summary>
    public RequestErrorKind RequestError { get; }

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Writes the response object <c>{"errors":[...],"data":{...}}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Errors is not null)
        {
            writer.WritePropertyName("errors");
            writer.WriteStartArray();
            foreach (var error in Errors) WriteError(writer, error);
            writer.WriteEndArray();
        }
        if (HasData)
        {
            writer.WritePropertyName("data");
            WriteValue(writer, Data);
        }
        writer.WriteEndObject();
    }

    /// <summary>Serializes the response to a JSON string.</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writer options used for responses (relaxed escaping so non-ASCII text stays readable).</summary>
    public static JsonWriterOptions JsonWriterOptions => WriterOptions;

    /// <summary>Writes one error object.</summary>
    public static void WriteError(Utf8JsonWriter writer, GraphQLError error)
    {
        writer.WriteStartObject();
        writer.WriteString("message", error.Message);
        if (error.Locations is not null)
        {
            writer.WritePropertyName("locations");
            writer.WriteStartArray();
            foreach (var l in error.Locations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", l.Line);
                writer.WriteNumber("column", l.Column);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (error.Path is not null)
        {
            writer.WritePropertyName("path");
            writer.WriteStartArray();
            foreach (var p in error.Path)
            {
                if (p is int i) writer.WriteNumberValue(i);
                else writer.WriteStringValue(p.ToString());
            }
            writer.WriteEndArray();
        }
        if (error.Extensions is not null)
        {
            writer.WritePropertyName("extensions");
            WriteValue(writer, error.Extensions);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a result value (result maps/lists, serialized scalars, or general CLR values).</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case ResultMap map:
                writer.WriteStartObject();
                for (int i = 0; i < map.Count; i++)
                {
                    writer.WritePropertyName(map.KeyAt(i));
                    WriteValue(writer, map.ValueAt(i));
                }
                writer.WriteEndObject();
                break;
            case ResultList list:
                writer.WriteStartArray();
                for (int i = 0; i < list.Count; i++) WriteValue(writer, list[i]);
                writer.WriteEndArray();
                break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case double d: writer.WriteNumberValue(d); break;
            case long l: writer.WriteNumberValue(l); break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case byte by: writer.WriteNumberValue(by); break;
            case uint ui: writer.WriteNumberValue(ui); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case JsonElement e: e.WriteTo(writer); break;
            case IEnumerable<KeyValuePair<string, object?>> dict:
                writer.WriteStartObject();
                foreach (var (k, v) in dict)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }
                writer.WriteEndObject();
                break;
            case IDictionary nd:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in nd)
                {
                    writer.WritePropertyName(entry.Key.ToString()!);
                    WriteValue(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}

/// <summary>Converts JSON input (variables, extensions) to the plain CLR values the engine works with.</summary>
public static class JsonInput
{
    /// <summary>
    /// JSON → CLR: objects become <c>Dictionary&lt;string, object?&gt;</c>, arrays <c>List&lt;object?&gt;</c>, numbers
    /// int when they are integers in range, else long, else double; strings, booleans and null as themselves.
    /// </summary>
    public static object? ToClr(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject()) dict[p.Name] = ToClr(p.Value);
                return dict;
            }
            case JsonValueKind.Array:
            {
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray()) list.Add(ToClr(item));
                return list;
            }
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt32(out var i)) return i;
                if (element.TryGetInt64(out var l)) return l;
                return element.GetDouble();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }

    /// <summary>Converts a JSON object to a dictionary; null for JSON null/undefined; throws for other kinds.</summary>
    public static IReadOnlyDictionary<string, object?>? ToDictionary(JsonElement element)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (element.ValueKind != JsonValueKind.Object) throw new ArgumentException("Expected a JSON object.");
        return (Dictionary<string, object?>)ToClr(element)!;
    }
}
