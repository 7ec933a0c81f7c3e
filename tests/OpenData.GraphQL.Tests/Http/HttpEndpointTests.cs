using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;
using OpenData.GraphQL.Http;
using OpenData.GraphQL.Types;
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

/// <summary>The admission hook (<see cref="GraphQLHttpOptions.Admit"/>) with a fake gate: what it sees, rejections, leases.</summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient _client = null!;
    private readonly List<long> _costs = [];
    private int _leasesOpen;
    private int _leasesDisposed;
    private int _executed;

    private sealed class Lease(AdmissionTests owner) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Decrement(ref owner._leasesOpen);
            Interlocked.Increment(ref owner._leasesDisposed);
        }
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        var query = new ObjectType("Query")
            .Field("hello", ScalarType.String, _ =>
            {
                Interlocked.Increment(ref _executed);
                // The lease is held while the request executes.
                return Volatile.Read(ref _leasesOpen) == 1 ? "leased" : "not leased";
            })
            .Field("items", ScalarType.Int.ListOf(), _ => new[] { 1, 2, 3 }, configure: f => f.Argument("first", ScalarType.Int));
        _app.MapGraphQL("/graphql", new GraphQLSchema(query), configure: options => options.Admit = (http, cost, _) =>
        {
            lock (_costs) _costs.Add(cost);
            if (http.Request.Headers.ContainsKey("X-Busy"))
            {
                return ValueTask.FromResult(GraphQLAdmission.Rejected(Results.Problem(statusCode: 503, title: "Busy", extensions: new Dictionary<string, object?> { ["retry"] = 1 })));
            }
            Interlocked.Increment(ref _leasesOpen);
            return ValueTask.FromResult(GraphQLAdmission.Admitted(new Lease(this)));
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> Post(string query, bool busy = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        if (busy) request.Headers.Add("X-Busy", "1");
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Admitted_requests_run_holding_the_lease_which_is_disposed_after_the_response()
    {
        var response = await Post("{ hello items(first: 10) }");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("""{"data":{"hello":"leased","items":[1,2,3]}}""", body);
        // The cost it was given is the operation's computed cost (hello 1 + items 1), and it is not in the response.
        Assert.Equal([2L], _costs);
        Assert.DoesNotContain("cost", body);
        Assert.Equal(1, Volatile.Read(ref _leasesDisposed));
        Assert.Equal(0, Volatile.Read(ref _leasesOpen));
    }

    [Fact]
    public async Task Rejected_requests_get_the_rejection_as_their_response_and_nothing_executes()
    {
        var response = await Post("{ hello }", busy: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"title\":\"Busy\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Volatile.Read(ref _executed));
    }

    [Fact]
    public async Task Requests_refused_by_a_limit_or_validation_never_reach_the_hook()
    {
        var invalid = await Post("{ nope }");
        Assert.Contains("GRAPHQL_VALIDATION_FAILED", await invalid.Content.ReadAsStringAsync());
        Assert.Empty(_costs);
    }
}
