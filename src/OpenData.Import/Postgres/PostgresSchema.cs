using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenData.Import.Build;
using OpenData.Store;

namespace OpenData.Import.Postgres;

/// <summary>A column as PostgreSQL stores it: its name and store type (text, bigint, integer, date, ...).</summary>
internal sealed record PostgresColumn(string Name, string StoreType);

internal sealed record PostgresTable(string Name, PostgresColumn[] Columns);

/// <summary>
/// The store's schema for PostgreSQL, from the same EF model the API reads (Npgsql's provider), split for a bulk
/// load: the tables without their keys first, then (after COPY) the primary keys and indexes, so each is built
/// with one sort instead of row by row. Plus the full-text table, which is not an EF entity.
/// </summary>
internal sealed class PostgresSchema
{
    /// <summary>The full-text table: the rows SQLite's FTS5 table holds, with a generated tsvector indexed by GIN.
    /// 'english' is PostgreSQL's Snowball stemmer, the counterpart of FTS5's porter.</summary>
    private const string SearchTable = """
        CREATE TABLE search_index (
            dataset text COLLATE "C" NOT NULL,
            row_id text COLLATE "C" NOT NULL,
            body text NOT NULL,
            document tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED
        )
        """;

    private static readonly string[] SearchIndexes =
    [
        "CREATE INDEX search_index_document ON search_index USING gin (document)",
        "CREATE INDEX search_index_row ON search_index (dataset, row_id)",
    ];

    private static readonly Lazy<PostgresSchema> Built = new(Build);

    public static PostgresSchema Current => Built.Value;

    /// <summary>CREATE TABLE statements, keys left out.</summary>
    public required IReadOnlyList<string> CreateTables { get; init; }

    /// <summary>Primary keys and indexes, run after the rows are in.</summary>
    public required IReadOnlyList<string> AfterLoad { get; init; }

    /// <summary>Every table the import copies, with its columns (the search table's without its generated one).</summary>
    public required IReadOnlyList<PostgresTable> Tables { get; init; }

    /// <summary>SHA-256 of the whole script: a served release built with another schema is rebuilt, not diffed.</summary>
    public required string Fingerprint { get; init; }

    public static OpenDataDbContext CreateModelContext() =>
        new(new DbContextOptionsBuilder<OpenDataDbContext>().UseNpgsql("Host=unused").Options);

    private static PostgresSchema Build()
    {
        using var context = CreateModelContext();
        var script = context.Database.GenerateCreateScript();
        var create = new List<string>();
        var after = new List<string>();
        foreach (var raw in script.Split(';'))
        {
            var statement = raw.Trim();
            if (statement.Length == 0) continue;
            if (!statement.StartsWith("CREATE TABLE ", StringComparison.Ordinal))
            {
                after.Add(statement);
                continue;
            }
            // "CREATE TABLE name (\n    col type,\n    ...,\n    CONSTRAINT "PK_name" PRIMARY KEY (...)\n)"
            var name = statement["CREATE TABLE ".Length..statement.IndexOf(" (", StringComparison.Ordinal)];
            var lines = statement.Split('\n').Select(l => l.TrimEnd()).ToList();
            var constraints = lines.Where(l => l.TrimStart().StartsWith("CONSTRAINT ", StringComparison.Ordinal)).ToList();
            foreach (var constraint in constraints)
            {
                lines.Remove(constraint);
                after.Insert(0, $"ALTER TABLE {name} ADD {constraint.Trim().TrimEnd(',')}");
            }
            // The column before the removed constraint ended with a comma.
            var close = lines.FindLastIndex(l => l.Trim() == ")");
            lines[close - 1] = lines[close - 1].TrimEnd(',');
            create.Add(string.Join('\n', lines));
        }
        create.Add(SearchTable);
        after.AddRange(SearchIndexes);

        var tables = new List<PostgresTable>();
        foreach (var table in context.Model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            tables.Add(new PostgresTable(table.Name, table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new PostgresColumn(c.Name, c.StoreType)).ToArray()));
        }
        tables.Add(new PostgresTable("search_index", [new("dataset", "text"), new("row_id", "text"), new("body", "text")]));

        var all = string.Join(";\n", create.Concat(after));
        return new PostgresSchema
        {
            CreateTables = create,
            AfterLoad = after,
            Tables = tables,
            Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all))),
        };
    }

    /// <summary>The tables a previous release is read back from for the diff: all but the counts (their
    /// downloads' file hashes stand for them) and the search index (made from the rows).</summary>
    public IEnumerable<PostgresTable> DiffTables => Tables.Where(t => !StoreModel.CountTables.Contains(t.Name) && t.Name != "search_index");
}
