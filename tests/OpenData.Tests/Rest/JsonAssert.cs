using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>Whole-payload comparison of JSON documents, with the release block (which changes with every import)
/// replaced by a placeholder.</summary>
public static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Equal(string expected, JsonNode actual)
    {
        var normalised = Normalise(actual.DeepClone());
        var expectedNode = JsonNode.Parse(expected)!;
        if (!JsonNode.DeepEquals(expectedNode, normalised))
        {
            Assert.Fail($"JSON differs.\nExpected:\n{expectedNode.ToJsonString(Indented)}\nActual:\n{normalised.ToJsonString(Indented)}");
        }
    }

    /// <summary>Replaces every "release" object by {"id": "*"}: release ids, hashes and times depend on the import run.</summary>
    public static JsonNode Normalise(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "release" && value is JsonObject) obj[key] = new JsonObject { ["id"] = "*" };
                    else if (value is not null) Normalise(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null) Normalise(item);
                }
                break;
        }
        return node;
    }
}
