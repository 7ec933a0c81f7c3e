using System.Globalization;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Tests.Execution;

public class EngineFeatureTests
{
    [Fact]
    public async Task Documents_are_cached_with_lru_eviction()
    {
        var query = new ObjectType("Query").Field("a", ScalarType.Int, _ => 1);
        var engine = new GraphQLEngine(new GraphQLSchema(query), new GraphQLEngineOptions { DocumentCacheSize = 2 });
        foreach (var q in new[] { "{ a }", "{ a a }", "{ a }", "{ b }", "{ x: a }" })
        {
            await engine.ExecuteAsync(new GraphQLRequest { Query = q });
        }
        Assert.Equal(2, engine.CachedDocumentCount);
        // A cached invalid document keeps failing the same way.
        var first = await engine.ExecuteAsync(new GraphQLRequest { Query = "{ b }" });
        Assert.Equal(RequestErrorKind.Validation, first.RequestError);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", first.Errors![0].Code);
    }

    [Fact]
    public async Task The_document_cache_stays_within_its_bytes_with_many_large_unique_documents()
    {
        var query = new ObjectType("Query").Field("a", ScalarType.Int, _ => 1);
        var engine = new GraphQLEngine(new GraphQLSchema(query), new GraphQLEngineOptions
        {
            DocumentCacheMegabytes = 1,
            DocumentCacheMaxEntryKilobytes = 16,
            Limits = new GraphQLLimits { MaxAliases = null },
        });
        long limit = 1024 * 1024;
        for (int i = 0; i < 300; i++)
        {
            // About 10 KB each, all different: 300 of them are about 3 MB of text alone.
            var document = "{ " + string.Join(" ", Enumerable.Range(0, 1000).Select(j => $"a{i}_{j}: a")) + " }";
            var result = await engine.ExecuteAsync(new GraphQLRequest { Query = document });
            Assert.Null(result.Errors);
            Assert.InRange(engine.CachedDocumentBytes, 0, limit);
        }
        // Charged for what they hold: each entry is far more than its 20 KB of UTF-16 text, so few fit.
        Assert.InRange(engine.CachedDocumentCount, 1, 10);
        Assert.True(engine.CachedDocumentBytes > engine.CachedDocumentCount * 20_000L);

        // A document longer than the per-entry limit is executed but not cached.
        var large = "{ " + string.Join(" ", Enumerable.Range(0, 2000).Select(j => $"large{j}: a")) + " }";
        int before = engine.CachedDocumentCount;
        Assert.Null((await engine.ExecuteAsync(new GraphQLRequest { Query = large })).Errors);
        Assert.True(large.Length > 16 * 1024);
        Assert.False(engine.CachedDocumentCount > before);
        Assert.Equal(before, engine.CachedDocumentCount);
    }

    [Fact]
    public async Task Resolvers_can_see_the_selected_sub_fields()
    {
        IReadOnlyCollection<string>? seen = null;
        var person = new ObjectType("Person").Field("id", ScalarType.ID).Field("name", ScalarType.String).Field("age", ScalarType.Int);
        var query = new ObjectType("Query").Field("people", person.ListOf(), ctx =>
        {
            seen = ctx.GetSelectedFieldNames();
            return new[] { new Dictionary<string, object?> { ["id"] = "1", ["name"] = "Zoe", ["age"] = 7 } };
        });
        var engine = new GraphQLEngine(new GraphQLSchema(query));
        var result = await engine.ExecuteAsync(new GraphQLRequest
        {
            Query = "query ($withAge: Boolean!) { people { __typename n: name ...P age @include(if: $withAge) } } fragment P on Person { id name }",
            Variables = new Dictionary<string, object?> { ["withAge"] = false },
        });
        Assert.Equal("""{"data":{"people":[{"__typename":"Person","n":"Zoe","id":"1","name":"Zoe"}]}}""", result.ToJson());
        Assert.Equal(["id", "name"], seen!.Order());
    }

    [Fact]
    public async Task Custom_scalars_parse_literals_and_variables_and_serialize()
    {
        var date = new ScalarType("Date", "A calendar date",
            serialize: v => v is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : throw new GraphQLException("Date cannot represent " + v),
            parseValue: v => v is string s && DateOnly.TryParseExact(s, "yyyy-MM-dd", out var d) ? d : throw new GraphQLException("Invalid date."),
            parseLiteral: (node, _) => node is StringValueNode s && DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", out var d) ? d : throw new GraphQLException("Invalid date literal."),
            specifiedByUrl: "https://example.com/date");
        var query = new ObjectType("Query").Field("next", date, ctx => ((DateOnly)ctx.Arguments["d"]!).AddDays(1), configure: f => f.Argument("d", date.NonNull()));
        var engine = new GraphQLEngine(new GraphQLSchema(query));
        var ok = await engine.ExecuteAsync(new GraphQLRequest
        {
            Query = "query ($v: Date!) { a: next(d: \"2024-02-28\") b: next(d: $v) }",
            Variables = new Dictionary<string, object?> { ["v"] = "2024-12-31" },
        });
        Assert.Equal("""{"data":{"a":"2024-02-29","b":"2025-01-01"}}""", ok.ToJson());
        var badVariable = await engine.ExecuteAsync(new GraphQLRequest
        {
            Query = "query ($v: Date!) { next(d: $v) }",
            Variables = new Dictionary<string, object?> { ["v"] = "31/12/2024" },
        });
        Assert.Equal("Variable \"$v\" got invalid value \"31/12/2024\"; Invalid date.", badVariable.Errors![0].Message);
        Assert.Contains("scalar Date @specifiedBy(url: \"https://example.com/date\")", SchemaPrinter.Print(engine.Schema));
    }

    [Fact]
    public async Task Input_object_fields_reach_resolvers_in_the_order_written_in_literals_and_variables()
    {
        // A sort object such as { value: DESC, periodStart: ASC } means value first: the resolver must see the
        // fields as written, not in schema order; defaulted fields come after the written ones.
        var sort = new InputObjectType("Sort").Field("a", ScalarType.String).Field("b", ScalarType.String).Field("c", ScalarType.String, "z", null);
        var query = new ObjectType("Query").Field("keys", ScalarType.String, ctx =>
                string.Join(",", ((IReadOnlyList<object?>)ctx.Arguments["s"]!).Select(item => string.Join(" ", ((IReadOnlyDictionary<string, object?>)item!).Select(p => p.Key + "=" + p.Value)))),
            configure: f => f.Argument("s", sort.NonNull().ListOf().NonNull()));
        var engine = new GraphQLEngine(new GraphQLSchema(query));

        var literal = await engine.ExecuteAsync(new GraphQLRequest { Query = """{ x: keys(s: [{ b: "1", a: "2" }, { a: "3", b: "4" }]) y: keys(s: { c: "5", b: "6" }) }""" });
        Assert.Equal("""{"data":{"x":"b=1 a=2 c=z,a=3 b=4 c=z","y":"c=5 b=6"}}""", literal.ToJson());

        var variables = await engine.ExecuteAsync(new GraphQLRequest
        {
            Query = "query ($s: [Sort!]!, $one: Sort!) { x: keys(s: $s) y: keys(s: [$one]) }",
            Variables = JsonInput.ToDictionary(System.Text.Json.JsonDocument.Parse("""{ "s": [{ "b": "1", "a": "2" }], "one": { "c": "3", "a": "4" } }""").RootElement),
        });
        Assert.Equal("""{"data":{"x":"b=1 a=2 c=z","y":"c=3 a=4"}}""", variables.ToJson());
    }

    [Fact]
    public async Task Default_resolver_reads_properties_case_insensitively_and_dictionaries()
    {
        var thing = new ObjectType("Thing").Field("displayName", ScalarType.String).Field("count", ScalarType.Int).Field("missing", ScalarType.String);
        var query = new ObjectType("Query")
            .Field("clr", thing, _ => new { DisplayName = "from property", Count = 3 })
            .Field("dict", thing, _ => new Dictionary<string, object?> { ["displayName"] = "from dictionary" });
        var result = await new GraphQLEngine(new GraphQLSchema(query)).ExecuteAsync(new GraphQLRequest { Query = "{ clr { displayName count missing } dict { displayName count } }" });
        Assert.Equal("""{"data":{"clr":{"displayName":"from property","count":3,"missing":null},"dict":{"displayName":"from dictionary","count":null}}}""", result.ToJson());
    }

    [Fact]
    public async Task Unexpected_errors_are_reported_to_the_application()
    {
        Exception? reported = null;
        var query = new ObjectType("Query").Field("x", ScalarType.Int, _ => throw new TimeZoneNotFoundException("internal detail"));
        var engine = new GraphQLEngine(new GraphQLSchema(query), new GraphQLEngineOptions { OnUnexpectedError = (ex, _) => reported = ex });
        var result = await engine.ExecuteAsync(new GraphQLRequest { Query = "{ x }" });
        Assert.IsType<TimeZoneNotFoundException>(reported);
        Assert.Equal("Unexpected error.", result.Errors![0].Message);
    }

    [Fact]
    public async Task Argument_errors_for_missing_runtime_variables()
    {
        var query = new ObjectType("Query").Field("echo", ScalarType.String, ctx => ctx.Arguments["v"], configure: f => f.Argument("v", ScalarType.String.NonNull()));
        // Validation (VariablesInAllowedPosition) would reject this document; without rules the executor must still
        // refuse the null: $v is nullable and defaults to null, but the argument is non-null.
        var engine = new GraphQLEngine(new GraphQLSchema(query), new GraphQLEngineOptions { ValidationRules = [] });
        var result = await engine.ExecuteAsync(new GraphQLRequest { Query = "query ($v: String = null) { echo(v: $v) }" });
        Assert.Equal("""{"errors":[{"message":"Argument \"v\" of non-null type \"String!\" must not be null.","locations":[{"line":1,"column":37}],"path":["echo"]}],"data":{"echo":null}}""", result.ToJson());
    }
}

public class ConnectionCostTests
{
    private static GraphQLEngine Engine(long maxCost)
    {
        var target = new ObjectType("Target").Field("id", ScalarType.ID).Field("name", ScalarType.String);
        var edge = new ObjectType("TargetEdge").Field("cursor", ScalarType.String).Field("node", target);
        var pageInfo = new ObjectType("PageInfo").Field("hasNextPage", ScalarType.Boolean);
        var connection = new ObjectType("TargetConnection")
            .Field("nodes", target.NonNull().ListOf())
            .Field("edges", edge.NonNull().ListOf())
            .Field("pageInfo", pageInfo.NonNull())
            .Field("totalCount", ScalarType.Int);
        var query = new ObjectType("Query").Field("targets", connection.NonNull(), _ => new Dictionary<string, object?>
            {
                ["nodes"] = Array.Empty<object>(), ["edges"] = Array.Empty<object>(),
                ["pageInfo"] = new Dictionary<string, object?> { ["hasNextPage"] = false }, ["totalCount"] = 0,
            },
            configure: f =>
            {
                f.Argument("first", ScalarType.Int).Argument("last", ScalarType.Int);
                f.ListSize = new ListSize { SizedFields = ["nodes", "edges"] };
            });
        return new GraphQLEngine(new GraphQLSchema(query), new GraphQLEngineOptions { Limits = new GraphQLLimits { MaxCost = maxCost } });
    }

    private static async Task<string?> CostError(long maxCost, string query)
        => (await Engine(maxCost).ExecuteAsync(new GraphQLRequest { Query = query })).Errors?.Single().Message;

    [Fact]
    public async Task Connection_sized_fields_are_multiplied_by_first()
    {
        // targets 1 + nodes (1 + 1000 * (id 1 + name 1)) + pageInfo (1 + 1) + totalCount 1 = 2005
        const string query = "{ targets(first: 1000) { nodes { id name } pageInfo { hasNextPage } totalCount } }";
        Assert.Equal("Query cost 2005 exceeds the maximum allowed cost of 2004.", await CostError(2004, query));
        Assert.Null(await CostError(2005, query));
        // first: 1 → 1 + (1 + 2) + 2 + 1 = 7
        Assert.Null(await CostError(7, "{ targets(first: 1) { nodes { id name } pageInfo { hasNextPage } totalCount } }"));
    }

    [Fact]
    public async Task Edges_through_a_fragment_use_the_connection_size_and_default_size_applies_without_first()
    {
        // targets 1 + edges (1 + 10 * (cursor 1 + node (1 + id 1))) = 1 + 1 + 10 * 3 = 32
        Assert.Equal("Query cost 32 exceeds the maximum allowed cost of 31.",
            await CostError(31, "{ targets(last: 10) { ...E } } fragment E on TargetConnection { edges { cursor node { id } } }"));
        // no first/last: DefaultListSize 100 → 1 + 1 + 100 * 2 = 202
        Assert.Equal("Query cost 202 exceeds the maximum allowed cost of 201.", await CostError(201, "{ targets { nodes { id name } } }"));
    }
}
