using System.Globalization;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.DatasetTypes;

/// <summary>
/// A page of rows as the connection types read it. Property names match the GraphQL field names, so the engine's
/// default resolver reads them without a resolver call (pageInfo is the result itself).
/// </summary>
public sealed class ConnectionResult(IReadOnlyList<object> nodes, IReadOnlyList<string> cursors, bool hasNextPage, bool hasPreviousPage, long? totalCount)
{
    private IReadOnlyList<ConnectionEdge>? _edges;

    /// <summary>The connection of a parent that has no key (no rows can point at it).</summary>
    public static ConnectionResult Empty { get; } = new([], [], false, false, 0);

    public ConnectionResult PageInfo => this;
    public IReadOnlyList<object> Nodes => nodes;
    public IReadOnlyList<ConnectionEdge> Edges => _edges ??= nodes.Select((node, i) => new ConnectionEdge(cursors[i], node)).ToList();
    public long TotalCount => totalCount ?? nodes.Count;
    public bool HasNextPage => hasNextPage;
    public bool HasPreviousPage => hasPreviousPage;
    public string? StartCursor => cursors.Count > 0 ? cursors[0] : null;
    public string? EndCursor => cursors.Count > 0 ? cursors[^1] : null;

    /// <summary>The filter of this connection's items, for its <c>facet</c> field; null for <see cref="Empty"/>
    /// (no items, no values).</summary>
    internal FilterNode? FacetFilter { get; init; }

    /// <summary>Whether <see cref="FacetFilter"/> was set (a null filter is every row).</summary>
    internal bool Faceted { get; init; }
}

/// <summary>A facet as the Facet type reads it.</summary>
public sealed record GraphFacet(IReadOnlyList<GraphFacetValue> Values, bool Truncated);

/// <summary>A facet value as the FacetValue type reads it.</summary>
public sealed record GraphFacetValue(string? Value, int Count);

/// <summary>An edge: a row and its cursor.</summary>
public sealed record ConnectionEdge(string Cursor, object Node);

/// <summary>The arguments every connection field takes, worded as HotChocolate words them.</summary>
public static class ConnectionArguments
{
    /// <summary>
    /// How the cost limit sizes a connection: its nodes and edges are multiplied by first or last (the default page
    /// size when neither is given), the connection object itself is not. So
    /// <c>areas(first: 1000) { nodes { crimeFigures(first: 1000) { nodes { value } } } }</c> costs about a million,
    /// the rows it could read, while first: 10 at each of three levels costs a few thousand.
    /// </summary>
    public static readonly ListSize Sizing = new() { SlicingArguments = ["first", "last"], SizedFields = ["nodes", "edges"] };

    /// <summary>Adds first, after, last, before, where and order; the descriptions of first and last state the
    /// deployment's page sizes (<paramref name="paging"/>).</summary>
    public static FieldDefinition Add(FieldDefinition field, IDatasetGraph graph, QueryOptions paging)
    {
        field.ListSize = Sizing;
        field.Argument("first", ScalarType.Int, string.Create(CultureInfo.InvariantCulture,
            $"Returns the first _n_ elements from the list (default {paging.DefaultPageSize}, at most {paging.MaxPageSize}; 0 for none, e.g. to read totalCount alone)."));
        field.Argument("after", ScalarType.String, "Returns the elements in the list that come after the specified cursor.");
        field.Argument("last", ScalarType.Int, string.Create(CultureInfo.InvariantCulture,
            $"Returns the last _n_ elements from the list (at most {paging.MaxPageSize}; 0 for none)."));
        field.Argument("before", ScalarType.String, "Returns the elements in the list that come before the specified cursor.");
        field.Argument("where", graph.Filter, "Only the elements that satisfy these conditions.");
        field.Argument("order", graph.Sort.NonNull().ListOf(), "Sort keys in order of precedence; the dataset's key is always the final tiebreak, so pages are stable.");
        return field;
    }
}

/// <summary>What a connection's selection reads: the dataset fields its nodes need and whether it asks for the total.</summary>
internal readonly record struct ConnectionSelection(IReadOnlyList<string>? Fields, bool TotalCount)
{
    public static ConnectionSelection Of<TEntity, TDto>(FieldContext context, DatasetGraph<TEntity, TDto> graph) where TEntity : class where TDto : class
    {
        var total = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var complete = true;
        foreach (var nodes in context.GetSubFields().Values)
        {
            switch (nodes[0].Name.Value)
            {
                case "totalCount":
                    total = true;
                    break;
                case "nodes":
                    foreach (var node in nodes) complete &= Collect(node.SelectionSet, names);
                    break;
                case "edges":
                    foreach (var node in nodes) complete &= CollectEdge(node.SelectionSet, names);
                    break;
            }
        }
        // A named fragment below the connection is not expanded here (the engine expands it when executing):
        // select every field rather than guess.
        return new ConnectionSelection(complete ? graph.FieldsRead(names) : null, total);
    }

    private static bool Collect(SelectionSetNode? set, HashSet<string> names)
    {
        if (set is null) return true;
        var complete = true;
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    names.Add(field.Name.Value);
                    break;
                case InlineFragmentNode inline:
                    complete &= Collect(inline.SelectionSet, names);
                    break;
                default:
                    complete = false;
                    break;
            }
        }
        return complete;
    }

    private static bool CollectEdge(SelectionSetNode? set, HashSet<string> names)
    {
        if (set is null) return true;
        var complete = true;
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case FieldNode { Name.Value: "node" } field:
                    complete &= Collect(field.SelectionSet, names);
                    break;
                case FieldNode:
                    break;
                case InlineFragmentNode inline:
                    complete &= CollectEdge(inline.SelectionSet, names);
                    break;
                default:
                    complete = false;
                    break;
            }
        }
        return complete;
    }
}
