using System.Net;
using System.Text;

namespace OpenData.Tests.Http;

public sealed class ErrorShapeTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_naming_the_path()
    {
        var response = await _client.GetAsync("/api/v1/no-such-dataset?x=1");

        var problem = await ProblemAssert.IsProblemAsync(response, 404, "not-found");
        Assert.Equal("/api/v1/no-such-dataset", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task An_unknown_record_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/v1/areas/E99999999");

        await ProblemAssert.IsProblemAsync(response, 404, "not-found");
    }

    [Theory]
    [InlineData("POST", "/api/v1/areas")]
    [InlineData("PUT", "/api/v1/areas/E09000020")]
    [InlineData("DELETE", "/api/v1/areas/E09000020")]
    [InlineData("PATCH", "/health")]
    public async Task A_write_method_is_a_405_problem_with_allow_get_and_head(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 405, "method-not-allowed");
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task Asking_a_data_route_for_a_format_it_lacks_is_a_406_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/areas");
        request.Headers.Accept.Add(ProblemAssert.Accept("application/xml"));

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, 406, "not-acceptable");
    }

    [Fact]
    public async Task Asking_the_health_route_for_csv_is_a_406_problem_listing_what_it_offers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.Add(ProblemAssert.Accept("text/csv"));

        var response = await _client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, 406, "not-acceptable");
        Assert.Equal("application/json", problem.GetProperty("acceptable")[0].GetString());
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("application/json;q=0.5, text/csv")]
    public async Task Accept_headers_that_allow_json_are_served(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_json_body_in_another_media_type_is_a_415_problem()
    {
        var response = await _client.PostAsync("/graphql", new StringContent("{ areas { code } }", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task A_request_id_sent_by_the_client_is_echoed_in_the_header_and_the_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nowhere");
        request.Headers.Add("X-Request-Id", "client-42.retry:1");

        var response = await _client.SendAsync(request);

        Assert.Equal("client-42.retry:1", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        var problem = await ProblemAssert.IsProblemAsync(response, 404);
        Assert.Equal("client-42.retry:1", problem.GetProperty("traceId").GetString());
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("id with spaces")]
    public async Task A_hostile_request_id_is_replaced_not_echoed(string hostile)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("X-Request-Id", hostile);

        var response = await _client.SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual(hostile, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task A_very_long_request_id_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Request-Id", new string('a', 129));

        var response = await _client.SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Every_response_gets_a_request_id_even_a_success()
    {
        var first = await _client.GetAsync("/health");
        var second = await _client.GetAsync("/health");

        Assert.NotEqual(first.Headers.GetValues("X-Request-Id").Single(), second.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task A_broken_store_is_a_server_problem_without_a_stack_trace(string environment)
    {
        using var broken = new TestApp(settings: null, environment, copyStore: false);
        var client = broken.CreateClient();

        var response = await client.GetAsync("/api/v1/areas");

        Assert.True((int)response.StatusCode >= 500, $"got {(int)response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Null(ProblemAssert.ShapeError(response, body));
        Assert.DoesNotContain("sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(broken.DatabasePath, body);
    }
}
