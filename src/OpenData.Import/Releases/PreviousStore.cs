using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenData.Import.Build;
using OpenData.Store;

namespace OpenData.Import.Releases;

/// <summary>
/// The database an import replaces: its releases are carried over, its row hashes say what the new release
/// changed, and its content hash and schema say whether there is anything to do at all. Opened read-only.
/// </summary>
internal sealed class PreviousStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private PreviousStore(SqliteConnection connection, List<DataRelease> releases, SortedSet<string> schema)
    {
        _connection = connection;
        Releases = releases;
        Schema = schema;
    }

    /// <summary>Releases in id order.</summary>
    public IReadOnlyList<DataRelease> Releases { get; }

    public DataRelease? Latest => Releases.Count > 0 ? Releases[^1] : null;

    public SortedSet<string> Schema { get; }

    /// <summary>
    /// Opens the database at <paramref name="path"/>; null when there is none. A file that is not a store (not
    /// SQLite, or no releases table) is refused unless <paramref name="force"/>: a mistyped --database must not
    /// overwrite some other file. A store whose releases cannot be read (an older schema) is replaced with a
    /// warning: its release history cannot be carried over.
    /// </summary>
    public static PreviousStore? Open(string path, bool force, Action<string>? log)
    {
        if (!File.Exists(path)) return null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        SortedSet<string> schema;
        try
        {
            connection.Open();
            schema = StoreModel.SchemaOf(connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            return NotAStore(path, $"not an SQLite database: {e.Message.Trim()}", force, log);
        }
        if (!schema.Any(s => s.StartsWith("table releases ", StringComparison.Ordinal)))
        {
            connection.Dispose();
            return NotAStore(path, "no releases table", force, log);
        }

        var releases = new List<DataRelease>();
        try
        {
            using var context = StoreModel.CreateContext(connection);
            releases = context.Releases.AsNoTracking().OrderBy(r => r.Id).ToList();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or FormatException)
        {
            log?.Invoke($"warning: the releases of {path} could not be read ({e.Message.Trim()}); the release history starts again");
        }
        return new PreviousStore(connection, releases, schema);
    }

    private static PreviousStore? NotAStore(string path, string reason, bool force, Action<string>? log)
    {
        if (!force) throw new InvalidOperationException($"{path} is not an OpenData store ({reason}); refusing to replace it (opendata-import --force replaces it)");
        log?.Invoke($"warning: replacing {path}, which is not an OpenData store ({reason})");
        return null;
    }

    private bool HasRowHashes => Schema.Any(s => s.StartsWith("table row_hashes ", StringComparison.Ordinal));

    /// <summary>The row hashes of one dataset in row id order (SQLite BINARY order, the order rows are written in).</summary>
    public IEnumerable<(string Id, string Hash)> RowHashes(string dataset)
    {
        if (!HasRowHashes) yield break;
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT row_id, hash FROM row_hashes WHERE dataset = $dataset ORDER BY row_id";
        command.Parameters.AddWithValue("$dataset", dataset);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return (reader.GetString(0), reader.GetString(1));
    }

    private bool HasReleaseChanges => Schema.Any(s => s.StartsWith("table release_changes ", StringComparison.Ordinal));

    /// <summary>
    /// The release_changes rows of the releases being carried over, in key order; none from a store older than the
    /// table (its releases keep their capped lists in the changes JSON only). Fields are null from a store older
    /// than the changed_fields column: those changes never said which fields changed.
    /// </summary>
    public IEnumerable<(long ReleaseId, string Dataset, string Change, string RowId, string? Fields)> ReleaseChanges()
    {
        if (!HasReleaseChanges || Releases.Count == 0) yield break;
        var fields = ColumnsOf("release_changes").Contains("changed_fields") ? "changed_fields" : "NULL";
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT release_id, dataset, change, row_id, {fields} FROM release_changes WHERE release_id <= $last ORDER BY release_id, dataset, change, row_id";
        command.Parameters.AddWithValue("$last", Releases[^1].Id);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    /// <summary>The column names of one table of the previous store; empty when it has no such table.</summary>
    public HashSet<string> ColumnsOf(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>A command on the previous store (read-only), for reading its rows by key.</summary>
    public SqliteCommand CreateCommand() => _connection.CreateCommand();

    /// <summary>The SHA-256 of the datapackage.json the store was built from; null for a store older than that record.</summary>
    public string? PackageSha256()
    {
        if (!Schema.Any(s => s.StartsWith("table data_package ", StringComparison.Ordinal))) return null;
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sha256 FROM data_package WHERE id = 1";
        return command.ExecuteScalar() as string;
    }

    private bool HasReleaseDatasets => Schema.Any(s => s.StartsWith("table release_datasets ", StringComparison.Ordinal));

    /// <summary>
    /// The release_datasets rows of the releases being carried over, in key order. A store older than the table
    /// has the same facts only in its releases' changes JSON, so they are read from there, once, here: the history
    /// keeps when each dataset last changed, and nothing else ever parses that JSON.
    /// </summary>
    public List<ReleaseDataset> ReleaseDatasets()
    {
        if (Releases.Count == 0) return [];
        if (HasReleaseDatasets)
        {
            var last = Releases[^1].Id;
            using var context = StoreModel.CreateContext(_connection);
            return context.ReleaseDatasets.AsNoTracking().Where(d => d.ReleaseId <= last)
                .OrderBy(d => d.ReleaseId).ThenBy(d => d.Dataset).ToList();
        }
        var rows = new List<ReleaseDataset>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var release in Releases)
        {
            var changes = ParseObject(release.Changes);
            var names = ParseObject(release.RowCounts).Select(p => p.Name).Concat(changes.Select(p => p.Name))
                .Distinct().Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var entry = changes.FirstOrDefault(p => p.Name == name).Value;
                var row = new ReleaseDataset
                {
                    ReleaseId = release.Id,
                    Dataset = name,
                    Added = Count(entry, "added"),
                    Removed = Count(entry, "removed"),
                    Changed = Count(entry, "changed"),
                    IdsComplete = entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("ids_complete", out var complete) || complete.ValueKind != JsonValueKind.False,
                };
                row.Modified = row.Added + row.Removed + row.Changed > 0 || !seen.Contains(name);
                seen.Add(name);
                rows.Add(row);
            }
        }
        return rows;
    }

    private static List<JsonProperty> ParseObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            // Cloned: the properties outlive the document.
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone().EnumerateObject().ToList() : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static long Count(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.TryGetInt64(out var count) ? count : 0;

    public IReadOnlyList<string> Datasets()
    {
        if (!HasRowHashes) return [];
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT dataset FROM row_hashes ORDER BY dataset";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    public void Dispose() => _connection.Dispose();
}
