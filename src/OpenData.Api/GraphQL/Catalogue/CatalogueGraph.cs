using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.Catalogue;

/// <summary>
/// The catalogue (REST: /api/v1/datasets): what each dataset holds, its licence and provenance, size, last change
/// and fields. A plain list, not a connection: it has one entry per dataset, fixed by the build.
/// </summary>
public static class CatalogueGraph
{
    /// <summary>A catalogue entry: the dataset and its GraphQL types.</summary>
    public sealed record Entry(IDataset Dataset, IDatasetGraph Graph)
    {
        public string Name => Dataset.ResourceName;
        public string Title => Dataset.Title;
        public string Description => Dataset.Description;
        public string Key => Dataset.Key.Name;
        public string TypeName => Graph.TypeName;
        public IReadOnlyList<PackageLicence> Licences =>
            DataPackage.Current.FindResource(Dataset.ResourceName) is { Licences.Count: > 0 } resource ? resource.Licences : DataPackage.Current.Licences;
        public IReadOnlyList<FieldEntry> Fields => Dataset.Fields.Select(f => new FieldEntry(f, Graph.GraphName(f),
            DataPackage.Current.FindResource(Dataset.ResourceName)?.FindField(f.Name) is null)).ToList();
        public IReadOnlyList<ForeignKeyEntry> ForeignKeys => DatasetCatalog.ReferencesFrom(Dataset)
            .Select(r => new ForeignKeyEntry(Graph.GraphName(r.Field), r.To.ResourceName, GraphNames.Camel(r.Name), GraphNames.Camel(r.Inverse))).ToList();
    }

    /// <summary>A foreign key of a dataset, with the GraphQL names of both directions.</summary>
    public sealed record ForeignKeyEntry(string Field, string Dataset, string Reference, string Inverse);

    /// <summary>A field of a dataset.</summary>
    public sealed record FieldEntry(FieldInfo Field, string GraphQLName, bool Computed)
    {
        public string Name => Field.Name;
        public string Type => FieldValues.TypeName(Field.Type);
        public string Description => Field.Description;
        public bool Nullable => Field.Nullable;
        public bool Sortable => Field.Sortable;
        public IReadOnlyList<string> FilterOperators => Field.Operators.Select(FilterTranslator.OperatorName).ToList();
        public IReadOnlyList<string>? AllowedValues => Field.AllowedValues;
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g)
    {
        var licence = new ObjectType("Licence", "A licence the data is published under.")
            .Field("name", ScalarType.String.NonNull(), description: "Licence identifier.")
            .Field("title", ScalarType.String, description: "Licence title.")
            .Field("path", ScalarType.String, description: "Where the licence text is.");
        var field = new ObjectType("DatasetField", "A field of a dataset: CSV column, REST JSON property and GraphQL field.")
            .Field("name", ScalarType.String.NonNull(), description: "Field name in the CSV and the REST API (snake_case).")
            .Field("graphQLName", ScalarType.String.NonNull(), description: "The field's name in this schema (camelCase; the dataset's `id` is `key` here, as `id` is the global ID).")
            .Field("type", ScalarType.String.NonNull(), description: "string, integer, number, boolean, date, datetime or json.")
            .Field("description", ScalarType.String.NonNull(), description: "From datapackage.json (computed fields: how they are computed).")
            .Field("nullable", ScalarType.Boolean.NonNull(), description: "Whether the field may be empty.")
            .Field("sortable", ScalarType.Boolean.NonNull(), description: "Whether the field can be a sort key.")
            .Field("filterOperators", ScalarType.String.NonNull().ListOf().NonNull(), description: "Operators the field accepts, as REST spells them (field__op).")
            .Field("computed", ScalarType.Boolean.NonNull(), description: "True for fields the API computes or adds (not columns of the published CSV).")
            .Field("allowedValues", ScalarType.String.NonNull().ListOf(), description: "The closed set of values the field takes (datapackage.json constraints.enum); null when the field is open. Filtering for equality with any other value is an error.");
        var foreignKey = new ObjectType("DatasetForeignKey", "A field holding the key of a row of another dataset.")
            .Field("field", ScalarType.String.NonNull(), description: "The field holding the key (its name in this schema).")
            .Field("dataset", ScalarType.String.NonNull(), description: "The dataset whose row it names (its catalogue name).")
            .Field("reference", ScalarType.String.NonNull(), description: "The field of this dataset's type that resolves the named row (e.g. Target.area).")
            .Field("inverse", ScalarType.String.NonNull(), description: "The connection, on the named dataset's type, of the rows naming it (e.g. Area.targets).");
        var dataset = new ObjectType("Dataset", "A dataset of the catalogue: what it holds, under which licence, from which sources, its fields and its GraphQL type.")
            .Field("name", ScalarType.String.NonNull(), description: "The dataset's name in datapackage.json and every body (e.g. crime_figures; REST's path spells it with hyphens).")
            .Field("title", ScalarType.String.NonNull(), description: "Title from datapackage.json.")
            .Field("description", ScalarType.String.NonNull(), description: "Description from datapackage.json.")
            .Field("key", ScalarType.String.NonNull(), description: "The field that identifies a row (the dataset's key argument; REST item route /api/v1/{path}/{key}).")
            .Field("typeName", ScalarType.String.NonNull(), description: "The GraphQL object type of the dataset's rows.")
            .Field("licences", licence.NonNull().ListOf().NonNull(), description: "Licences the data is published under.")
            .Field("sources", g.Sources.Type.NonNull().ListOf().NonNull(), SourcesAsync(g), "Provenance: the sources the rows come from.")
            .Field("rowCount", ScalarType.Int.NonNull(), RowCountAsync, "Rows in the current release.")
            .Field("lastModified", Scalars.Scalars.DateTime.NonNull(), LastModifiedAsync, "When the dataset last changed: the import time of the newest release that changed it.")
            .Field("fields", field.NonNull().ListOf().NonNull(), description: "Fields in CSV column order (computed fields last).")
            .Field("foreignKeys", foreignKey.NonNull().ListOf().NonNull(), description: "The fields that name a row of another dataset (datapackage.json's foreign keys), with the fields that follow them both ways.");

        var entries = g.All.Select(graph => new Entry(graph.Dataset, graph)).ToList();
        // Unpaged lists, sized for the cost limit by what they hold: one entry per dataset, a dataset's fields and
        // sources (a few dozen at most), its licences.
        dataset.GetField("fields")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 50 };
        dataset.GetField("sources")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 50 };
        dataset.GetField("licences")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 5 };
        dataset.GetField("foreignKeys")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 10 };
        query.Field("datasets", dataset.NonNull().ListOf().NonNull(), _ => entries,
            "The catalogue: every dataset with its licence, provenance, size, last change and fields (REST: /api/v1/datasets).");
        query.GetField("datasets")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = entries.Count };
        query.Field("dataset", dataset, ctx => entries.FirstOrDefault(e => e.Name == (string)ctx.Arguments["name"]!),
            "One dataset's catalogue entry, or null (REST: /api/v1/datasets/{name}).",
            f => f.Argument("name", ScalarType.String.NonNull(), "Dataset name as in datapackage.json (e.g. crime_figures)."));
    }

    private static Func<FieldContext, ValueTask<object?>> SourcesAsync(DomainGraphs g) => async context =>
    {
        var entry = (Entry)context.Source!;
        if (entry.Dataset.FindField("source_id") is null) return Array.Empty<object>();
        var ids = await RequestStore.UseAsync(context, (db, cancellationToken) => entry.Dataset.DistinctValuesAsync(db, "source_id", null, cancellationToken));
        var rows = await Task.WhenAll(ids.Select(id => g.Sources.LoadAsync(context, (string)id)));
        return rows.Where(r => r is not null).ToList();
    };

    private static async ValueTask<object?> RowCountAsync(FieldContext context)
    {
        var entry = (Entry)context.Source!;
        return await RequestStore.UseAsync(context, (db, cancellationToken) => entry.Dataset.CountAsync(db, null, cancellationToken));
    }

    private static async ValueTask<object?> LastModifiedAsync(FieldContext context)
    {
        var releases = context.RequestServices.GetRequiredService<ReleaseReader>();
        var resource = ((Entry)context.Source!).Dataset.ResourceName;
        return await RequestStore.UseAsync(context, async (db, cancellationToken) =>
        {
            var current = await releases.GetCurrentAsync(db, cancellationToken)
                ?? throw new GraphQLException("The store holds no data release yet.", "NO_DATA_RELEASE");
            var map = await releases.GetDatasetLastModifiedAsync(db, current, cancellationToken);
            return map.TryGetValue(resource, out var modified) ? modified : current.ImportedAt;
        });
    }
}
