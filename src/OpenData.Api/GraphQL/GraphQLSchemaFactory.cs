using OpenData.Api.GraphQL.Areas;
using OpenData.Api.GraphQL.Catalogue;
using OpenData.Api.GraphQL.CrimeFigures;
using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.Api.GraphQL.Nodes;
using OpenData.Api.GraphQL.Releases;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL;

/// <summary>
/// Builds the domain schema: one type per dataset (from the query layer's dataset descriptions), the relations
/// between them (each entity folder adds its own), and the query fields. The printed schema is committed as
/// schema/schema.graphql; a test fails when the two differ.
/// </summary>
public static class GraphQLSchemaFactory
{
    /// <param name="paging">The query layer's options, whose page sizes the connection arguments document;
    /// the defaults when not given (the committed schema/schema.graphql).</param>
    public static GraphQLSchema Create(QueryOptions? paging = null)
    {
        var nodes = new NodeTypes();
        var g = new DomainGraphs(new SharedTypes(paging ?? new QueryOptions()), nodes);

        // Before any relation: the connections of these datasets take arguments of their own.
        CrimeFigureGraph.Configure(g);
        ReleaseGraph.Configure(g);
        // Both directions of every foreign key of datapackage.json: Target.area, and Area.targets.
        foreach (var reference in DatasetCatalog.References)
        {
            var from = g[reference.From];
            from.Reference(GraphNames.Camel(reference.Name), g[reference.To], reference.Field.Name, from.GraphDescription(reference.Describe())!);
            g[reference.To].Children(GraphNames.Camel(reference.Inverse), from, reference.Field.Name, from.GraphDescription(reference.DescribeInverse())!);
        }
        // What some datasets have besides: polygons, the monthly series, revisions, a release's changed rows.
        AreaGraph.Relate(g);
        CrimeFigureGraph.Relate(g);
        ReleaseGraph.Relate(g);

        var query = new ObjectType("Query",
            "Community-safety open data for Kensington and Chelsea: crime figures, targets and outcomes, priorities, partnership actions and their sources. Read-only; the same records as the REST API at /api/v1.");
        foreach (var graph in g.All) RootFields.Add(query, graph);
        CrimeFigureGraph.AddQueryFields(query, g);
        CrimeAnalysisGraph.AddQueryFields(query, g);
        AreaGraph.AddQueryFields(query, g);
        CatalogueGraph.AddQueryFields(query, g);
        nodes.AddQueryFields(query);

        return new GraphQLSchema(query, description: Description);
    }

    /// <summary>The schema's own description (<c>__schema { description }</c>, the first thing GraphiQL's docs show).</summary>
    public const string Description =
        "OpenData: community-safety open data for Kensington and Chelsea, read-only. Every dataset is a connection on Query (first/after, last/before, where, order, totalCount) and a lookup by key; every row is a Node with a global id. The same records as the REST API at /api/v1; licences and sources are on each Source.";

    /// <summary>
    /// The query GraphiQL opens with (the README's example): a ward, its recent figures and its borough's targets.
    /// </summary>
    public const string ExampleQuery = """
        # A ward, its recent crime figures, and the targets of its borough (targets are set for the borough).
        {
          area(code: "E05009388") {
            name
            type
            crimeFigures(first: 12, where: { periodStart: { gte: "2024-01-01" } }, order: [{ periodStart: ASC }]) {
              totalCount
              nodes { periodStart value category { name policeUk { name } } }
            }
            parent {
              name
              targets(first: 5, order: [{ periodStart: DESC }]) {
                nodes { subject periodStart periodEnd targetText outcomeText verdict meetsTarget }
              }
            }
          }
        }
        """;
}
