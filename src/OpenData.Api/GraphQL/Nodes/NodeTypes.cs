using System.Text;
using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;

namespace OpenData.Api.GraphQL.Nodes;

/// <summary>
/// Global object identification (the Relay server specification, as HotChocolate implements it): every dataset
/// row is a <c>Node</c> with a global <c>id</c>, and <c>node(id:)</c> / <c>nodes(ids:)</c> fetch rows of any type.
/// </summary>
public sealed class NodeTypes
{
    private readonly Dictionary<Type, ObjectType> _byRowType = [];
    private readonly Dictionary<string, IDatasetGraph> _byTypeName = new(StringComparer.Ordinal);

    public NodeTypes()
    {
        Node = new InterfaceType("Node", "An object with a global ID: any row of any dataset, fetched with `node(id:)`.")
            .Field("id", ScalarType.ID.NonNull(), "The global ID of the object.");
        Node.ResolveType = (value, _) => _byRowType.GetValueOrDefault(value.GetType());
    }

    public InterfaceType Node { get; }

    /// <summary>Makes a dataset's rows reachable by global id.</summary>
    public void Register(IDatasetGraph graph)
    {
        _byRowType[graph.RowType] = graph.Type;
        _byTypeName[graph.TypeName] = graph;
    }

    /// <summary>Adds <c>node</c> and <c>nodes</c> to the query type.</summary>
    public void AddQueryFields(ObjectType query)
    {
        query.Field("node", Node, ctx => LoadAsync(ctx, (string)ctx.Arguments["id"]!),
            "Fetches an object given its global ID.",
            f => f.Argument("id", ScalarType.ID.NonNull(), "The global ID of the object (the `id` field of any dataset type)."));
        query.Field("nodes", Node.ListOf().NonNull(), async ctx =>
            {
                var ids = (IReadOnlyList<object?>)ctx.Arguments["ids"]!;
                var tasks = new ValueTask<object?>[ids.Count];
                var rows = new object?[ids.Count];
                for (var i = 0; i < ids.Count; i++)
                {
                    // A malformed id is an error at its own index (the engine reports an item that is an exception
                    // at the item's path, as null): the other ids are still fetched, as in HotChocolate.
                    if (Malformed((string)ids[i]!) is { } error) rows[i] = error;
                    else tasks[i] = LoadAsync(ctx, (string)ids[i]!);
                }
                for (var i = 0; i < ids.Count; i++)
                {
                    if (rows[i] is null) rows[i] = await tasks[i];
                }
                return rows;
            },
            "Fetches objects given their global IDs, in the order given: null for an ID that names no object, and null with an error for an ID that is not a global ID.",
            f => f.Argument("ids", ScalarType.ID.NonNull().ListOf().NonNull(), "Global IDs of the objects."));
        // One object per id: the cost limit counts the ids (a single id given without brackets is a list of one).
        query.GetField("nodes")!.ListSize = new ListSize { SlicingArguments = ["ids"], AssumedSize = 1 };
    }

    private static GraphQLException? Malformed(string id) => NodeId.TryDecode(id, out _, out _)
        ? null
        : new GraphQLException(new GraphQLError($"The ID \"{id}\" is not a global ID of this API (base64 of \"TypeName:key\").", code: ErrorCodes.BadUserInput));

    private ValueTask<object?> LoadAsync(FieldContext context, string id)
    {
        if (!NodeId.TryDecode(id, out var typeName, out var key)) throw Malformed(id)!;
        return _byTypeName.TryGetValue(typeName, out var graph)
            ? new ValueTask<object?>(graph.LoadAsync(context, key))
            : new ValueTask<object?>((object?)null);
    }
}

/// <summary>Global ids: base64 of <c>TypeName:key</c>, the form HotChocolate uses.</summary>
public static class NodeId
{
    public static string Encode(string typeName, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(typeName + ":" + key));

    public static bool TryDecode(string id, out string typeName, out string key)
    {
        typeName = key = "";
        var buffer = new byte[(id.Length * 3 + 3) / 4];
        if (!Convert.TryFromBase64String(id, buffer, out var length)) return false;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        typeName = text[..colon];
        key = text[(colon + 1)..];
        return true;
    }
}
