using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Store;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// No N+1: the references of a list of rows (each target's area and source) are fetched in one batch per
/// relation, not one query per row, and so are nested connections (each area's targets): one statement per level
/// for all the parents, whose pages are the same as when each parent is read alone. SQL commands are counted with
/// an EF Core command interceptor.
/// </summary>
public sealed class BatchingTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Listing_targets_with_their_area_and_source_runs_one_query_per_table_not_one_per_row()
    {
        var commands = new CommandLog();
        using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<OpenDataDbContext>(options => options.AddInterceptors(commands))));
        var client = counted.CreateClient();

        commands.Clear();
        var data = await DataAsync(client, "{ targets(first: 50) { nodes { key area { name } source { title } } } }");

        var targets = data["targets"]!["nodes"]!.AsArray();
        Assert.True(targets.Count >= 30, $"Expected the seed data's targets, got {targets.Count}.");
        Assert.All(targets, t => Assert.NotNull(t!["area"]!["name"]));
        // One page of targets, one batch of areas, one batch of sources (an N+1 would be 1 + 2 x rows).
        Assert.True(commands.Count == 3, $"{commands.Count} SQL commands:\n{string.Join("\n---\n", commands.Texts)}");
    }

    [Fact]
    public async Task The_same_row_referenced_from_many_places_in_one_request_is_fetched_once()
    {
        var commands = new CommandLog();
        using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<OpenDataDbContext>(options => options.AddInterceptors(commands))));
        var client = counted.CreateClient();

        commands.Clear();
        await DataAsync(client, """
            { a: area(code: "E09000020") { name } b: area(code: "E05009388") { name parent { name } } c: targets(first: 5) { nodes { area { name } } } }
            """);

        // area a and b in one batch, the targets page, then one batch for b's parent and the targets' areas (the borough,
        // already loaded: cached), at most.
        Assert.True(commands.Count is >= 2 and <= 3, $"{commands.Count} SQL commands:\n{string.Join("\n---\n", commands.Texts)}");
    }

    [Fact]
    public async Task Twenty_areas_with_their_targets_and_children_run_one_query_per_level_not_one_per_area()
    {
        var commands = new CommandLog();
        using var counted = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureDbContext<OpenDataDbContext>(options => options.AddInterceptors(commands))));
        var client = counted.CreateClient();

        commands.Clear();
        var data = await DataAsync(client, """
            { areas(first: 20, order: [{ type: ASC }, { code: DESC }]) { nodes { code targets { totalCount nodes { key area { name } } } children(first: 3) { nodes { code priorities { nodes { key } } } } } } }
            """);

        var areas = data["areas"]!["nodes"]!.AsArray();
        Assert.Equal(20, areas.Count);
        Assert.Contains(areas, a => a!["targets"]!["nodes"]!.AsArray().Count > 0);
        Assert.Contains(areas, a => a!["children"]!["nodes"]!.AsArray().Count > 0);
        // The areas page; the targets of all 20 (pages, then totals); the targets' areas; the children of all 20;
        // the children's priorities. One query per parent would be 1 + 20 x 3 + one per child.
        Assert.True(commands.Count == 6, $"{commands.Count} SQL commands:\n{string.Join("\n---\n", commands.Texts)}");
    }

    public static TheoryData<string, string, string> NestedConnections() => new()
    {
        // parents, the same parent alone ({0} = its key), the nested connection
        { "areas(first: 30, order: [{ type: ASC }, { code: DESC }], where: { or: [{ code: { startsWith: \"E05009\" } }, { type: { nin: [\"ward\", \"borough\"] } }, { code: { eq: \"E09000020\" } }] })", "area(code: \"{0}\")", "targets(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { key subject } } }" },
        { "areas(first: 30, order: [{ type: ASC }, { code: DESC }], where: { or: [{ code: { startsWith: \"E05009\" } }, { type: { nin: [\"ward\", \"borough\"] } }, { code: { eq: \"E09000020\" } }] })", "area(code: \"{0}\")", "children(last: 3, order: [{ boundarySet: DESC }, { name: ASC }]) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { code name boundarySet } }" },
        { "areas(first: 30, order: [{ type: ASC }, { code: DESC }], where: { or: [{ code: { startsWith: \"E05009\" } }, { type: { nin: [\"ward\", \"borough\"] } }, { code: { eq: \"E09000020\" } }] })", "area(code: \"{0}\")", "crimeFigures(first: 3, where: { periodStart: { gte: \"2006-01-01\" } }, order: [{ value: DESC }]) { totalCount pageInfo { hasNextPage endCursor } nodes { key value } }" },
        { "areas(first: 30, order: [{ type: ASC }, { code: DESC }], where: { or: [{ code: { startsWith: \"E05009\" } }, { type: { nin: [\"ward\", \"borough\"] } }, { code: { eq: \"E09000020\" } }] })", "area(code: \"{0}\")", "priorities(first: 1, where: { title: { contains: \"crime\" } }) { pageInfo { hasNextPage } nodes { key } }" },
        { "sources(first: 20)", "source(key: \"{0}\")", "crimeFigures(first: 2, includeSuperseded: true, order: [{ periodStart: DESC }]) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { key periodStart } }" },
        { "sources(first: 20)", "source(key: \"{0}\")", "actions(last: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { key } }" },
        { "offenceCategories(first: 40, where: { scheme: { eq: \"police-uk\" } })", "offenceCategory(key: \"{0}\")", "mpsCategories(first: 4, order: [{ name: ASC }]) { totalCount pageInfo { hasNextPage } nodes { key name } }" },
        { "priorities(first: 50, where: { parentId: { eq: null } })", "priority(key: \"{0}\")", "children(first: 2, order: [{ rank: DESC }]) { totalCount pageInfo { hasNextPage endCursor } nodes { key rank } }" },
    };

    [Theory]
    [MemberData(nameof(NestedConnections))]
    public async Task Nested_pages_read_for_many_parents_at_once_equal_the_pages_read_for_each_parent_alone(string parents, string single, string connection)
    {
        var client = app.CreateClient();
        var listName = parents[..parents.IndexOf('(')];
        var data = await DataAsync(client, $"{{ {parents} {{ nodes {{ key: {KeyField(listName)} nested: {connection} }} }} }}");

        var nodes = data[listName]!["nodes"]!.AsArray();
        Assert.True(nodes.Count > 1, $"Expected several parents, got {nodes.Count}.");
        Assert.Contains(nodes, n => (n!["nested"]!["nodes"] ?? n["nested"]!["edges"])!.AsArray().Count > 0);
        foreach (var node in nodes)
        {
            var alone = await DataAsync(client, $"{{ parent: {string.Format(System.Globalization.CultureInfo.InvariantCulture, single, (string)node!["key"]!)} {{ nested: {connection} }} }}");
            Assert.True(JsonNode.DeepEquals(alone["parent"]!["nested"], node["nested"]),
                $"{node["key"]}: alone\n{Pretty(alone["parent"]!["nested"])}\nbatched\n{Pretty(node["nested"])}");
        }
    }

    [Fact]
    public async Task A_cursor_continues_every_parents_listing_from_the_same_position_as_it_does_for_one_parent()
    {
        var client = app.CreateClient();
        var first = await DataAsync(client, """{ area(code: "E09000020") { children(first: 5, order: [{ name: ASC }]) { pageInfo { endCursor } } } }""");
        var cursor = (string)first["area"]!["children"]!["pageInfo"]!["endCursor"]!;
        var connection = $$"""children(first: 4, after: "{{cursor}}", order: [{ name: ASC }]) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { code name } }""";

        // Every area that is not a ward: Kensington and Chelsea among 32 other boroughs, the regions, places, force areas.
        var data = await DataAsync(client, $"{{ areas(first: 60, where: {{ type: {{ neq: \"ward\" }} }}) {{ nodes {{ code nested: {connection} }} }} }}");

        foreach (var node in data["areas"]!["nodes"]!.AsArray())
        {
            var alone = await DataAsync(client, $$"""{ area(code: "{{(string)node!["code"]!}}") { nested: {{connection}} } }""");
            Assert.True(JsonNode.DeepEquals(alone["area"]!["nested"], node["nested"]), $"{node["code"]}: alone\n{Pretty(alone["area"]!["nested"])}\nbatched\n{Pretty(node["nested"])}");
        }
        var borough = data["areas"]!["nodes"]!.AsArray().Single(n => (string)n!["code"]! == "E09000020")!["nested"]!;
        Assert.Equal(4, borough["nodes"]!.AsArray().Count);
        Assert.True((bool)borough["pageInfo"]!["hasPreviousPage"]!);
    }

    private static string KeyField(string listName) => listName == "areas" ? "code" : "key";

    /// <summary>Counts the SQL commands the app sends.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public int Count => _texts.Count;
        public IEnumerable<string> Texts => _texts;

        public void Clear() => _texts.Clear();

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            _texts.Enqueue(command.CommandText);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
