using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace OpenData.Tests.Http;

/// <summary>
/// api.http at the repository root is living documentation: one request per route, each with the status it
/// documents in a <c># expect NNN</c> line. These tests replay every request against the app and check that every
/// route the app maps has at least one request there.
/// </summary>
public sealed partial class ApiHttpFileTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly Lazy<IReadOnlyList<HttpFileRequest>> Requests =
        new(() => HttpFile.Parse(File.ReadAllText(RepositoryFiles.InRepository("api.http"))));

    [Fact]
    public async Task Every_request_in_api_http_gets_the_status_it_documents()
    {
        var client = app.CreateClient();
        var failures = new List<string>();
        foreach (var documented in Requests.Value)
        {
            using var request = documented.ToHttpRequestMessage();
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status != documented.ExpectedStatus || status >= 500)
            {
                var body = await response.Content.ReadAsStringAsync();
                failures.Add($"line {documented.Line} {documented.Method} {documented.Target}: expected {documented.ExpectedStatus}, got {status} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_route_has_a_request_in_api_http()
    {
        var missing = new List<string>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var matcher = new TemplateMatcher(TemplateParser.Parse(endpoint.RoutePattern.RawText ?? ""), new());
            var covered = Requests.Value.Any(r => methods.Contains(r.Method) && matcher.TryMatch(r.Path, new()));
            if (!covered) missing.Add($"{string.Join("|", methods)} {endpoint.RoutePattern.RawText}");
        }

        Assert.True(missing.Count == 0, $"Routes with no request in api.http:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    [Fact]
    public void The_parser_reads_variables_headers_bodies_and_expectations()
    {
        var requests = HttpFile.Parse("""
            @host = http://localhost:5080
            @api = {{host}}/api/v1

            ### First
            # expect 200
            GET {{api}}/areas?limit=2 HTTP/1.1
            Accept: text/csv

            ### Second
            // a comment
            # expect 400
            POST {{host}}/graphql
            Content-Type: application/json

            {"query": "{ x }"}
            """);

        Assert.Equal(2, requests.Count);
        Assert.Equal(("GET", "/api/v1/areas?limit=2", 200), (requests[0].Method, requests[0].Target, requests[0].ExpectedStatus));
        Assert.Equal("text/csv", requests[0].Headers["Accept"]);
        Assert.Equal(("POST", "/graphql", 400), (requests[1].Method, requests[1].Target, requests[1].ExpectedStatus));
        Assert.Equal("""{"query": "{ x }"}""", requests[1].Body);
    }

    /// <summary>The .http format of Visual Studio, Rider and VS Code REST Client, as far as api.http uses it.</summary>
    internal static partial class HttpFile
    {
        public static IReadOnlyList<HttpFileRequest> Parse(string text)
        {
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            var requests = new List<HttpFileRequest>();
            HttpFileRequest? current = null;
            int? expected = null;
            var inBody = false;
            var body = new StringBuilder();

            void Finish()
            {
                if (current is null) return;
                current.Body = body.ToString().Trim();
                requests.Add(current);
                current = null;
                body.Clear();
            }

            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.StartsWith("###", StringComparison.Ordinal))
                {
                    Finish();
                    expected = null;
                    inBody = false;
                    continue;
                }
                if (current is null)
                {
                    if (line.Length == 0) continue;
                    if (Variable().Match(line) is { Success: true } variable)
                    {
                        variables[variable.Groups[1].Value] = Substitute(variable.Groups[2].Value.Trim(), variables);
                        continue;
                    }
                    if (Expect().Match(line) is { Success: true } expect)
                    {
                        expected = int.Parse(expect.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        continue;
                    }
                    if (line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal)) continue;
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var url = Substitute(parts[1], variables);
                    var target = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : url;
                    current = new HttpFileRequest(i + 1, parts[0].ToUpperInvariant(), target,
                        expected ?? throw new FormatException($"api.http line {i + 1}: the request has no `# expect NNN` line above it."));
                    continue;
                }
                if (!inBody)
                {
                    if (line.Length == 0)
                    {
                        inBody = true;
                        continue;
                    }
                    if (line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal)) continue;
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    current.Headers[line[..colon].Trim()] = Substitute(line[(colon + 1)..].Trim(), variables);
                    continue;
                }
                body.Append(lines[i]).Append('\n');
            }
            Finish();
            return requests;
        }

        private static string Substitute(string value, IReadOnlyDictionary<string, string> variables) =>
            Reference().Replace(value, m => variables.TryGetValue(m.Groups[1].Value, out var v)
                ? v
                : throw new FormatException($"api.http uses {{{{{m.Groups[1].Value}}}}} but never defines it."));

        [GeneratedRegex(@"^@([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")]
        private static partial Regex Variable();

        [GeneratedRegex(@"^#\s*expect\s+(\d{3})\b")]
        private static partial Regex Expect();

        [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
        private static partial Regex Reference();
    }

    internal sealed class HttpFileRequest(int line, string method, string target, int expectedStatus)
    {
        public int Line { get; } = line;
        public string Method { get; } = method;
        public string Target { get; } = target;
        public int ExpectedStatus { get; } = expectedStatus;
        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
        public string Body { get; set; } = "";

        public string Path => Uri.UnescapeDataString(Target.Split('?')[0]);

        public HttpRequestMessage ToHttpRequestMessage()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Target);
            if (Body.Length > 0)
            {
                request.Content = new StringContent(Body, Encoding.UTF8);
                request.Content.Headers.ContentType = null;
            }
            foreach (var (name, value) in Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            return request;
        }
    }
}
