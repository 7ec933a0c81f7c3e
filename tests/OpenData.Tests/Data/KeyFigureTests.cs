using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OpenData.Tests.Data;

/// <summary>
/// The documents' headline figures, read back through the API from the store the import built: a figure that is
/// transcribed, validated, imported and served correctly comes back exactly as published. The list
/// (Data/key_figures.json) was written by the transcribers with the quote each value comes from.
/// </summary>
public sealed class KeyFigureTests(TestApp app) : IClassFixture<TestApp>
{
    public static TheoryData<string, string, string, string> KeyFigures()
    {
        var data = new TheoryData<string, string, string, string>();
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.InRepository("tests", "OpenData.Tests", "Data", "key_figures.json")));
        foreach (var figure in json.RootElement.EnumerateArray())
        {
            data.Add(
                figure.GetProperty("dataset").GetString()!,
                figure.GetProperty("id").GetString()!,
                figure.GetProperty("field").GetString()!,
                figure.GetProperty("expected").GetRawText());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KeyFigures))]
    public async Task A_published_headline_figure_is_served_exactly_as_published(string dataset, string id, string field, string expectedJson)
    {
        var route = dataset.Replace('_', '-');
        using var response = await app.CreateClient().GetAsync($"/api/v1/{route}/{Uri.EscapeDataString(id)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var actual = body.RootElement.GetProperty("data").GetProperty(field);

        using var expected = JsonDocument.Parse(expectedJson);
        if (expected.RootElement.ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(JsonValueKind.Number, actual.ValueKind);
            Assert.Equal(expected.RootElement.GetDecimal(), actual.GetDecimal());
        }
        else
        {
            // The list holds values as the CSV writes them: booleans as true/false, dates as YYYY-MM-DD.
            var served = actual.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => actual.GetDecimal().ToString(CultureInfo.InvariantCulture),
                _ => actual.ToString(),
            };
            Assert.Equal(expected.RootElement.ToString(), served);
        }
    }

    [Fact]
    public void Every_published_document_has_headline_figures_to_check()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.InRepository("tests", "OpenData.Tests", "Data", "key_figures.json")));
        var documents = json.RootElement.EnumerateArray().Select(figure => figure.GetProperty("source_id").GetString()!).ToHashSet();
        foreach (var source in new[] { "rbkc-nrs-2003", "rbkc-ccsp-2008", "rbkc-bsc-2019", "kent-csa-2012", "mpa-lps-kc-2010" })
        {
            Assert.Contains(documents, document => document.StartsWith(source, StringComparison.Ordinal));
        }
    }
}
