using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenData.GraphQL.Http;
using OpenData.GraphQL.Tests.Execution;

namespace OpenData.GraphQL.Tests.Http;

/// <summary>Runs a real Kestrel server on a free local port with the library schema mapped at /graphql.</summary>
public sealed class GraphQLServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.MapGraphQL("/graphql", new LibrarySchema().Schema);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}

public class HttpEndpointTests(GraphQLServerFixture server) : IClassFixture<GraphQLServerFixture>
{
    private HttpClient Client => server.Client;

    private static HttpRequestMessage Post(string body, string? accept = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private static HttpRequestMessage Get(string query, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?" + query);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    [Fact]
    public async Task Post_without_accept_answers_application_json()
    {
        var response = await Client.SendAsync(Post("""{"query":"{ hello }"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("""{"data":{"hello":"world"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Accept_graphql_response_json_is_honoured()
    {
        var response = await Client.SendAsync(Post("""{"query":"{ hello }"}""", "application/graphql-response+json, application/json"));
        Assert.Equal("application/graphql-response+json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Get_with_variables_and_operation_name()
    {
        var query = "query=" + Uri.EscapeDataString("query A($id: ID!) { author(id: $id) { name } } query B { hello }")
                    + "&operationName=A&variables=" + Uri.EscapeDataString("""{"id":"3"}""");
        var response = await Client.SendAsync(Get(query, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"data":{"author":{"name":"Carla"}}}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/graphql-response+json", HttpStatusCode.BadRequest)]
    [InlineData("application/json", HttpStatusCode.OK)]
    public async Task Validation_errors_status_depends_on_media_type(string accept, HttpStatusCode expected)
    {
        var response = await Client.SendAsync(Post("""{"query":"{ nope }"}""", accept));
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("GRAPHQL_VALIDATION_FAILED", body);
        Assert.DoesNotContain("\"data\"", body);
    }

    [Fact]
    public async Task Field_errors_keep_status_200_with_partial_data()
    {
        var response = await Client.SendAsync(Post("""{"query":"{ hello boom }"}""", "application/graphql-response+json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"data\":{\"hello\":\"world\",\"boom\":null}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mutation_over_get_is_405_with_allow_post()
    {
        var response = await Client.SendAsync(Get("query=" + Uri.EscapeDataString("mutation { hello }"), "application/graphql-response+json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task Unsupported_method_media_types_and_accept()
    {
        var put = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        var text = await Client.SendAsync(Post("{ hello }", contentType: "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        var xml = await Client.SendAsync(Get("query=%7Bhello%7D", "application/xml"));
        Assert.Equal(HttpStatusCode.NotAcceptable, xml.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1]")]
    [InlineData("""{"query": 1}""")]
    [InlineData("""{"query": "{ hello }", "variables": "x"}""")]
    [InlineData("""{"query": "{ hello }", "operationName": 5}""")]
    [InlineData("""{"variables": {}}""")]
    public async Task Malformed_requests_are_400(string body)
    {
        var response = await Client.SendAsync(Post(body, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"errors\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Variable_errors_are_400_with_graphql_response_json()
    {
        var response = await Client.SendAsync(Post("""{"query":"query ($id: ID!) { author(id: $id) { name } }","variables":{"id":[1,2]}}""", "application/graphql-response+json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BAD_USER_INPUT", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Browsers_get_graphiql_served_from_embedded_assets()
    {
        var page = await Client.SendAsync(Get("", "text/html,application/xhtml+xml,*/*;q=0.8"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("https://", html); // nothing from a CDN
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, scripts.Count);
        foreach (var url in scripts)
        {
            var asset = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 100, url);
        }
        var graphiql = await Client.GetStringAsync(scripts.Single(s => s.EndsWith("graphiql.min.js")));
        Assert.Contains("GraphiQL", graphiql);
    }
}
