using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// A where filter over Query:MaxFilterTerms or Query:MaxFilterDepth is the client's error FILTER_TOO_COMPLEX,
/// naming the argument path and the limit; an or of 999 terms used to reach SQLite ("Expression tree is too large")
/// and come back INTERNAL_SERVER_ERROR.
/// </summary>
public sealed class FilterLimitGraphTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task An_or_of_999_terms_is_filter_too_complex_not_a_server_error()
    {
        var terms = string.Join(" ", Enumerable.Range(0, 999).Select(i => $$"""{ code: { eq: "E05{{i:000000}}" } }"""));
        var error = await ErrorAsync(_client, $$"""{ areas(where: { or: [{{terms}}] }) { nodes { code } } }""");
        Assert.Equal("FILTER_TOO_COMPLEX", (string)error["extensions"]!["code"]!);
        Assert.Equal("where.or", (string)error["extensions"]!["argument"]!);
        Assert.Equal(999, (int)error["extensions"]!["count"]!);
        Assert.Equal(100, (int)error["extensions"]!["maximum"]!);
        Assert.Contains("at most 100 terms", (string)error["message"]!);
    }

    [Fact]
    public async Task An_in_list_over_the_limit_names_its_path()
    {
        var codes = Enumerable.Range(0, 101).Select(i => $"E05{i:000000}").ToArray();
        var error = await ErrorAsync(_client, "query($codes: [String!]) { areas(where: { code: { in: $codes } }) { nodes { code } } }", new { codes });
        Assert.Equal("FILTER_TOO_COMPLEX", (string)error["extensions"]!["code"]!);
        Assert.Equal("where.code.in", (string)error["extensions"]!["argument"]!);
        Assert.Contains("101 values", (string)error["message"]!);
    }

    [Fact]
    public async Task A_nested_connection_read_for_many_parents_at_once_has_the_same_limit()
    {
        var codes = Enumerable.Range(0, 101).Select(i => $"E05{i:000000}").ToArray();
        var response = await PostAsync(_client, "query($codes: [String!]) { sources(first: 5) { nodes { targets(where: { areaCode: { nin: $codes } }) { totalCount } } } }", new { codes });
        var errors = response["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.Equal("FILTER_TOO_COMPLEX", (string)error!["extensions"]!["code"]!));
        Assert.Equal("where.areaCode.nin", (string)errors[0]!["extensions"]!["argument"]!);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_refused_and_a_filter_within_it_is_answered()
    {
        const string pair = """{ code: { eq: "E05009388" } }, { code: { eq: "nosuch" } }""";
        string Nested(int levels) => levels == 0 ? pair : $"{pair}, {{ or: [{Nested(levels - 1)}] }}";

        var error = await ErrorAsync(_client, $"{{ areas(where: {{ or: [{Nested(8)}] }}) {{ nodes {{ code }} }} }}");
        Assert.Equal("FILTER_TOO_COMPLEX", (string)error["extensions"]!["code"]!);
        Assert.Contains("deep", (string)error["message"]!);

        var data = await DataAsync(_client, $"{{ areas(where: {{ or: [{Nested(7)}] }}) {{ nodes {{ code }} }} }}");
        Assert.Equal("E05009388", (string)data["areas"]!["nodes"]![0]!["code"]!);
    }
}
