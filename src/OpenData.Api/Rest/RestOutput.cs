using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>
/// Writers for REST bodies. Rows are written field by field from the query layer's field list, so JSON, CSV and
/// GeoJSON use the same names, the same selection (<c>fields=</c>) and the same value formatting.
/// </summary>
public static class RestOutput
{
    /// <summary>JSON as read by people too: no \u escapes for non-ASCII or for &amp; in names (the bodies are
    /// served as JSON, never inlined into HTML).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializer options for the fixed-shape documents (series, aggregates, catalogue): snake_case,
    /// nulls written (a missing value is shown, not hidden).</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteValue(Utf8JsonWriter writer, FieldInfo field, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text when field.Type == FieldType.Json:
                writer.WriteRawValue(text);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            default:
                writer.WriteStringValue(FieldValues.Format(value));
                break;
        }
    }

    /// <summary>The selected fields of a row, then its links.</summary>
    public static void WriteRow(Utf8JsonWriter writer, object row, IReadOnlyList<FieldInfo> fields, IEnumerable<KeyValuePair<string, string>> links)
    {
        writer.WriteStartObject();
        WriteFields(writer, row, fields);
        WriteLinks(writer, links);
        writer.WriteEndObject();
    }

    public static void WriteFields(Utf8JsonWriter writer, object row, IReadOnlyList<FieldInfo> fields)
    {
        foreach (var field in fields)
        {
            writer.WritePropertyName(field.Name);
            WriteValue(writer, field, field.Getter(row));
        }
    }

    public static void WriteLinks(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, string>> links)
    {
        writer.WriteStartObject("links");
        foreach (var (rel, href) in links)
        {
            writer.WriteString(rel, href);
        }
        writer.WriteEndObject();
    }

    public static void WriteRelease(Utf8JsonWriter writer, ReleaseInfo release)
    {
        writer.WriteStartObject("release");
        writer.WriteNumber("id", release.Id);
        writer.WriteString("content_hash", release.ContentHash);
        writer.WriteString("imported_at", FieldValues.Format(release.ImportedAt));
        writer.WriteEndObject();
    }

    /// <summary>A GeoJSON Feature: the polygon as published (raw), properties = the selected fields and links.</summary>
    public static void WriteFeature(Utf8JsonWriter writer, string? geometry, Action<Utf8JsonWriter> properties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WritePropertyName("geometry");
        if (geometry is null) writer.WriteNullValue();
        else writer.WriteRawValue(geometry);
        writer.WriteStartObject("properties");
        properties(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.</summary>
    public static string CsvField(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string CsvValue(FieldInfo field, object? value) => CsvField(FieldValues.Format(value));

    public static void WriteCsvRow(TextWriter writer, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) writer.Write(',');
            writer.Write(field);
            first = false;
        }
        writer.Write("\r\n");
    }

    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

}

/// <summary>
/// CSV text for a response body: rows are written to a buffer and sent with <see cref="FlushAsync"/> (after each
/// keyset batch), because Kestrel refuses synchronous writes and a StreamWriter would write synchronously
/// whenever its buffer filled.
/// </summary>
public sealed class CsvBody(Stream body, bool byteOrderMark)
{
    private readonly StringWriter _buffer = new(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
    private bool _started;

    /// <summary>Where rows are written (see <see cref="RestOutput.WriteCsvRow"/>).</summary>
    public TextWriter Rows => _buffer;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var text = _buffer.GetStringBuilder();
        if (!_started && byteOrderMark) text.Insert(0, '\uFEFF');
        _started = true;
        if (text.Length == 0) return;
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        text.Clear();
        await body.WriteAsync(bytes, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
