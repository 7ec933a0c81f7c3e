using OpenData.Api.Rest;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>The examples the OpenAPI document gives for each dataset route work against the published data.</summary>
public sealed class DocumentedExamplesTests(TestApp app) : RestTest(app)
{
    /// <summary>Every dataset of the registry: its key example and its filter example.</summary>
    public static TheoryData<string, string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var resource in DatasetCatalog.All.Select(RestResources.Of))
        {
            data.Add(resource.Dataset.Name, resource.KeyExample, resource.FilterExample.Name, resource.FilterExample.Value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_key_and_filter_examples_find_rows(string dataset, string key, string filter, string value)
    {
        await GetJsonAsync($"/api/v1/{dataset}/{Uri.EscapeDataString(key)}");
        var list = await GetJsonAsync($"/api/v1/{dataset}?{filter}={Uri.EscapeDataString(value)}&limit=1");
        Assert.NotEmpty(list["data"]!.AsArray());
    }
}
