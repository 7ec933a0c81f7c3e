using System.Globalization;
using OpenData.Import.Csv;
using OpenData.Import.Package;

namespace OpenData.Import.Validation;

/// <summary>One data row of a CSV: its line and its typed values in schema order (null where missing or invalid).</summary>
internal sealed class TableRow
{
    public required int Line { get; init; }
    public required object?[] Values { get; init; }
    /// <summary>The values as written in the file; kept only for resources whose printed text is imported.</summary>
    public string[]? Texts { get; init; }
    /// <summary>Cells that failed a check (null when the row is clean): they take no part in key checks.</summary>
    public bool[]? BadCells { get; set; }

    public bool IsBad(int index) => BadCells is not null && BadCells[index];

    public void MarkBad(int index, int count)
    {
        BadCells ??= new bool[count];
        BadCells[index] = true;
    }
}

/// <summary>A tabular CSV read against its schema.</summary>
internal sealed class LoadedTable
{
    private readonly Dictionary<string, HashSet<string>> _keySets = [];

    public required Resource Resource { get; init; }
    public required string File { get; init; }
    /// <summary>Path inside the package, as declared.</summary>
    public required string RelativePath { get; init; }
    /// <summary>False when the file is missing or its header is wrong: its rows could not be read.</summary>
    public required bool Usable { get; init; }
    public required List<TableRow> Rows { get; init; }

    public TableSchema Schema => Resource.Schema!;

    /// <summary>The set of values of the given fields over all rows whose cells are valid.</summary>
    public HashSet<string> KeySet(string[] fields)
    {
        var name = string.Join('\u001F', fields);
        if (_keySets.TryGetValue(name, out var set)) return set;
        var indexes = fields.Select(Schema.IndexOf).ToArray();
        set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows)
        {
            if (Key(row, indexes) is { } key) set.Add(key);
        }
        _keySets[name] = set;
        return set;
    }

    /// <summary>The key of a row over some fields, or null when one of them is missing or invalid.</summary>
    public static string? Key(TableRow row, int[] indexes)
    {
        if (indexes.Length == 1)
        {
            var i = indexes[0];
            return row.IsBad(i) || row.Values[i] is not { } v ? null : KeyText(v);
        }
        var parts = new string[indexes.Length];
        for (var k = 0; k < indexes.Length; k++)
        {
            var i = indexes[k];
            if (row.IsBad(i) || row.Values[i] is not { } v) return null;
            parts[k] = KeyText(v);
        }
        return string.Join(" | ", parts);
    }

    public static string KeyText(object value) => value switch
    {
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Reads a tabular CSV resource and checks encoding, syntax, header, types, constraints and primary key.</summary>
internal static class TableLoader
{
    public static LoadedTable Load(Resource resource, string packageDirectory, string displayPrefix, ErrorList errors) =>
        Load(resource, resource.Paths[0], packageDirectory, displayPrefix, errors, keepTexts: false);

    public static LoadedTable Load(Resource resource, string relative, string packageDirectory, string displayPrefix, ErrorList errors, bool keepTexts)
    {
        var display = displayPrefix + relative;
        var schema = resource.Schema!;
        var rows = new List<TableRow>();
        var data = SeedFile.Read(packageDirectory, relative, display, resource.Name, errors);
        if (data is null) return new LoadedTable { Resource = resource, File = display, RelativePath = relative, Usable = false, Rows = rows };

        var reader = new CsvReader(data);
        if (!CheckHeader(reader, schema, display, errors))
        {
            return new LoadedTable { Resource = resource, File = display, RelativePath = relative, Usable = false, Rows = rows };
        }
        ReadRows(reader, schema, display, errors, rows, keepTexts);
        return new LoadedTable { Resource = resource, File = display, RelativePath = relative, Usable = true, Rows = rows };
    }

    /// <summary>Reads the header record and checks it is exactly the schema's field names in order.</summary>
    public static bool CheckHeader(CsvReader reader, TableSchema schema, string display, ErrorList errors)
    {
        var expected = schema.Fields.Select(f => f.Name).ToArray();
        var header = ReadHeader(reader, display, errors);
        if (header is null) return false;
        return CheckNames(header, expected, reader.Line, display, errors);
    }

    /// <summary>The header's names, or null (with errors reported) when it cannot be read.</summary>
    public static string[]? ReadHeader(CsvReader reader, string display, ErrorList errors)
    {
        if (reader.IsEmpty)
        {
            errors.Add(display, 1, null, null, "expected a header row, found an empty file");
            return null;
        }
        var syntax = false;
        reader.Read((line, column, message) => { syntax = true; errors.Add(display, line, column, null, message); });
        if (syntax) return null;
        var header = new string[reader.FieldCount];
        var ok = true;
        for (var i = 0; i < header.Length; i++)
        {
            if (reader.FindInvalidUtf8(i, out var bad, out var line))
            {
                errors.Add(display, line, i + 1, null, $"expected UTF-8 text, found byte 0x{bad:X2}");
                ok = false;
                continue;
            }
            header[i] = reader.GetString(i);
        }
        return ok ? header : null;
    }

    public static bool CheckNames(string[] header, string[] expected, int line, string display, ErrorList errors)
    {
        if (header.SequenceEqual(expected)) return true;
        var before = errors.Total;
        for (var i = 0; i < header.Length; i++)
        {
            if (Array.IndexOf(header, header[i]) < i) errors.Add(display, line, i + 1, header[i], $"duplicate column {ImportError.Quote(header[i])}");
        }
        for (var i = 0; i < expected.Length; i++)
        {
            if (Array.IndexOf(header, expected[i]) < 0)
                errors.Add(display, line, i + 1, expected[i], $"missing column {ImportError.Quote(expected[i])} (the header must be the schema's fields in order)");
        }
        for (var i = 0; i < header.Length; i++)
        {
            if (Array.IndexOf(expected, header[i]) < 0)
                errors.Add(display, line, i + 1, header[i], $"unexpected column {ImportError.Quote(header[i])}: it is not a field of the schema");
        }
        if (errors.Total == before)
        {
            var i = 0;
            while (header[i] == expected[i]) i++;
            errors.Add(display, line, i + 1, header[i], $"expected column {ImportError.Quote(expected[i])} here (the header must be the schema's fields in order), found {ImportError.Quote(header[i])}");
        }
        return false;
    }

    private static void ReadRows(CsvReader reader, TableSchema schema, string display, ErrorList errors, List<TableRow> rows, bool keepTexts)
    {
        var fields = schema.Fields;
        var count = fields.Count;
        var missing = schema.MissingValues;
        var pkIndexes = schema.PrimaryKey.Select(schema.IndexOf).ToArray();
        var pkSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        var uniqueSeen = new Dictionary<object, int>?[count];
        for (var i = 0; i < count; i++)
        {
            // A lone primary key field is checked once, as the key.
            if (fields[i].Unique && !(pkIndexes.Length == 1 && pkIndexes[0] == i)) uniqueSeen[i] = [];
        }
        string? FieldName(int column) => column >= 1 && column <= count ? fields[column - 1].Name : null;
        CsvReader.SyntaxError onSyntax = (line, column, message) => errors.Add(display, line, column, FieldName(column), message);

        while (reader.Read(onSyntax))
        {
            var line = reader.Line;
            if (reader.HasSyntaxError) continue;
            if (reader.IsBlank)
            {
                errors.Add(display, line, 1, null, $"expected a row of {count} fields, found a blank line");
                continue;
            }
            if (reader.FieldCount != count)
            {
                var column = Math.Min(reader.FieldCount, count) + 1;
                errors.Add(display, line, column, FieldName(column), $"expected {count} fields, found {reader.FieldCount}");
                continue;
            }
            var row = new TableRow { Line = line, Values = new object?[count], Texts = keepTexts ? new string[count] : null };
            for (var i = 0; i < count; i++)
            {
                var field = fields[i];
                if (reader.FindInvalidUtf8(i, out var bad, out var badLine))
                {
                    errors.Add(display, badLine, i + 1, field.Name, $"expected UTF-8 text, found byte 0x{bad:X2}");
                    row.MarkBad(i, count);
                    continue;
                }
                var raw = reader.GetString(i);
                if (row.Texts is not null) row.Texts[i] = raw;
                string? message;
                object? value = null;
                if (Array.IndexOf(missing, raw) >= 0) message = field.CheckMissing(raw);
                else message = field.Check(raw, out value);
                if (message is not null)
                {
                    errors.Add(display, reader.FieldLine(i), i + 1, field.Name, message);
                    row.MarkBad(i, count);
                    continue;
                }
                row.Values[i] = value;
                if (value is not null && uniqueSeen[i] is { } seen)
                {
                    if (seen.TryGetValue(value, out var first))
                        errors.Add(display, reader.FieldLine(i), i + 1, field.Name, $"expected a unique value, found {ImportError.Quote(raw)} again (first on line {first})");
                    else seen[value] = line;
                }
            }
            if (pkIndexes.Length > 0 && LoadedTable.Key(row, pkIndexes) is { } key)
            {
                if (pkSeen.TryGetValue(key, out var first))
                {
                    var at = pkIndexes[0];
                    errors.Add(display, reader.FieldLine(at), at + 1, string.Join(", ", schema.PrimaryKey),
                        $"expected a unique primary key, found {ImportError.Quote(key)} again (first on line {first})");
                }
                else pkSeen[key] = line;
            }
            rows.Add(row);
        }
    }

    /// <summary>Checks every foreign key of every loaded table against the tables it references.</summary>
    public static void CheckForeignKeys(IReadOnlyDictionary<string, LoadedTable> tables, IEnumerable<LoadedTable> inOrder, string packageDisplay, ErrorList errors)
    {
        foreach (var table in inOrder)
        {
            if (!table.Usable) continue;
            var schema = table.Schema;
            foreach (var fk in schema.ForeignKeys)
            {
                var targetName = fk.Resource.Length == 0 ? table.Resource.Name : fk.Resource;
                if (!tables.TryGetValue(targetName, out var target))
                {
                    errors.Add(packageDisplay, null, null, $"resources[{table.Resource.Index}].schema.foreignKeys",
                        $"expected a tabular resource named {ImportError.Quote(targetName)}, found none");
                    continue;
                }
                if (fk.ReferenceFields.Any(f => target.Schema.IndexOf(f) < 0))
                {
                    errors.Add(packageDisplay, null, null, $"resources[{table.Resource.Index}].schema.foreignKeys",
                        $"expected reference fields of {targetName}, found {string.Join(", ", fk.ReferenceFields)}");
                    continue;
                }
                if (!target.Usable) continue; // its own errors are reported; checking against nothing would only add noise
                var keys = target.KeySet(fk.ReferenceFields);
                var indexes = fk.Fields.Select(schema.IndexOf).ToArray();
                var referenced = fk.ReferenceFields.Length == 1 ? $"{targetName}.{fk.ReferenceFields[0]}" : $"{targetName} ({string.Join(", ", fk.ReferenceFields)})";
                foreach (var row in table.Rows)
                {
                    if (LoadedTable.Key(row, indexes) is not { } key || keys.Contains(key)) continue;
                    errors.Add(table.File, row.Line, indexes[0] + 1, string.Join(", ", fk.Fields), $"expected an existing {referenced}, found {ImportError.Quote(key)}");
                }
            }
        }
    }
}
