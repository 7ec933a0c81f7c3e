using System.Net.Http.Headers;
using System.Text.Json;

namespace OpenData.Tests.Http;

/// <summary>The one error shape (RFC 9457), checked the same way everywhere.</summary>
public static class ProblemAssert
{
    /// <summary>The base of every problem <c>type</c> URI (the contract: a client branches on these).</summary>
    public const string TypeBase = "https://opendata.example/problems/";

    /// <summary>
    /// Asserts the response is problem details (<c>application/problem+json</c>) with the given status: a stable
    /// type URI, a title, the status repeated, the request path as instance, a traceId equal to the X-Request-Id
    /// header, never cached, and no trace of a stack. Where given, also the exact type (a full URI, or the part
    /// after <see cref="TypeBase"/>), title and detail, and the parameters at fault: exactly the keys of
    /// <c>errors</c>, the problem's invalid parameters.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status, string? type = null,
        string? title = null, string? detail = null, IReadOnlyCollection<string>? invalidParams = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        var problem = Shape(response, body);
        if (type is not null) Assert.Equal(type.Contains(':', StringComparison.Ordinal) ? type : TypeBase + type, problem.GetProperty("type").GetString());
        if (title is not null) Assert.Equal(title, problem.GetProperty("title").GetString());
        if (detail is not null) Assert.Equal(detail, problem.GetProperty("detail").GetString());
        if (invalidParams is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors member: {body}");
            Assert.Equal(invalidParams.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
            Assert.All(errors.EnumerateObject(), e => Assert.Contains(e.Value.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString())));
        }
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
        Assert.StartsWith(TypeBase, problem.GetProperty("type").GetString());
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
