namespace OpenData.Api.Rest;

// The JSON shapes of collection and item responses, for the OpenAPI document (the handlers write them with a
// Utf8JsonWriter; a test validates real responses against the document).

/// <summary>A page of a dataset (the JSON shape; each row also carries <c>links</c>).</summary>
public sealed class CollectionDocument<T>
{
    /// <summary>The rows of this page, each with its fields (all, or those named by <c>fields=</c>) and <c>links</c>.</summary>
    public required IReadOnlyList<T> Data { get; init; }

    /// <summary>This page and the next (null on the last page).</summary>
    public required PageLinks Links { get; init; }

    public required CollectionMeta Meta { get; init; }
}

/// <summary>One row (the JSON shape; the row also carries <c>links</c>).</summary>
public sealed class ItemDocument<T>
{
    public required T Data { get; init; }

    public required ItemMeta Meta { get; init; }
}

public sealed class PageLinks
{
    /// <summary>This page.</summary>
    /// <example>/api/v1/areas?type=ward</example>
    public required string Self { get; init; }

    /// <summary>The next page, or null on the last page.</summary>
    /// <example>/api/v1/areas?type=ward&amp;cursor=WyJ4In0</example>
    public string? Next { get; init; }
}

public sealed class CollectionMeta
{
    /// <summary>Dataset name.</summary>
    /// <example>areas</example>
    public required string Dataset { get; init; }

    public required ReleaseSummary Release { get; init; }

    /// <summary>Page size used.</summary>
    /// <example>100</example>
    public int Limit { get; init; }

    /// <summary>The sort applied, key tiebreak included ('-' = descending).</summary>
    /// <example>["code"]</example>
    public required IReadOnlyList<string> Sort { get; init; }

    /// <summary>Rows matching the filters; present only with total=true.</summary>
    /// <example>44</example>
    public long? Total { get; init; }

    /// <summary>Value counts of each field named by facet=, in the order asked; present only with facet.</summary>
    public IReadOnlyDictionary<string, FacetDocument>? Facets { get; init; }
}

/// <summary>One facet: the field's values among the matching rows with their counts.</summary>
public sealed class FacetDocument
{
    /// <summary>Most frequent first, ties in value order; a null value counts the rows where the field is empty.</summary>
    public required IReadOnlyList<FacetValueDocument> Values { get; init; }

    /// <summary>True when the field has more values than listed (Query:MaxFacetValues).</summary>
    /// <example>false</example>
    public bool Truncated { get; init; }
}

/// <summary>A value of a facet and its number of matching rows.</summary>
public sealed class FacetValueDocument
{
    /// <summary>The value, typed as the field (string, number or boolean), or null.</summary>
    /// <example>ward</example>
    public object? Value { get; init; }

    /// <summary>Matching rows with this value.</summary>
    /// <example>18</example>
    public long Count { get; init; }
}

public sealed class ItemMeta
{
    /// <summary>Dataset name.</summary>
    /// <example>areas</example>
    public required string Dataset { get; init; }

    public required ReleaseSummary Release { get; init; }
}

/// <summary>
/// The release the response's data is from: the newest release that changed any dataset the response reads. Their
/// rows are the same in every release since, so this (and the ETag) stays put across releases that leave them
/// alone; the X-Data-Release header names the current release, which may be later.
/// </summary>
public sealed class ReleaseSummary
{
    /// <summary>Release id: the newest release that changed the data read (X-Data-Release names the current one).</summary>
    /// <example>1</example>
    public int Id { get; init; }

    /// <summary>SHA-256 of the release's content.</summary>
    /// <example>4f9c2b7e0a1d3c5e7f9b1d3f5a7c9e1b4f9c2b7e0a1d3c5e7f9b1d3f5a7c9e1b</example>
    public required string ContentHash { get; init; }

    /// <summary>When the release was imported.</summary>
    /// <example>2025-11-22T02:00:00+00:00</example>
    public DateTimeOffset ImportedAt { get; init; }
}
