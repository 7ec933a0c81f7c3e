namespace OpenData.Query;

/// <summary>Limits of the query layer. Bound from the "Query" configuration section.</summary>
public sealed class QueryOptions
{
    public const string Section = "Query";

    /// <summary>Rows per page when the client does not say (REST <c>limit</c>, GraphQL <c>first</c>/<c>last</c>).</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Largest page a client may ask for. CSV and GeoJSON exports are not capped: they stream.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Rows fetched per keyset batch when streaming an export; bounds the memory an export uses.</summary>
    public int StreamBatchSize { get; set; } = 1000;

    /// <summary>Largest number of keys one by-keys lookup sends to the database in one statement.</summary>
    public int MaxKeysPerBatch { get; set; } = 500;
}
