using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>Document categories that name the same offences share a concept, and like-for-like ones link to an MPS
/// category: mappings made by this project, marked as such.</summary>
public sealed class CategoryMappingTests(TestApp app) : RestTest(app)
{
    private async Task<JsonArray> DocumentCategoriesAsync() =>
        (await GetJsonAsync("/api/v1/offence-categories?scheme=document&limit=1000"))["data"]!.AsArray();

    [Fact]
    public async Task The_2008_09_police_targets_join_the_2009_10_results_through_the_concept_of_their_categories()
    {
        var categories = await DocumentCategoriesAsync();
        string Concept(string id) => (string?)categories.Single(c => (string)c!["id"]! == id)!["concept_id"] ?? id;
        var targets = (await GetJsonAsync("/api/v1/targets?source_id=rbkc-ccsp-2008&category_id__isnull=false&limit=1000"))["data"]!.AsArray()
            .Where(t => (string)t!["period_start"]! == "2008-04-01" && t["target_value"] is not null).ToList();
        var results = (await GetJsonAsync("/api/v1/targets?source_id=mpa-lps-kc-2010&area_code=E09000020&period_start=2009-04-01&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(targets);
        var joined = targets.Where(t => results.Any(r => Concept((string)r!["category_id"]!) == Concept((string)t!["category_id"]!))).ToList();
        // Knife Offences / Knife crime, Robbery (Total) / Total robbery, the two vehicle thefts, residential burglary, serious youth violence.
        Assert.Equal(6, joined.Count);
        Assert.Contains(joined, t => (string)t!["category_id"]! == "doc-knife-offences");
        Assert.Equal(Concept("doc-knife-crime"), Concept("doc-knife-offences"));
        Assert.Equal(Concept("doc-theft-from-vehicles"), Concept("doc-theft-from-motor-vehicle"));
        Assert.NotEqual(Concept("doc-domestic-violence"), Concept("doc-domestic-abuse"));
    }

    [Fact]
    public async Task Every_mapping_is_marked_as_made_here()
    {
        var all = (await GetJsonAsync("/api/v1/offence-categories?limit=1000"))["data"]!.AsArray();
        Assert.All(all, c =>
        {
            var mapped = c!["police_uk_id"] is not null || c["mps_category_id"] is not null || c["concept_id"] is not null;
            Assert.Equal(mapped ? "made_here" : null, (string?)c["mapping_basis"]);
        });
        Assert.All(all.Where(c => c!["mps_category_id"] is not null), c => Assert.Equal("document", (string)c!["scheme"]!));
    }

    [Fact]
    public async Task A_document_category_linked_to_an_mps_category_reads_the_ward_data_beside_its_figures()
    {
        var category = (await GetJsonAsync("/api/v1/offence-categories/doc-theft-from-vehicle"))["data"]!;
        var mps = (string)category["mps_category_id"]!;
        var mpsCategory = (await GetJsonAsync((string)category["links"]!["mps_category"]!))["data"]!;
        Assert.Equal(mps, (string)mpsCategory["id"]!);
        Assert.Contains("Theft from a Motor Vehicle", (string)mpsCategory["name"]!, StringComparison.OrdinalIgnoreCase);
        var series = await GetJsonAsync($"/api/v1/crime-figures/series?area_code=E09000020&category={mps}&from=2018-01&to=2018-03");
        Assert.Contains(series["data"]!["months"]!.AsArray(), m => m!["value"] is not null);
        Assert.NotEmpty((await GetJsonAsync("/api/v1/crime-figures?category_id=doc-theft-from-vehicle&limit=5"))["data"]!.AsArray());

        var data = await DataAsync(Client, """
            { offenceCategory(key: "doc-knife-crime") { key concept { key name } mappingBasis }
              tfv: offenceCategory(key: "doc-theft-from-vehicles") { mpsCategory { key } concept { sameConcept(first: 10) { nodes { key } } } } }
            """);
        Assert.Equal("doc-knife-offences", (string)data["offenceCategory"]!["concept"]!["key"]!);
        Assert.Equal("made_here", (string)data["offenceCategory"]!["mappingBasis"]!);
        Assert.Equal(mps, (string)data["tfv"]!["mpsCategory"]!["key"]!);
        var same = data["tfv"]!["concept"]!["sameConcept"]!["nodes"]!.AsArray().Select(n => (string)n!["key"]!).ToList();
        Assert.Contains("doc-theft-from-motor-vehicle", same);
    }
}
