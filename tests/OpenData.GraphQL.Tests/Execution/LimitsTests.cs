using OpenData.GraphQL.Execution;

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
        Assert.Equal("Query uses 3 aliases, more than the maximum of 2.", result.Errors![0].Message);
        Assert.Equal("MAX_ALIASES_EXCEEDED", result.Errors![0].Code);
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
    public async Task Introspection_is_not_counted_in_cost()
    {
        var result = await Execute("{ __schema { types { name fields { name } } } }", limits: new GraphQLLimits { MaxCost = 1 });
        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task Timeout_aborts_execution()
    {
        var result = await Execute("{ hello slow }", limits: new GraphQLLimits { ExecutionTimeout = TimeSpan.FromMilliseconds(100) });
        Assert.Null(result.Data);
        Assert.Equal("TIMEOUT", result.Errors![0].Code);
        Assert.Equal("Execution exceeded the time limit of 100 ms.", result.Errors![0].Message);
    }

    [Fact]
    public async Task Token_limit_is_a_parse_error()
    {
        var result = await Execute("{ a b c d e }", limits: new GraphQLLimits { MaxTokens = 3 });
        Assert.Equal(RequestErrorKind.Parse, result.RequestError);
    }
}
