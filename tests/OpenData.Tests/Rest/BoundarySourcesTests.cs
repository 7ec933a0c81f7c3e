using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenData.Tests.Rest;

/// <summary>Every boundary file declared in datapackage.json names where it comes from (OS and ONS, with edition
/// years) and carries the attribution the API serves for its source.</summary>
public sealed partial class BoundarySourcesTests(TestApp app) : RestTest(app)
{
    [GeneratedRegex(@"\b(19|20)\d\d\b")]
    private static partial Regex Year();

    private static IEnumerable<JsonNode> BoundaryResources() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, "datapackage.json")))!["resources"]!.AsArray()
            .Where(r => (string?)r!["opendata:layout"] == "geojson-boundaries")!;

    [Fact]
    public async Task Each_boundary_file_names_its_os_and_ons_sources_with_their_editions_and_the_served_attribution()
    {
        var resources = BoundaryResources().ToList();
        Assert.Equal(5, resources.Count);
        foreach (var resource in resources)
        {
            var name = (string)resource["name"]!;
            var titles = resource["sources"]!.AsArray().Select(s => (string)s!["title"]!).ToList();
            Assert.True(titles.Count >= 2, name);
            Assert.All(titles, t => Assert.Matches(Year(), t));
            Assert.Contains(titles, t => t.Contains("Ordnance Survey", StringComparison.Ordinal) || t.Contains("OS data", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.Contains("Office for National Statistics", StringComparison.Ordinal));

            var source = (await GetJsonAsync($"/api/v1/sources/{resource["opendata:source_id"]}"))["data"]!;
            var attribution = (string)resource["opendata:attribution"]!;
            Assert.StartsWith(((string)source["attribution"]!).TrimEnd('.'), attribution, StringComparison.Ordinal);
            Assert.Contains("Ordnance Survey", attribution.Replace("OS data", "Ordnance Survey data", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        var wards2022 = resources.Single(r => (string?)r["opendata:boundary_set"] == "2022");
        var titles2022 = string.Join(" ", wards2022["sources"]!.AsArray().Select(s => (string)s!["title"]!));
        Assert.Contains("December 2022", titles2022, StringComparison.Ordinal);
        Assert.Contains("centroids", titles2022, StringComparison.Ordinal);
        Assert.Contains("2022", (string)wards2022["opendata:attribution"]!, StringComparison.Ordinal);
    }
}
