using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OpenData.Store;

namespace OpenData.Import.Build;

/// <summary>How a column's values are held while importing, which is also how SQLite stores them.</summary>
internal enum ColumnKind
{
    /// <summary>string</summary>
    Text,
    /// <summary>long</summary>
    Integer,
    /// <summary>double</summary>
    Real,
    /// <summary>long 0 or 1</summary>
    Boolean,
    /// <summary>string yyyy-MM-dd (what EF Core's SQLite provider stores for DateOnly)</summary>
    Date,
    /// <summary>Only in releases, which are written through EF.</summary>
    Other,
}

internal sealed record StoreColumn(string Name, ColumnKind Kind, bool Nullable);

/// <summary>A table of the store, its columns in ordinal name order (the canonical order for row hashes).</summary>
internal sealed class StoreTable
{
    public required string Name { get; init; }
    public required StoreColumn[] Columns { get; init; }
    public required int[] Key { get; init; }

    public int IndexOf(string column) => Array.FindIndex(Columns, c => c.Name == column);
}

/// <summary>
/// The store's tables as the EF model defines them, so the import writes exactly the schema the API reads.
/// </summary>
internal sealed class StoreModel
{
    /// <summary>Tables that describe imports rather than hold published data.</summary>
    public static readonly string[] BookkeepingTables = ["releases", "row_hashes", "release_changes", "release_datasets", "data_package"];

    /// <summary>Tables written by their own writer, not row by row with a hash each: the monthly counts (millions of
    /// rows of a few integers; the downloads table's file hashes stand for them in the content hash and the diff).</summary>
    public static readonly string[] CountTables = ["crime_counts", "count_totals", "borough_totals"];

    public required IReadOnlyDictionary<string, StoreTable> Tables { get; init; }

    /// <summary>The data tables in ordinal name order: the order of the content hash.</summary>
    public IEnumerable<StoreTable> Datasets => Tables.Values.Where(t => !BookkeepingTables.Contains(t.Name) && !CountTables.Contains(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal);

    public static OpenDataDbContext CreateContext(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite(connection).Options);

    public static StoreModel Load()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var context = CreateContext(connection);
        var tables = new Dictionary<string, StoreTable>(StringComparer.Ordinal);
        foreach (var table in context.Model.GetRelationalModel().Tables)
        {
            var columns = table.Columns
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new StoreColumn(c.Name, KindOf(c), c.IsNullable))
                .ToArray();
            var key = table.PrimaryKey!.Columns.Select(k => Array.FindIndex(columns, c => c.Name == k.Name)).ToArray();
            tables[table.Name] = new StoreTable { Name = table.Name, Columns = columns, Key = key };
        }
        return new StoreModel { Tables = tables };
    }

    private static ColumnKind KindOf(IColumn column)
    {
        var type = column.PropertyMappings.First().Property.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return ColumnKind.Text;
        if (type == typeof(long) || type == typeof(int) || type == typeof(short)) return ColumnKind.Integer;
        if (type == typeof(double) || type == typeof(float)) return ColumnKind.Real;
        if (type == typeof(bool)) return ColumnKind.Boolean;
        if (type == typeof(DateOnly)) return ColumnKind.Date;
        return ColumnKind.Other;
    }

    /// <summary>The schema objects (tables and indexes) EnsureCreated makes, to tell whether a database file is of this model.</summary>
    public static SortedSet<string> SchemaOf(SqliteConnection connection)
    {
        var schema = new SortedSet<string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'";
        using var reader = command.ExecuteReader();
        while (reader.Read()) schema.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
        return schema;
    }

    private static readonly string[] WithoutRowid = ["row_hashes", "release_changes", "count_totals", "borough_totals"];

    /// <summary>The schema a fresh database of the current model has.</summary>
    public static SortedSet<string> ExpectedSchema()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        CreateSchema(connection);
        return SchemaOf(connection);
    }

    /// <summary>
    /// Creates the store's tables and indexes in an empty database: the EF model's (EnsureCreated), except that
    /// row_hashes is a WITHOUT ROWID table. EF Core cannot say so, and a rowid table keyed on (dataset, row_id)
    /// is two b-trees, the rows and the key's index, each holding every row id: one b-tree is a quarter of the
    /// store's bytes less to write at a million rows. release_changes is the same: its key is all of the row but changed_fields, which are short (capped) and
    /// null for most rows.
    /// </summary>
    public static void CreateSchema(SqliteConnection connection)
    {
        using (var context = CreateContext(connection)) context.Database.EnsureCreated();
        using var command = connection.CreateCommand();
        foreach (var table in WithoutRowid)
        {
            command.CommandText = $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
            var sql = (string)command.ExecuteScalar()!;
            command.CommandText = $"DROP TABLE {table}; {sql} WITHOUT ROWID;";
            command.ExecuteNonQuery();
        }
        // Search (issue 12): one FTS5 table for every dataset, keyed by dataset and row id; the body is the row's
        // searchable fields (see SearchFields). porter: English stemming ("burglaries" finds "burglary");
        // unicode61 splits "anti-social" into "anti social" and folds case and diacritics.
        command.CommandText = "CREATE VIRTUAL TABLE search_index USING fts5(dataset UNINDEXED, row_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2')";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The searchable fields of each dataset, by the registry's rule (OpenData.Query's SearchIndex.Fields): free
    /// text, that is type string without a closed set (enum), neither in the primary key nor in a foreign key.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SearchFields(Package.DataPackage package, StoreModel model)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var resource in package.Resources)
        {
            if (resource.Schema is not { } schema || !model.Tables.TryGetValue(resource.Name, out var table)) continue;
            var fields = schema.Fields
                .Where(f => f.Type == Package.FieldType.String && f.Enum is null
                    && !schema.PrimaryKey.Contains(f.Name) && !schema.ForeignKeys.Any(k => k.Fields.Contains(f.Name))
                    && table.IndexOf(f.Name) >= 0)
                .Select(f => f.Name)
                .ToList();
            if (fields.Count > 0 && schema.PrimaryKey.Length == 1) result[resource.Name] = fields;
        }
        return result;
    }
}
