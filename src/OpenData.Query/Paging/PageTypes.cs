namespace OpenData.Query;

/// <summary>One sort key. REST: <c>sort=field,-field</c>; GraphQL: <c>order: [{ field: ASC }]</c>.</summary>
public sealed record SortField(string Field, SortDirection Direction)
{
    public override string ToString() => Direction == SortDirection.Descending ? "-" + Field : Field;
}

/// <summary>
/// Which page to read, as a GraphQL connection asks for it: <c>First</c> rows after the <c>After</c> cursor, or
/// <c>Last</c> rows before the <c>Before</c> cursor. REST uses First/After only. Null sizes mean the default size.
/// </summary>
public sealed record PageRequest(int? First = null, string? After = null, int? Last = null, string? Before = null);

/// <summary>Everything a dataset read needs besides the dataset.</summary>
public sealed record DatasetQuery
{
    public FilterNode? Filter { get; init; }

    /// <summary>Sort keys in order; empty means the dataset's default sort. The key is always the final tiebreak.</summary>
    public IReadOnlyList<SortField> Sort { get; init; } = [];

    /// <summary>Fields to project; null means all. Key and sort fields are projected anyway (cursors need them).</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public PageRequest Page { get; init; } = new();

    /// <summary>Also count the rows matching the filter.</summary>
    public bool IncludeTotal { get; init; }
}

/// <summary>
/// A page of rows with the cursors of its first and last rows: maps 1:1 to a GraphQL connection's pageInfo and
/// to REST's <c>next</c> link (<see cref="EndCursor"/> when <see cref="HasNextPage"/>).
/// </summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items,
    IReadOnlyList<string> Cursors,
    bool HasNextPage,
    bool HasPreviousPage,
    long? TotalCount,
    IReadOnlyList<SortField> Sort)
{
    public string? StartCursor => Cursors.Count > 0 ? Cursors[0] : null;
    public string? EndCursor => Cursors.Count > 0 ? Cursors[^1] : null;
}
