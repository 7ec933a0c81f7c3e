using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>The two query fields of every dataset: the connection (<c>targets</c>) and the lookup by key (<c>target(key:)</c>).</summary>
public static class RootFields
{
    /// <summary>The connection is named after the dataset (<c>offenceCategories</c>), the lookup after one row
    /// (<c>offenceCategory</c>), whose argument is the key's GraphQL name (<c>key</c>, or an area's <c>code</c>).</summary>
    public static void Add(ObjectType query, IDatasetGraph graph)
    {
        var plural = GraphNames.Camel(graph.Dataset.ResourceName);
        var singular = GraphNames.Camel(graph.Dataset.Noun.Replace(' ', '_'));
        var keyArgument = graph.GraphName(graph.Dataset.Key);
        var keyDescription = graph.Dataset.Key.Description;
        var words = GraphNames.Words(graph.TypeName);
        // Nullable, as HotChocolate's connections: a bad argument nulls this field, not the whole response.
        var connection = new FieldDefinition(plural, graph.Connection, ctx => graph.ReadConnectionAsync(ctx, null),
            $"{graph.Dataset.Title}: {graph.Dataset.Description} Paged with first/after or last/before; filter with where, sort with order (REST: /api/v1/{graph.Dataset.Name}).");
        graph.AddConnectionArguments(connection);
        // Search on the root connection only: it narrows a dataset, as REST's q does a collection; nested
        // connections are a parent's rows, read in batches for many parents at once.
        if (SearchIndex.IsSearchable(graph.Dataset))
        {
            connection.Argument("search", ScalarType.String,
                $"Only the elements whose {string.Join(", ", SearchIndex.Fields(graph.Dataset).Select(graph.GraphName))} contain all these words, in any form, with common synonyms (REST: q). Without order, the most relevant first (bm25), then by key; an explicit order wins.");
        }
        query.AddField(connection);

        var keyType = graph.Dataset.Key.Type == FieldType.Integer ? ScalarType.Int : ScalarType.String;
        query.Field(singular, graph.Type, ctx => new ValueTask<object?>(graph.LoadAsync(ctx, FieldValues.Format(ctx.Arguments[keyArgument]))),
            $"One {words} by its {keyArgument}, or null when there is none (REST: /api/v1/{graph.Dataset.Name}/{{{graph.Dataset.Key.Name}}}).",
            f => f.Argument(keyArgument, keyType.NonNull(), keyDescription));
    }
}
