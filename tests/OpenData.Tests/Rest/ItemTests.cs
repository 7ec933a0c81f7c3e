using System.Net;

namespace OpenData.Tests.Rest;

/// <summary>GET /api/v1/{dataset}/{key}: whole payloads of records that come from lead-maintained seed rows.</summary>
public sealed class ItemTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task A_ward_is_served_with_links_to_its_borough_boundary_and_crime_figures()
    {
        var body = await GetJsonAsync("/api/v1/areas/E05009388");
        JsonAssert.Equal("""
            {
              "data": {
                "code": "E05009388", "name": "Abingdon", "type": "ward", "parent_code": "E09000020", "boundary_set": "2014",
                "boundary_sets": "2014 2018 2022",
                "valid_from": "2014-05-22", "valid_to": null, "centroid_lat": 51.4964, "centroid_lon": -0.19724, "hectares": 60.179,
                "aliases": null, "source_id": "ons-wards-2022",
                "locator": "boundaries/london_wards_2022.geojson line 416; boundaries/london_wards_2018.geojson line 481; boundaries/london_wards_2014.geojson line 478",
                "notes": "In force from the borough elections of 22 May 2014. Centroid: ONS LAT/LONG (Wards May 2024).",
                "has_boundary": true,
                "locator_url": null,
                "links": {
                  "self": "/api/v1/areas/E05009388",
                  "parent": "/api/v1/areas/E09000020",
                  "source": "/api/v1/sources/ons-wards-2022",
                  "sources": "/api/v1/sources?area_code=E05009388",
                  "children": "/api/v1/areas?parent_code=E05009388",
                  "crime_figures": "/api/v1/crime-figures?area_code=E05009388",
                  "targets": "/api/v1/targets?area_code=E05009388",
                  "priorities": "/api/v1/priorities?area_code=E05009388",
                  "actions": "/api/v1/actions?area_code=E05009388",
                  "funding_figures": "/api/v1/funding-figures?area_code=E05009388",
                  "population": "/api/v1/populations?area_code=E05009388",
                  "boundary": "/api/v1/areas/E05009388/boundary",
                  "crime_series": "/api/v1/crime-figures/series?area_code=E05009388"
                }
              },
              "meta": { "dataset": "areas", "release": { "id": "*" } }
            }
            """, body);
    }

    [Fact]
    public async Task A_police_uk_category_links_the_figures_and_categories_under_it()
    {
        var body = await GetJsonAsync("/api/v1/offence-categories/police-uk-burglary");
        JsonAssert.Equal("""
            {
              "data": {
                "id": "police-uk-burglary", "scheme": "police-uk", "level": "category", "name": "Burglary", "parent_id": null,
                "police_uk_id": null, "mps_category_id": null, "concept_id": null, "mapping_basis": null,
                "aliases": null, "source_id": "police-uk-categories", "locator": "crime-categories (slug burglary)", "notes": null,
                "locator_url": null,
                "links": {
                  "self": "/api/v1/offence-categories/police-uk-burglary",
                  "source": "/api/v1/sources/police-uk-categories",
                  "children": "/api/v1/offence-categories?parent_id=police-uk-burglary",
                  "mps_categories": "/api/v1/offence-categories?police_uk_id=police-uk-burglary",
                  "document_categories": "/api/v1/offence-categories?mps_category_id=police-uk-burglary",
                  "same_concept": "/api/v1/offence-categories?concept_id=police-uk-burglary",
                  "crime_figures": "/api/v1/crime-figures?category_id=police-uk-burglary",
                  "targets": "/api/v1/targets?category_id=police-uk-burglary",
                  "priorities": "/api/v1/priorities?category_id=police-uk-burglary"
                }
              },
              "meta": { "dataset": "offence_categories", "release": { "id": "*" } }
            }
            """, body);
    }

    [Fact]
    public async Task An_attribution_names_a_licence_only_where_the_source_states_one()
    {
        var sources = (await GetJsonAsync("/api/v1/sources?fields=id,kind,licence,licence_status,attribution&limit=100"))["data"]!.AsArray();
        // The five documents state no licence: OGL is assumed, and their attributions do not claim it.
        var documents = sources.Where(s => (string)s!["kind"]! == "document").ToList();
        Assert.Equal(5, documents.Count);
        Assert.All(documents, d =>
        {
            Assert.Equal("assumed", (string?)d!["licence_status"]);
            Assert.DoesNotContain("licen", (string)d["attribution"]!, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal("Contains public sector information published by Kent County Council.",
            (string?)sources.Single(s => (string)s!["id"]! == "kent-csa-2012")!["attribution"]);
        // The published datasets state theirs (the London Datastore, data.police.uk, the GLA and ONS boundary files).
        Assert.All(sources.Where(s => (string)s!["kind"]! == "dataset"), d => Assert.Equal("stated", (string?)d!["licence_status"]));
        Assert.Equal(1, (int)(await GetJsonAsync("/api/v1/sources?licence_status=assumed&id=kent-csa-2012&total=true"))["meta"]!["total"]!);
    }

    [Fact]
    public async Task A_source_carries_its_licence_and_attribution()
    {
        var body = await GetJsonAsync("/api/v1/sources/mps-borough-crime?fields=id,licence,attribution,period_start,period_end");
        JsonAssert.Equal("""
            {
              "data": {
                "id": "mps-borough-crime", "licence": "OGL-UK-3.0",
                "attribution": "Contains public sector information published by the Metropolitan Police Service on the London Datastore, licensed under the Open Government Licence v3.0.",
                "period_start": "2011-04-01", "period_end": "2013-03-31",
                "links": {
                  "self": "/api/v1/sources/mps-borough-crime",
                  "area": "/api/v1/areas/E09000020",
                  "areas": "/api/v1/areas?source_id=mps-borough-crime",
                  "offence_categories": "/api/v1/offence-categories?source_id=mps-borough-crime",
                  "measure_types": "/api/v1/measure-types?source_id=mps-borough-crime",
                  "crime_figures": "/api/v1/crime-figures?source_id=mps-borough-crime",
                  "indicators": "/api/v1/indicators?source_id=mps-borough-crime",
                  "targets": "/api/v1/targets?source_id=mps-borough-crime",
                  "priorities": "/api/v1/priorities?source_id=mps-borough-crime",
                  "actions": "/api/v1/actions?source_id=mps-borough-crime",
                  "assessment_scores": "/api/v1/assessment-scores?source_id=mps-borough-crime",
                  "risks": "/api/v1/risks?source_id=mps-borough-crime",
                  "funding_figures": "/api/v1/funding-figures?source_id=mps-borough-crime",
                  "populations": "/api/v1/populations?source_id=mps-borough-crime"
                }
              },
              "meta": { "dataset": "sources", "release": { "id": "*" } }
            }
            """, body);
    }

    [Fact]
    public async Task A_crime_figure_links_its_area_category_and_source_and_the_mps_counts_are_not_items()
    {
        // crime-figures holds the document figures, all current (nothing supersedes them); the MPS monthly counts
        // are read through the series and aggregates, and their former item ids are gone.
        var body = await GetJsonAsync("/api/v1/crime-figures/mpa-lps-kc-2010-f002");
        var data = body["data"]!;
        Assert.Equal(-89.0, (double)data["value"]!);
        Assert.True((bool)data["is_current"]!);
        Assert.Null(data["superseded_by"]);
        Assert.Null(data["links"]!["superseded_by"]);
        Assert.Equal("/api/v1/areas/E09000020", (string?)data["links"]!["area"]);
        Assert.Equal("/api/v1/offence-categories/doc-residential-burglary", (string?)data["links"]!["category"]);
        Assert.Equal("/api/v1/sources/mpa-lps-kc-2010", (string?)data["links"]!["source"]);

        using var gone = await GetAsync("/api/v1/crime-figures/mpsw-202203-e05009388-202203-mps-title-case-burglary-domestic-burglary");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    public static TheoryData<string> Datasets() => new(OpenData.Query.DatasetCatalog.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Every_dataset_serves_its_first_row_by_key_with_a_self_link(string dataset)
    {
        var list = await GetJsonAsync($"/api/v1/{dataset}?limit=1");
        var first = list["data"]![0]!;
        var self = (string)first["links"]!["self"]!;
        var item = await GetJsonAsync(self);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(first, item["data"]), $"{self} differs from the collection row");
        // Bodies name a dataset as datapackage.json does; only the path has hyphens.
        Assert.Equal(dataset.Replace('-', '_'), (string?)item["meta"]!["dataset"]);
    }

    [Theory]
    [InlineData("/api/v1/areas/E05999999", "No area has code 'E05999999'.")]
    [InlineData("/api/v1/targets/no-such-target", "No target has id 'no-such-target'.")]
    [InlineData("/api/v1/releases/999999", "No release has id '999999'.")]
    [InlineData("/api/v1/releases/not-a-number", "No release has id 'not-a-number'.")]
    [InlineData("/api/v1/datasets/no-such-dataset", "No dataset is named 'no-such-dataset'; the catalogue at /api/v1/datasets lists them.")]
    [InlineData("/api/v1/areas/kc-w10/boundary", "No boundary is published for kc-w10 (W10); polygons exist for wards and boroughs.")]
    public async Task An_unknown_key_is_a_404_problem(string url, string detail)
    {
        await GetProblemAsync(url, HttpStatusCode.NotFound, "not-found", title: "Not found", detail: detail);
    }

    [Fact]
    public async Task An_item_refuses_parameters_other_than_fields_and_format()
    {
        await GetProblemAsync("/api/v1/areas/E05009388?type=ward", HttpStatusCode.BadRequest, "unknown-parameter", title: "Unknown query parameter", invalidParams: ["type"]);
    }
}
