using System.Net;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>The crime-figure questions: monthly series with revisions and gaps, aggregates, the ward map.</summary>
public sealed class CrimeFiguresTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task A_ward_series_lists_every_month_with_its_revisions()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2022-02&to=2022-03&category=mps-title-case-burglary-domestic-burglary");
        JsonAssert.Equal("""
            {
              "data": {
                "area_code": "E05009388", "area_name": "Abingdon", "area_type": "ward", "from": "2022-02", "to": "2022-03",
                "category": "mps-title-case-burglary-domestic-burglary",
                "category_ids": ["mps-title-case-burglary-domestic-burglary"],
                "months": [
                  { "month": "2022-02", "value": 3, "figures": 1, "basis": "published", "null_reason": null, "revised": false, "revisions": [
                    { "download": "mps-ward-crime/mps_ward_crime_london_202104_202303.csv", "ward_set": "2022", "value": 3, "current_value": 3, "source_id": "mps-ward-crime" },
                    { "download": "mps-ward-crime/mps_ward_crime_london_202009_202208.csv", "ward_set": "2018", "value": 3, "current_value": 3, "source_id": "mps-ward-crime" },
                    { "download": "mps-ward-crime/mps_ward_crime_london_202004_202203.csv", "ward_set": "2018", "value": 3, "current_value": 3, "source_id": "mps-ward-crime" } ],
                    "download": "mps-ward-crime/mps_ward_crime_london_202105_202304.csv", "ward_set": "2022", "rate_per_1000": 0.38 },
                  { "month": "2022-03", "value": 6, "figures": 1, "basis": "published", "null_reason": null, "revised": true, "revisions": [
                    { "download": "mps-ward-crime/mps_ward_crime_london_202104_202303.csv", "ward_set": "2022", "value": 6, "current_value": 6, "source_id": "mps-ward-crime" },
                    { "download": "mps-ward-crime/mps_ward_crime_london_202009_202208.csv", "ward_set": "2018", "value": 6, "current_value": 6, "source_id": "mps-ward-crime" },
                    { "download": "mps-ward-crime/mps_ward_crime_london_202004_202203.csv", "ward_set": "2018", "value": 5, "current_value": 6, "source_id": "mps-ward-crime" } ],
                    "download": "mps-ward-crime/mps_ward_crime_london_202105_202304.csv", "ward_set": "2022", "rate_per_1000": 0.76 }
                ],
                "gaps": [],
                "coverage": { "from": "2017-03", "to": "2024-11" },
                "note": null,
                "ward_set_changes": [],
                "population": 7894,
                "rate_null_reason": null
              },
              "links": {
                "self": "/api/v1/crime-figures/series?area_code=E05009388&from=2022-02&to=2022-03&category=mps-title-case-burglary-domestic-burglary",
                "area": "/api/v1/areas/E05009388"
              },
              "meta": { "release": { "id": "*" } }
            }
            """, body);
    }

    [Fact]
    public async Task A_series_shows_the_months_no_download_covers_as_gaps()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2019-06&to=2020-05&police_uk=burglary");
        var data = body["data"]!;
        Assert.Equal(["2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03"],
            data["gaps"]!.AsArray().Select(g => (string)g!));
        var months = data["months"]!.AsArray();
        Assert.Equal(12, months.Count);
        Assert.Equal(["2019-06", "2019-07", "2019-08"], months.Take(3).Select(m => (string)m!["month"]!));
        Assert.Null(months[2]!["value"]);
        Assert.All(months.Where(m => !data["gaps"]!.AsArray().Any(g => (string)g! == (string)m!["month"]!)), m => Assert.NotNull(m!["value"]));
    }

    [Fact]
    public async Task A_police_uk_series_sums_the_mps_categories_mapped_to_it_across_relabellings()
    {
        // Same month, three ways of asking: the police.uk slug, the police.uk id, and the sum of the figures.
        var bySlug = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2023-06&to=2023-06&police_uk=burglary");
        var byId = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2023-06&to=2023-06&category=police-uk-burglary");
        Assert.Equal((double)bySlug["data"]!["months"]![0]!["value"]!, (double)byId["data"]!["months"]![0]!["value"]!);

        var ids = bySlug["data"]!["category_ids"]!.AsArray().Select(i => (string)i!).ToList();
        Assert.Contains("mps-upper-case-burglary-burglary-residential", ids);
        Assert.Contains("mps-title-case-burglary-burglary-residential", ids);
        // The download current for 2023-06 files burglary under the UPPER CASE major BURGLARY, every minor of which maps to it.
        var file = MpsFile.Read("mps_ward_crime_london_202212_202411.csv");
        var june = Array.IndexOf(file.Months, "2023-06");
        Assert.Equal(file.Rows.Where(r => r.WardCode == "E05009388" && r.Major == "BURGLARY").Sum(r => r.Counts[june]), (double)bySlug["data"]!["months"]![0]!["value"]!);
    }

    [Fact]
    public async Task The_borough_series_uses_its_own_figures_and_else_the_sum_of_its_wards()
    {
        var own = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E09000020&from=2012-01&to=2012-01");
        Assert.Equal(BoroughFileTotal("201201"), (double)own["data"]!["months"]![0]!["value"]!);

        var wardsSum = 0.0;
        var wards = await GetJsonAsync("/api/v1/areas?parent_code=E09000020&type=ward&boundary_sets__contains=2022&fields=code&limit=100");
        foreach (var ward in wards["data"]!.AsArray())
        {
            var series = await GetJsonAsync($"/api/v1/crime-figures/series?area_code={(string)ward!["code"]!}&from=2023-06&to=2023-06");
            wardsSum += (double?)series["data"]!["months"]![0]!["value"] ?? 0;
        }
        var fromWards = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E09000020&from=2023-06&to=2023-06");
        Assert.Equal(wardsSum, (double)fromWards["data"]!["months"]![0]!["value"]!);
    }

    [Fact]
    public async Task A_series_is_also_a_csv()
    {
        var text = await Client.GetStringAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2022-02&to=2022-03&category=mps-title-case-burglary-domestic-burglary&format=csv");
        Assert.Equal(
            "month,value,figures,gap,revised,superseded_values,basis,null_reason,download,ward_set,rate_per_1000\r\n" +
            "2022-02,3,1,false,false,mps-ward-crime/mps_ward_crime_london_202104_202303.csv=3|mps-ward-crime/mps_ward_crime_london_202009_202208.csv=3|mps-ward-crime/mps_ward_crime_london_202004_202203.csv=3,published,,mps-ward-crime/mps_ward_crime_london_202105_202304.csv,2022,0.38\r\n" +
            "2022-03,6,1,false,true,mps-ward-crime/mps_ward_crime_london_202104_202303.csv=6|mps-ward-crime/mps_ward_crime_london_202009_202208.csv=6|mps-ward-crime/mps_ward_crime_london_202004_202203.csv=5,published,,mps-ward-crime/mps_ward_crime_london_202105_202304.csv,2022,0.76\r\n",
            text);
    }

    [Theory]
    [InlineData("/api/v1/crime-figures/series?from=2022-01", "area_code", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&from=2022-13", "from", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&from=2022-05&to=2022-01", "to", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&from=1000-01&to=8000-01", "to", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?from=0001-01", "from", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=kc-peabody-estate", "from", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&category=nope", "category", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&police_uk=nope", "police_uk", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&category=police-uk-burglary&police_uk=burglary", "police_uk", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/series?area_code=E05009388&ward=x", "ward", "unknown-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?group_by=ward", "group_by", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?group_by=area&period=year", "period", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?period=decade", "period", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?value__gt=x", "value__gt", "unknown-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?sort=-colour", "sort", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?sort=rate_per_1000", "sort", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?group_by=area,borough", "group_by", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?colour=red", "colour", "unknown-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?area_code=E05009388&area_code=E05009389", "area_code", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?limit=0", "limit", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?limit=1001", "limit", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?limit=10&limit=20", "limit", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?total=maybe", "total", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?cursor=", "cursor", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/aggregates?cursor=not-a-cursor", "cursor", "invalid-cursor")]
    [InlineData("/api/v1/crime-figures/aggregates?cursor=WyJ4In0&format=csv", "cursor", "invalid-cursor")]
    [InlineData("/api/v1/crime-figures/map?from=2023-01&to=2023-12", "boundary_set", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/map?boundary_set=2014&to=2023-12", "from", "invalid-parameter")]
    [InlineData("/api/v1/crime-figures/map?boundary_set=2020&from=2023-01&to=2023-12", "boundary_set", "invalid-parameter")]
    public async Task Bad_series_aggregate_and_map_parameters_are_400_problems_naming_the_parameter(string url, string parameter, string type)
    {
        var problem = await GetProblemAsync(url, HttpStatusCode.BadRequest, type);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task An_unknown_aggregates_parameter_names_the_parameters_aggregates_takes()
    {
        var problem = await GetProblemAsync("/api/v1/crime-figures/aggregates?order=value", HttpStatusCode.BadRequest, "unknown-parameter");
        var detail = (string)problem["errors"]!["order"]![0]!;
        Assert.Contains("group_by", detail);
        Assert.Contains("cursor", detail);
        Assert.Contains("sort", detail);
    }

    [Fact]
    public async Task The_series_of_an_unknown_area_is_a_404()
    {
        await GetProblemAsync("/api/v1/crime-figures/series?area_code=E05999999", HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Aggregates_by_financial_year_compare_with_the_year_before_only_when_both_are_complete()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=period&period=financial_year&police_uk=burglary&area_code=E05009388&from=2021-04&to=2023-03");
        JsonAssert.Equal("""
            {
              "data": [
                { "period": "2021-22", "period_start": "2021-04-01", "period_end": "2022-03-31", "value": 86, "months": 12, "figures": 24,
                  "previous_value": 64, "previous_months": 12, "change": 22, "change_percent": 34.4 },
                { "period": "2022-23", "period_start": "2022-04-01", "period_end": "2023-03-31", "value": 95, "months": 12, "figures": 28,
                  "previous_value": 86, "previous_months": 12, "change": 9, "change_percent": 10.5 }
              ],
              "links": { "self": "/api/v1/crime-figures/aggregates?group_by=period&period=financial_year&police_uk=burglary&area_code=E05009388&from=2021-04&to=2023-03", "next": null },
              "meta": { "release": { "id": "*" }, "group_by": ["period"], "period": "financial_year", "category": "police-uk-burglary",
                "category_ids": [
                  "mps-legacy-burglary-burglary-in-a-dwelling", "mps-legacy-burglary-burglary-in-other-buildings",
                  "mps-title-case-burglary-burglary-business-and-community", "mps-title-case-burglary-burglary-business-and-community-2",
                  "mps-title-case-burglary-burglary-residential", "mps-title-case-burglary-domestic-burglary",
                  "mps-upper-case-burglary-burglary-business-and-community", "mps-upper-case-burglary-burglary-in-a-dwelling",
                  "mps-upper-case-burglary-burglary-non-dwelling", "mps-upper-case-burglary-burglary-residential",
                  "mps-upper-case-burglary-res-burglary-of-a-home", "mps-upper-case-burglary-res-burglary-of-unconnected-building"
                ], "limit": 100 }
            }
            """, body);
        var partial = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=period&period=financial_year&police_uk=burglary&area_code=E05009388&from=2019-04&to=2019-06");
        var row = partial["data"]![0]!;
        Assert.Equal("2019-20", (string?)row["period"]);
        Assert.Equal(3, (int)row["months"]!);
        Assert.Equal(12, (int)row["previous_months"]!);
        Assert.Null(row["change"]);
    }

    [Fact]
    public async Task Aggregates_by_area_sum_the_same_figures_as_the_ward_series()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=area,police_uk&from=2023-01&to=2023-12&area_code=E05009388,E05009389");
        var rows = body["data"]!.AsArray();
        Assert.All(rows, r => Assert.Equal(["area_code", "area_name", "police_uk_id", "value", "months", "figures", "population", "rate_per_1000", "rate_null_reason", "rank", "rate_rank", "borough_rank"],
            r!.AsObject().Select(p => p.Key)));
        Assert.Equal(["E05009388", "E05009389"], rows.Select(r => (string)r!["area_code"]!).Distinct());
        var burglary = rows.Single(r => (string?)r!["area_code"] == "E05009388" && (string?)r["police_uk_id"] == "police-uk-burglary")!;
        var series = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-12&police_uk=burglary");
        Assert.Equal(series["data"]!["months"]!.AsArray().Sum(m => (double)m!["value"]!), (double)burglary["value"]!);
        Assert.Equal(12, (int)burglary["months"]!);
    }

    [Fact]
    public async Task Aggregates_are_also_a_csv_with_the_grouped_columns()
    {
        var rows = Csv.Parse(await Client.GetStringAsync("/api/v1/crime-figures/aggregates?group_by=period&period=year&from=2022-01&to=2023-12&area_code=E05009388&format=csv"));
        Assert.Equal(["period", "period_start", "period_end", "value", "months", "figures", "previous_value", "previous_months", "change", "change_percent"], rows[0]);
        Assert.Equal(["2022", "2023"], rows.Skip(1).Select(r => r[0]));
        var json = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=period&period=year&from=2022-01&to=2023-12&area_code=E05009388");
        Assert.Equal(json["data"]!.AsArray().Select(r => ((double)r!["value"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[3]));
    }

    [Fact]
    public async Task The_map_joins_ward_sums_to_ward_polygons()
    {
        using var response = await GetAsync("/api/v1/crime-figures/map?boundary_set=2014&from=2023-01&to=2023-12&police_uk=burglary");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("FeatureCollection", (string?)body["type"]);
        var features = body["features"]!.AsArray();
        // Every ward whose code the 2014 set holds, London-wide, each with its polygon.
        var wards = await GetJsonAsync("/api/v1/areas?type=ward&boundary_sets__contains=2014&boundary_set__ne=2002-2014&total=true&limit=1");
        Assert.Equal((int)wards["meta"]!["total"]!, features.Count);
        Assert.All(features, f => Assert.Contains((string)f!["geometry"]!["type"]!, new[] { "Polygon", "MultiPolygon" }));
        var abingdon = features.Single(f => (string?)f!["properties"]!["area_code"] == "E05009388")!["properties"]!;
        var series = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-12&police_uk=burglary");
        Assert.Equal(series["data"]!["months"]!.AsArray().Sum(m => (double)m!["value"]!), (double)abingdon["value"]!);
        Assert.Equal(12, (int)abingdon["months"]!);
        // The area of the sums is named as in every crime-figures document (area_code, area_name), not code.
        Assert.Equal("Abingdon", (string?)abingdon["area_name"]);
        Assert.Null(abingdon["code"]);
        Assert.Equal("/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-12&police_uk=burglary", (string?)abingdon["links"]!["crime_series"]);
        Assert.Equal("2014", (string?)body["metadata"]!["boundary_set"]);
    }

    [Fact]
    public async Task Wards_without_figures_in_the_range_have_no_value_on_the_map()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/map?boundary_set=2002-2014&from=2023-01&to=2023-12");
        var features = body["features"]!.AsArray();
        Assert.Equal(18, features.Count);
        Assert.All(features, f => Assert.Null(f!["properties"]!["value"]));
    }

    /// <summary>The sum of the borough file's counts for a month (YYYYMM), read from the file.</summary>
    private static double BoroughFileTotal(string month)
    {
        var rows = Csv.Parse(LondonCrimeTests.CrLf(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, "mps-borough-crime", "mps_borough_crime_kc_201104_201303.csv"))));
        var header = rows[0];
        int monthColumn = Array.IndexOf(header, "Month"), countColumn = Array.IndexOf(header, "CrimeCount");
        return rows.Skip(1).Where(r => r.Length == header.Length && r[monthColumn] == month).Sum(r => double.Parse(r[countColumn], System.Globalization.CultureInfo.InvariantCulture));
    }

    private const string DomesticBurglaryNote = "mps-title-case-burglary-domestic-burglary exists only in the mps-title-case labelling scheme(s): months published under other labels have no value for it (value null, reason category_not_in_scheme; a series lists its older values under those months' revisions). The police.uk category police-uk-burglary spans every labelling scheme.";

    [Fact]
    public async Task A_title_case_category_has_no_value_not_zero_in_months_published_under_upper_case_labels()
    {
        // 2022-12 on, the newest download covering the month uses UPPER CASE labels, which have no domestic burglary.
        var body = await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2022-11&to=2023-01&category=mps-title-case-burglary-domestic-burglary");
        JsonAssert.Equal($$"""
            {
              "data": {
                "area_code": "E05009388", "area_name": "Abingdon", "area_type": "ward", "from": "2022-11", "to": "2023-01",
                "category": "mps-title-case-burglary-domestic-burglary",
                "category_ids": ["mps-title-case-burglary-domestic-burglary"],
                "months": [
                  { "month": "2022-11", "value": 4, "figures": 1, "basis": "published", "null_reason": null, "revised": false, "revisions": [
                    { "download": "mps-ward-crime/mps_ward_crime_london_202104_202303.csv", "ward_set": "2022", "value": 4, "current_value": 4, "source_id": "mps-ward-crime" } ],
                    "download": "mps-ward-crime/mps_ward_crime_london_202105_202304.csv", "ward_set": "2022", "rate_per_1000": 0.51 },
                  { "month": "2022-12", "value": null, "figures": 0, "basis": null, "null_reason": "category_not_in_scheme", "revised": true, "revisions": [
                    { "download": "mps-ward-crime/mps_ward_crime_london_202105_202304.csv", "ward_set": "2022", "value": 5, "current_value": null, "source_id": "mps-ward-crime" },
                    { "download": "mps-ward-crime/mps_ward_crime_london_202104_202303.csv", "ward_set": "2022", "value": 5, "current_value": null, "source_id": "mps-ward-crime" } ],
                    "download": "mps-ward-crime/mps_ward_crime_london_202212_202411.csv", "ward_set": "2022", "rate_per_1000": null },
                  { "month": "2023-01", "value": null, "figures": 0, "basis": null, "null_reason": "category_not_in_scheme", "revised": true, "revisions": [
                    { "download": "mps-ward-crime/mps_ward_crime_london_202105_202304.csv", "ward_set": "2022", "value": 12, "current_value": null, "source_id": "mps-ward-crime" },
                    { "download": "mps-ward-crime/mps_ward_crime_london_202104_202303.csv", "ward_set": "2022", "value": 12, "current_value": null, "source_id": "mps-ward-crime" } ],
                    "download": "mps-ward-crime/mps_ward_crime_london_202212_202411.csv", "ward_set": "2022", "rate_per_1000": null }
                ],
                "gaps": [],
                "coverage": { "from": "2017-03", "to": "2024-11" },
                "note": "{{DomesticBurglaryNote}}",
                "ward_set_changes": [],
                "population": 7894,
                "rate_null_reason": null
              },
              "links": {
                "self": "/api/v1/crime-figures/series?area_code=E05009388&from=2022-11&to=2023-01&category=mps-title-case-burglary-domestic-burglary",
                "area": "/api/v1/areas/E05009388"
              },
              "meta": { "release": { "id": "*" } }
            }
            """, body);

        // The whole reported range: no month of it is a 0, the superseded Title Case values stay visible.
        var months = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2022-10&to=2023-07&category=mps-title-case-burglary-domestic-burglary"))["data"]!["months"]!.AsArray();
        var after = months.Where(m => string.CompareOrdinal((string)m!["month"]!, "2022-12") >= 0).ToList();
        Assert.Equal(8, after.Count);
        Assert.All(after, m =>
        {
            Assert.Null(m!["value"]);
            Assert.Equal(0, (int)m["figures"]!);
            Assert.Equal("category_not_in_scheme", (string?)m["null_reason"]);
        });
        // What the Title Case downloads published for those months, newest first (two downloads cover 2022-12..2023-03).
        Assert.Equal([5.0, 5, 12, 12, 1, 1, 9, 9, 5], after.SelectMany(m => m!["revisions"]!.AsArray()).Select(r => (double)r!["value"]!));
        // Asked across schemes, the same months have values.
        var spanning = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2022-12&to=2023-07&police_uk=burglary"))["data"]!;
        Assert.All(spanning["months"]!.AsArray(), m => Assert.NotNull(m!["value"]));
        Assert.Null(spanning["note"]);
    }

    [Fact]
    public async Task The_map_shows_no_value_rather_than_zero_for_a_category_not_in_the_published_labels()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/map?boundary_set=2014&from=2024-01&to=2024-06&category=mps-title-case-burglary-domestic-burglary");
        var features = body["features"]!.AsArray();
        Assert.All(features, f => Assert.Null(f!["properties"]!["value"]));
        // Kensington and Chelsea's wards have figures in those months, published under the UPPER CASE labels only.
        var kc = (await GetJsonAsync("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&fields=code&limit=100"))["data"]!.AsArray().Select(w => (string)w!["code"]!).ToHashSet();
        var kcFeatures = features.Where(f => kc.Contains((string)f!["properties"]!["area_code"]!)).ToList();
        Assert.Equal(18, kcFeatures.Count);
        Assert.All(kcFeatures, f =>
        {
            var p = f!["properties"]!;
            Assert.Null(p["value"]);
            Assert.Equal(0, (int)p["figures"]!);
            Assert.Equal(0, (int)p["months"]!);
            Assert.Equal("category_not_in_scheme", (string?)p["null_reason"]);
        });
        Assert.Equal(DomesticBurglaryNote, (string?)body["metadata"]!["note"]);
    }

    [Fact]
    public async Task Series_map_and_aggregates_agree_on_a_range_across_the_relabelling()
    {
        const string range = "from=2022-06&to=2023-06&category=mps-title-case-burglary-domestic-burglary";
        var series = (await GetJsonAsync($"/api/v1/crime-figures/series?area_code=E05009388&{range}"))["data"]!["months"]!.AsArray();
        var withValue = series.Where(m => m!["value"] is not null).ToList();
        Assert.Equal(6, withValue.Count);
        Assert.All(series.Except(withValue), m => Assert.Equal("category_not_in_scheme", (string?)m!["null_reason"]));

        var map = await GetJsonAsync($"/api/v1/crime-figures/map?boundary_set=2014&{range}");
        var abingdon = map["features"]!.AsArray().Single(f => (string?)f!["properties"]!["area_code"] == "E05009388")!["properties"]!;
        Assert.Equal(withValue.Sum(m => (double)m!["value"]!), (double)abingdon["value"]!);
        Assert.Equal(withValue.Count, (int)abingdon["months"]!);
        Assert.Null(abingdon["null_reason"]);

        var aggregates = await GetJsonAsync($"/api/v1/crime-figures/aggregates?group_by=period&area_code=E05009388&{range}");
        Assert.Equal(withValue.Select(m => ((string)m!["month"]!, (double)m["value"]!)),
            aggregates["data"]!.AsArray().Select(r => ((string)r!["period"]!, (double)r["value"]!)));
        Assert.Equal(DomesticBurglaryNote, (string?)aggregates["meta"]!["note"]);
    }

    [Fact]
    public async Task Gaps_are_only_the_recorded_ones_and_months_outside_the_coverage_say_so()
    {
        var data = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&police_uk=burglary&from=2010-01&to=2025-12"))["data"]!;
        Assert.Equal(["2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03"], data["gaps"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("2017-03", (string?)data["coverage"]!["from"]);
        Assert.Equal("2024-11", (string?)data["coverage"]!["to"]);
        foreach (var m in data["months"]!.AsArray())
        {
            var month = (string)m!["month"]!;
            var expected = string.CompareOrdinal(month, "2017-03") < 0 || string.CompareOrdinal(month, "2024-11") > 0 ? "not_published"
                : string.CompareOrdinal(month, "2019-08") >= 0 && string.CompareOrdinal(month, "2020-03") <= 0 ? "gap"
                : null;
            Assert.True(expected == (string?)m["null_reason"], $"{month}: expected null_reason {expected ?? "null"}, got {m["null_reason"]}");
            Assert.Equal(expected is null, m["value"] is not null);
        }

        // The CSV's gap column marks the recorded gaps only.
        var rows = Csv.Parse(await Client.GetStringAsync("/api/v1/crime-figures/series?area_code=E05009388&police_uk=burglary&from=2017-01&to=2019-09&format=csv"));
        var gap = Array.IndexOf(rows[0], "gap");
        var reason = Array.IndexOf(rows[0], "null_reason");
        var byMonth = rows.Skip(1).ToDictionary(r => r[0]);
        Assert.Equal(("", "false", "not_published"), (byMonth["2017-02"][1], byMonth["2017-02"][gap], byMonth["2017-02"][reason]));
        Assert.Equal(("", "true", "gap"), (byMonth["2019-08"][1], byMonth["2019-08"][gap], byMonth["2019-08"][reason]));
    }

    [Fact]
    public async Task The_borough_series_says_which_months_are_published_totals_and_which_are_ward_sums()
    {
        var months = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E09000020&from=2013-02&to=2017-09"))["data"]!["months"]!.AsArray()
            .ToDictionary(m => (string)m!["month"]!);
        Assert.Equal("published", (string?)months["2013-03"]!["basis"]);
        Assert.Null(months["2013-04"]!["value"]);
        Assert.Null(months["2013-04"]!["basis"]);
        Assert.Equal("not_published", (string?)months["2013-04"]!["null_reason"]);
        Assert.Equal("ward_sum", (string?)months["2017-08"]!["basis"]);
        Assert.Equal("not_published", (string?)months["2017-02"]!["null_reason"]);
        Assert.All(months.Values.Where(m => m!["value"] is not null), m => Assert.Null(m!["null_reason"]));
        // A published total is the borough's own figures; a ward sum adds up its wards.
        Assert.Equal(BoroughFileTotal("201303"), (double)months["2013-03"]!["value"]!);
        var wards = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=area&from=2017-08&to=2017-08&area_code=E09000020");
        Assert.Equal(wards["data"]!.AsArray().Sum(r => (double)r!["value"]!), (double)months["2017-08"]!["value"]!);

        // A ward's own counts are published figures.
        var ward = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2017-08&to=2017-09"))["data"]!["months"]!.AsArray();
        Assert.All(ward, m => Assert.Equal("published", (string?)m!["basis"]));
    }
}
