using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// A search without a sort is ordered by relevance: FTS5's <c>bm25()</c> of the row's searchable text (lower is
/// more relevant; several searches add up), then the key. The order and the cursors are keyset over the pair
/// (score, key): a cursor holds the pair of the row it was taken at, and the next page is the rows after that pair,
/// so pages neither repeat nor skip rows however the client pages.
/// <para>
/// The scores come from the full-text index alone, and the matching keys from the same filter a sorted read uses
/// (the index lookup as an IN subquery, then the key's index: no scan of the dataset's table); the pairs are
/// ordered here. A search's matches are bounded by its dataset's rows (the searchable datasets hold hundreds to a
/// few thousand), which keeps that cheap; the page's rows are then read by key. An explicit sort wins, and reads as
/// before.
/// </para>
/// </summary>
internal static class RankedSearch
{
    /// <summary>The pseudo sort field of a ranked read: reported in the sort a page names (REST <c>meta.sort</c>)
    /// and part of its cursors' check. Not a field: it cannot be asked for in a sort.</summary>
    public const string RankField = "search_rank";

    /// <summary>The searches a read ranks by: those at the top of its filter, when it has no sort; none otherwise
    /// (or when the key is not text, which the search index's row ids are).</summary>
    public static IReadOnlyList<SearchFilter> Searches(IDataset dataset, DatasetQuery query) =>
        query.Sort.Count > 0 || dataset.Key.ValueType != typeof(string) ? [] : QueryEngine.SplitSearch(query.Filter).Searches;

    /// <summary>The sort of a ranked read: relevance, then the key.</summary>
    public static IReadOnlyList<SortField> Sort(IDataset dataset) =>
        [new SortField(RankField, SortDirection.Ascending), new SortField(dataset.Key.Name, SortDirection.Ascending)];

    /// <summary>Every row matching the filter as (score, key), most relevant first.</summary>
    public static async Task<List<(double Rank, string Key)>> RankedKeysAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset,
        FilterNode? filter, IReadOnlyList<SearchFilter> searches, CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        var keys = await QueryEngine.Filtered(db, dataset, filter).Select((Expression<Func<TEntity, string>>)dataset.Key.Accessor).ToListAsync(cancellationToken);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var search in searches)
        {
            var scored = await Scores(db, dataset, search.Text).ToListAsync(cancellationToken);
            foreach (var row in scored) scores[row.RowId] = scores.GetValueOrDefault(row.RowId) + row.Rank;
        }
        return keys.Select(k => (scores.GetValueOrDefault(k), k)).Order(PairOrder.Instance).ToList();
    }

    /// <summary>The pairs after <paramref name="after"/> and before <paramref name="before"/> (cursor values).</summary>
    public static List<(double Rank, string Key)> Between(List<(double Rank, string Key)> ranked, IReadOnlyList<object?>? after, IReadOnlyList<object?>? before)
    {
        IEnumerable<(double Rank, string Key)> window = ranked;
        if (after is not null) window = window.Where(p => PairOrder.Instance.Compare(p, Pair(after)) > 0);
        if (before is not null) window = window.Where(p => PairOrder.Instance.Compare(p, Pair(before)) < 0);
        return window.ToList();
    }

    /// <summary>The rows of these keys, in this order.</summary>
    public static async Task<List<TDto>> RowsAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, IReadOnlyList<string> keys,
        IReadOnlyList<FieldInfo> fields, CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        if (keys.Count == 0) return [];
        var rows = await RowsQuery(db, dataset, keys, fields).ToListAsync(cancellationToken);
        var byKey = rows.ToDictionary(r => (string)dataset.Key.Getter(r)!, StringComparer.Ordinal);
        return keys.Where(byKey.ContainsKey).Select(k => byKey[k]).ToList();
    }

    /// <summary>The score of every row of the dataset that matches, from the full-text index alone. Lower is more
    /// relevant, as FTS5's bm25 is; PostgreSQL's ts_rank is higher for more relevant rows, so it is negated.</summary>
    internal static IQueryable<ScoredKey> Scores(OpenDataDbContext db, IDataset dataset, string text) =>
        SearchIndex.IsPostgres(db)
            ? db.Database.SqlQuery<ScoredKey>(
                $"SELECT row_id AS \"RowId\", -ts_rank(document, query)::double precision AS \"Rank\" FROM search_index, to_tsquery('english', {SearchIndex.MatchExpression(text, postgres: true)}) AS query WHERE document @@ query AND dataset = {dataset.ResourceName}")
            : db.Database.SqlQuery<ScoredKey>(
                $"SELECT row_id AS \"RowId\", bm25(search_index) AS \"Rank\" FROM search_index WHERE search_index MATCH {SearchIndex.MatchExpression(text)} AND dataset = {dataset.ResourceName}");

    /// <summary>The SQL of a page's rows: by key.</summary>
    internal static IQueryable<TDto> RowsQuery<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, IReadOnlyList<string> keys, IReadOnlyList<FieldInfo> fields)
        where TEntity : class where TDto : class =>
        QueryEngine.Filtered(db, dataset, new ConditionFilter(dataset.Key.Name, FilterOperator.In, keys.ToArray())).Select(dataset.ProjectionFor(fields));

    public static string CursorOf(IDataset dataset, (double Rank, string Key) pair) => Cursor.Encode(dataset, Sort(dataset), [pair.Rank, pair.Key]);

    private static (double, string) Pair(IReadOnlyList<object?> values) => (Convert.ToDouble(values[0], System.Globalization.CultureInfo.InvariantCulture), (string)values[1]!);

    /// <summary>A row of the scores query.</summary>
    internal sealed class ScoredKey
    {
        public required string RowId { get; init; }
        public double Rank { get; init; }
    }

    /// <summary>Score ascending (bm25: more relevant is lower), then key in ordinal order.</summary>
    private sealed class PairOrder : IComparer<(double Rank, string Key)>
    {
        public static readonly PairOrder Instance = new();

        public int Compare((double Rank, string Key) x, (double Rank, string Key) y)
        {
            var c = x.Rank.CompareTo(y.Rank);
            return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
        }
    }
}
