using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Query;
using Xunit.Abstractions;

namespace OpenData.Tests.Http;

/// <summary>
/// The hostile walk: every GET route the app maps (read from its EndpointDataSource, so a new route is walked
/// without touching this file), with its query parameters from the OpenAPI document plus the shared grammar,
/// gets malformed and hostile values. Every answer must be a 2xx, or a 4xx in the one problem shape; never a
/// 5xx, never a bare 4xx. Failures are collected and listed together, so one run shows every hole.
/// </summary>
public sealed partial class HostileInputTests(TestApp app, ITestOutputHelper output) : IClassFixture<TestApp>
{
    private const int MaxListed = 60;

    /// <summary>Names every collection understands (paging, sorting, fields, formats) and names nobody does.</summary>
    private static readonly string[] SharedParameters =
    [
        "limit", "cursor", "sort", "fields", "format", "total", "bom", "q", "include_superseded",
        "unknown_parameter", "code__in", "name__zz", "LIMIT",
    ];

    /// <summary>Filter operators tried on every field of a dataset collection (besides plain equality, which
    /// parses values the same way as the comparisons).</summary>
    private static readonly string[] Operators = ["in"];

    private static readonly string LongValue = new('a', 10_000);

    private static readonly Action<HttpRequestMessage> NoHeaders = static _ => { };

    /// <summary>
    /// For the parameters a route documents: wrong types, huge and odd numbers, 10k characters, SQL and script
    /// injection, bad dates, bad sort and field lists, forged cursors, and Unicode that breaks naive code.
    /// Sent escaped, as a client library would send them.
    /// </summary>
    private static readonly string[] Values =
    [
        "", " ", "abc", "-1", "0", "1.5", "1e309", "NaN", "99999999999999999999999999", "2147483648", "true", "null",
        LongValue, "' OR '1'='1", "1; DROP TABLE areas; --", "%' --", "\\", "_", "*",
        "<script>alert(1)</script>", "${7*7}", "../../etc/passwd",
        "2024-13-45", "0000-00-00", "9999-12-31", "2024-02-30",
        "name,-name,,", "-", "--id", ",,,,", string.Join(",", Enumerable.Repeat("code", 500)),
        "💥", "\u202Eevil", "\u0000", "\uFFFF", "eyJ2IjoxLCJrIjpbIi0xIl19",
    ];

    /// <summary>Values sent raw: broken percent-encoding and bytes that are not UTF-8.</summary>
    private static readonly string[] RawValues = ["%", "%zz", "%ED%A0%80", "%C0%AF", "%FF%FE"];

    /// <summary>A shorter set for names a route does not document and for every field filter.</summary>
    private static readonly string[] QuickValues =
    [
        "", "abc", "-1", "99999999999999999999999999", LongValue, "' OR '1'='1", "2024-13-45", "\u0000",
    ];

    private static readonly string[] QuickRawValues = ["%ED%A0%80"];

    /// <summary>
    /// Cursors shaped like ours (base64url of a JSON array, one to four sort values after the check) holding what
    /// no cursor of ours holds: numbers beyond double, lone surrogates, nesting, objects. Tried on every route.
    /// </summary>
    private static readonly string[] ForgedCursors =
    [
        .. new[] { "1e400", "-1e400", "123456789012345678901234567890", "\"\\ud800\"", "[[[[1]]]]", "{\"a\":1}", "\"2024-13-45\"" }
            .SelectMany(value => Enumerable.Range(1, 4).Select(count =>
                $"[\"AAAAAAAAAAAA\",{string.Join(",", Enumerable.Repeat(value, count))}]")),
        string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000)),
    ];

    [Fact]
    public async Task Every_get_route_answers_hostile_query_parameters_without_a_server_error()
    {
        var routes = await RoutesAsync();
        var requests = new List<string>();
        foreach (var route in routes)
        {
            var path = route.ExamplePath;
            foreach (var name in route.QueryParameters)
            {
                requests.AddRange(Hostile(path, name, Values, RawValues));
                requests.Add($"{path}?{Uri.EscapeDataString(name)}=1&{Uri.EscapeDataString(name)}=2");
            }
            var fieldFilters = DatasetCatalog.All.FirstOrDefault(d => route.Template == $"/api/v1/{d.Name}")?.Fields
                .SelectMany(f => Operators.Select(op => $"{f.Name}__{op}").Prepend(f.Name)) ?? [];
            foreach (var name in SharedParameters.Concat(fieldFilters).Except(route.QueryParameters, StringComparer.Ordinal))
            {
                requests.AddRange(Hostile(path, name, QuickValues, QuickRawValues));
            }
            requests.AddRange(ForgedCursors.Select(json =>
                $"{path}?cursor={System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}"));
            requests.Add($"{path}?{string.Join("&", route.QueryParameters.Select(n => $"{Uri.EscapeDataString(n)}=%27%3B--"))}");
            requests.Add($"{path}?=x&&&=&{Uri.EscapeDataString(LongValue)}=1");
        }

        await WalkAsync(requests.Select(r => (r, NoHeaders)));
    }

    private static IEnumerable<string> Hostile(string path, string name, string[] values, string[] rawValues) =>
        values.Select(v => $"{path}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(v)}")
            .Concat(rawValues.Select(v => $"{path}?{Uri.EscapeDataString(name)}={v}"));

    [Fact]
    public async Task Every_get_route_answers_hostile_path_segments_without_a_server_error()
    {
        var routes = await RoutesAsync();
        var requests = new List<string>();
        foreach (var route in routes.Where(r => r.PathParameters.Count > 0))
        {
            foreach (var parameter in route.PathParameters)
            {
                // No NUL in paths: the in-memory test server refuses to build such a request (Kestrel answers 400).
                foreach (var value in Values.Where(v => v.Length > 0 && !v.Contains('\0')).Append("..").Append("%2F"))
                {
                    requests.Add(route.PathWith(parameter, Uri.EscapeDataString(value)));
                }
                requests.AddRange(RawValues.Select(v => route.PathWith(parameter, v)));
            }
        }

        await WalkAsync(requests.Select(r => (r, NoHeaders)));
    }

    [Fact]
    public async Task Every_get_route_answers_hostile_headers_without_a_server_error()
    {
        var headers = new (string Name, string Value)[]
        {
            ("Accept", ";;;"), ("Accept", "*/*;q=abc"), ("Accept", "text/csv;q=0, application/json;q=0"), ("Accept", LongValue),
            ("Accept-Encoding", "gzip;q=NaN, br;q=-1"), ("If-None-Match", "garbage"), ("If-None-Match", "\"" + LongValue + "\""),
            ("If-None-Match", "*"), ("If-Modified-Since", "not a date"), ("If-Modified-Since", "Sat, 31 Dec 9999 23:59:59 GMT"),
            ("Range", "bytes=0-1"), ("X-Forwarded-For", "999.999.999.999, <script>"), ("Origin", "null"), ("Content-Type", "text/plain"),
        };
        var routes = await RoutesAsync();

        await WalkAsync(routes.SelectMany(route => headers.Select(header =>
            (route.ExamplePath, (Action<HttpRequestMessage>)(r => r.Headers.TryAddWithoutValidation(header.Name, header.Value))))));
    }

    private async Task WalkAsync(IEnumerable<(string Path, Action<HttpRequestMessage> Configure)> requests)
    {
        var client = app.CreateClient();
        var failures = new ConcurrentBag<string>();
        var all = requests.ToList();
        Assert.NotEmpty(all);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, item.Path);
            item.Configure(request);
            using var response = await client.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var problem = status switch
            {
                >= 500 => $"server error: {Shorten(body)}",
                >= 400 when item.Path.StartsWith("/graphql", StringComparison.Ordinal) => GraphQLErrorShape(response, body),
                // The path as the server routes it (/swagger/../swagger.json is /swagger.json, a site path).
                >= 400 when OpenData.Api.Site.SiteApi.IsSitePath(new Uri(new Uri("http://localhost"), item.Path).AbsolutePath) => SitePageShape(response, body),
                >= 400 => ProblemAssert.ShapeError(response, body),
                >= 300 and not 304 => "redirect",
                _ => null,
            };
            if (problem is not null) failures.Add($"{status} GET {Shorten(item.Path)} {Describe(request)}: {problem}");
        });
        output.WriteLine($"{all.Count} requests, {failures.Count} failures");
        var listed = failures.Order(StringComparer.Ordinal).Take(MaxListed).ToList();
        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {all.Count} hostile requests were answered badly (first {listed.Count}):{Environment.NewLine}" +
            string.Join(Environment.NewLine, listed));
    }

    /// <summary>
    /// GraphQL over HTTP answers in its own error format (a response with an <c>errors</c> list), as the GraphQL
    /// specification requires, not in problem details.
    /// </summary>
    private static string? GraphQLErrorShape(HttpResponseMessage response, string body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType == "application/problem+json") return ProblemAssert.ShapeError(response, body);
        if (mediaType is not ("application/json" or "application/graphql-response+json")) return $"media type {mediaType}";
        try
        {
            using var document = JsonDocument.Parse(body);
            var errors = document.RootElement.GetProperty("errors");
            return errors.GetArrayLength() > 0 && errors[0].GetProperty("message").ValueKind == JsonValueKind.String
                ? null
                : "no error message";
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "not a GraphQL response: " + exception.Message;
        }
    }

    /// <summary>A site page answers a bad address with a page in the site's frame saying what is wrong (a reader's
    /// browser shows it), not with problem details; never with a stack trace.</summary>
    private static string? SitePageShape(HttpResponseMessage response, string body) =>
        response.Content.Headers.ContentType?.MediaType != "text/html" ? $"media type {response.Content.Headers.ContentType?.MediaType}"
        : !body.Contains("<h1>", StringComparison.Ordinal) ? "a page without a heading"
        : body.Contains(" at OpenData.", StringComparison.Ordinal) ? "a stack trace"
        : null;

    private static string Describe(HttpRequestMessage request) =>
        string.Join(" ", request.Headers.Select(h => $"[{h.Key}: {Shorten(string.Join(",", h.Value))}]"));

    private static string Shorten(string value) => value.Length <= 160 ? value : value[..160] + $"…({value.Length} chars)";

    /// <summary>GET routes from the EndpointDataSource, with query parameters and path examples from the OpenAPI document.</summary>
    private async Task<IReadOnlyList<WalkedRoute>> RoutesAsync()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");
        var routes = new List<WalkedRoute>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || !methods.Contains("GET")) continue;
            var template = "/" + Constraint().Replace(endpoint.RoutePattern.RawText ?? "", "}").TrimStart('/');
            var query = new List<string>();
            var examples = new Dictionary<string, string>(StringComparer.Ordinal);
            if (paths.TryGetProperty(template, out var item) && item.TryGetProperty("get", out var get) && get.TryGetProperty("parameters", out var parameters))
            {
                foreach (var parameter in parameters.EnumerateArray())
                {
                    var name = parameter.GetProperty("name").GetString()!;
                    var location = parameter.GetProperty("in").GetString();
                    if (location == "query") query.Add(name);
                    if (location == "path" && parameter.TryGetProperty("example", out var example)) examples[name] = example.ToString();
                }
            }
            var pathParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            routes.Add(new WalkedRoute(template, query, pathParameters, examples));
        }
        Assert.NotEmpty(routes);
        return routes;
    }

    [GeneratedRegex(@":[^}]*\}|\?\}")]
    private static partial Regex Constraint();

    private sealed record WalkedRoute(string Template, IReadOnlyList<string> QueryParameters, IReadOnlyList<string> PathParameters,
        IReadOnlyDictionary<string, string> PathExamples)
    {
        /// <summary>The route with every path parameter at its documented example (or a plausible value).</summary>
        public string ExamplePath => PathWith(null, null);

        public string PathWith(string? parameter, string? value)
        {
            var path = new StringBuilder(Template);
            foreach (var name in PathParameters)
            {
                var replacement = name == parameter ? value! : Uri.EscapeDataString(PathExamples.GetValueOrDefault(name, "x"));
                path.Replace("{" + name + "}", replacement);
            }
            return path.ToString();
        }
    }
}
