using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// Reads datasets: filter, sort, keyset page, project. Every front door goes through here, REST collections,
/// CSV and GeoJSON exports (<see cref="StreamBatchesAsync"/>) and GraphQL connections and data loaders
/// (<see cref="ReadPageAsync"/>, <see cref="GetByKeysAsync"/>). The context is passed in, so callers decide
/// its lifetime (a request scope, or one context per data-loader batch).
/// </summary>
public sealed class QueryEngine(IOptions<QueryOptions> options)
{
    public QueryOptions Options => options.Value;

    /// <summary>A page of rows. Errors in the query (unknown field, bad value, bad cursor, bad size) throw
    /// <see cref="QueryException"/>.</summary>
    public Task<Page<TDto>> ReadPageAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, DatasetQuery query, CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        FilterLimits.Check(query.Filter, Options);
        return ReadCheckedPageAsync(db, dataset, query, cancellationToken);
    }

    /// <summary>As <see cref="ReadPageAsync"/>, for a filter already checked against <see cref="FilterLimits"/>
    /// (GroupedPages adds its parent condition to the client's filter after checking it).</summary>
    internal async Task<Page<TDto>> ReadCheckedPageAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, DatasetQuery query, CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        var sort = EffectiveSort(dataset, query.Sort);
        var fields = ProjectedFields(dataset, query.Fields, sort);
        var page = query.Page;
        if (page.First is not null && page.Last is not null)
        {
            throw BothEnds();
        }
        var backward = page.Last is not null || (page.Before is not null && page.First is null && page.After is null);
        var size = CheckSize(backward ? page.Last : page.First, backward ? QueryInput.PageSizeFromEnd : QueryInput.PageSize);

        if (RankedSearch.Searches(dataset, query) is { Count: > 0 } searches)
        {
            return await ReadRankedPageAsync(db, dataset, query, searches, fields, backward, size, cancellationToken);
        }

        var filtered = Filtered(db, dataset, query.Filter);
        var items = await PageQuery(filtered, dataset, sort, fields, page, backward, size).ToListAsync(cancellationToken);
        var more = items.Count > size;
        if (more) items.RemoveAt(items.Count - 1);
        if (backward) items.Reverse();

        long? total = query.IncludeTotal ? await filtered.LongCountAsync(cancellationToken) : null;
        var cursors = new PageCursors<TDto>(items, dataset, sort);
        return backward
            ? new Page<TDto>(items, cursors, HasNextPage: page.Before is not null, HasPreviousPage: more, total, sort)
            : new Page<TDto>(items, cursors, HasNextPage: more, HasPreviousPage: page.After is not null, total, sort);
    }

    /// <summary>A page of a search without a sort, most relevant first (<see cref="RankedSearch"/>).</summary>
    private static async Task<Page<TDto>> ReadRankedPageAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, DatasetQuery query,
        IReadOnlyList<SearchFilter> searches, IReadOnlyList<FieldInfo> fields, bool backward, int size, CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        var sort = RankedSearch.Sort(dataset);
        var page = query.Page;
        var after = page.After is null ? null : Cursor.Decode(dataset, sort, page.After, QueryInput.Cursor);
        var before = page.Before is null ? null : Cursor.Decode(dataset, sort, page.Before, QueryInput.CursorBefore);
        var ranked = await RankedSearch.RankedKeysAsync(db, dataset, query.Filter, searches, cancellationToken);
        var window = RankedSearch.Between(ranked, after, before);
        var more = window.Count > size;
        var pairs = backward ? window.Skip(Math.Max(0, window.Count - size)).ToList() : window.Take(size).ToList();
        var items = await RankedSearch.RowsAsync(db, dataset, pairs.Select(p => p.Key).ToList(), fields, cancellationToken);
        var cursors = pairs.Select(p => RankedSearch.CursorOf(dataset, p)).ToList();
        long? total = query.IncludeTotal ? ranked.Count : null;
        return backward
            ? new Page<TDto>(items, cursors, HasNextPage: page.Before is not null, HasPreviousPage: more, total, sort)
            : new Page<TDto>(items, cursors, HasNextPage: more, HasPreviousPage: page.After is not null, total, sort);
    }

    /// <summary>What a streamed read of <paramref name="query"/> would refuse (sort, cursor, filter limits and
    /// terms), thrown as a <see cref="QueryException"/> before the stream starts, so an export answers 400 rather
    /// than breaking off. Searches are checked as the stream reads them: in the index, not as a condition.</summary>
    public void CheckStreamed<TEntity, TDto>(Dataset<TEntity, TDto> dataset, DatasetQuery query)
        where TEntity : class where TDto : class
    {
        var sort = SortFor(dataset, query);
        if (query.Page.After is { } cursor) Cursor.Decode(dataset, sort, cursor);
        FilterLimits.Check(query.Filter, Options);
        FilterTranslator.ToPredicate<TEntity>(dataset, SplitSearch(query.Filter).Others);
    }

    /// <summary>The sort a read of <paramref name="query"/> applies: relevance then the key for a search without a
    /// sort (<see cref="RankedSearch"/>), else <see cref="EffectiveSort"/>. Its cursors are checked against it.</summary>
    public IReadOnlyList<SortField> SortFor(IDataset dataset, DatasetQuery query) =>
        RankedSearch.Searches(dataset, query).Count > 0 ? RankedSearch.Sort(dataset) : EffectiveSort(dataset, query.Sort);

    /// <summary>The SQL of one page: filter, keyset bounds, order, size + 1 (to learn whether there is more), projection.</summary>
    private static IQueryable<TDto> PageQuery<TEntity, TDto>(IQueryable<TEntity> filtered, Dataset<TEntity, TDto> dataset, IReadOnlyList<SortField> sort,
        IReadOnlyList<FieldInfo> fields, PageRequest page, bool backward, int size)
        where TEntity : class where TDto : class
    {
        var rows = filtered;
        if (page.After is not null)
        {
            var after = Cursor.Decode(dataset, sort, page.After, QueryInput.Cursor);
            rows = rows.Where(Keyset.After<TEntity>(dataset, sort, after, reverse: false));
        }
        if (page.Before is not null)
        {
            var before = Cursor.Decode(dataset, sort, page.Before, QueryInput.CursorBefore);
            rows = rows.Where(Keyset.After<TEntity>(dataset, sort, before, reverse: true));
        }
        return Keyset.OrderBy(rows, dataset, sort, reverse: backward).Take(size + 1).Select(dataset.ProjectionFor(fields));
    }

    /// <summary>
    /// Every row matching the query, in order, a batch of <see cref="QueryOptions.StreamBatchSize"/> rows at a time
    /// fetched by keyset, so memory stays constant however large the export (CSV, GeoJSON: a writer may look up
    /// something per batch, e.g. the polygons). The query's page is ignored except <c>After</c>.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<TDto>> StreamBatchesAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, DatasetQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        FilterLimits.Check(query.Filter, Options);
        if (RankedSearch.Searches(dataset, query) is { Count: > 0 } searches)
        {
            // A search without a sort streams most relevant first, as its pages read.
            var rankedSort = RankedSearch.Sort(dataset);
            var from = query.Page.After is null ? null : Cursor.Decode(dataset, rankedSort, query.Page.After, QueryInput.Cursor);
            var ranked = RankedSearch.Between(await RankedSearch.RankedKeysAsync(db, dataset, query.Filter, searches, cancellationToken), from, null);
            var selected = ProjectedFields(dataset, query.Fields, []);
            foreach (var chunk in ranked.Chunk(Options.StreamBatchSize))
            {
                yield return await RankedSearch.RowsAsync(db, dataset, chunk.Select(p => p.Key).ToList(), selected, cancellationToken);
            }
            yield break;
        }
        var sort = EffectiveSort(dataset, query.Sort);
        var projection = dataset.ProjectionFor(ProjectedFields(dataset, query.Fields, sort));
        var filtered = Filtered(db, dataset, query.Filter);
        IReadOnlyList<object?>? after = query.Page.After is null ? null : Cursor.Decode(dataset, sort, query.Page.After, QueryInput.Cursor);
        var batchSize = Options.StreamBatchSize;
        while (true)
        {
            var rows = after is null ? filtered : filtered.Where(Keyset.After<TEntity>(dataset, sort, after, reverse: false));
            var batch = await Keyset.OrderBy(rows, dataset, sort, reverse: false).Take(batchSize).Select(projection).ToListAsync(cancellationToken);
            if (batch.Count > 0) yield return batch;
            if (batch.Count < batchSize) yield break;
            after = SortValues(dataset, sort, batch[^1]);
        }
    }

    /// <summary>The distinct non-null values of a field among the rows matching the filter, in order (facets;
    /// the catalogue's provenance list).</summary>
    public Task<IReadOnlyList<object>> DistinctValuesAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, string fieldName, FilterNode? filter = null,
        CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        FilterLimits.Check(filter, Options);
        return DistinctRowValuesAsync(db, dataset, fieldName, filter, cancellationToken);
    }

    internal static async Task<IReadOnlyList<object>> DistinctRowValuesAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, string fieldName, FilterNode? filter,
        CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        var field = dataset.FindField(fieldName) ?? throw new QueryException(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Fields, fieldName), $"{dataset.ResourceName} has no field '{fieldName}'.");
        var rows = Filtered(db, dataset, filter);
        var method = typeof(QueryEngine).GetMethod(nameof(DistinctOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(typeof(TEntity), field.ValueType);
        return await (Task<IReadOnlyList<object>>)method.Invoke(null, [rows, field.Accessor, cancellationToken])!;
    }

    private static async Task<IReadOnlyList<object>> DistinctOf<TEntity, TValue>(IQueryable<TEntity> rows, System.Linq.Expressions.LambdaExpression accessor, CancellationToken cancellationToken)
    {
        var values = await rows.Select((System.Linq.Expressions.Expression<Func<TEntity, TValue>>)accessor).Distinct().ToListAsync(cancellationToken);
        return values.Where(v => v is not null).Cast<object>().OrderBy(v => v).ToList();
    }

    /// <summary>
    /// The value counts of a facetable field (<see cref="Facets.Facetable"/>) among the rows matching the filter:
    /// one GROUP BY, ordered by count then value and cut at <see cref="QueryOptions.MaxFacetValues"/> in SQL (one
    /// more is read to learn whether the facet is truncated). Throws <see cref="QueryException"/> for a field that
    /// cannot be faceted.
    /// </summary>
    public async Task<Facet> FacetAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, string fieldName, FilterNode? filter = null,
        CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        if (Facets.Refusal(dataset, fieldName) is { } refusal)
        {
            throw new QueryException(QueryErrorKind.InvalidParameter, QuerySubject.Named("facet"), refusal);
        }
        FilterLimits.Check(filter, Options);
        var max = Options.MaxFacetValues;
        var counts = await FacetQuery(db, dataset, fieldName, filter, max + 1).ToListAsync(cancellationToken);
        var field = dataset.FindField(fieldName)!;
        var values = counts.Select(c => new FacetValue(c.Value, c.Count)).ToList();
        return values.Count > max ? new Facet(field, values.Take(max).ToList(), Truncated: true) : new Facet(field, values, Truncated: false);
    }

    /// <summary>The SQL of one facet: the filtered rows grouped by the field, counted, ordered by count then value,
    /// <paramref name="take"/> groups (also for checking that a provider translates it).</summary>
    internal static IQueryable<FacetRow> FacetQuery<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, string fieldName, FilterNode? filter, int take)
        where TEntity : class where TDto : class
    {
        var field = dataset.FindField(fieldName)!;
        var method = typeof(QueryEngine).GetMethod(nameof(CountsOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(typeof(TEntity), field.ValueType);
        return (IQueryable<FacetRow>)method.Invoke(null, [Filtered(db, dataset, filter), field.Accessor, take])!;
    }

    private static IQueryable<FacetRow> CountsOf<TEntity, TValue>(IQueryable<TEntity> rows, System.Linq.Expressions.LambdaExpression accessor, int take) =>
        rows.GroupBy((System.Linq.Expressions.Expression<Func<TEntity, TValue>>)accessor)
            .Select(g => new { Value = g.Key, Count = g.LongCount() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Value)
            .Take(take)
            .Select(g => new FacetRow { Value = g.Value, Count = g.Count });

    /// <summary>A row of a facet query: a value (boxed) and its count.</summary>
    internal sealed class FacetRow
    {
        public object? Value { get; init; }
        public long Count { get; init; }
    }

    /// <summary>Rows matching the filter.</summary>
    public Task<long> CountAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, FilterNode? filter, CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        FilterLimits.Check(filter, Options);
        return CountRowsAsync(db, dataset, filter, cancellationToken);
    }

    internal static Task<long> CountRowsAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, FilterNode? filter, CancellationToken cancellationToken)
        where TEntity : class where TDto : class =>
        Filtered(db, dataset, filter).LongCountAsync(cancellationToken);

    /// <summary>One row by key, or null.</summary>
    public Task<TDto?> GetByKeyAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, object key, IReadOnlyList<string>? fields = null, CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        object coerced;
        try
        {
            coerced = FieldValues.Coerce(dataset.Key, key);
        }
        catch (FormatException)
        {
            return Task.FromResult<TDto?>(null);
        }
        var rows = Filtered(db, dataset, new ConditionFilter(dataset.Key.Name, FilterOperator.Eq, coerced));
        return rows.Select(dataset.ProjectionFor(ProjectedFields(dataset, fields, []))).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Rows by key for data loaders: one statement per <see cref="QueryOptions.MaxKeysPerBatch"/> keys. The result
    /// maps each key found (as the key field's CLR value) to its row; missing keys are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<object, TDto>> GetByKeysAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, IEnumerable<object> keys,
        IReadOnlyList<string>? fields = null, CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        var coerced = new List<object>();
        foreach (var key in keys)
        {
            try
            {
                coerced.Add(FieldValues.Coerce(dataset.Key, key));
            }
            catch (FormatException)
            {
                // A key of the wrong shape names no row.
            }
        }
        var result = new Dictionary<object, TDto>();
        var projected = ProjectedFields(dataset, fields, []);
        // GraphQL's references: a compiled query, see KeyLookup.
        if (KeyLookup.For(dataset, db, projected) is { } lookup)
        {
            await lookup.ReadAsync(db, coerced.Distinct().ToList(), Options.MaxKeysPerBatch, result, cancellationToken);
            return result;
        }
        var projection = dataset.ProjectionFor(projected);
        foreach (var chunk in coerced.Distinct().Chunk(Options.MaxKeysPerBatch))
        {
            var rows = await Filtered(db, dataset, new ConditionFilter(dataset.Key.Name, FilterOperator.In, chunk))
                .Select(projection).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[dataset.Key.Getter(row)!] = row;
            }
        }
        return result;
    }

    /// <summary>The sort the engine applies: the given one (or the dataset's default), with the key appended as
    /// the final tiebreak unless already there. Throws for unknown or unsortable fields and repeats.</summary>
    public IReadOnlyList<SortField> EffectiveSort(IDataset dataset, IReadOnlyList<SortField> sort)
    {
        var requested = sort.Count == 0 ? dataset.DefaultSort : sort;
        var result = new List<SortField>();
        foreach (var s in requested)
        {
            var subject = new QuerySubject(QueryInput.Sort, s.Field);
            var field = dataset.FindField(s.Field)
                ?? throw new QueryException(QueryErrorKind.InvalidParameter, subject, $"{dataset.ResourceName} has no field '{s.Field}' to sort on.");
            if (!field.Sortable) throw new QueryException(QueryErrorKind.InvalidParameter, subject, $"{field.Name} cannot be sorted on.");
            if (result.Any(r => r.Field == s.Field)) throw new QueryException(QueryErrorKind.InvalidParameter, subject, $"{field.Name} appears twice in the sort.");
            result.Add(s);
        }
        if (result.All(r => r.Field != dataset.Key.Name)) result.Add(new SortField(dataset.Key.Name, SortDirection.Ascending));
        return result;
    }

    /// <summary>The fields a selection names, in the order named; throws for unknown names.</summary>
    public static IReadOnlyList<FieldInfo> SelectFields(IDataset dataset, IReadOnlyList<string>? names)
    {
        if (names is null) return dataset.Fields;
        var result = new List<FieldInfo>();
        foreach (var name in names)
        {
            var field = dataset.FindField(name)
                ?? throw new QueryException(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Fields, name), $"{dataset.ResourceName} has no field '{name}'.");
            if (!result.Contains(field)) result.Add(field);
        }
        return result;
    }

    private static List<FieldInfo> ProjectedFields(IDataset dataset, IReadOnlyList<string>? names, IReadOnlyList<SortField> sort)
    {
        var fields = SelectFields(dataset, names).ToList();
        foreach (var required in sort.Select(s => dataset.FindField(s.Field)!).Append(dataset.Key))
        {
            if (!fields.Contains(required)) fields.Add(required);
        }
        return fields;
    }

    private int CheckSize(int? size, QueryInput input) => CheckSize(Options, size, input);

    /// <summary>The page size asked for (or the default), when it is within the limits.</summary>
    internal static int CheckSize(QueryOptions options, int? size, QueryInput input)
    {
        var value = size ?? options.DefaultPageSize;
        if (value < 1 || value > options.MaxPageSize)
        {
            throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(input), $"Page size must be between 1 and {options.MaxPageSize}.") { Value = value });
        }
        return value;
    }

    /// <summary>A page counted from both ends at once.</summary>
    internal static QueryException BothEnds() =>
        new(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.PageSizeFromEnd), "A page is counted from the start or from the end, not both.")
        {
            ConflictsWith = new QuerySubject(QueryInput.PageSize),
        });

    internal static IQueryable<TEntity> Filtered<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, FilterNode? filter)
        where TEntity : class where TDto : class
    {
        var rows = dataset.Rows(db).AsNoTracking();
        // Search is a lookup in the full-text index, composed as an IN subquery: the index finds the keys, the
        // key's index finds the rows (no scan of the dataset's table).
        var (searches, others) = SplitSearch(filter);
        foreach (var search in searches)
        {
            rows = SearchIndex.Within(rows, dataset, SearchIndex.MatchingKeys(db, dataset, search.Text));
        }
        var predicate = FilterTranslator.ToPredicate<TEntity>(dataset, others);
        return predicate is null ? rows : rows.Where(predicate);
    }

    /// <summary>The searches at the top of a filter (itself, or operands of its outermost AND) and the rest.</summary>
    internal static (IReadOnlyList<SearchFilter> Searches, FilterNode? Others) SplitSearch(FilterNode? filter) => filter switch
    {
        SearchFilter search => ([search], null),
        AndFilter all when all.Operands.Any(o => o is SearchFilter or AndFilter) => SplitAll(all),
        _ => ([], filter),
    };

    /// <summary>An AND of ANDs is one conjunction: searches anywhere in it are at its top.</summary>
    private static (IReadOnlyList<SearchFilter>, FilterNode?) SplitAll(AndFilter all)
    {
        var searches = new List<SearchFilter>();
        var others = new List<FilterNode>();
        foreach (var operand in all.Operands)
        {
            var (inner, rest) = SplitSearch(operand);
            searches.AddRange(inner);
            if (rest is not null) others.Add(rest);
        }
        return (searches, all with { Operands = others });
    }

    private static object?[] SortValues(IDataset dataset, IReadOnlyList<SortField> sort, object item) =>
        sort.Select(s => dataset.FindField(s.Field)!.Getter(item)).ToArray();
}
