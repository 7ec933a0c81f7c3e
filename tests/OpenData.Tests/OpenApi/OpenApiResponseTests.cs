using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenData.Tests.OpenApi;

/// <summary>
/// The JSON bodies are written by hand (Utf8JsonWriter) while the OpenAPI document describes them with DTO types, so
/// nothing but this test keeps the two together: one real response of every operation of the committed
/// schema/openapi.v1.json, for each JSON media type its success response lists, is checked against the schema the
/// document gives for it. Path and required query parameters take the document's own examples. Every property of the
/// body must be declared (whether or not the schema says <c>additionalProperties: false</c>), every required one
/// present, and every value of the declared type and format; null only where the schema is nullable.
/// </summary>
public sealed partial class OpenApiResponseTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(OpenApiSnapshotTests.SnapshotPath))!.AsObject());

    public static TheoryData<string, string, string> Operations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, operations) in Document.Value["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                foreach (var mediaType in JsonMediaTypes(SuccessResponse(operation!).Response))
                {
                    data.Add(method.ToUpperInvariant(), path, mediaType);
                }
            }
        }
        return data;
    }

    [Fact]
    public void Every_operation_of_the_document_is_checked()
    {
        var operations = Operations().Select(row => ((string)row[0], (string)row[1])).Distinct().Count();
        var documented = Document.Value["paths"]!.AsObject().Sum(p => p.Value!.AsObject().Count);
        // The Atom feed has no JSON body (ReleaseFeedTests validates it as Atom); the DCAT catalogue's JSON-LD has no
        // JSON schema (DcatCatalogTests expands it with jsonld.js and checks the DCAT-AP properties).
        var notJson = Document.Value["paths"]!.AsObject()
            .Where(p => p.Value!.AsObject().All(o => !JsonMediaTypes(SuccessResponse(o.Value!).Response).Any()))
            .Select(p => p.Key);
        Assert.Equal(["/api/v1/releases.atom", "/api/v1/catalog"], notJson.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(documented - 2, operations);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_real_response_matches_the_schema_the_document_gives_for_it(string method, string path, string mediaType)
    {
        var operation = Document.Value["paths"]![path]![method.ToLowerInvariant()]!;
        var (status, response) = SuccessResponse(operation);
        var schema = response["content"]![mediaType]!["schema"]!;

        using var request = new HttpRequestMessage(new HttpMethod(method), RequestUri(path, operation));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        using var answer = await app.CreateClient().SendAsync(request);
        var body = await answer.Content.ReadAsStringAsync();

        Assert.True(status == ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture),
            $"{method} {request.RequestUri} answered {(int)answer.StatusCode}, the document says {status}: {body}");
        Assert.Equal(mediaType, answer.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(body);
        // An empty list checks nothing of its rows. The first release lists no changed rows: a second release's are
        // checked below.
        if (path != ChangesPath && json?["data"] is JsonArray rows) Assert.NotEmpty(rows);
        var errors = new List<string>();
        Validate(json, schema, "$", errors);
        // One line per kind of mismatch, not one per row.
        var distinct = errors.Select(e => ArrayIndex().Replace(e, "[]")).Distinct().Take(20);
        Assert.True(errors.Count == 0,
            $"{method} {request.RequestUri} ({mediaType}) does not match its schema:{Environment.NewLine}{string.Join(Environment.NewLine, distinct)}");
    }

    private const string ChangesPath = "/api/v1/releases/{id}/changes";

    [Fact]
    public async Task A_second_release_s_changed_rows_match_their_schema()
    {
        using var seed = new OpenData.Tests.Import.SeedCopy();
        using var store = new TestApp();
        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        var second = await OpenData.Import.SeedImport.ImportAsync(new OpenData.Import.ImportOptions { SeedDataDirectory = seed.SeedData, DatabasePath = store.DatabasePath });
        Assert.True(second.Succeeded, string.Join(Environment.NewLine, second.Errors));

        var body = JsonNode.Parse(await store.CreateClient().GetStringAsync($"/api/v1/releases/{second.ReleaseId}/changes"));
        Assert.NotEmpty(body!["data"]!.AsArray());
        var schema = Document.Value["paths"]![ChangesPath]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        var errors = new List<string>();
        Validate(body, schema, "$", errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    /// <summary>The path with its parameters, and the required query parameters, filled from the document's examples.</summary>
    private static string RequestUri(string path, JsonNode operation)
    {
        var query = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var example = parameter["example"] is JsonValue value ? value.ToString() : null;
            if (location == "path")
            {
                Assert.True(example is not null, $"{path}: path parameter {name} has no example");
                path = path.Replace("{" + name + "}", Uri.EscapeDataString(example!), StringComparison.Ordinal);
            }
            else if (location == "query" && parameter["required"]?.GetValue<bool>() == true)
            {
                Assert.True(example is not null, $"{path}: required query parameter {name} has no example");
                query.Add(name + "=" + Uri.EscapeDataString(example!));
            }
        }
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    private static (string Status, JsonNode Response) SuccessResponse(JsonNode operation)
    {
        var (status, response) = operation["responses"]!.AsObject().First(r => r.Key.StartsWith('2'));
        return (status, response!);
    }

    /// <summary>The JSON media types a response lists; problem details only when that is the only one.</summary>
    private static IEnumerable<string> JsonMediaTypes(JsonNode response)
    {
        var types = response["content"]?.AsObject().Select(c => c.Key).ToList() ?? [];
        var json = types.Where(t => t is "application/json" or "application/geo+json").ToList();
        return json.Count > 0 ? json : types.Where(t => t == "application/problem+json");
    }

    private static JsonNode Resolve(JsonNode schema)
    {
        while (schema["$ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>()["#/components/schemas/".Length..];
            schema = Document.Value["components"]!["schemas"]![name] ?? throw new InvalidOperationException($"No schema {name}");
        }
        return schema;
    }

    /// <summary>Checks a value against an OpenAPI 3.0 schema: $ref, type, nullable, format, enum, properties,
    /// required, additionalProperties and items (the constructs the document uses).</summary>
    private static void Validate(JsonNode? value, JsonNode schema, string at, List<string> errors)
    {
        schema = Resolve(schema);
        var type = schema["type"]?.GetValue<string>();
        if (value is null)
        {
            if (type is not null && schema["nullable"]?.GetValue<bool>() != true) errors.Add($"{at}: null, but the schema's {type} is not nullable");
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }
        switch (type)
        {
            case null:
                return; // any value (e.g. a GeoJSON geometry)
            case "object" when value is JsonObject obj:
                var properties = schema["properties"]?.AsObject();
                var additional = schema["additionalProperties"];
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    if (!obj.ContainsKey(required!.GetValue<string>())) errors.Add($"{at}: required property {required} is missing");
                }
                foreach (var (name, child) in obj)
                {
                    if (properties?[name] is JsonNode declared) Validate(child, declared, $"{at}.{name}", errors);
                    else if (additional is JsonObject map) Validate(child, map, $"{at}.{name}", errors);
                    else errors.Add($"{at}: property {name} is not in the schema");
                }
                return;
            case "array" when value is JsonArray array:
                for (var i = 0; i < array.Count; i++) Validate(array[i], schema["items"]!, $"{at}[{i}]", errors);
                return;
            case "string" when value.GetValueKind() == JsonValueKind.String:
                CheckFormat(value.GetValue<string>(), schema["format"]?.GetValue<string>(), at, errors);
                return;
            case "integer" when value.GetValueKind() == JsonValueKind.Number:
                var number = value.GetValue<decimal>();
                if (number != decimal.Truncate(number)) errors.Add($"{at}: {number} is not an integer");
                else if (schema["format"]?.GetValue<string>() == "int32" && number is > int.MaxValue or < int.MinValue) errors.Add($"{at}: {number} is not an int32");
                return;
            case "number" when value.GetValueKind() == JsonValueKind.Number:
            case "boolean" when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return;
            default:
                errors.Add($"{at}: {Shorten(value.ToJsonString())} is not of type {type}");
                return;
        }
    }

    private static void CheckFormat(string text, string? format, string at, List<string> errors)
    {
        var ok = format switch
        {
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Contains('T', StringComparison.Ordinal),
            _ => true,
        };
        if (!ok) errors.Add($"{at}: \"{text}\" is not a {format}");
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ArrayIndex();

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "...";
}
