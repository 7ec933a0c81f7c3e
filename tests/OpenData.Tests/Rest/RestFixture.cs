using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>
/// Base of the REST test classes: the real app over a store built by the real import from seed-data/
/// (<see cref="TestApp"/>, one per test class), and request helpers that check the API's shapes.
/// </summary>
public abstract class RestTest : IClassFixture<TestApp>, IDisposable
{
    protected RestTest(TestApp app)
    {
        Client = app.CreateClient();
    }

    protected HttpClient Client { get; }

    protected async Task<JsonNode> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    protected async Task<HttpResponseMessage> GetAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        return await Client.SendAsync(request);
    }

    /// <summary>The problem a request answers with, checked for the API's problem shape.</summary>
    protected async Task<JsonNode> GetProblemAsync(string url, HttpStatusCode status, string type, string? accept = null)
    {
        using var response = await GetAsync(url, accept);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"GET {url}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal("https://opendata.example/problems/" + type, (string?)problem["type"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), body);
        return problem;
    }

    public void Dispose()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
