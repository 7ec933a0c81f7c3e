namespace OpenData.Store;

/// <summary>Where the store lives. Bound from the "Store" configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>"Sqlite" (embedded default) or "Postgres".</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Path of the SQLite database file, relative to the content root.</summary>
    public string SqlitePath { get; set; } = "data/opendata.db";

    /// <summary>Connection string for PostgreSQL when Provider is "Postgres".</summary>
    public string? PostgresConnectionString { get; set; }
}
