using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>Every bad request is a problem (RFC 9457) with a stable type and, for 400s, the parameter at fault.</summary>
public sealed class ProblemTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task An_unknown_parameter_is_refused_not_ignored()
    {
        var problem = await GetProblemAsync("/api/v1/areas?typ=ward", HttpStatusCode.BadRequest, "unknown-parameter");
        JsonAssert.Equal("""
            {
              "type": "https://opendata.example/problems/unknown-parameter",
              "title": "Unknown query parameter",
              "status": 400,
              "detail": "typ: Unknown parameter (did you mean type?): not a field of areas (see /api/v1/datasets/areas) nor one of sort, fields, limit, cursor, total, facet, format, bom.",
              "instance": "/api/v1/areas",
              "errors": { "typ": ["Unknown parameter (did you mean type?): not a field of areas (see /api/v1/datasets/areas) nor one of sort, fields, limit, cursor, total, facet, format, bom."] },
              "traceId": "*"
            }
            """, WithoutTraceId(problem));
    }

    [Fact]
    public async Task All_errors_of_a_query_are_reported_together()
    {
        await GetProblemAsync("/api/v1/crime-figures?value=abc&period_start__gt=2020-13-01&sort=colour&limit=0&fields=id,nope",
            HttpStatusCode.BadRequest, "invalid-parameter", title: "Invalid query parameter", detail: "The query has errors; see errors.",
            invalidParams: ["fields", "limit", "period_start__gt", "sort", "value"]);
    }

    [Theory]
    [InlineData("/api/v1/areas?name__gt=A&name__foo=x", "name__foo", "unknown-parameter")]
    [InlineData("/api/v1/areas?hectares__contains=1", "hectares__contains", "invalid-parameter")]
    [InlineData("/api/v1/areas?has_boundary=yes", "has_boundary", "invalid-parameter")]
    [InlineData("/api/v1/areas?has_boundary__gt=true", "has_boundary__gt", "invalid-parameter")]
    [InlineData("/api/v1/areas?valid_to__isnull=maybe", "valid_to__isnull", "invalid-parameter")]
    [InlineData("/api/v1/areas?code__isnull=true", "code__isnull", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures?period_start__in=2020-01-01,soon", "period_start__in", "invalid-parameter")]
    [InlineData("/api/v1/areas?limit=1001", "limit", "invalid-parameter")]
    [InlineData("/api/v1/areas?limit=1&limit=2", "limit", "invalid-parameter")]
    [InlineData("/api/v1/areas?sort=code,code", "sort", "invalid-parameter")]
    [InlineData("/api/v1/releases?sort=imported_at", "sort", "invalid-parameter")]
    [InlineData("/api/v1/releases?row_counts=1", "row_counts", "invalid-parameter")]
    [InlineData("/api/v1/areas?total=yes", "total", "invalid-parameter")]
    [InlineData("/api/v1/areas?bom=true", "bom", "invalid-parameter")]
    [InlineData("/api/v1/areas?format=xml", "format", "invalid-parameter")]
    [InlineData("/api/v1/targets?format=geojson", "format", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures?include_superseded=maybe", "include_superseded", "invalid-parameter")]
    [InlineData("/api/v1/actions?q=", "q", "invalid-parameter")]
    [InlineData("/api/v1/datasets?limit=5", "limit", "unknown-parameter")]
    public async Task A_bad_parameter_is_a_400_naming_it(string url, string parameter, string type)
    {
        await GetProblemAsync(url, HttpStatusCode.BadRequest, type, invalidParams: [parameter]);
    }

    [Fact]
    public async Task A_garbage_cursor_is_a_400()
    {
        await GetProblemAsync("/api/v1/areas?cursor=not-a-cursor!", HttpStatusCode.BadRequest, "invalid-cursor", invalidParams: ["cursor"]);
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400()
    {
        var page = await GetJsonAsync("/api/v1/areas?limit=2");
        var cursor = ((string)page["links"]!["next"]!).Split("cursor=")[1];
        var payload = Encoding.UTF8.GetString(Base64Url(cursor));
        var edited = payload.Replace("E05", "E04", StringComparison.Ordinal);
        Assert.NotEqual(payload, edited);
        await GetProblemAsync("/api/v1/areas?limit=2&cursor=" + ToBase64Url(Encoding.UTF8.GetBytes(edited)), HttpStatusCode.BadRequest, "invalid-cursor");
    }

    [Fact]
    public async Task A_cursor_only_continues_the_sort_it_came_from()
    {
        var page = await GetJsonAsync("/api/v1/areas?limit=2");
        var cursor = ((string)page["links"]!["next"]!).Split("cursor=")[1];
        await GetProblemAsync("/api/v1/areas?limit=2&sort=-code&cursor=" + cursor, HttpStatusCode.BadRequest, "invalid-cursor");
        await GetProblemAsync("/api/v1/sources?limit=2&cursor=" + cursor, HttpStatusCode.BadRequest, "invalid-cursor");
        await GetProblemAsync("/api/v1/areas?limit=2&format=csv&sort=name&cursor=" + cursor, HttpStatusCode.BadRequest, "invalid-cursor");
    }

    [Theory]
    [InlineData("/api/v1/areas", "image/png")]
    [InlineData("/api/v1/targets", "application/geo+json")]
    [InlineData("/api/v1/areas/E05009388/boundary", "text/csv")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388", "application/xml")]
    [InlineData("/api/v1/datasets/risks", "text/csv")]
    [InlineData("/api/v1/datasets", "application/xml")]
    [InlineData("/api/v1/releases.atom", "application/json")]
    [InlineData("/api/v1", "text/csv")]
    [InlineData("/api/v1/areas?limit=1", "application/json; charset=iso-8859-1")]
    [InlineData("/api/v1/areas?limit=1", "text/csv; charset=windows-1252")]
    public async Task An_accept_the_route_cannot_produce_is_a_406(string url, string accept)
    {
        var problem = await GetProblemAsync(url, HttpStatusCode.NotAcceptable, "not-acceptable", accept);
        Assert.NotEmpty(problem["acceptable"]!.AsArray());
    }

    [Fact]
    public async Task Accept_with_quality_values_picks_the_preferred_format()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/areas?limit=1");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;q=0.5, text/csv");
        using var response = await Client.SendAsync(request);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var wildcard = await GetAsync("/api/v1/areas?limit=1", accept: "*/*");
        Assert.Equal("application/json", wildcard.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/areas?limit=1", "application/json; charset=utf-8", "application/json")]
    [InlineData("/api/v1/areas?limit=1", "application/json;charset=\"UTF-8\"", "application/json")]
    [InlineData("/api/v1/areas?limit=1", "text/csv; charset=utf-8", "text/csv")]
    [InlineData("/api/v1/areas?limit=1", "text/csv;header=present", "text/csv")]
    [InlineData("/api/v1/areas?limit=1", "text/csv;header=present;q=0.9, application/json;q=0.5", "text/csv")]
    [InlineData("/api/v1/areas?limit=1", "application/json; charset=iso-8859-1, text/csv; charset=utf-8", "text/csv")]
    [InlineData("/api/v1/areas/E05009388/boundary", "application/geo+json; charset=utf-8", "application/geo+json")]
    [InlineData("/api/v1/datasets", "application/json; charset=utf-8", "application/json")]
    public async Task Accept_parameters_other_than_a_foreign_charset_do_not_stop_a_match(string url, string accept, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/crime-figures?limit=2&sort=-value,period_start", "[\"W7vb0_2SNYx1\",1e400,\"2006-01-01\",\"x\"]")]
    [InlineData("/api/v1/targets?limit=2&sort=outcome_value", "[\"fVjJYz4N5hFY\",1e400,\"mpa-lps-kc-2010-t002\"]")]
    [InlineData("/api/v1/targets?limit=2&sort=outcome_value", "[\"fVjJYz4N5hFY\",-1e400,\"mpa-lps-kc-2010-t002\"]")]
    [InlineData("/api/v1/targets?limit=2&sort=outcome_value", "[\"fVjJYz4N5hFY\",123456789012345678901234567890,\"x\"]")]
    [InlineData("/api/v1/targets?limit=2&sort=outcome_value", "[\"fVjJYz4N5hFY\",1,\"\\ud800\"]")]
    [InlineData("/api/v1/targets?limit=2&sort=outcome_value", "[\"fVjJYz4N5hFY\",[[[[[[1]]]]]],\"x\"]")]
    [InlineData("/api/v1/targets?limit=2&sort=outcome_value", "[\"fVjJYz4N5hFY\",{\"a\":1},\"x\"]")]
    public async Task A_cursor_with_values_no_cursor_holds_is_a_400_not_a_500(string url, string json)
    {
        var cursor = ToBase64Url(Encoding.UTF8.GetBytes(json));
        var problem = await GetProblemAsync($"{url}&cursor={cursor}", HttpStatusCode.BadRequest, "invalid-cursor");
        Assert.NotNull(problem["errors"]!["cursor"]);
        await GetProblemAsync($"{url}&format=csv&cursor={cursor}", HttpStatusCode.BadRequest, "invalid-cursor");
    }

    [Fact]
    public async Task A_deeply_nested_or_oversized_cursor_is_a_400()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 500)) + string.Concat(Enumerable.Repeat("]", 500));
        await GetProblemAsync("/api/v1/areas?limit=2&cursor=" + ToBase64Url(Encoding.UTF8.GetBytes(nested)), HttpStatusCode.BadRequest, "invalid-cursor");
        var huge = "[\"x\",\"" + new string('a', 100_000) + "\"]";
        await GetProblemAsync("/api/v1/areas?limit=2&cursor=" + ToBase64Url(Encoding.UTF8.GetBytes(huge)), HttpStatusCode.BadRequest, "invalid-cursor");
    }

    [Theory]
    [InlineData("POST", "/api/v1/areas")]
    [InlineData("PUT", "/api/v1/areas/E05009388")]
    [InlineData("DELETE", "/api/v1/targets/mpa-lps-kc-2010-t001")]
    [InlineData("PATCH", "/api/v1/crime-figures/series")]
    public async Task Writing_methods_are_405(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    private static JsonNode WithoutTraceId(JsonNode problem)
    {
        var copy = problem.DeepClone();
        copy["traceId"] = "*";
        return copy;
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
