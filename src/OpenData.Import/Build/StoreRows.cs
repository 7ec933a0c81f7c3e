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

        var figures = model.Tables["crime_figures"];
        var figureRows = rowsByTable.TryGetValue(figures.Name, out var existing) ? existing : rowsByTable[figures.Name] = [];
        figureRows.AddRange(seed.BoroughFigures.Select(f => BoroughFigures.Row(f, figures)));

        var gaps = model.Tables["coverage_gaps"];
        var gapRows = rowsByTable.TryGetValue(gaps.Name, out var g) ? g : rowsByTable[gaps.Name] = [];
        var series = seed.WardSeries.Select(s => new WardFigures(s.Downloads, s.SourceId, figures)).ToList();
        foreach (var ward in series)
        {
            foreach (var month in ward.GapMonths())
            {
                var values = new object?[gaps.Columns.Length];
                values[gaps.IndexOf("source_id")] = ward.SourceId;
                var first = MonthColumns.First(month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                values[gaps.IndexOf("month")] = first;
                gapRows.Add(new StoredRow(RowId(gaps, values), values));
            }
        }

        var datasets = new List<TableRows>();
        foreach (var table in model.Datasets)
        {
            var rows = rowsByTable.TryGetValue(table.Name, out var r) ? r : [];
            rows.Sort((a, b) => CodePointOrder.Instance.Compare(a.Id, b.Id));
            if (table.Name == figures.Name && series.Count > 0)
            {
                var generated = series;
                datasets.Add(new TableRows
                {
                    Table = table,
                    Count = rows.Count + generated.Sum(s => s.Count),
                    Open = () => generated.Aggregate((RowCursor)new ListCursor(rows), (cursor, s) => new MergeCursor(cursor, s.Open())),
                });
            }
            else
            {
                datasets.Add(new TableRows { Table = table, Count = rows.Count, Open = () => new ListCursor(rows) });
            }
        }
        return datasets;
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
