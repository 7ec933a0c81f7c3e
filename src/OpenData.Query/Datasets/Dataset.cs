using System.Linq.Expressions;
using System.Reflection;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>What every front door needs to know about a dataset, without its CLR types.</summary>
public interface IDataset
{
    /// <summary>Public name: the REST path segment, e.g. <c>crime-figures</c>.</summary>
    string Name { get; }

    /// <summary>The resource name in datapackage.json, e.g. <c>crime_figures</c>; also the CSV file name.</summary>
    string ResourceName { get; }

    string Title { get; }
    string Description { get; }

    /// <summary>One row, in words: <c>offence category</c> for offence_categories.</summary>
    string Noun { get; }

    /// <summary>The primary key field (item routes, by-keys lookups, the final sort tiebreak).</summary>
    FieldInfo Key { get; }

    /// <summary>Fields in CSV column order, then the computed fields.</summary>
    IReadOnlyList<FieldInfo> Fields { get; }

    /// <summary>Order when the client gives none (the key is appended by the engine as always).</summary>
    IReadOnlyList<SortField> DefaultSort { get; }

    Type EntityType { get; }
    Type DtoType { get; }

    FieldInfo? FindField(string name);

    /// <summary>Calls the visitor with this dataset's CLR types, so a front door can build its typed parts
    /// (routes, GraphQL types) from the untyped list of datasets.</summary>
    TResult Accept<TResult>(IDatasetVisitor<TResult> visitor);

    /// <summary>Rows matching the filter (untyped entry point for catalogue-style callers).</summary>
    Task<long> CountAsync(OpenDataDbContext db, FilterNode? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Distinct non-null values of a field among the rows matching the filter, in order.</summary>
    Task<IReadOnlyList<object>> DistinctValuesAsync(OpenDataDbContext db, string field, FilterNode? filter = null, CancellationToken cancellationToken = default);
}

/// <summary>Receives a dataset with its CLR types (see <see cref="IDataset.Accept{TResult}"/>).</summary>
public interface IDatasetVisitor<out TResult>
{
    TResult Visit<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class;
}

/// <summary>A field the store computes rather than the CSV holds: what it means, and a value that occurs.
/// <paramref name="Comparable"/> false for a value computed after the row is read (not in SQL): it can be
/// selected but not sorted or filtered on.</summary>
public sealed record ComputedField(string Description, string? Example = null, bool Comparable = true);

/// <summary>
/// A dataset: where its rows come from, and its public projection as a member-init expression, from which the
/// fields are derived (name = the DTO property in snake_case, accessor = the bound expression). Keeping the
/// projection an expression lets EF translate it to SQL and lets field selection drop unused columns.
/// </summary>
public sealed class Dataset<TEntity, TDto> : IDataset where TEntity : class where TDto : class
{
    private readonly Func<OpenDataDbContext, IQueryable<TEntity>> _source;
    private readonly ParameterExpression _row;
    private readonly MemberInitExpression _init;
    private readonly Dictionary<string, FieldInfo> _byName;

    public Dataset(
        string name,
        string resourceName,
        Func<OpenDataDbContext, IQueryable<TEntity>> source,
        Expression<Func<TEntity, TDto>> projection,
        string key,
        IReadOnlyList<SortField>? defaultSort = null,
        IReadOnlyDictionary<string, ComputedField>? computedFields = null,
        IReadOnlyCollection<string>? jsonFields = null,
        string? title = null,
        string? description = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? closedSets = null)
    {
        _source = source;
        _row = projection.Parameters[0];
        _init = projection.Body as MemberInitExpression
            ?? throw new ArgumentException("The projection must be a member initialisation: row => new Dto { A = row.A, ... }.", nameof(projection));
        Name = name;
        ResourceName = resourceName;
        var resource = DataPackage.Current.FindResource(resourceName);
        Title = title ?? resource?.Title ?? name;
        Description = description ?? resource?.Description ?? "";

        var nullability = new NullabilityInfoContext();
        var fields = new List<FieldInfo>();
        foreach (var binding in _init.Bindings)
        {
            if (binding is not MemberAssignment assignment || assignment.Member is not PropertyInfo property)
            {
                throw new ArgumentException("Only property assignments are supported in a dataset projection.", nameof(projection));
            }
            var fieldName = OpenDataDbContext.ToSnakeCase(property.Name);
            var isJson = jsonFields?.Contains(fieldName) == true;
            var type = isJson ? FieldType.Json : TypeOf(property.PropertyType);
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState != NullabilityState.NotNull);
            var computed = computedFields?.GetValueOrDefault(fieldName);
            var packageField = computed is null ? resource?.FindField(fieldName) : null;
            var fieldDescription = computed?.Description
                ?? packageField?.Description
                ?? throw new ArgumentException($"Field {fieldName} of {name} is neither in datapackage.json nor described as a computed field.", nameof(computedFields));
            var accessor = Expression.Lambda(assignment.Expression, _row);
            // Instants are shown but neither sorted nor filtered on: the SQLite provider cannot compare or order
            // DateTimeOffset in SQL, and reads must behave the same on every provider.
            var comparable = !isJson && type != FieldType.DateTime && computed?.Comparable != false;
            // A closed set is taken from datapackage.json, the list the import validates against, so the query
            // layer can refuse a value that cannot occur instead of answering with an empty page.
            // Computed fields declare theirs (closedSets).
            var allowed = type != FieldType.String ? null
                : closedSets?.GetValueOrDefault(fieldName)
                  ?? packageField?.Enum;
            fields.Add(new FieldInfo(fieldName, type, nullable, fieldDescription, sortable: comparable, filterable: comparable, accessor, property, allowed,
                computed is null ? packageField?.Example : computed.Example));
        }
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Key = FindField(key) ?? throw new ArgumentException($"Key {key} is not a field of {name}.", nameof(key));
        DefaultSort = defaultSort ?? [new SortField(key, SortDirection.Ascending)];
        Projection = projection;
        Noun = NounOf(resourceName);
    }

    /// <summary><c>offence_categories</c> → <c>offence category</c>: the last word made singular.</summary>
    public static string NounOf(string resourceName)
    {
        var words = resourceName.Split('_');
        var last = words[^1];
        words[^1] = last.EndsWith("ies", StringComparison.Ordinal) ? last[..^3] + "y" : last.EndsWith('s') ? last[..^1] : last;
        return string.Join(' ', words);
    }

    public string Name { get; }
    public string ResourceName { get; }
    public string Title { get; }
    public string Description { get; }
    public string Noun { get; }
    public FieldInfo Key { get; }
    public IReadOnlyList<FieldInfo> Fields { get; }
    public IReadOnlyList<SortField> DefaultSort { get; }
    public Type EntityType => typeof(TEntity);
    public Type DtoType => typeof(TDto);

    /// <summary>The whole projection (every field).</summary>
    public Expression<Func<TEntity, TDto>> Projection { get; }

    public FieldInfo? FindField(string name) => _byName.GetValueOrDefault(name);

    public TResult Accept<TResult>(IDatasetVisitor<TResult> visitor) => visitor.Visit(this);

    public Task<long> CountAsync(OpenDataDbContext db, FilterNode? filter = null, CancellationToken cancellationToken = default) =>
        QueryEngine.CountRowsAsync(db, this, filter, cancellationToken);

    public Task<IReadOnlyList<object>> DistinctValuesAsync(OpenDataDbContext db, string field, FilterNode? filter = null, CancellationToken cancellationToken = default) =>
        QueryEngine.DistinctRowValuesAsync(db, this, field, filter, cancellationToken);

    /// <summary>The rows of the dataset, untracked.</summary>
    public IQueryable<TEntity> Rows(OpenDataDbContext db) => _source(db);

    /// <summary>The projection with only the given fields assigned; the other DTO properties keep their defaults.
    /// SQL then selects only the columns those fields read.</summary>
    public Expression<Func<TEntity, TDto>> ProjectionFor(IEnumerable<FieldInfo> fields)
    {
        var wanted = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == Fields.Count) return Projection;
        var bindings = _init.Bindings.Where(b => wanted.Contains(OpenDataDbContext.ToSnakeCase(b.Member.Name)));
        return Expression.Lambda<Func<TEntity, TDto>>(Expression.MemberInit(_init.NewExpression, bindings), _row);
    }

    private static FieldType TypeOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return FieldType.String;
        if (t == typeof(int) || t == typeof(long)) return FieldType.Integer;
        if (t == typeof(double)) return FieldType.Number;
        if (t == typeof(bool)) return FieldType.Boolean;
        if (t == typeof(DateOnly)) return FieldType.Date;
        if (t == typeof(DateTimeOffset)) return FieldType.DateTime;
        throw new ArgumentException($"No public field type for {type}.");
    }
}
