namespace OpenData.Query;

/// <summary>Limits of the query layer. Bound from the "Query" configuration section.</summary>
public sealed record QueryOptions
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

    /// <summary>
    /// Largest number of terms in one filter: each condition is one term, each value of an in/nin list one term.
    /// Also the limit of one in/nin list and of one GraphQL and/or list. Well below what the database refuses
    /// (SQLite: an expression 1,000 deep, an or of 999 conditions) and what it can evaluate per row cheaply.
    /// </summary>
    public int MaxFilterTerms { get; set; } = 100;

    /// <summary>Deepest nesting of and/or groups (of two or more operands) in one filter.</summary>
    public int MaxFilterDepth { get; set; } = 8;

    /// <summary>Most values one facet lists (REST <c>facet=</c>, GraphQL <c>facet</c>), the most frequent first;
    /// past it the facet says <c>truncated</c>. A closed set is far smaller; a foreign key into wards or offence
    /// categories can be larger, and a response should stay a page, not a second listing.</summary>
    public int MaxFacetValues { get; set; } = 50;

    /// <summary>Longest search text (REST <c>q</c>, GraphQL <c>search</c>), in characters. A search is a few words;
    /// every word (and synonym) is a term of the full-text query.</summary>
    public int MaxSearchLength { get; set; } = 200;

    /// <summary>Most rows the database may return for one crime aggregate (sums per area, category and month, before
    /// they are folded into the groups asked for). An aggregate is computed whole for every page, so this bounds its
    /// memory and time: London's wards by MPS category by month over eight years would be millions. Past it the
    /// request is refused with a message that says how to narrow it.</summary>
    public int MaxAggregateRows { get; set; } = 500_000;
}
