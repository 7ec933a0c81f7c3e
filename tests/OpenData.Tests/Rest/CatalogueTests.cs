using System.Text.Json.Nodes;
using OpenData.Tests.Http;

namespace OpenData.Tests.Rest;

/// <summary>The catalogue (/datasets) and the releases that name where every response came from.</summary>
public sealed class CatalogueTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task The_catalogue_lists_every_dataset_with_licence_provenance_size_and_fields()
    {
        var body = await GetJsonAsync("/api/v1/datasets");
        var entries = body["data"]!.AsArray();
        Assert.Equal(OpenData.Query.DatasetCatalog.All.Select(d => d.ResourceName), entries.Select(e => (string)e!["name"]!));
        Assert.Contains("funding_figures", entries.Select(e => (string)e!["name"]!));
        var target = entries.Single(e => (string)e!["name"]! == "targets")!;
        JsonAssert.Equal("""
            [
              { "field": "area_code", "dataset": "areas", "rel": "area", "inverse_rel": "targets" },
              { "field": "category_id", "dataset": "offence_categories", "rel": "category", "inverse_rel": "targets" },
              { "field": "indicator_id", "dataset": "indicators", "rel": "indicator", "inverse_rel": "targets" },
              { "field": "source_id", "dataset": "sources", "rel": "source", "inverse_rel": "targets" },
              { "field": "measure_type_id", "dataset": "measure_types", "rel": "measure_type", "inverse_rel": "targets" }
            ]
            """, target["foreign_keys"]!);
        foreach (var entry in entries)
        {
            // Named as in datapackage.json; the path spells the name with hyphens.
            var name = (string)entry!["name"]!;
            var path = "/api/v1/" + name.Replace('_', '-');
            var list = await GetJsonAsync($"{path}?total=true&limit=1" + (name == "crime_figures" ? "&include_superseded=true" : ""));
            Assert.Equal((long)list["meta"]!["total"]!, (long)entry["row_count"]!);
            Assert.Equal(name, (string?)list["meta"]!["dataset"]);
            Assert.Equal(path, (string?)entry["links"]!["collection"]);
            var csv = (string)entry["links"]!["csv"]!;
            Assert.Equal(name == "crime_figures" ? $"{path}?format=csv&include_superseded=true" : $"{path}?format=csv", csv);
            if (name != "crime_figures")
            {
                var rows = Csv.Parse(await Client.GetStringAsync(csv));
                Assert.Equal((long)entry["row_count"]!, rows.Count - 1);
            }
            Assert.NotEmpty(entry["fields"]!.AsArray());
            Assert.All(entry["fields"]!.AsArray(), f => Assert.False(string.IsNullOrWhiteSpace((string?)f!["description"]), $"{name}.{f!["name"]}"));
            Assert.Equal("OGL-UK-3.0", (string?)entry["licences"]![0]!["name"]);
        }
    }

    [Fact]
    public async Task A_catalogue_entry_takes_field_types_and_descriptions_from_the_data_package()
    {
        var body = await GetJsonAsync("/api/v1/datasets/crime-figures");
        var entry = body["data"]!;
        Assert.Equal("Crime figures", (string?)entry["title"]);
        Assert.Equal("id", (string?)entry["key"]);
        var fields = entry["fields"]!.AsArray().ToDictionary(f => (string)f!["name"]!);
        JsonAssert.Equal("""
            { "name": "period_start", "type": "date", "description": "First day of the period.", "nullable": false, "sortable": true,
              "filter_operators": ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte"], "computed": false, "allowed_values": null }
            """, fields["period_start"]!);
        // A closed vocabulary lists its values, the ones an equality filter accepts.
        var measures = fields["measure"]!["allowed_values"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Contains("count", measures);
        using var outside = await GetAsync("/api/v1/crime-figures?measure=" + Uri.EscapeDataString("not-" + measures[0]));
        await ProblemAssert.IsProblemAsync(outside, 400, "invalid-parameter", invalidParams: ["measure"]);
        foreach (var measure in measures)
        {
            using var inside = await GetAsync("/api/v1/crime-figures?limit=1&measure=" + Uri.EscapeDataString(measure));
            Assert.Equal(System.Net.HttpStatusCode.OK, inside.StatusCode);
        }
        Assert.True((bool)fields["is_current"]!["computed"]!);
        // The sources are the ones its rows name: the documents (the MPS downloads' counts are not crime-figures rows).
        var named = Csv.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, "crime_figures.csv")).Replace("\r\n", "\n").Replace("\n", "\r\n"));
        var sourceColumn = Array.IndexOf(named[0], "source_id");
        Assert.Equal(named.Skip(1).Select(r => r[sourceColumn]).Distinct().Order(StringComparer.Ordinal),
            entry["sources"]!.AsArray().Select(s => (string)s!["id"]!).Order(StringComparer.Ordinal));
        Assert.Contains(entry["sources"]!.AsArray(), s => (string?)s!["id"] == "mpa-lps-kc-2010"
            && ((string?)s["attribution"])!.StartsWith("Contains public sector information published by the Metropolitan Police Authority", StringComparison.Ordinal));
        Assert.Equal("/api/v1/sources/mpa-lps-kc-2010", (string?)entry["sources"]!.AsArray().First(s => (string?)s!["id"] == "mpa-lps-kc-2010")!["link"]);
    }

    [Fact]
    public async Task Releases_record_the_import_and_responses_name_it()
    {
        using var response = await GetAsync("/api/v1/releases");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var latest = body["data"]![0]!;
        var id = (int)latest["id"]!;
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Data-Release").Single());
        Assert.Equal(64, ((string)latest["content_hash"]!).Length);
        Assert.True((long)latest["row_counts"]!["areas"]! > 0);
        Assert.NotNull(latest["changes"]!["areas"]);

        using var areas = await GetAsync("/api/v1/areas?limit=1");
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), areas.Headers.GetValues("X-Data-Release").Single());
        var areasBody = JsonNode.Parse(await areas.Content.ReadAsStringAsync())!;
        Assert.Equal((string?)latest["content_hash"], (string?)areasBody["meta"]!["release"]!["content_hash"]);
        Assert.NotNull(areas.Content.Headers.LastModified);
    }
}
