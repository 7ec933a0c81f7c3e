using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenData.Query;

/// <summary>One page of an aggregate: its rows in the aggregate's order, the cursor of its last row, whether rows
/// follow, and (when asked) how many rows the whole aggregate has.</summary>
public sealed record AggregatePage(IReadOnlyList<AggregateRow> Rows, string? EndCursor, bool HasNextPage, long? Total);

/// <summary>
/// Opaque positions in an aggregate, like the collections' cursors: base64url of a JSON array
/// <c>[check, key1, key2, ...]</c> holding the grouped keys of a row (area, category, police_uk, period start, those
/// grouped by, in the order rows are sorted). <c>check</c> is a truncated SHA-256 over the grouping and the keys: it
/// catches a cursor that was edited or made for another grouping, which is refused rather than paging from the
/// wrong place. A position, not a snapshot: with other filters it still continues after the same keys.
/// </summary>
public static class AggregateCursor
{
    /// <summary>Longest cursor accepted: four keys of at most a few hundred characters each, with room to spare.</summary>
    public const int MaxLength = 4096;

    private const string NotOurs = "The cursor is not one this API made: pass a cursor exactly as it was returned.";

    public static string Encode(AggregateQuery query, AggregateRow row)
    {
        var keys = Keys(query, row);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Check(query, keys));
            foreach (var key in keys) writer.WriteStringValue(key);
            writer.WriteEndArray();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The keys in the cursor; a <see cref="QueryException"/> of kind
    /// <see cref="QueryErrorKind.InvalidCursor"/> (about <see cref="QueryInput.Cursor"/>) for anything this API did not make.</summary>
    public static IReadOnlyList<string?> Decode(AggregateQuery query, string cursor)
    {
        QueryException Invalid(string why) => new(QueryErrorKind.InvalidCursor, new QuerySubject(QueryInput.Cursor), why);
        if (cursor.Length > MaxLength) throw Invalid(NotOurs);
        List<string?> values;
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor), new JsonDocumentOptions { MaxDepth = 2 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0 || root[0].ValueKind != JsonValueKind.String) throw Invalid(NotOurs);
            values = root.EnumerateArray().Skip(1).Select(e => e.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => e.GetString(),
                _ => throw Invalid(NotOurs),
            }).ToList();
            if (values.Count != KeyCount(query))
            {
                throw Invalid("The cursor does not match this grouping: a cursor only continues the aggregate (grouping, period) it came from.");
            }
            if (!string.Equals(root[0].GetString(), Check(query, values), StringComparison.Ordinal))
            {
                throw Invalid("The cursor does not match this grouping and period, or was modified: a cursor only continues the aggregate it came from.");
            }
        }
        catch (QueryException)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw Invalid(NotOurs);
        }
        if (query.GroupBy.Contains(AggregateKey.Period)
            && !DateOnly.TryParseExact(values[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw Invalid(NotOurs);
        }
        return values;
    }

    /// <summary>Whether the row is the one the position names (its grouped keys).</summary>
    internal static bool Names(AggregateQuery query, AggregateRow row, IReadOnlyList<string?> position) =>
        Keys(query, row).SequenceEqual(position, StringComparer.Ordinal);

    /// <summary>Whether a row comes after the position, in the order of <see cref="CrimeFigureAnalysis.AggregateAsync"/>
    /// (keys compared ordinally, null first; the period by its start).</summary>
    internal static bool IsAfter(AggregateQuery query, AggregateRow row, IReadOnlyList<string?> position)
    {
        var keys = Keys(query, row);
        for (var i = 0; i < keys.Count; i++)
        {
            var order = string.CompareOrdinal(keys[i], position[i]);
            if (order != 0) return order > 0;
        }
        return false;
    }

    private static int KeyCount(AggregateQuery query) =>
        new[] { AggregateKey.Area, AggregateKey.Borough, AggregateKey.Category, AggregateKey.PoliceUk, AggregateKey.Period }.Count(query.GroupBy.Contains);

    /// <summary>The row's sort keys (grouped keys only), as text; a period start as yyyy-MM-dd sorts like the date.</summary>
    private static List<string?> Keys(AggregateQuery query, AggregateRow row)
    {
        var keys = new List<string?>(4);
        if (query.GroupBy.Contains(AggregateKey.Area) || query.GroupBy.Contains(AggregateKey.Borough)) keys.Add(row.AreaCode);
        if (query.GroupBy.Contains(AggregateKey.Category)) keys.Add(row.CategoryId);
        if (query.GroupBy.Contains(AggregateKey.PoliceUk)) keys.Add(row.PoliceUkId);
        if (query.GroupBy.Contains(AggregateKey.Period)) keys.Add(row.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return keys;
    }

    private static string Check(AggregateQuery query, IReadOnlyList<string?> keys)
    {
        var text = new StringBuilder("crime-figures/aggregates\n");
        foreach (var key in query.GroupBy.Order()) text.Append(key).Append(',');
        text.Append('\n').Append(query.GroupBy.Contains(AggregateKey.Period) ? query.Period.ToString() : "").Append('\n');
        if (query.Sort is { } sort) text.Append(sort.Field).Append(sort.Descending ? " desc" : " asc").Append('\n');
        foreach (var key in keys) text.Append(key is null ? "-" : "+" + key.Length.ToString(CultureInfo.InvariantCulture) + ":" + key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..8]);
    }
}
