using System.Net.Http.Headers;
using System.Text.Json;
using OpenData.Api.Http;

namespace OpenData.Tests.Http;

/// <summary>The one error shape (RFC 9457), checked the same way everywhere.</summary>
public static class ProblemAssert
{
    /// <summary>
    /// Asserts the response is problem details with the given status (and type, when given): a stable type URI,
    /// a title, the status repeated, the request path as instance, a traceId equal to the X-Request-Id header,
    /// never cached, and no trace of a stack.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        var problem = Shape(response, body);
        if (type is not null) Assert.Equal(type, problem.GetProperty("type").GetString());
        return problem;
    }

    /// <summary>The shape checks alone, for any 4xx/5xx; returns a description of what is wrong, or null.</summary>
    public static string? ShapeError(HttpResponseMessage response, string body)
    {
        try
        {
            Shape(response, body);
            return null;
        }
        catch (Exception exception) when (exception is Xunit.Sdk.XunitException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return exception.Message.ReplaceLineEndings(" ");
        }
    }

    private static JsonElement Shape(HttpResponseMessage response, string body)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.StartsWith(ProblemTypes.BaseUri, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), "title is empty");
        Assert.StartsWith("/", problem.GetProperty("instance").GetString());
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal(requestId, problem.GetProperty("traceId").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
        Assert.DoesNotContain(" at OpenData.", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(".cs:line", body);
        return problem;
    }

    public static MediaTypeWithQualityHeaderValue Accept(string mediaType) => new(mediaType);
}
