namespace OpenData.Query;

/// <summary>
/// The registry: every dataset the API publishes, in the order of datapackage.json (releases last), and the
/// relations between them, read from the package's foreign keys. REST routes and links, GraphQL types, references
/// and root fields, the OpenAPI descriptions and the catalogue are all built from this list; a dataset is published
/// by adding its descriptor here.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>
    /// Every published dataset: the descriptor each row class of this layer declares as
    /// <c>public static readonly Dataset&lt;TEntity, TDto&gt; Dataset</c>, in the order datapackage.json lists their
    /// resources; datasets the store makes itself (releases) last. Adding a descriptor publishes the dataset; a
    /// descriptor declared elsewhere (a release's changes, reached through its release) is not in the catalogue.
    /// </summary>
    public static IReadOnlyList<IDataset> All { get; } = Discover();

    /// <summary>Every foreign key between published datasets, in package order (referring dataset, then field).</summary>
    public static IReadOnlyList<DatasetReference> References { get; } = ReadReferences(DataPackage.Current);

    /// <summary>A dataset by its public name (e.g. <c>crime-figures</c>).</summary>
    public static IDataset? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>A dataset by its datapackage resource name (e.g. <c>crime_figures</c>).</summary>
    public static IDataset? FindResource(string resourceName) => All.FirstOrDefault(d => d.ResourceName == resourceName);

    /// <summary>The foreign keys of <paramref name="dataset"/>: the records its rows name.</summary>
    public static IEnumerable<DatasetReference> ReferencesFrom(IDataset dataset) => References.Where(r => r.From == dataset);

    /// <summary>The foreign keys that name <paramref name="dataset"/>'s rows: the collections that belong to a row.</summary>
    public static IEnumerable<DatasetReference> ReferencesTo(IDataset dataset) => References.Where(r => r.To == dataset);

    private static List<IDataset> Discover()
    {
        var declared = typeof(IDataset).Assembly.GetTypes()
            .Select(type => type.GetField("Dataset", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(field => field is { IsInitOnly: true } && typeof(IDataset).IsAssignableFrom(field.FieldType)
                && field.FieldType.GetGenericArguments() is [_, var dto] && dto == field.DeclaringType)
            .Select(field => (IDataset)field!.GetValue(null)!)
            .ToList();
        var order = DataPackage.Current.Resources.Select(r => r.Name).ToList();
        int PackageIndex(IDataset dataset) => order.IndexOf(dataset.ResourceName) is >= 0 and var i ? i : order.Count;
        return [.. declared.OrderBy(PackageIndex).ThenBy(d => d.ResourceName, StringComparer.Ordinal)];
    }

    private static List<DatasetReference> ReadReferences(DataPackage package)
    {
        var references = new List<DatasetReference>();
        foreach (var from in All)
        {
            var resource = package.FindResource(from.ResourceName);
            if (resource is null) continue;
            foreach (var key in resource.ForeignKeys)
            {
                var to = FindResource(key.Resource)
                    ?? throw new InvalidOperationException($"{from.ResourceName}.{key.Field} refers to {key.Resource}, which is not a published dataset.");
                var field = from.FindField(key.Field)
                    ?? throw new InvalidOperationException($"{from.ResourceName} has no field {key.Field} for its foreign key.");
                if (key.ReferenceField != to.Key.Name)
                {
                    throw new InvalidOperationException($"{from.ResourceName}.{key.Field} refers to {key.Resource}.{key.ReferenceField}, not its key {to.Key.Name}.");
                }
                var name = NameOf(key.Field);
                var inverse = key.Inverse ?? (from == to && name == "parent" ? "children" : from.ResourceName);
                references.Add(new DatasetReference(from, field, to, name, inverse) { InverseNote = key.InverseDescription });
            }
        }
        var clash = references.GroupBy(r => (r.To, r.Inverse)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"Two foreign keys into {clash.Key.To.ResourceName} have the inverse name {clash.Key.Inverse}: give one an \"opendata:inverse\" in datapackage.json.");
        }
        return references;
    }

    /// <summary><c>area_code</c> → <c>area</c>, <c>police_uk_id</c> → <c>police_uk</c>: the field without its key suffix.</summary>
    private static string NameOf(string field) =>
        field.EndsWith("_code", StringComparison.Ordinal) ? field[..^5]
        : field.EndsWith("_id", StringComparison.Ordinal) ? field[..^3]
        : field;
}

/// <summary>
/// A foreign key: <see cref="Field"/> of <see cref="From"/> holds the key of a row of <see cref="To"/>.
/// </summary>
/// <param name="From">The referring dataset.</param>
/// <param name="Field">The referring field.</param>
/// <param name="To">The referenced dataset.</param>
/// <param name="Name">The relation seen from the referring row, snake_case: <c>area</c> for <c>area_code</c>.</param>
/// <param name="Inverse">The relation seen from the referenced row, snake_case: <c>crime_figures</c> of an area,
/// <c>children</c> of a parent, or the package's <c>opendata:inverse</c>.</param>
public sealed record DatasetReference(IDataset From, FieldInfo Field, IDataset To, string Name, string Inverse)
{
    /// <summary>Words for documentation, e.g. "the area named by area_code".</summary>
    public string Describe() => $"The {To.Noun} named by `{Field.Name}`{(Field.Nullable ? ", or null" : "")}. {Field.Description}";

    /// <summary>What a reader of the referenced row should know about the inverse (datapackage.json's
    /// <c>opendata:inverse_description</c>), or null.</summary>
    public string? InverseNote { get; init; }

    /// <summary>Words for the inverse, e.g. "The targets whose area_code is this area."</summary>
    public string DescribeInverse() =>
        $"The {From.ResourceName.Replace('_', ' ')} whose `{Field.Name}` is this {To.Noun}." + (InverseNote is null ? "" : " " + InverseNote);
}
