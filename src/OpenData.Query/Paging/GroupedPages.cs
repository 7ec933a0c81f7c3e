using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// One page per parent, for many parents in one statement: GraphQL's nested connections (each area's targets, each
/// source's crime figures) are read for a whole level of parents at once instead of one query per parent.
/// </summary>
/// <remarks>
/// The page of each parent is exactly the page <see cref="QueryEngine.ReadPageAsync"/> gives for the same query
/// with the condition <c>groupField = parent key</c> added: same filter, same sort (key tiebreak, NULL order),
/// same cursors, same hasNextPage/hasPreviousPage and total. The SQL is a per-group top-N,
/// <c>GroupBy(groupField).Select(g => g.OrderBy(sort).Take(size + 1))</c>, which EF Core turns into
/// <c>ROW_NUMBER() OVER (PARTITION BY group ORDER BY sort)</c> on SQLite and PostgreSQL alike; totals are one
/// grouped COUNT. The window numbers every matching child of the parents asked for, so one statement costs what
/// reading all their children costs: with one parent the plain page query (an index range and a LIMIT) is used.
/// </remarks>
public static class GroupedPages
{
    private static readonly MethodInfo ReadGroupsMethod = typeof(GroupedPages).GetMethod(nameof(ReadGroupsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo QueryListMethod = typeof(GroupedPages).GetMethod(nameof(QueryList), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// The page of <paramref name="query"/> for each of <paramref name="groupKeys"/>, as if each were read with
    /// the condition <c><paramref name="groupField"/> = key</c> added to the filter. Every key asked for has a
    /// page (empty when no row matches). Errors are those of <see cref="QueryEngine.ReadPageAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<object, Page<TDto>>> ReadPagesAsync<TEntity, TDto>(this QueryEngine engine, OpenDataDbContext db,
        Dataset<TEntity, TDto> dataset, DatasetQuery query, string groupField, IReadOnlyCollection<object> groupKeys, CancellationToken cancellationToken = default)
        where TEntity : class where TDto : class
    {
        var group = dataset.FindField(groupField) ?? throw new ArgumentException($"{dataset.Name} has no field {groupField}.", nameof(groupField));
        // The client's filter is checked before the parent condition (or the list of parent keys) is added to it.
        FilterLimits.Check(query.Filter, engine.Options);
        var pages = new Dictionary<object, Page<TDto>>(groupKeys.Count);
        if (groupKeys.Count == 1)
        {
            // One parent: the plain page query reads an index range and stops after the page.
            var only = groupKeys.First();
            pages[only] = await engine.ReadCheckedPageAsync(db, dataset, query with { Filter = Scoped(query.Filter, new ConditionFilter(group.Name, FilterOperator.Eq, only)) }, cancellationToken);
            return pages;
        }

        var plan = Prepare(engine, dataset, query, group, groupKeys);
        var groups = plan.Scope is null
            ? []
            : await (Task<Dictionary<object, (List<TDto> Rows, long Total)>>)ReadGroupsMethod.MakeGenericMethod(typeof(TEntity), typeof(TDto), group.ValueType)
                .Invoke(null, [db, dataset, plan, cancellationToken])!;

        var (sort, page, size, backward) = (plan.Sort, query.Page, plan.Size, plan.Backward);
        foreach (var key in groupKeys)
        {
            var (rows, total) = plan.Coerced.TryGetValue(key, out var value) && groups.TryGetValue(value, out var found) ? found : ([], 0L);
            var more = rows.Count > size;
            if (more) rows.RemoveAt(rows.Count - 1);
            if (backward) rows.Reverse();
            var cursors = new PageCursors<TDto>(rows, dataset, sort);
            long? totalCount = query.IncludeTotal ? total : null;
            pages[key] = backward
                ? new Page<TDto>(rows, cursors, HasNextPage: page.Before is not null, HasPreviousPage: more, totalCount, sort)
                : new Page<TDto>(rows, cursors, HasNextPage: more, HasPreviousPage: page.After is not null, totalCount, sort);
        }
        return pages;
    }

    /// <summary>The statements <see cref="ReadPagesAsync"/> runs for several keys (pages, then counts when the
    /// total is asked for), for checking that a provider translates them.</summary>
    internal static IReadOnlyList<IQueryable> Queries<TEntity, TDto>(QueryEngine engine, OpenDataDbContext db, Dataset<TEntity, TDto> dataset, DatasetQuery query,
        string groupField, IReadOnlyCollection<object> groupKeys)
        where TEntity : class where TDto : class
    {
        var group = dataset.FindField(groupField)!;
        var plan = Prepare(engine, dataset, query, group, groupKeys);
        return (IReadOnlyList<IQueryable>)QueryListMethod.MakeGenericMethod(typeof(TEntity), typeof(TDto), group.ValueType).Invoke(null, [db, dataset, plan])!;
    }

    private static IReadOnlyList<IQueryable> QueryList<TEntity, TDto, TKey>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, Plan plan)
        where TEntity : class where TDto : class
    {
        var (pages, counts) = GroupQueries<TEntity, TDto, TKey>(db, dataset, plan);
        return [pages, counts];
    }

    /// <summary>What the statements need, checked in ReadPageAsync's order (so a request with several mistakes gets
    /// the same error either way).</summary>
    private sealed record Plan(FieldInfo Group, FilterNode? Scope, Dictionary<object, object> Coerced, IReadOnlyList<SortField> Sort,
        List<FieldInfo> Fields, PageRequest Page, bool Backward, int Size, bool IncludeTotal);

    private static Plan Prepare(QueryEngine engine, IDataset dataset, DatasetQuery query, FieldInfo group, IReadOnlyCollection<object> groupKeys)
    {
        var sort = engine.EffectiveSort(dataset, query.Sort);
        var fields = QueryEngine.SelectFields(dataset, query.Fields).ToList();
        foreach (var required in sort.Select(s => dataset.FindField(s.Field)!).Append(dataset.Key))
        {
            if (!fields.Contains(required)) fields.Add(required);
        }
        var page = query.Page;
        if (page.First is not null && page.Last is not null)
        {
            throw QueryEngine.BothEnds();
        }
        var backward = page.Last is not null || (page.Before is not null && page.First is null && page.After is null);
        var size = QueryEngine.CheckSize(engine.Options, backward ? page.Last : page.First, backward ? QueryInput.PageSizeFromEnd : QueryInput.PageSize);

        // Keys are matched in their field's CLR type; a key of the wrong shape names no row (an empty page).
        var coerced = new Dictionary<object, object>();
        foreach (var key in groupKeys)
        {
            try
            {
                coerced[key] = FieldValues.Coerce(group, key);
            }
            catch (FormatException)
            {
            }
        }
        var scope = coerced.Count == 0
            ? null
            : Scoped(query.Filter, new ConditionFilter(group.Name, FilterOperator.In, coerced.Values.Distinct().ToList()));
        return new Plan(group, scope, coerced, sort, fields, page, backward, size, query.IncludeTotal);
    }

    private static async Task<Dictionary<object, (List<TDto> Rows, long Total)>> ReadGroupsAsync<TEntity, TDto, TKey>(OpenDataDbContext db,
        Dataset<TEntity, TDto> dataset, Plan plan, CancellationToken cancellationToken)
        where TEntity : class where TDto : class
    {
        var (pages, counts) = GroupQueries<TEntity, TDto, TKey>(db, dataset, plan);
        var read = await pages.ToListAsync(cancellationToken);
        var result = new Dictionary<object, (List<TDto> Rows, long Total)>(read.Count);
        foreach (var r in read)
        {
            if (r.Key is not null) result[r.Key] = (r.Rows, 0);
        }
        if (plan.IncludeTotal)
        {
            foreach (var c in await counts.ToListAsync(cancellationToken))
            {
                if (c.Key is null) continue;
                result[c.Key] = (result.TryGetValue(c.Key, out var existing) ? existing.Rows : [], c.Count);
            }
        }
        return result;
    }

    private static (IQueryable<RowGroup<TKey, TDto>> Pages, IQueryable<RowGroupCount<TKey>> Counts) GroupQueries<TEntity, TDto, TKey>(OpenDataDbContext db,
        Dataset<TEntity, TDto> dataset, Plan plan)
        where TEntity : class where TDto : class
    {
        var scoped = dataset.Rows(db).AsNoTracking();
        if (FilterTranslator.ToPredicate<TEntity>(dataset, plan.Scope) is { } predicate) scoped = scoped.Where(predicate);
        var rows = scoped;
        if (plan.Page.After is not null)
        {
            rows = rows.Where(Keyset.After<TEntity>(dataset, plan.Sort, Cursor.Decode(dataset, plan.Sort, plan.Page.After, QueryInput.Cursor), reverse: false));
        }
        if (plan.Page.Before is not null)
        {
            rows = rows.Where(Keyset.After<TEntity>(dataset, plan.Sort, Cursor.Decode(dataset, plan.Sort, plan.Page.Before, QueryInput.CursorBefore), reverse: true));
        }
        var keySelector = (Expression<Func<TEntity, TKey>>)plan.Group.Accessor;

        // g => new RowGroup { Key = g.Key, Rows = g.AsQueryable().OrderBy(sort).Take(size + 1).Select(projection).ToList() }:
        // the ordering is Keyset.OrderBy's, applied to the group, so NULLs and ties sort as on a single page.
        var g = Expression.Parameter(typeof(IGrouping<TKey, TEntity>), "g");
        var members = new EnumerableQuery<TEntity>(Expression.Call(typeof(Queryable), nameof(Queryable.AsQueryable), [typeof(TEntity)], g));
        var pageRows = Keyset.OrderBy(members, dataset, plan.Sort, reverse: plan.Backward).Take(plan.Size + 1).Select(dataset.ProjectionFor(plan.Fields));
        var body = Expression.MemberInit(Expression.New(typeof(RowGroup<TKey, TDto>)),
            Expression.Bind(typeof(RowGroup<TKey, TDto>).GetProperty(nameof(RowGroup<TKey, TDto>.Key))!, Expression.Property(g, nameof(IGrouping<TKey, TEntity>.Key))),
            Expression.Bind(typeof(RowGroup<TKey, TDto>).GetProperty(nameof(RowGroup<TKey, TDto>.Rows))!,
                Expression.Call(typeof(Enumerable), nameof(Enumerable.ToList), [typeof(TDto)], pageRows.Expression)));
        var selector = Expression.Lambda<Func<IGrouping<TKey, TEntity>, RowGroup<TKey, TDto>>>(body, g);

        // The total ignores the cursor, as a single page's does.
        var counts = scoped.GroupBy(keySelector).Select(x => new RowGroupCount<TKey> { Key = x.Key, Count = x.LongCount() });
        return (rows.GroupBy(keySelector).Select(selector), counts);
    }

    private static FilterNode Scoped(FilterNode? filter, FilterNode condition) => filter is null ? condition : new AndFilter([condition, filter]);


    /// <summary>The rows of one group, as EF materializes them.</summary>
    internal sealed class RowGroup<TKey, TDto>
    {
        public TKey Key { get; init; } = default!;
        public List<TDto> Rows { get; init; } = [];
    }

    /// <summary>The size of one group.</summary>
    internal sealed class RowGroupCount<TKey>
    {
        public TKey Key { get; init; } = default!;
        public long Count { get; init; }
    }
}
