using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenData.Query;

/// <summary>
/// Opaque keyset cursors: base64url of a JSON array <c>[check, value1, value2, ...]</c> holding the sort values of
/// a row (sort fields, then the key). <c>check</c> is a truncated SHA-256 over the dataset, the sort and the values:
/// not a secret (a cursor is only ever a position; any position is a legitimate query), but it catches a cursor
/// that was edited, truncated, or made for another dataset or sort, which is then refused instead of silently
/// paging from the wrong place.
/// </summary>
public static class Cursor
{
    public static string Encode(IDataset dataset, IReadOnlyList<SortField> sort, IReadOnlyList<object?> values)
    {
        var valuesJson = ValuesJson(values);
        var check = Check(dataset, sort, valuesJson);
        var payload = Encoding.UTF8.GetBytes($"[\"{check}\"{(values.Count > 0 ? "," : "")}{valuesJson[1..^1]}]");
        return Base64Url.EncodeToString(payload);
    }

    /// <summary>
    /// Longest cursor accepted, in characters. A real cursor holds a check and one value per sort field; the longest
    /// text in the data is about 1,500 characters, so even several escaped text sort values stay well below this
    /// (GraphQL's <c>after</c> travels in a POST body, not bound by the URL limit). Anything longer was not made
    /// here and is refused before it is decoded.
    /// </summary>
    public const int MaxLength = 65_536;

    private const string NotOurs = "The cursor is not one this API made: pass a cursor exactly as it was returned.";

    /// <summary>The sort values in the cursor, typed as the sort fields; a <see cref="QueryException"/> of kind
    /// <see cref="QueryErrorKind.InvalidCursor"/> about <paramref name="input"/> when it is not a valid cursor.
    /// A cursor is client input: whatever it holds (bad base64, bad JSON, deep nesting, numbers no double can hold,
    /// lone surrogates, values of the wrong type) is a cursor error, never an exception that escapes as a 500.</summary>
    public static object?[] Decode(IDataset dataset, IReadOnlyList<SortField> sort, string cursor, QueryInput input = QueryInput.Cursor)
    {
        QueryException Invalid(string why) => new(QueryErrorKind.InvalidCursor, new QuerySubject(input), why);

        if (cursor.Length > MaxLength) throw Invalid(NotOurs);

        object?[] raw;
        string check;
        try
        {
            var payload = Base64Url.DecodeFromChars(cursor);
            // Depth 2 is all a cursor needs (an array of primitives); deeper nesting stops at the reader.
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 2 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array) throw Invalid(NotOurs);
            if (root.GetArrayLength() != sort.Count + 1 || root[0].ValueKind != JsonValueKind.String)
            {
                throw Invalid("The cursor does not match this sort: a cursor only continues the listing (dataset, sort) it came from.");
            }
            check = root[0].GetString()!;
            raw = root.EnumerateArray().Skip(1).Select(e => e.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => (object?)e.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when e.TryGetInt64(out var l) => l,
                // TryGetDouble is false for numbers outside double's range (1e400): not a value we ever wrote.
                JsonValueKind.Number when e.TryGetDouble(out var d) && double.IsFinite(d) => d,
                _ => throw Invalid(NotOurs),
            }).ToArray();
        }
        catch (QueryException)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            // FormatException: not base64url; JsonException: not JSON, or nested too deep;
            // InvalidOperationException: a string holding a lone surrogate escape; ArgumentException: the same on re-encoding.
            throw Invalid(NotOurs);
        }

        string expected;
        try
        {
            expected = Check(dataset, sort, ValuesJson(raw));
        }
        catch (ArgumentException)
        {
            throw Invalid(NotOurs);
        }
        if (!string.Equals(check, expected, StringComparison.Ordinal))
        {
            throw Invalid("The cursor does not match this dataset and sort, or was modified: a cursor only continues the listing it came from.");
        }

        var values = new object?[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var field = dataset.FindField(sort[i].Field);
            if (field is null && sort[i].Field == RankedSearch.RankField)
            {
                // A ranked search's score (see RankedSearch): a number.
                values[i] = raw[i] switch { double d => d, long l => (double)l, _ => throw Invalid(NotOurs) };
                continue;
            }
            if (field is null) throw Invalid("The cursor names an unknown field.");
            try
            {
                values[i] = raw[i] is null ? null : FieldValues.Coerce(field, raw[i]!);
            }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
            {
                throw Invalid(NotOurs);
            }
        }
        return values;
    }

    private static string ValuesJson(IReadOnlyList<object?> values)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case string s: writer.WriteStringValue(s); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case int i: writer.WriteNumberValue(i); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case double d: writer.WriteNumberValue(d); break;
                    case DateOnly or DateTimeOffset: writer.WriteStringValue(FieldValues.Format(value)); break;
                    default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Check(IDataset dataset, IReadOnlyList<SortField> sort, string valuesJson)
    {
        var text = $"opendata-cursor-v1|{dataset.Name}|{string.Join(",", sort)}|{valuesJson}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Base64Url.EncodeToString(hash.AsSpan(0, 9));
    }
}
