using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>A dataset published over REST, without its CLR types: what <see cref="RestApi"/> maps.</summary>
public interface IDatasetResource
{
    IDataset Dataset { get; }

    /// <summary>A key that exists in the published data, for OpenAPI.</summary>
    string KeyExample { get; }

    /// <summary>A filter that finds rows in the published data, for OpenAPI: (parameter, value).</summary>
    (string Name, string Value) FilterExample { get; }

    /// <summary>Maps the collection and item routes of the dataset.</summary>
    RouteGroupBuilder Map(RouteGroupBuilder group);
}

/// <summary>
/// How one dataset is published over REST. Everything is derived from the dataset and the registry's relations:
/// operation names, words, examples (datapackage.json's), and links (self, each record a foreign key names, each
/// collection whose foreign key names this row). A dataset that really has more (a parameter, a format, a link to a
/// route of its own) says so in the optional members; a plain dataset needs none (see <see cref="RestResources"/>).
/// </summary>
public sealed class DatasetResource<TEntity, TDto> : IDatasetResource where TEntity : class where TDto : class
{
    private readonly (string Name, string Value)? _filterExample;
    private IReadOnlyList<string>? _linkFields;
    private DatasetReference[]? _referencesFrom;
    private DatasetReference[]? _referencesTo;

    public required Dataset<TEntity, TDto> Dataset { get; init; }

    IDataset IDatasetResource.Dataset => Dataset;

    /// <summary>Operation name of the collection route (OpenAPI operationId): <c>ListOffenceCategories</c>.</summary>
    public string ListName => "List" + Pascal(Dataset.ResourceName);

    /// <summary>Operation name of the item route: <c>GetOffenceCategory</c>.</summary>
    public string ItemName => "Get" + Pascal(Dataset.Noun.Replace(' ', '_'));

    /// <summary>Words only REST needs, appended to the dataset's description (a parameter of its own, a format).</summary>
    public string? RestNote { get; init; }

    /// <summary>What the collection holds: the dataset's description (datapackage.json), then <see cref="RestNote"/>.</summary>
    public string About => RestNote is null ? Dataset.Description : Dataset.Description + " " + RestNote;

    /// <summary>A key that exists in the published data (the key field's example), for OpenAPI.</summary>
    public string KeyExample => Dataset.Key.Example ?? "";

    /// <summary>A filter that finds rows in the published data, for OpenAPI: (parameter, value). By default the
    /// first field with a closed set of values, else the first foreign key, each with its example.</summary>
    public (string Name, string Value) FilterExample
    {
        get => _filterExample ?? DefaultFilterExample();
        init => _filterExample = value;
    }

    /// <summary>Links besides the generated ones, e.g. a route of the dataset's own (an area's boundary).</summary>
    public Func<TDto, RestLinks, LinkList, LinkList>? ExtraLinks { get; init; }

    /// <summary>Fields <see cref="ExtraLinks"/> reads.</summary>
    public IReadOnlyList<string> ExtraLinkFields { get; init; } = [];

    /// <summary>Replaces the generated links: for a dataset without an item route of its own (a release's changes).</summary>
    public Func<TDto, RestLinks, LinkList>? CustomLinks { get; init; }

    /// <summary>Parameters of this collection besides the shared grammar; <c>q</c> (search) on every dataset with
    /// searchable text (<see cref="SearchIndex.Fields"/>).</summary>
    public IReadOnlyList<ExtraParameter> Extras
    {
        get => _extrasWithSearch ??= SearchIndex.IsSearchable(Dataset) ? [.. _extras, SearchParameter(Dataset)] : _extras;
        init => _extras = value;
    }

    private readonly IReadOnlyList<ExtraParameter> _extras = [];
    private IReadOnlyList<ExtraParameter>? _extrasWithSearch;

    /// <summary><c>q</c>: full-text search over the dataset's free-text fields, with stemming and synonyms.</summary>
    private static ExtraParameter SearchParameter(IDataset dataset)
    {
        var fields = SearchIndex.Fields(dataset).Select(f => f.Name);
        return new ExtraParameter("q",
            $"Search: rows whose {string.Join(", ", fields)} contain all these words, in any form (burglaries finds burglary), "
            + "with common synonyms (ASB = anti-social behaviour, DV = domestic abuse, ...). Punctuation separates words; no search syntax. "
            + "Without sort, the rows come most relevant first (the full-text index's bm25 score, then the key; meta.sort says search_rank, "
            + $"{dataset.Key.Name}) and cursors continue that order; an explicit sort wins",
            SearchExample(dataset), "string",
            q => string.IsNullOrWhiteSpace(q) ? throw new FormatException("q is empty: give one or more words to search for.") : new SearchFilter(q));
    }

    private static string SearchExample(IDataset dataset) => dataset.ResourceName switch
    {
        "actions" => "anti-social behaviour",
        "risks" => "funding",
        _ => "crime",
    };

    /// <summary>A filter added unless the client overrides it (see <see cref="QueryStringGrammar.ParseCollection"/>).</summary>
    public Func<IReadOnlyDictionary<string, string>, FilterNode?>? ImplicitFilter { get; init; }

    /// <summary>Serve GeoJSON too (areas: features with the ward polygons).</summary>
    public bool GeoJson { get; init; }

    /// <summary>Fields the links read: projected even when <c>fields=</c> leaves them out.</summary>
    public IReadOnlyList<string> LinkFields => _linkFields ??=
        CustomLinks is not null
            ? ExtraLinkFields
            : [Dataset.Key.Name, .. DatasetCatalog.ReferencesFrom(Dataset).Select(r => r.Field.Name), .. ExtraLinkFields];

    /// <summary>Datapackage resources the responses read, for Last-Modified.</summary>
    public IReadOnlyList<string> ReadsResources => [Dataset.ResourceName];

    internal IReadOnlyList<OutputFormat> CollectionFormats => GeoJson ? [OutputFormat.Json, OutputFormat.Csv, OutputFormat.GeoJson] : [OutputFormat.Json, OutputFormat.Csv];
    internal IReadOnlyList<OutputFormat> ItemFormats => GeoJson ? [OutputFormat.Json, OutputFormat.GeoJson] : [OutputFormat.Json];

    public RouteGroupBuilder Map(RouteGroupBuilder group) => group.MapDataset(this);

    /// <summary>
    /// The links of a row: <c>self</c>; each record its foreign keys name (<c>area</c>, <c>source</c>); each
    /// collection whose foreign key names this row (<c>crime_figures</c> of an area, <c>children</c>); then the extras.
    /// Links whose key is empty are left out.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Links(TDto row, RestLinks links)
    {
        if (CustomLinks is not null) return CustomLinks(row, links);
        var key = FieldValues.Format(Dataset.Key.Getter(row));
        var list = new LinkList(links).Item("self", Dataset.Name, key);
        // Looked up once per resource, not per row: the relations are fixed by the build.
        foreach (var reference in _referencesFrom ??= [.. DatasetCatalog.ReferencesFrom(Dataset)])
        {
            list.Item(reference.Name, reference.To.Name, reference.Field.Getter(row) is { } value ? FieldValues.Format(value) : null);
        }
        foreach (var reference in _referencesTo ??= [.. DatasetCatalog.ReferencesTo(Dataset)])
        {
            list.Collection(reference.Inverse, reference.From.Name, (reference.Field.Name, key));
        }
        return ExtraLinks is null ? list : ExtraLinks(row, links, list);
    }

    private (string Name, string Value) DefaultFilterExample()
    {
        var candidates = Dataset.Fields.Where(f => f.Filterable && f != Dataset.Key && f.Example is not null).ToList();
        var foreignKeys = DatasetCatalog.ReferencesFrom(Dataset).Select(r => r.Field).ToHashSet();
        var field = candidates.FirstOrDefault(f => f.AllowedValues is not null)
            ?? candidates.FirstOrDefault(foreignKeys.Contains)
            ?? Dataset.Key;
        return (field.Name, field.Example ?? "");
    }

    /// <summary><c>offence_categories</c> → <c>OffenceCategories</c>.</summary>
    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>The REST resource of every dataset: the generated one, or the dataset's own where it has extras.</summary>
public static class RestResources
{
    private static readonly Dictionary<IDataset, IDatasetResource> Customised = new IDatasetResource[]
    {
        AreasApi.Resource,
        SourcesApi.Resource,
        CrimeFiguresApi.Resource,
        ActionsApi.Resource,
        ReleasesApi.Resource,
    }.ToDictionary(r => r.Dataset);

    /// <summary>The resource of <paramref name="dataset"/>.</summary>
    public static IDatasetResource Of(IDataset dataset) => Customised.GetValueOrDefault(dataset) ?? dataset.Accept(new Plain());

    private sealed class Plain : IDatasetVisitor<IDatasetResource>
    {
        public IDatasetResource Visit<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class =>
            new DatasetResource<TEntity, TDto> { Dataset = dataset };
    }
}
