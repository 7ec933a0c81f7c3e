using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenData.Tests.GraphQL;

/// <summary>Posts GraphQL requests to /graphql the way a client library does and reads the response document.</summary>
public static class GraphQLClient
{
    public static async Task<JsonObject> PostAsync(HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"Not a JSON object: {body}");
    }

    /// <summary>The <c>data</c> of a response that must have no errors.</summary>
    public static async Task<JsonObject> DataAsync(HttpClient client, string query, object? variables = null)
    {
        var response = await PostAsync(client, query, variables);
        Assert.True(response["errors"] is null, $"Unexpected errors: {response["errors"]?.ToJsonString()}");
        return response["data"]!.AsObject();
    }

    /// <summary>The single error of a response that must fail.</summary>
    public static async Task<JsonObject> ErrorAsync(HttpClient client, string query, object? variables = null)
    {
        var response = await PostAsync(client, query, variables);
        var errors = response["errors"]?.AsArray();
        Assert.True(errors is { Count: > 0 }, $"Expected an error, got {Shorten(response.ToJsonString())}");
        return errors![0]!.AsObject();
    }

    /// <summary>A REST JSON row with the GraphQL field names: snake_case to camelCase, <c>id</c> to <c>key</c>, no links.</summary>
    public static JsonObject AsGraphQLRow(JsonNode restRow, IReadOnlyDictionary<string, string>? renames = null)
    {
        var row = new JsonObject();
        foreach (var (name, value) in restRow.AsObject())
        {
            if (name == "links") continue;
            var graphName = renames?.GetValueOrDefault(name) ?? (name == "id" ? "key" : Camel(name));
            row[graphName] = value?.DeepClone();
        }
        return row;
    }

    public static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    public static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + $"…({text.Length} chars)";

    public static string Pretty(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
