using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenData.Import.Build;

namespace OpenData.Import.Releases;

/// <summary>
/// Says which columns of a changed row differ from the previous store's row, with both values, as the
/// release_changes.changed_fields JSON: <c>{"notes": {"old": "...", "new": "..."}, "value": {"old": 12, "new": 13}}</c>,
/// columns in ordinal name order, values typed as stored (text, number, boolean or null). A text value longer than
/// <see cref="MaxValueLength"/> characters is cut to that many and its entry gets <c>"truncated": true</c>, so one
/// huge cell cannot swell the change list. The old row is read by key only for rows whose hash changed, which are
/// few, so the diff stays a streaming merge.
/// </summary>
internal sealed class ChangedFields : IDisposable
{
    private const int MaxValueLength = OpenData.Store.ReleaseChange.MaxChangedValueLength;

    private readonly StoreTable _table;
    private readonly SqliteCommand _select;
    private readonly SqliteParameter[] _key;

    private ChangedFields(StoreTable table, SqliteCommand select, SqliteParameter[] key)
    {
        _table = table;
        _select = select;
        _key = key;
    }

    /// <summary>
    /// Null when the previous store's table is not of the same columns as <paramref name="table"/> (an older layout,
    /// or no such table): its changes then have no field list rather than one that compares unlike columns.
    /// </summary>
    public static ChangedFields? Open(PreviousStore previous, StoreTable table)
    {
        var columns = previous.ColumnsOf(table.Name);
        if (!columns.SetEquals(table.Columns.Select(c => c.Name))) return null;
        var command = previous.CreateCommand();
        var key = new SqliteParameter[table.Key.Length];
        var where = new List<string>();
        for (var k = 0; k < table.Key.Length; k++)
        {
            key[k] = command.Parameters.Add(new SqliteParameter("$k" + k, null));
            where.Add($"\"{table.Columns[table.Key[k]].Name}\" = $k{k}");
        }
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\" WHERE {string.Join(" AND ", where)}";
        return new ChangedFields(table, command, key);
    }

    /// <summary>
    /// The fields JSON of the row whose values are <paramref name="values"/> from <paramref name="offset"/> (in the
    /// table's column order); null when the previous store has no row of that key (nothing to compare with).
    /// </summary>
    public string? Describe(object?[] values, int offset)
    {
        for (var k = 0; k < _key.Length; k++) _key[k].Value = values[offset + _table.Key[k]] ?? DBNull.Value;
        using var reader = _select.ExecuteReader();
        if (!reader.Read()) return null;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            for (var c = 0; c < _table.Columns.Length; c++)
            {
                var column = _table.Columns[c];
                // The compact keys the import derives after writing (see StoreRows.NumberAreasAndCategories) are not data.
                if (column.Name == StoreRows.NumberColumn) continue;
                var old = reader.IsDBNull(c) ? null : reader.GetValue(c);
                var now = values[offset + c];
                if (Same(column.Kind, old, now)) continue;
                json.WriteStartObject(column.Name);
                var cut = Write(json, "old", column.Kind, old);
                cut |= Write(json, "new", column.Kind, now);
                if (cut) json.WriteBoolean("truncated", true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool Same(ColumnKind kind, object? old, object? now)
    {
        if (old is null || now is null) return old is null && now is null;
        return kind switch
        {
            ColumnKind.Integer or ColumnKind.Boolean when old is long && now is long => (long)old == (long)now,
            ColumnKind.Real when IsNumber(old) && IsNumber(now) => Convert.ToDouble(old, CultureInfo.InvariantCulture).Equals(Convert.ToDouble(now, CultureInfo.InvariantCulture)),
            _ => Equals(old, now),
        };
    }

    private static bool IsNumber(object value) => value is long or double;

    /// <summary>Writes one value as its JSON type; true when a text value was cut.</summary>
    private static bool Write(Utf8JsonWriter json, string name, ColumnKind kind, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                return false;
            case long flag when kind == ColumnKind.Boolean:
                json.WriteBoolean(name, flag != 0);
                return false;
            case long integer:
                json.WriteNumber(name, integer);
                return false;
            case double real:
                json.WriteNumber(name, real);
                return false;
            default:
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                if (text.Length <= MaxValueLength)
                {
                    json.WriteString(name, text);
                    return false;
                }
                // Not inside a surrogate pair: the cut text stays valid UTF-16.
                var length = char.IsHighSurrogate(text[MaxValueLength - 1]) ? MaxValueLength - 1 : MaxValueLength;
                json.WriteString(name, text.AsSpan(0, length));
                return true;
        }
    }

    public void Dispose() => _select.Dispose();
}
