using OpenData.Api.Rest;

namespace OpenData.Tests.Rest;

/// <summary>The examples the OpenAPI document gives for each dataset route work against the published data.</summary>
public sealed class DocumentedExamplesTests(TestApp app) : RestTest(app)
{
    public static TheoryData<string, string, string, string> Examples() => new()
    {
        { SourcesApi.Resource.Dataset.Name, SourcesApi.Resource.KeyExample, SourcesApi.Resource.FilterExample.Name, SourcesApi.Resource.FilterExample.Value },
        { AreasApi.Resource.Dataset.Name, AreasApi.Resource.KeyExample, AreasApi.Resource.FilterExample.Name, AreasApi.Resource.FilterExample.Value },
        { OffenceCategoriesApi.Resource.Dataset.Name, OffenceCategoriesApi.Resource.KeyExample, OffenceCategoriesApi.Resource.FilterExample.Name, OffenceCategoriesApi.Resource.FilterExample.Value },
        { CrimeFiguresApi.Resource.Dataset.Name, CrimeFiguresApi.Resource.KeyExample, CrimeFiguresApi.Resource.FilterExample.Name, CrimeFiguresApi.Resource.FilterExample.Value },
        { IndicatorsApi.Resource.Dataset.Name, IndicatorsApi.Resource.KeyExample, IndicatorsApi.Resource.FilterExample.Name, IndicatorsApi.Resource.FilterExample.Value },
        { TargetsApi.Resource.Dataset.Name, TargetsApi.Resource.KeyExample, TargetsApi.Resource.FilterExample.Name, TargetsApi.Resource.FilterExample.Value },
        { PrioritiesApi.Resource.Dataset.Name, PrioritiesApi.Resource.KeyExample, PrioritiesApi.Resource.FilterExample.Name, PrioritiesApi.Resource.FilterExample.Value },
        { ActionsApi.Resource.Dataset.Name, ActionsApi.Resource.KeyExample, ActionsApi.Resource.FilterExample.Name, ActionsApi.Resource.FilterExample.Value },
        { AssessmentScoresApi.Resource.Dataset.Name, AssessmentScoresApi.Resource.KeyExample, AssessmentScoresApi.Resource.FilterExample.Name, AssessmentScoresApi.Resource.FilterExample.Value },
        { RisksApi.Resource.Dataset.Name, RisksApi.Resource.KeyExample, RisksApi.Resource.FilterExample.Name, RisksApi.Resource.FilterExample.Value },
        { ReleasesApi.Resource.Dataset.Name, ReleasesApi.Resource.KeyExample, ReleasesApi.Resource.FilterExample.Name, ReleasesApi.Resource.FilterExample.Value },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_key_and_filter_examples_find_rows(string dataset, string key, string filter, string value)
    {
        await GetJsonAsync($"/api/v1/{dataset}/{Uri.EscapeDataString(key)}");
        var list = await GetJsonAsync($"/api/v1/{dataset}?{filter}={Uri.EscapeDataString(value)}&limit=1");
        Assert.NotEmpty(list["data"]!.AsArray());
    }
}
