using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Tests.Execution;

public class LimitsTests : ExecutionTestBase
{
    [Fact]
    public async Task Document_length()
    {
        var result = await Execute("{ hello }", limits: new GraphQLLimits { MaxDocumentLength = 5 });
        Assert.Equal(RequestErrorKind.Limit, result.RequestError);
        Assert.Equal("Document length 9 exceeds the maximum of 5 characters.", result.Errors![0].Message);
        Assert.Equal("DOCUMENT_TOO_LARGE", result.Errors![0].Code);
    }

    [Fact]
    public async Task Depth_counts_through_fragments()
    {
        const string query = "{ books { author { ...A } } } fragment A on Author { books { title } }";
        var limits = new GraphQLLimits { MaxDepth = 3 };
        var result = await Execute(query, limits: limits);
        Assert.Equal("Query depth 4 exceeds the maximum allowed depth of 3.", result.Errors![0].Message);
        Assert.Equal("MAX_DEPTH_EXCEEDED", result.Errors![0].Code);
        Assert.True((await Execute(query, limits: new GraphQLLimits { MaxDepth = 4 })).HasData);
    }

    [Fact]
    public async Task Aliases()
    {
        var result = await Execute("{ a: hello b: hello c: hello }", limits: new GraphQLLimits { MaxAliases = 2 });
        Assert.Equal("Query uses 3 aliases (fragments expanded), more than the maximum of 2.", result.Errors![0].Message);
        Assert.Equal("MAX_ALIASES_EXCEEDED", result.Errors![0].Code);
    }

    [Fact]
    public async Task Aliases_are_counted_as_executed_with_fragments_expanded()
    {
        // Four aliases as written; executed, F's two aliases run under both a and b: 2 + 2 x 2 = 6.
        const string query = "{ a: authors { ...F } b: authors { ...F } } fragment F on Author { x: name y: name }";
        var refused = await Execute(query, limits: new GraphQLLimits { MaxAliases = 5 });
        Assert.Equal("MAX_ALIASES_EXCEEDED", refused.Errors![0].Code);
        Assert.Equal("Query uses 6 aliases (fragments expanded), more than the maximum of 5.", refused.Errors![0].Message);
        Assert.True((await Execute(query, limits: new GraphQLLimits { MaxAliases = 6 })).HasData);
    }

    [Fact]
    public async Task Cost_multiplies_list_children_by_page_size()
    {
        // authors(first: $n): 1 + n * (name 1 + books(first: 5) (1 + 5 * title 1)) = 1 + n * 7... with n = 10: 1 + 10 * (1 + 1 + 5) = 71
        const string query = "query ($n: Int) { authors(first: $n) { name books(first: 5) { title } } }";
        var limits = new GraphQLLimits { MaxCost = 70 };
        var result = await Execute(query, """{"n": 10}""", limits: limits);
        Assert.Equal("Query cost 71 exceeds the maximum allowed cost of 70.", result.Errors![0].Message);
        Assert.Equal("MAX_COST_EXCEEDED", result.Errors![0].Code);
        Assert.True((await Execute(query, """{"n": 9}""", limits: limits)).HasData);
        // Without a page size argument the default list size is used: 1 + 100 * (1 + 1 + 5) = 701.
        var defaulted = await Execute("{ authors { name books(first: 5) { title } } }", limits: new GraphQLLimits { MaxCost = 700 });
        Assert.Equal("Query cost 701 exceeds the maximum allowed cost of 700.", defaulted.Errors![0].Message);
    }

    [Fact]
    public async Task A_fragment_spread_twice_costs_twice()
    {
        // Each authors(first: 10) { ...F } is 1 + 10 x (name 1 + books 1 + 5 x title 1) = 71; twice, 142.
        const string query = "{ a: authors(first: 10) { ...F } b: authors(first: 10) { ...F } } fragment F on Author { name books(first: 5) { title } }";
        var result = await Execute(query, limits: new GraphQLLimits { MaxCost = 141 });
        Assert.Equal("Query cost 142 exceeds the maximum allowed cost of 141.", result.Errors![0].Message);
        Assert.True((await Execute(query, limits: new GraphQLLimits { MaxCost = 142 })).HasData);
    }

    [Fact]
    public async Task Introspection_costs_one_per_value_counted_over_the_schema()
    {
        // __schema 1 + types 1 + one name per type of the schema.
        int types = Library.Schema.Types.Count;
        var result = await Execute("{ __schema { types { name } } }", limits: new GraphQLLimits { MaxCost = types + 1 });
        Assert.Equal("MAX_COST_EXCEEDED", result.Errors![0].Code);
        Assert.Equal($"Query cost {types + 2} exceeds the maximum allowed cost of {types + 1}.", result.Errors![0].Message);
        Assert.True((await Execute("{ __schema { types { name } } }", limits: new GraphQLLimits { MaxCost = types + 2 })).HasData);

        // __type 1 + name 1 + fields 1 + one name per field of Author.
        int authorFields = ((ObjectType)Library.Schema.GetType("Author")!).FieldList.Count();
        var single = await Execute("""{ __type(name: "Author") { name fields { name } } }""", limits: new GraphQLLimits { MaxCost = 2 + authorFields });
        Assert.Equal($"Query cost {3 + authorFields} exceeds the maximum allowed cost of {2 + authorFields}.", single.Errors![0].Message);
    }

    [Fact]
    public async Task The_standard_introspection_query_of_graphql_js_and_graphiql_passes_the_default_limits()
    {
        // graphql-js 16 getIntrospectionQuery with descriptions, specifiedByUrl, directiveIsRepeatable,
        // schemaDescription, inputValueDeprecation and oneOf: what GraphiQL sends when it opens.
        var query = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "introspection-query.graphql"));
        var result = await Execute(query);
        Assert.Null(result.Errors);
        var estimate = LimitsAnalyzer.EstimateCost(Library.Schema, (OperationDefinitionNode)Parser.Parse(query).Definitions[0],
            LimitsAnalyzer.Fragments(Parser.Parse(query)), new Dictionary<string, object?>(), new GraphQLLimits());
        Assert.False(estimate.Stopped);
        // About the number of values in the answer: a real count, not zero and not a DefaultListSize guess.
        Assert.InRange(CountValues(JsonDocument.Parse(result.ToJson()).RootElement.GetProperty("data")), estimate.Cost / 2, estimate.Cost);
    }

    private static int CountValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Sum(p => 1 + CountValues(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(CountValues),
        _ => 0,
    };

    /// <summary>The issue's reproducer: introspection fragments eight aliases wide per level under several __schema roots.</summary>
    private static string IntrospectionBomb(int roots, int levels, int width = 8)
    {
        var fragments = new List<string> { "fragment T0 on __Type { name kind }" };
        for (int level = 1; level <= levels; level++)
        {
            fragments.Add($"fragment F{level} on __Field {{ " + string.Join(" ", Enumerable.Range(0, width).Select(i => $"t{level}_{i}: type {{ ...T{level - 1} }}")) + " }");
            fragments.Add($"fragment T{level} on __Type {{ name " + string.Join(" ", Enumerable.Range(0, width).Select(i => $"f{level}_{i}: fields {{ name ...F{level} }}")) + " }");
        }
        var roots_ = string.Join(" ", Enumerable.Range(0, roots).Select(i => $"s{i}: __schema {{ types {{ ...T{levels} }} }}"));
        return "{ " + roots_ + " } " + string.Join(" ", fragments);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(4, 6)]
    public async Task The_introspection_bomb_is_refused_by_the_alias_limit_before_execution(int roots, int levels)
    {
        var query = IntrospectionBomb(roots, levels);
        var result = await Execute(query);
        Assert.Equal(RequestErrorKind.Limit, result.RequestError);
        Assert.Equal("MAX_ALIASES_EXCEEDED", result.Errors![0].Code);
        Assert.False(result.HasData);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Without_an_alias_limit_the_introspection_bomb_is_refused_by_its_cost(int roots)
    {
        var result = await Execute(IntrospectionBomb(roots, 2), limits: new GraphQLLimits { MaxAliases = null });
        Assert.Equal(RequestErrorKind.Limit, result.RequestError);
        Assert.Equal("MAX_COST_EXCEEDED", result.Errors![0].Code);
        Assert.False(result.HasData);
    }

    [Fact]
    public void Measuring_a_document_whose_expansion_is_exponential_is_bounded()
    {
        var document = Parser.Parse(IntrospectionBomb(4, 6));
        var operation = document.Definitions.OfType<OperationDefinitionNode>().Single();
        var fragments = LimitsAnalyzer.Fragments(document);
        var noVariables = new Dictionary<string, object?>();
        // Fragments are measured once per schema element and reused, so the astronomical expansion is counted, not built.
        Assert.True(LimitsAnalyzer.CountAliases(document) > 1_000_000_000);
        Assert.True(LimitsAnalyzer.EstimateCost(Library.Schema, operation, fragments, noVariables, new GraphQLLimits()).Cost > 1e9);
        // And the analysis counts its own steps: past its work limit it stops and says so.
        var stopped = LimitsAnalyzer.EstimateCost(Library.Schema, operation, fragments, noVariables, new GraphQLLimits(), workLimit: 1_000);
        Assert.True(stopped.Stopped);
        Assert.True(stopped.Cost > new GraphQLLimits().MaxCost);
    }

    [Fact]
    public async Task A_result_with_more_values_than_the_limit_is_stopped_with_response_too_large()
    {
        // authors (1) + 3 authors x (name 1 + books 1 + their books x title 1): 3 + 4 x 1 + ... more than 8.
        const string query = "{ authors { name books { title } } }";
        var result = await Execute(query, limits: new GraphQLLimits { MaxResultNodes = 8 });
        Assert.Null(result.Data);
        Assert.True(result.HasData);
        Assert.Equal("RESPONSE_TOO_LARGE", result.Errors![0].Code);
        Assert.Equal("The result has more than 8 values, the maximum allowed; ask for fewer fields or smaller pages.", result.Errors![0].Message);
        Assert.Null((await Execute(query)).Errors);
    }

    [Fact]
    public async Task A_result_larger_than_the_byte_limit_is_stopped_with_response_too_large()
    {
        var result = await Execute("{ authors { name email books { title } } }", limits: new GraphQLLimits { MaxResponseBytes = 100 });
        Assert.Null(result.Data);
        Assert.Equal("RESPONSE_TOO_LARGE", result.Errors![0].Code);
        Assert.Equal("The result is larger than 100 bytes, the maximum allowed; ask for fewer fields or smaller pages.", result.Errors![0].Message);
    }

    [Fact]
    public async Task Timeout_aborts_execution()
    {
        var result = await Execute("{ hello slow }", limits: new GraphQLLimits { ExecutionTimeout = TimeSpan.FromMilliseconds(100) });
        Assert.Null(result.Data);
        Assert.Equal("TIMEOUT", result.Errors![0].Code);
        Assert.Equal("Execution exceeded the time limit of 100 ms.", result.Errors![0].Message);
    }

    /// <summary>
    /// A list whose items take time to produce (a resolver that loops): 2000 items, at least a millisecond each, so
    /// that producing all of them takes at least two seconds; <paramref name="produced"/> counts those produced.
    /// </summary>
    private static GraphQLEngine SlowListEngine(GraphQLLimits limits, StrongBox<int> produced)
    {
        IEnumerable<int> Ticks()
        {
            for (int i = 0; i < 2000; i++)
            {
                Thread.Sleep(1);
                produced.Value++;
                yield return i;
            }
        }
        var item = new ObjectType("Item").Field("n", ScalarType.Int, ctx => (int)ctx.Source!);
        var query = new ObjectType("Query").Field("ticks", ScalarType.Int.ListOf(), _ => Ticks()).Field("items", item.ListOf(), _ => Ticks());
        return new GraphQLEngine(new GraphQLSchema(query), new GraphQLEngineOptions { Limits = limits });
    }

    [Theory]
    [InlineData("{ ticks }")]
    [InlineData("{ items { n } }")]
    public async Task Timeout_fires_in_the_middle_of_a_list(string query)
    {
        var produced = new StrongBox<int>();
        var engine = SlowListEngine(new GraphQLLimits { ExecutionTimeout = TimeSpan.FromMilliseconds(200) }, produced);
        var result = await engine.ExecuteAsync(new GraphQLRequest { Query = query });
        Assert.Null(result.Data);
        Assert.Equal("TIMEOUT", result.Errors![0].Code);
        // Stopped while reading the list, not after it.
        Assert.InRange(produced.Value, 1, 1999);
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_execution_in_the_middle_of_a_list()
    {
        var produced = new StrongBox<int>();
        var engine = SlowListEngine(new GraphQLLimits { ExecutionTimeout = null }, produced);
        using var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.ExecuteAsync(new GraphQLRequest { Query = "{ ticks }" }, new ExecutionOptions { CancellationToken = aborted.Token }));
        Assert.InRange(produced.Value, 1, 1999);
    }

    [Fact]
    public async Task A_long_list_stops_at_the_result_limit_while_it_is_read()
    {
        var produced = new StrongBox<int>();
        var engine = SlowListEngine(new GraphQLLimits { ExecutionTimeout = null, MaxResultNodes = 50 }, produced);
        var result = await engine.ExecuteAsync(new GraphQLRequest { Query = "{ ticks }" });
        Assert.Equal("RESPONSE_TOO_LARGE", result.Errors![0].Code);
        Assert.Equal(50, produced.Value);
    }

    [Fact]
    public async Task A_timed_out_execution_returns_only_after_its_running_resolvers_have_finished()
    {
        // A resolver that finishes its current step whatever the token says, as a database call in flight does.
        var finished = false;
        var query = new ObjectType("Query").Field("step", ScalarType.Boolean, async _ =>
        {
            await Task.Delay(400, CancellationToken.None);
            finished = true;
            return (object?)true;
        });
        var engine = new GraphQLEngine(new GraphQLSchema(query),
            new GraphQLEngineOptions { Limits = new GraphQLLimits { ExecutionTimeout = TimeSpan.FromMilliseconds(50) } });

        var result = await engine.ExecuteAsync(new GraphQLRequest { Query = "{ step }" });

        Assert.Equal("TIMEOUT", result.Errors![0].Code);
        // The request's services (a pooled DbContext) may be handed on once the engine returns: nothing still uses them.
        Assert.True(finished);
    }

    [Fact]
    public async Task Token_limit_is_a_parse_error()
    {
        var result = await Execute("{ a b c d e }", limits: new GraphQLLimits { MaxTokens = 3 });
        Assert.Equal(RequestErrorKind.Parse, result.RequestError);
    }
}
