using System.Globalization;
using OpenData.Import.Mps;
using OpenData.Import.Package;
using OpenData.Import.Validation;

namespace OpenData.Import.Build;

/// <summary>Maps validated seed data onto the store's tables: one <see cref="TableRows"/> per data table, rows in id order.</summary>
internal static class StoreRows
{
    public static IReadOnlyList<TableRows> From(ValidatedSeed seed, StoreModel model)
    {
        var rowsByTable = new Dictionary<string, List<StoredRow>>(StringComparer.Ordinal);
        foreach (var table in seed.Tables)
        {
            var storeTable = model.Tables[table.Resource.Name];
            var rows = rowsByTable.TryGetValue(storeTable.Name, out var list) ? list : rowsByTable[storeTable.Name] = [];
            rows.AddRange(Rows(table, storeTable, seed));
        }

        var gaps = model.Tables["coverage_gaps"];
        var gapRows = rowsByTable.TryGetValue(gaps.Name, out var g) ? g : rowsByTable[gaps.Name] = [];
        foreach (var (sourceId, month) in seed.Counts.GapMonths())
        {
            var values = new object?[gaps.Columns.Length];
            values[gaps.IndexOf("source_id")] = sourceId;
            values[gaps.IndexOf("month")] = MonthColumns.First(month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            gapRows.Add(new StoredRow(RowId(gaps, values), values));
        }
        var downloads = model.Tables["downloads"];
        rowsByTable[downloads.Name] = seed.Counts.DownloadRows(downloads);

        var datasets = new List<TableRows>();
        foreach (var table in model.Datasets)
        {
            var rows = rowsByTable.TryGetValue(table.Name, out var r) ? r : [];
            rows.Sort((a, b) => CodePointOrder.Instance.Compare(a.Id, b.Id));
            // Written as 0, the same in every release, and numbered after (NumberAreasAndCategories).
            var number = table.Name is "areas" or "offence_categories" ? table.IndexOf(NumberColumn) : -1;
            if (number >= 0)
            {
                foreach (var row in rows) row.Values[number] = 0L;
            }
            datasets.Add(new TableRows { Table = table, Count = rows.Count, Open = () => new ListCursor(rows) });
        }
        return datasets;
    }

    /// <summary>Category number to the number of the police.uk category it maps to (police_uk_id), for the MPS
    /// categories that have one.</summary>
    public static Dictionary<int, int> PoliceUkNumbers(IReadOnlyList<TableRows> datasets)
    {
        var numbers = Numbers(datasets, "offence_categories");
        var rows = datasets.First(d => d.Name == "offence_categories");
        var cursor = rows.Open();
        var policeUk = rows.Table.IndexOf("police_uk_id");
        var result = new Dictionary<int, int>();
        while (cursor.MoveNext())
        {
            if (cursor.Values[policeUk] is string target && numbers.TryGetValue(target, out var number)) result[numbers[cursor.Id]] = number;
        }
        return result;
    }

    /// <summary>Ward number to the number of its borough (parent_code, when that is a borough).</summary>
    public static Dictionary<int, int> BoroughNumbers(IReadOnlyList<TableRows> datasets)
    {
        var numbers = Numbers(datasets, "areas");
        var rows = datasets.First(d => d.Name == "areas");
        int type = rows.Table.IndexOf("type"), parent = rows.Table.IndexOf("parent_code");
        var types = new Dictionary<string, string?>(StringComparer.Ordinal);
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        var cursor = rows.Open();
        while (cursor.MoveNext())
        {
            types[cursor.Id] = cursor.Values[type] as string;
            parents[cursor.Id] = cursor.Values[parent] as string;
        }
        var result = new Dictionary<int, int>();
        foreach (var (code, parentCode) in parents)
        {
            if (types[code] == "ward" && parentCode is not null && types.GetValueOrDefault(parentCode) == "borough") result[numbers[code]] = numbers[parentCode];
        }
        return result;
    }

    /// <summary>The column of areas and offence_categories that holds their compact key.</summary>
    public const string NumberColumn = "number";

    /// <summary>
    /// Code (or id) to number of every row of areas or offence_categories: its position in key order (code point
    /// order), 1 first. The rows are written with the number 0, so it is neither hashed nor diffed (adding one area
    /// would otherwise change every area after it), and <see cref="NumberAreasAndCategories"/> fills it in after.
    /// </summary>
    public static Dictionary<string, int> Numbers(IReadOnlyList<TableRows> datasets, string table)
    {
        var rows = datasets.First(d => d.Name == table);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var cursor = rows.Open();
        while (cursor.MoveNext()) result[cursor.Id] = result.Count + 1;
        return result;
    }

    /// <summary>Writes <see cref="Numbers"/> into the rows just written (SQLite's BINARY order of the key is code point
    /// order, the order <see cref="Numbers"/> counts in).</summary>
    public static void NumberAreasAndCategories(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE areas SET number = r.n FROM (SELECT code, ROW_NUMBER() OVER (ORDER BY code) AS n FROM areas) AS r WHERE r.code = areas.code;
            UPDATE offence_categories SET number = r.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM offence_categories) AS r WHERE r.id = offence_categories.id;
            """;
        command.ExecuteNonQuery();
    }

    private static IEnumerable<StoredRow> Rows(LoadedTable table, StoreTable storeTable, ValidatedSeed seed)
    {
        var fields = table.Schema.Fields;
        var map = fields.Select(f => storeTable.IndexOf(f.Name)).ToArray();
        var geometry = storeTable.Name == "areas" ? storeTable.IndexOf("geometry") : -1;
        var isCurrent = storeTable.Name == "crime_figures" ? storeTable.IndexOf("is_current") : -1;
        foreach (var row in table.Rows)
        {
            var values = new object?[storeTable.Columns.Length];
            for (var i = 0; i < fields.Count; i++)
            {
                values[map[i]] = StoreValue(row.Values[i], storeTable.Columns[map[i]].Kind);
            }
            if (isCurrent >= 0) values[isCurrent] = 1L;
            var id = RowId(storeTable, values);
            if (geometry >= 0 && seed.Geometries.TryGetValue(id, out var shape)) values[geometry] = shape.Json;
            yield return new StoredRow(id, values);
        }
    }

    /// <summary>The canonical stored form: string, long, double or null (booleans 0/1, dates yyyy-MM-dd).</summary>
    public static object? StoreValue(object? value, ColumnKind kind) => value switch
    {
        null => null,
        string s => s,
        long l when kind == ColumnKind.Real => (double)l,
        long l => l,
        double d => d,
        bool b => b ? 1L : 0L,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"No stored form for {value.GetType().Name}"),
    };

    /// <summary>Key column values joined with "/": the row's id in row_hashes and in release change lists.</summary>
    public static string RowId(StoreTable table, object?[] values)
    {
        if (table.Key.Length == 1) return Text(values[table.Key[0]]);
        return string.Join('/', table.Key.Select(k => Text(values[k])));
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
