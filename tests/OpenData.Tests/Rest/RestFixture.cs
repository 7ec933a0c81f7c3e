using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenData.Tests.Http;

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

    /// <summary>The problem a request answers with, checked by <see cref="ProblemAssert.IsProblemAsync"/>: the whole
    /// shape, the type (the part after the problems base URI), and the title, detail and parameters at fault where given.</summary>
    protected async Task<JsonNode> GetProblemAsync(string url, HttpStatusCode status, string type, string? accept = null,
        string? title = null, string? detail = null, IReadOnlyCollection<string>? invalidParams = null)
    {
        using var response = await GetAsync(url, accept);
        var problem = await ProblemAssert.IsProblemAsync(response, (int)status, type, title, detail, invalidParams);
        return JsonNode.Parse(problem.GetRawText())!;
    }

    public void Dispose()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
