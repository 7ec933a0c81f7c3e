using System.Net;
using System.Text.Json;
using OpenData.Query;

namespace OpenData.Tests.OpenApi;

/// <summary>
/// The OpenAPI document is the API's reference manual, so nothing in it may be left undocumented: every
/// operation has an id, a tag, a summary, a description and an example response; every parameter has a
/// description and an example; every tag a description. The failure lists every gap at once.
/// </summary>
public sealed class OpenApiCompletenessTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string[] Methods = ["get", "head", "post", "put", "patch", "delete", "options"];

    [Fact]
    public async Task Every_operation_and_parameter_has_a_summary_description_and_example()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var root = document.RootElement;
        var gaps = new List<string>();

        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation)) continue;
                var name = $"{method.ToUpperInvariant()} {path.Name}";
                foreach (var field in new[] { "operationId", "summary", "description" })
                {
                    if (Text(operation, field) is null) gaps.Add($"{name}: no {field}");
                }
                if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0) gaps.Add($"{name}: no tag");
                if (!HasSuccessExample(operation)) gaps.Add($"{name}: no example in its 2xx response");

                foreach (var parameter in Parameters(operation, path.Value))
                {
                    var parameterName = $"{name} parameter {Text(parameter, "name")} ({Text(parameter, "in")})";
                    if (Text(parameter, "description") is null) gaps.Add($"{parameterName}: no description");
                    if (!parameter.TryGetProperty("example", out _) && !parameter.TryGetProperty("examples", out _))
                    {
                        gaps.Add($"{parameterName}: no example");
                    }
                }
            }
        }

        var declared = root.TryGetProperty("tags", out var tagList)
            ? tagList.EnumerateArray().ToDictionary(t => Text(t, "name") ?? "", t => Text(t, "description"))
            : [];
        foreach (var (tag, description) in declared)
        {
            if (description is null) gaps.Add($"tag {tag}: no description");
        }

        Assert.True(gaps.Count == 0, $"{gaps.Count} gaps in the OpenAPI document:{Environment.NewLine}{string.Join(Environment.NewLine, gaps)}");
    }

    /// <summary>
    /// Generated clients only know the parameters the document declares: every filterable field of every
    /// collection is a query parameter with the field's type (dates as format date), its closed set as an enum,
    /// and an example that the live API accepts.
    /// </summary>
    [Fact]
    public async Task Every_filterable_field_of_every_collection_is_a_declared_typed_query_parameter_whose_example_works()
    {
        var client = app.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");
        var gaps = new List<string>();
        foreach (var dataset in DatasetCatalog.All)
        {
            var path = $"/api/v1/{dataset.Name}";
            var declared = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Where(p => Text(p, "in") == "query")
                .ToDictionary(p => Text(p, "name")!, p => p);
            foreach (var field in dataset.Fields.Where(f => f.Filterable))
            {
                // A field named like a grammar parameter (assessment-scores' total) is filtered as field__eq.
                var name = OpenData.Api.Rest.QueryStringGrammar.Reserved.Contains(field.Name) ? field.Name + "__eq" : field.Name;
                if (!declared.TryGetValue(name, out var parameter))
                {
                    gaps.Add($"{path}: {name} is not declared");
                    continue;
                }
                var schema = parameter.GetProperty("schema");
                var expectedType = field.Type switch
                {
                    FieldType.Integer => "integer",
                    FieldType.Number => "number",
                    FieldType.Boolean => "boolean",
                    _ => "string",
                };
                if (Text(schema, "type") != expectedType) gaps.Add($"{path}: {field.Name} has type {Text(schema, "type")}, not {expectedType}");
                if (field.Type == FieldType.Date && Text(schema, "format") != "date") gaps.Add($"{path}: {field.Name} is not format date");
                var enumValues = schema.TryGetProperty("enum", out var list) ? list.EnumerateArray().Select(v => v.GetString()).ToList() : null;
                if (!Equals(enumValues is null, field.AllowedValues is null) || (enumValues is not null && !enumValues.SequenceEqual(field.AllowedValues!)))
                {
                    gaps.Add($"{path}: {field.Name} enum {string.Join("|", enumValues ?? [])} is not the closed set {string.Join("|", field.AllowedValues ?? [])}");
                }
                var example = parameter.GetProperty("example");
                var value = example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText();
                using var response = await client.GetAsync($"{path}?{name}={Uri.EscapeDataString(value)}&limit=1");
                if (response.StatusCode != HttpStatusCode.OK) gaps.Add($"{path}?{name}={value}: {(int)response.StatusCode}");
            }
        }
        Assert.True(gaps.Count == 0, string.Join(Environment.NewLine, gaps));
    }

    /// <summary>The CSV a collection documents has the columns the export actually writes.</summary>
    [Fact]
    public async Task Every_collection_csv_response_has_an_example_with_the_exported_header()
    {
        var client = app.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var dataset in DatasetCatalog.All)
        {
            var path = $"/api/v1/{dataset.Name}";
            var csv = paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/csv");
            Assert.Equal("string", Text(csv.GetProperty("schema"), "type"));
            var example = csv.GetProperty("example").GetString()!;
            var exported = await client.GetStringAsync($"{path}?format=csv&limit=1");
            Assert.Equal(exported.Split("\r\n")[0], example.Split("\r\n")[0]);
            Assert.Equal(3, example.Split("\r\n").Length);
        }
    }

    private static IEnumerable<JsonElement> Parameters(JsonElement operation, JsonElement pathItem)
    {
        foreach (var owner in new[] { pathItem, operation })
        {
            if (!owner.TryGetProperty("parameters", out var parameters)) continue;
            foreach (var parameter in parameters.EnumerateArray()) yield return parameter;
        }
    }

    private static bool HasSuccessExample(JsonElement operation)
    {
        if (!operation.TryGetProperty("responses", out var responses)) return false;
        foreach (var response in responses.EnumerateObject().Where(r => r.Name.StartsWith('2')))
        {
            if (!response.Value.TryGetProperty("content", out var content)) continue;
            foreach (var media in content.EnumerateObject())
            {
                if (media.Value.TryGetProperty("example", out _) || media.Value.TryGetProperty("examples", out _)) return true;
            }
        }
        return false;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
