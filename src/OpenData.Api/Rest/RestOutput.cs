using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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
        Converters = { new InstantConverter() },
    };

    /// <summary>Instants in serialized documents (release imported_at, the catalogue's last_modified) as in rows
    /// and in GraphQL: <see cref="FieldValues.FormatInstant"/>, not the serializer's seven fractional digits (also the
    /// minimal APIs' documents: health, problems).</summary>
    public sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FieldValues.FormatInstant(value));
    }

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
    /// <summary><c>facets</c>: per field, <c>values</c> ([{value, count}], most frequent first; a null value counts
    /// the rows where the field is empty) and <c>truncated</c> (more values than QueryOptions.MaxFacetValues).</summary>
    public static void WriteFacets(Utf8JsonWriter writer, IReadOnlyList<Facet> facets)
    {
        writer.WriteStartObject("facets");
        foreach (var facet in facets)
        {
            writer.WriteStartObject(facet.Field.Name);
            writer.WriteStartArray("values");
            foreach (var value in facet.Values)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("value");
                WriteValue(writer, facet.Field, value.Value);
                writer.WriteNumber("count", value.Count);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteBoolean("truncated", facet.Truncated);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

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
    /// <summary>A feature whose geometry is already UTF-8 JSON (a polygon held per data release): written as it is,
    /// without transcoding some 600 kB of coordinates per London map.</summary>
    public static void WriteFeature(Utf8JsonWriter writer, byte[] geometry, Action<Utf8JsonWriter> properties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WritePropertyName("geometry");
        writer.WriteRawValue(geometry, skipInputValidation: true);
        writer.WriteStartObject("properties");
        properties(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteFeature(Utf8JsonWriter writer, string? geometry, Action<Utf8JsonWriter> properties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WritePropertyName("geometry");
        if (geometry is null) writer.WriteNullValue();
        // The import wrote this JSON (it parsed and re-serialised every polygon): re-validating some 800 kB of
        // coordinates per London map was most of the map's CPU.
        else writer.WriteRawValue(geometry, skipInputValidation: true);
        writer.WriteStartObject("properties");
        properties(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The first characters that make a spreadsheet read a cell as a formula (or, for tab and CR, that Excel strips
    /// before doing so): a text cell "=HYPERLINK(...)" or "@SUM(...)" in an export would run when the file is
    /// opened. Text cells starting with one of them get a leading apostrophe, which spreadsheets read as "this is
    /// text" and do not show (OWASP's advice for CSV injection).
    /// </summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// A text cell: neutralised for spreadsheets (a leading <c>'</c> when it starts with <c>= + - @</c>, tab or CR),
    /// then quoted per RFC 4180 (when it holds a comma, quote, CR or LF; quotes doubled). Numbers are not text cells:
    /// write them with <see cref="CsvValue(object?)"/> or <see cref="CsvQuoted"/>, so -5 stays -5.
    /// </summary>
    public static string CsvField(string value) => CsvQuoted(IsFormulaLike(value) ? "'" + value : value);

    /// <summary>A CSV field per RFC 4180 as it is, not neutralised: for numbers, dates and other non-text values.</summary>
    public static string CsvQuoted(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A value as a CSV field: text neutralised and quoted (<see cref="CsvField"/>), anything else
    /// (numbers, dates, booleans) formatted and quoted only.</summary>
    public static string CsvValue(object? value) => value is string text ? CsvField(text) : CsvQuoted(FieldValues.Format(value));

    /// <summary>As <see cref="CsvValue(object?)"/>, but a numeric field's value is a number even if held as text.</summary>
    public static string CsvValue(FieldInfo field, object? value) =>
        value is string text && IsNumeric(field) ? CsvQuoted(text) : CsvValue(value);

    private static bool IsNumeric(FieldInfo field) => field.Type is FieldType.Integer or FieldType.Number;

    private static bool IsFormulaLike(string value) => value.Length > 0 && FormulaStarts.Contains(value[0]);

    /// <summary>One row of a dataset export: the selected fields, comma-separated, CRLF. Same text as
    /// <see cref="CsvValue(FieldInfo, object?)"/> per field, but numbers and dates are formatted into the writer without a string each
    /// (an export writes a million of them).</summary>
    public static void WriteCsvRow(TextWriter writer, object row, IReadOnlyList<FieldInfo> fields)
    {
        Span<char> scratch = stackalloc char[32];
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) writer.Write(',');
            switch (fields[i].Getter(row))
            {
                case null:
                    break;
                case string text:
                    if (text.AsSpan().IndexOfAny(",\"\r\n") < 0 && !IsFormulaLike(text)) writer.Write(text);
                    else writer.Write(CsvValue(fields[i], text));
                    break;
                case double d when d.TryFormat(scratch, out var written, "R", CultureInfo.InvariantCulture):
                    writer.Write(scratch[..written]);
                    break;
                case DateOnly date when date.TryFormat(scratch, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture):
                    writer.Write(scratch[..written]);
                    break;
                case var other:
                    writer.Write(CsvQuoted(FieldValues.Format(other)));
                    break;
            }
        }
        writer.Write("\r\n");
    }

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
/// whenever its buffer filled. The text is encoded through one pooled buffer: a batch of a thousand rows as a
/// string and then a byte array (hundreds of KB each, on the large object heap) made exports GC-bound.
/// </summary>
public sealed class CsvBody(Stream body, bool byteOrderMark)
{
    private const int EncodeBufferBytes = 64 * 1024;

    private readonly StringWriter _buffer = new(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private bool _started;

    /// <summary>Where rows are written (see <see cref="RestOutput.WriteCsvRow(TextWriter, IEnumerable{string})"/>).</summary>
    public TextWriter Rows => _buffer;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var text = _buffer.GetStringBuilder();
        if (!_started && byteOrderMark) text.Insert(0, '\uFEFF');
        _started = true;
        if (text.Length == 0) return;
        var bytes = ArrayPool<byte>.Shared.Rent(EncodeBufferBytes);
        try
        {
            foreach (var chunk in text.GetChunks())
            {
                var rest = chunk;
                while (!rest.IsEmpty)
                {
                    // flush: false keeps a surrogate pair split between two chunks for the next call.
                    _encoder.Convert(rest.Span, bytes, flush: false, out var charsUsed, out var bytesUsed, out _);
                    rest = rest[charsUsed..];
                    await body.WriteAsync(bytes.AsMemory(0, bytesUsed), cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        text.Clear();
        await body.FlushAsync(cancellationToken);
    }
}
