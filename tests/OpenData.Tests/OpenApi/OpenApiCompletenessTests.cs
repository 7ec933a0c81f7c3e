using System.Text.Json;

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
