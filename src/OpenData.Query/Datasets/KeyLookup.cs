using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// Rows by key through EF Core compiled queries. By-key reads are the commonest statements of GraphQL (every
/// reference and <c>node(id:)</c> is one), and they are small: EF's per-call work on a LINQ query (building it,
/// extracting its parameters, hashing and comparing it against the query cache) costs more than SQLite's lookup.
/// A compiled query does that work once per dataset and set of fields read.
/// </summary>
/// <remarks>
/// Only for datasets whose rows are their table as it is (<see cref="Dataset{TEntity, TDto}.Rows"/> returns the
/// DbSet): the compiled query reads the DbSet itself, so a dataset defined over a filtered query keeps the LINQ path.
/// One key is an equality (the statement SQLite plans once), several an <c>IN</c> over a list parameter.
/// </remarks>
internal abstract class KeyLookup
{
    /// <summary>Most compiled lookups kept: one per dataset and set of fields read (GraphQL selections); past that,
    /// new field sets take the LINQ path rather than grow the cache without bound.</summary>
    private const int MaxLookups = 500;

    // By model too: a compiled query refuses a context of another model (tests run apps with several configurations).
    private static readonly ConcurrentDictionary<(IDataset, IModel, string), KeyLookup?> Lookups = new();

    /// <summary>The dataset's lookup projecting <paramref name="fields"/> (which include the key), or null when its
    /// rows are not a plain table or the cache is full.</summary>
    public static KeyLookup<TEntity, TDto>? For<TEntity, TDto>(Dataset<TEntity, TDto> dataset, OpenDataDbContext db, IReadOnlyList<FieldInfo> fields)
        where TEntity : class where TDto : class
    {
        var key = (dataset, db.Model, string.Join(",", fields.Select(f => f.Name).Order(StringComparer.Ordinal)));
        if (Lookups.TryGetValue(key, out var found)) return (KeyLookup<TEntity, TDto>?)found;
        if (Lookups.Count >= MaxLookups) return null;
        return (KeyLookup<TEntity, TDto>?)Lookups.GetOrAdd(key, _ => dataset.Rows(db) is DbSet<TEntity>
            ? (KeyLookup?)Activator.CreateInstance(typeof(CompiledKeyLookup<,,>).MakeGenericType(typeof(TEntity), typeof(TDto), dataset.Key.ValueType),
                dataset, dataset.ProjectionFor(fields))
            : null);
    }
}

/// <summary>A dataset's compiled by-key reads (see <see cref="KeyLookup"/>).</summary>
internal abstract class KeyLookup<TEntity, TDto> : KeyLookup where TEntity : class where TDto : class
{
    /// <summary>Adds the rows of <paramref name="keys"/> (coerced to the key's type, distinct) to <paramref name="result"/>,
    /// in statements of at most <paramref name="chunkSize"/> keys.</summary>
    public abstract Task ReadAsync(OpenDataDbContext db, IReadOnlyList<object> keys, int chunkSize, Dictionary<object, TDto> result, CancellationToken cancellationToken);
}

internal sealed class CompiledKeyLookup<TEntity, TDto, TKey> : KeyLookup<TEntity, TDto> where TEntity : class where TDto : class
{
    private readonly FieldInfo _key;
    private readonly Func<OpenDataDbContext, TKey, IAsyncEnumerable<TDto>> _one;
    private readonly Func<OpenDataDbContext, List<TKey>, IAsyncEnumerable<TDto>> _many;

    public CompiledKeyLookup(Dataset<TEntity, TDto> dataset, Expression<Func<TEntity, TDto>> projection)
    {
        _key = dataset.Key;
        var db = Expression.Parameter(typeof(OpenDataDbContext), "db");
        // db.Areas (the context's DbSet property), the form EF Core's compiled queries expect.
        var set = typeof(OpenDataDbContext).GetProperties().Single(p => p.PropertyType == typeof(DbSet<TEntity>));
        var rows = Expression.Property(db, set);
        var row = Expression.Parameter(typeof(TEntity), "row");
        var keyOfRow = FilterTranslator.Access(dataset.Key, row);

        var one = Expression.Parameter(typeof(TKey), "key");
        _one = EF.CompileAsyncQuery(Expression.Lambda<Func<OpenDataDbContext, TKey, IQueryable<TDto>>>(
            Rows(rows, Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(keyOfRow, one), row), projection), db, one));

        var many = Expression.Parameter(typeof(List<TKey>), "keys");
        _many = EF.CompileAsyncQuery(Expression.Lambda<Func<OpenDataDbContext, List<TKey>, IQueryable<TDto>>>(
            Rows(rows, Expression.Lambda<Func<TEntity, bool>>(Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], many, keyOfRow), row), projection),
            db, many));
    }

    private static Expression Rows(Expression rows, Expression<Func<TEntity, bool>> predicate, Expression<Func<TEntity, TDto>> projection) =>
        Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(TEntity), typeof(TDto)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(TEntity)], rows, Expression.Quote(predicate)),
            Expression.Quote(projection));

    public override async Task ReadAsync(OpenDataDbContext db, IReadOnlyList<object> keys, int chunkSize, Dictionary<object, TDto> result, CancellationToken cancellationToken)
    {
        if (keys.Count == 1)
        {
            await foreach (var row in _one(db, (TKey)keys[0]).WithCancellation(cancellationToken)) result[_key.Getter(row)!] = row;
            return;
        }
        foreach (var chunk in keys.Chunk(chunkSize))
        {
            var list = new List<TKey>(chunk.Length);
            foreach (var key in chunk) list.Add((TKey)key);
            await foreach (var row in _many(db, list).WithCancellation(cancellationToken)) result[_key.Getter(row)!] = row;
        }
    }
}
