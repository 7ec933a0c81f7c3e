using OpenData.Api.GraphQL.Nodes;
using OpenData.GraphQL;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.GraphQL.DatasetTypes.GraphNames;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>What the schema needs to know about one dataset's GraphQL types, without its CLR types.</summary>
public interface IDatasetGraph
{
    /// <summary>The object type's name, e.g. <c>Target</c>; also the type part of its global ids.</summary>
    string TypeName { get; }

    IDataset Dataset { get; }
    ObjectType Type { get; }
    ObjectType Connection { get; }
    InputObjectType Filter { get; }
    InputObjectType Sort { get; }

    /// <summary>The CLR type of the rows this graph resolves (the query layer's DTO).</summary>
    Type RowType { get; }

    /// <summary>The GraphQL name of a dataset field (<c>period_start</c> is <c>periodStart</c>).</summary>
    string GraphName(FieldInfo field);

    FieldInfo? FilterField(string graphName);
    FieldInfo? SortField(string graphName);

    /// <summary>The row with this key (its text form), batched with every other key asked for in the same step.</summary>
    Task<object?> LoadAsync(FieldContext context, string key);

    /// <summary>A page of rows as a connection, with the client's arguments and an optional extra condition.</summary>
    ValueTask<object?> ReadConnectionAsync(FieldContext context, FilterNode? condition);

    /// <summary>
    /// The connection of the rows whose <paramref name="foreignKey"/> is <paramref name="parentKey"/>, with the
    /// client's arguments; batched: the parents of one selection in one execution step are one query.
    /// </summary>
    ValueTask<object?> ReadChildrenAsync(FieldContext context, string foreignKey, object parentKey);

    /// <summary>The global id of a row of this dataset.</summary>
    string GlobalId(object row);

    /// <summary>Adds the connection arguments (first, after, last, before, where, order and any of this dataset's own).</summary>
    FieldDefinition AddConnectionArguments(FieldDefinition field);

    /// <summary>A description with this dataset's field names in their GraphQL spelling (<c>area_code</c>: <c>areaCode</c>).</summary>
    string? GraphDescription(string? description);

    /// <summary>A field resolving the row of <paramref name="target"/> that <paramref name="foreignKey"/> names.</summary>
    void Reference(string name, IDatasetGraph target, string foreignKey, string description);

    /// <summary>A connection of the rows of <paramref name="target"/> whose <paramref name="foreignKey"/> names this row.</summary>
    void Children(string name, IDatasetGraph target, string foreignKey, string description, string? parentField = null);
}

/// <summary>
/// Builds one dataset's GraphQL types from the query layer's description of it: the object type (one field per
/// dataset field, camelCase, described from datapackage.json), its connection and edge, and its filter and sort
/// inputs. Reads go through <see cref="QueryEngine"/> only: connections with <see cref="QueryEngine.ReadPageAsync"/>,
/// references with <see cref="QueryEngine.GetByKeysAsync"/> behind a per-request batch loader.
/// </summary>
public sealed partial class DatasetGraph<TEntity, TDto> : IDatasetGraph where TEntity : class where TDto : class
{
    private readonly Dataset<TEntity, TDto> _dataset;
    private readonly Dictionary<string, FieldInfo> _filterable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldInfo> _sortable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _graphNames = new(StringComparer.Ordinal);

    /// <summary>For projections: the dataset fields each GraphQL field of the object type reads.</summary>
    private readonly Dictionary<string, string[]> _reads = new(StringComparer.Ordinal);

    private readonly QueryOptions _paging;

    /// <param name="dataset">The query layer's dataset.</param>
    /// <param name="typeName">Singular PascalCase type name, e.g. <c>CrimeFigure</c>.</param>
    /// <param name="description">The object type's description.</param>
    /// <param name="shared">The shared types (PageInfo, Node, operation filters).</param>
    /// <param name="renames">GraphQL names for dataset fields whose camelCase name is taken (e.g. <c>id</c>: the
    /// global id of the Node interface; <c>superseded_by</c>: the relation of that name).</param>
    /// <param name="nodes">The Node interface the type implements and the registry of global ids.</param>
    public DatasetGraph(Dataset<TEntity, TDto> dataset, string typeName, string description, SharedTypes shared, NodeTypes nodes,
        IReadOnlyDictionary<string, string>? renames = null)
    {
        _dataset = dataset;
        _paging = shared.Paging;
        TypeName = typeName;
        Type = new ObjectType(typeName, description);
        Type.Implements(nodes.Node);
        Type.Field("id", ScalarType.ID.NonNull(), ctx => GlobalId(ctx.Source!),
            $"The global ID of this {Words(typeName)} (base64 of \"{typeName}:<{GraphName(dataset.Key, renames)}>\"), for `node(id:)` and client caches.");
        _reads["id"] = [];

        var typeWords = Words(typeName);
        foreach (var field in dataset.Fields) _graphNames[field.Name] = GraphName(field, renames);
        foreach (var field in dataset.Fields)
        {
            var name = _graphNames[field.Name];
            var type = field.Nullable ? (GraphQLType)SharedTypes.ScalarFor(field.Type) : SharedTypes.ScalarFor(field.Type).NonNull();
            var fieldDescription = field == dataset.Key && name != Camel(field.Name)
                ? $"The {typeWords}'s `{field.Name}` as published in the CSV and the REST API (`id` is the global ID). {field.Description}"
                : GraphDescription(field.Description);
            if (name == Camel(field.Name) && field.DtoProperty.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                // No resolver: the engine's default resolver reads the DTO property of the same name, synchronously.
                Type.Field(name, type, resolve: (Func<FieldContext, ValueTask<object?>>?)null, description: fieldDescription);
            }
            else
            {
                var getter = field.Getter;
                Type.Field(name, type, ctx => getter(ctx.Source!), fieldDescription);
            }
            _reads[name] = [field.Name];
            if (field.Filterable) _filterable[name] = field;
            if (field.Sortable) _sortable[name] = field;
        }

        Edge = new ObjectType(typeName + "Edge", "An edge in a connection.")
            .Field("cursor", ScalarType.String.NonNull(), description: "A cursor for use in pagination.")
            .Field("node", Type.NonNull(), description: "The item at the end of the edge.");
        Connection = new ObjectType(typeName + "Connection", "A connection to a list of items.")
            .Field("pageInfo", shared.PageInfo.NonNull(), description: "Information to aid in pagination.")
            .Field("edges", Edge.NonNull().ListOf(), description: "A list of edges.")
            .Field("nodes", Type.NonNull().ListOf(), description: "A flattened list of the nodes.")
            .Field("totalCount", ScalarType.Int.NonNull(), description: "Identifies the total count of items in the connection.");
        if (Facets.Facetable(dataset) is { Count: > 0 } facetable)
        {
            var field = new FieldDefinition("facet", shared.Facet.NonNull(), ReadFacetAsync,
                $"The values of one field among the items of this connection (its `where` applied, not its page), with their counts; alias it for several. Facetable: {string.Join(", ", facetable.Select(f => _graphNames[f.Name]))}.")
            {
                // A GROUP BY over every matching row: what two REST rate-limit tokens buy (GraphQLCostPerToken 1000).
                Cost = FacetCost,
            };
            field.Argument("field", ScalarType.String.NonNull(), "The field to count by value, as named in this type (camelCase).");
            Connection.AddField(field);
        }

        Filter = new InputObjectType(typeName + "FilterInput",
            $"Conditions on {Plural(typeWords)}: every field given must hold; `and` and `or` combine nested conditions.");
        Filter.Field("and", Filter.NonNull().ListOf(), "All of these conditions hold.");
        Filter.Field("or", Filter.NonNull().ListOf(), "At least one of these conditions holds.");
        foreach (var (name, field) in _filterable)
        {
            Filter.Field(name, shared.FilterFor(field.Type)!, GraphDescription(field.Description));
        }

        Sort = new InputObjectType(typeName + "SortInput",
            $"Sort keys of {Plural(typeWords)}: the list's elements apply in list order, the fields of one element in the order written; the key is the final tiebreak.");
        foreach (var (name, field) in _sortable)
        {
            Sort.Field(name, shared.SortEnum, GraphDescription(field.Description));
        }
    }

    /// <summary>What one <c>facet</c> costs for the cost limit (GraphQL:MaxCost): a GROUP BY over the connection's
    /// matching rows, priced as the two rate-limit tokens of a REST facet (GraphQLCostPerToken 1000 each).</summary>
    public const int FacetCost = 2000;

    public string TypeName { get; }
    public IDataset Dataset => _dataset;
    public Dataset<TEntity, TDto> TypedDataset => _dataset;
    public ObjectType Type { get; }
    public ObjectType Edge { get; }
    public ObjectType Connection { get; }
    public InputObjectType Filter { get; }
    public InputObjectType Sort { get; }
    public Type RowType => typeof(TDto);

    public string GraphName(FieldInfo field) => _graphNames[field.Name];

    /// <summary>
    /// A description shared with REST (datapackage.json), with this dataset's snake_case field names written as
    /// their GraphQL names (<c>outcome_change_percent</c> is <c>outcomeChangePercent</c> here). Only names with an
    /// underscore are rewritten: a one-word name reads the same in both, and is often an ordinary word too.
    /// </summary>
    public string? GraphDescription(string? description)
    {
        if (string.IsNullOrEmpty(description)) return description;
        return SnakeName().Replace(description, m => _graphNames.GetValueOrDefault(m.Value) ?? m.Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")]
    private static partial System.Text.RegularExpressions.Regex SnakeName();

    public FieldInfo? FilterField(string graphName) => _filterable.GetValueOrDefault(graphName);

    public FieldInfo? SortField(string graphName) => _sortable.GetValueOrDefault(graphName);

    /// <summary>
    /// A condition every connection of this dataset adds unless the client opts out (crime figures: current
    /// figures only, as REST), with the argument that opts out.
    /// </summary>
    public Func<FieldContext, FilterNode?>? DefaultCondition { get; set; }

    /// <summary>Arguments of this dataset's connections beyond the usual ones.</summary>
    public Action<FieldDefinition>? ExtraConnectionArguments { get; set; }

    public FieldDefinition AddConnectionArguments(FieldDefinition field)
    {
        ConnectionArguments.Add(field, this, _paging);
        ExtraConnectionArguments?.Invoke(field);
        return field;
    }

    public string GlobalId(object row) => NodeId.Encode(TypeName, FieldValues.Format(_dataset.Key.Getter(row)));

    /// <summary>Adds a field to the object type that reads the given dataset fields (for projections).</summary>
    public void AddField(FieldDefinition field, params string[] reads)
    {
        Type.AddField(field);
        _reads[field.Name] = reads;
    }

    /// <summary>
    /// A reference to one row of <paramref name="target"/> through a foreign-key field of this dataset, e.g.
    /// Target.area through area_code. Batched: all the references of one execution step are one query.
    /// </summary>
    public void Reference(string name, IDatasetGraph target, string foreignKey, string description)
    {
        var fk = _dataset.FindField(foreignKey) ?? throw new ArgumentException($"{_dataset.Name} has no field {foreignKey}.", nameof(foreignKey));
        var type = fk.Nullable ? (GraphQLType)target.Type : target.Type.NonNull();
        AddField(new FieldDefinition(name, type, ctx =>
        {
            var key = fk.Getter(ctx.Source!);
            return key is null ? new ValueTask<object?>((object?)null) : new ValueTask<object?>(target.LoadAsync(ctx, FieldValues.Format(key)));
        }, description), fk.Name);
    }

    /// <summary>
    /// The rows of <paramref name="target"/> that point at this row through their <paramref name="foreignKey"/>
    /// (e.g. Area.targets: targets whose area_code is this area's code), as a connection with the usual arguments.
    /// </summary>
    public void Children(string name, IDatasetGraph target, string foreignKey, string description, string? parentField = null)
    {
        var parent = parentField is null ? _dataset.Key : _dataset.FindField(parentField)!;
        if (target.Dataset.FindField(foreignKey) is null) throw new ArgumentException($"{target.Dataset.Name} has no field {foreignKey}.", nameof(foreignKey));
        // Nullable, as HotChocolate's connections: a bad argument nulls this connection, not the parent row.
        var field = new FieldDefinition(name, target.Connection, ctx =>
        {
            var key = parent.Getter(ctx.Source!);
            return key is null ? new ValueTask<object?>(ConnectionResult.Empty) : target.ReadChildrenAsync(ctx, foreignKey, key);
        }, description);
        target.AddConnectionArguments(field);
        AddField(field, parent.Name);
    }

    /// <summary>The dataset fields a selection on the object type reads; null when it cannot be told (all fields).</summary>
    internal IReadOnlyList<string>? FieldsRead(IEnumerable<string> graphFields)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in graphFields)
        {
            if (_reads.TryGetValue(name, out var reads)) fields.UnionWith(reads);
        }
        return fields.ToList();
    }

    public Task<object?> LoadAsync(FieldContext context, string key) => RowLoader(context).LoadAsync(key);

    /// <summary>
    /// The loader of the rows this field reads: rows with the dataset fields its selection reads (a source's title,
    /// not its licence text). Selections reading the same fields share a loader, hence its batch and its cache,
    /// whichever field they hang from. Looked up once per request and field nodes (every parent of a list shares
    /// them), then by reference.
    /// </summary>
    private BatchLoader<string, object> RowLoader(FieldContext context)
    {
        var loaders = RowLoaderCache.For(context.Items);
        var cacheKey = (this, context.FieldNodes);
        lock (loaders)
        {
            if (loaders.TryGetValue(cacheKey, out var cached) && cached is BatchLoader<string, object> existing) return existing;
        }
        IReadOnlyList<string>? fields = null;
        var named = context.FieldDefinition.Type.GetNamedType();
        if (ReferenceEquals(named, Type) || named is InterfaceType or UnionType)
        {
            fields = FieldsRead(context.GetSubFields(Type).Values.Select(nodes => nodes[0].Name.Value));
        }
        var scope = "OpenData:" + _dataset.Name + ":" + (fields is null ? "*" : string.Join(",", fields.Order(StringComparer.Ordinal)));
        var engine = context.RequestServices.GetRequiredService<QueryEngine>();
        var loader = context.BatchLoader<string, object>(scope, (keys, _) => RequestStore.UseAsync(context, async (db, cancellationToken) =>
        {
            var rows = await engine.GetByKeysAsync(db, _dataset, keys, fields, cancellationToken);
            var result = new Dictionary<string, object>(rows.Count, StringComparer.Ordinal);
            foreach (var (k, row) in rows) result[FieldValues.Format(k)] = row;
            return (IReadOnlyDictionary<string, object>)result;
        }));
        lock (loaders)
        {
            loaders[cacheKey] = loader;
        }
        return loader;
    }

    public async ValueTask<object?> ReadConnectionAsync(FieldContext context, FilterNode? condition)
    {
        var query = BuildQuery(context, condition);
        var engine = context.RequestServices.GetRequiredService<QueryEngine>();
        try
        {
            var page = await RequestStore.UseAsync(context, (db, cancellationToken) => engine.ReadPageAsync(db, _dataset, query, cancellationToken));
            return ToConnection(page, context.Arguments, query.Filter);
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    public async ValueTask<object?> ReadChildrenAsync(FieldContext context, string foreignKey, object parentKey)
    {
        try
        {
            var page = (await ChildrenLoader(context, foreignKey).LoadAsync(parentKey))!;
            var filter = BuildQuery(context, null).Filter;
            var scope = FilterNode.Where(foreignKey, FilterOperator.Eq, parentKey);
            return ToConnection(page, context.Arguments, filter is null ? scope : FilterNode.And(scope, filter));
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    /// <summary>
    /// The loader of a children connection: all parents resolving this selection in this step share the arguments
    /// and sub-selection (both belong to the field nodes), so they share one query too; the loader of the field
    /// nodes collects their keys.
    /// </summary>
    private BatchLoader<object, Page<TDto>> ChildrenLoader(FieldContext context, string foreignKey)
    {
        var loaders = RowLoaderCache.For(context.Items);
        var cacheKey = (this, context.FieldNodes);
        lock (loaders)
        {
            if (loaders.TryGetValue(cacheKey, out var cached) && cached is BatchLoader<object, Page<TDto>> existing) return existing;
        }
        var loader = new BatchLoader<object, Page<TDto>>((parentKeys, _) =>
        {
            var query = BuildQuery(context, null);
            var engine = context.RequestServices.GetRequiredService<QueryEngine>();
            return RequestStore.UseAsync(context, (db, cancellationToken) => engine.ReadPagesAsync(db, _dataset, query, foreignKey, (IReadOnlyCollection<object>)parentKeys, cancellationToken));
        }, DataLoaderContext.From(context.Items), context.CancellationToken);
        lock (loaders)
        {
            if (loaders.TryGetValue(cacheKey, out var raced) && raced is BatchLoader<object, Page<TDto>> first) return first;
            loaders[cacheKey] = loader;
        }
        return loader;
    }

    /// <summary>
    /// The connection of a page. For first: 0 or last: 0 (Relay allows 0: <c>x(first: 0) { totalCount }</c> counts
    /// without reading rows; the query layer's pages, shared with REST's limit, are 1 or more) the page was read
    /// with one row and is returned empty; that row tells whether there is a next (or previous) page.
    /// </summary>
    private static ConnectionResult ToConnection(Page<TDto> page, IReadOnlyDictionary<string, object?> arguments, FilterNode? filter)
    {
        if (arguments.GetValueOrDefault("first") is 0)
            return new ConnectionResult([], [], page.Items.Count > 0, page.HasPreviousPage, page.TotalCount) { FacetFilter = filter, Faceted = true };
        if (arguments.GetValueOrDefault("last") is 0)
            return new ConnectionResult([], [], page.HasNextPage, page.Items.Count > 0, page.TotalCount) { FacetFilter = filter, Faceted = true };
        return new(page.Items, page.Cursors, page.HasNextPage, page.HasPreviousPage, page.TotalCount) { FacetFilter = filter, Faceted = true };
    }

    /// <summary>The <c>facet(field:)</c> of a connection: its items' filter, grouped by the field (one query per
    /// connection; a children connection under a list is one per parent, which the cost limit prices).</summary>
    private async ValueTask<object?> ReadFacetAsync(FieldContext context)
    {
        var connection = (ConnectionResult)context.Source!;
        var name = context.Arguments.GetValueOrDefault("field") as string ?? "";
        var facetable = Facets.Facetable(_dataset);
        var field = facetable.FirstOrDefault(f => _graphNames[f.Name] == name);
        if (field is null)
        {
            var names = facetable.Select(f => _graphNames[f.Name]).ToList();
            var closest = ClosestName.Of(name, names);
            var why = _graphNames.ContainsValue(name) ? $"{name} is not a closed-set or linked field, so its values cannot be counted" : $"{TypeName} has no field '{name}'{(closest is null ? "" : $" (did you mean {closest}?)")}";
            throw QueryErrors.ToGraphQL(new QueryException(QueryErrorKind.InvalidParameter, "field", $"{why}; facetable fields of {TypeName}: {string.Join(", ", names)}."));
        }
        if (!connection.Faceted) return new GraphFacet([], false);
        var engine = context.RequestServices.GetRequiredService<QueryEngine>();
        try
        {
            var facet = await RequestStore.UseAsync(context, (db, cancellationToken) => engine.FacetAsync(db, _dataset, field.Name, connection.FacetFilter, cancellationToken));
            return new GraphFacet(facet.Values.Select(v => new GraphFacetValue(v.Value is null ? null : FieldValues.Format(v.Value), (int)v.Count)).ToList(), facet.Truncated);
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    /// <summary>A page size argument for the query layer: 0 is read as 1 (see <see cref="ToConnection"/>).</summary>
    private static int? PageSize(object? size) => size is int n ? (n == 0 ? 1 : n) : null;

    /// <summary>The query a connection field's arguments and selection ask for, with an optional extra condition.</summary>
    private DatasetQuery BuildQuery(FieldContext context, FilterNode? condition)
    {
        var arguments = context.Arguments;
        FilterNode? filter = condition;
        if (arguments.GetValueOrDefault("where") is IReadOnlyDictionary<string, object?> where)
        {
            var clientFilter = Guard(() => FilterOperations.Where(this, where, "where"));
            filter = filter is null ? clientFilter : new AndFilter([filter, clientFilter]);
        }
        if (DefaultCondition?.Invoke(context) is { } defaultCondition)
        {
            filter = filter is null ? defaultCondition : new AndFilter([filter, defaultCondition]);
        }
        if (arguments.GetValueOrDefault("search") is string search)
        {
            if (string.IsNullOrWhiteSpace(search))
            {
                throw QueryErrors.ToGraphQL(new QueryException(QueryErrorKind.InvalidParameter, "search", "search is empty: give one or more words to search for."));
            }
            var searchFilter = new SearchFilter(search) { Origin = "search" };
            filter = filter is null ? searchFilter : new AndFilter([filter, searchFilter]);
        }
        var sort = arguments.GetValueOrDefault("order") is IReadOnlyList<object?> order
            ? Guard(() => FilterOperations.Order(this, order, "order"))
            : [];
        var maxPageSize = context.RequestServices.GetRequiredService<QueryEngine>().Options.MaxPageSize;
        foreach (var size in (string[])["first", "last"])
        {
            if (arguments.GetValueOrDefault(size) is int n && (n < 0 || n > maxPageSize))
            {
                throw QueryErrors.ToGraphQL(new QueryException(QueryErrorKind.InvalidParameter, size, $"{size} must be between 0 and {maxPageSize}."));
            }
        }
        var selection = ConnectionSelection.Of(context, this);
        return new DatasetQuery
        {
            Filter = filter,
            Sort = sort,
            Fields = selection.Fields,
            IncludeTotal = selection.TotalCount,
            Page = new PageRequest(
                PageSize(arguments.GetValueOrDefault("first")),
                arguments.GetValueOrDefault("after") as string,
                PageSize(arguments.GetValueOrDefault("last")),
                arguments.GetValueOrDefault("before") as string),
        };
    }

    private static T Guard<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    private static string GraphName(FieldInfo field, IReadOnlyDictionary<string, string>? renames) =>
        renames?.GetValueOrDefault(field.Name) ?? Camel(field.Name);
}

/// <summary>The row loaders of one request, by dataset graph and field nodes (both compared by reference).</summary>
internal sealed class RowLoaderCache : Dictionary<(IDatasetGraph Graph, IReadOnlyList<OpenData.GraphQL.Language.FieldNode> Nodes), object>
{
    private static readonly object ItemsKey = new();

    private RowLoaderCache()
        : base(ReferenceComparer.Instance)
    {
    }

    public static RowLoaderCache For(IDictionary<object, object?> items)
    {
        lock (items)
        {
            if (items.TryGetValue(ItemsKey, out var existing)) return (RowLoaderCache)existing!;
            var created = new RowLoaderCache();
            items[ItemsKey] = created;
            return created;
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<(IDatasetGraph Graph, IReadOnlyList<OpenData.GraphQL.Language.FieldNode> Nodes)>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals((IDatasetGraph Graph, IReadOnlyList<OpenData.GraphQL.Language.FieldNode> Nodes) x, (IDatasetGraph Graph, IReadOnlyList<OpenData.GraphQL.Language.FieldNode> Nodes) y) =>
            ReferenceEquals(x.Graph, y.Graph) && ReferenceEquals(x.Nodes, y.Nodes);

        public int GetHashCode((IDatasetGraph Graph, IReadOnlyList<OpenData.GraphQL.Language.FieldNode> Nodes) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Graph), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Nodes));
    }
}
