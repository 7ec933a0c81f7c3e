using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>
/// The London-wide MPS ward downloads in seed-data/, checked through the API against the files themselves: every
/// expected number below is read from the published CSV files (or from the reference data's derived London totals,
/// copied to Data/), never written into the test.
/// </summary>
public sealed class LondonCrimeTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task Each_download_publishes_london_s_monthly_totals_as_the_reference_data_derives_them()
    {
        // Data/london_monthly_totals_by_vintage_derived.csv: from ../shared/reference-data/london (derived there from the
        // same seven files): the London total of every month, one column per download.
        var reference = Csv.Parse(CrLf(File.ReadAllText(RepositoryFiles.InRepository("tests", "OpenData.Tests", "Data", "london_monthly_totals_by_vintage_derived.csv"))));
        var header = reference[0];
        var body = await GetJsonAsync("/api/v1/crime-figures/downloads");
        var downloads = body["data"]!["downloads"]!.AsArray().Where(d => (string?)d!["kind"] == "ward").ToList();
        Assert.Equal(header.Length - 1, downloads.Count);
        var checkedMonths = 0;
        foreach (var download in downloads)
        {
            var name = Path.GetFileNameWithoutExtension((string)download!["file"]!);
            var column = Array.IndexOf(header, name);
            Assert.True(column > 0, $"{name} is not a column of the reference totals");
            var expected = reference.Skip(1).Where(r => r[column].Length > 0).ToDictionary(r => $"{r[0][..4]}-{r[0][4..]}", r => long.Parse(r[column], CultureInfo.InvariantCulture));
            var actual = download["monthly_totals"]!.AsArray().ToDictionary(t => (string)t!["month"]!, t => (long)t!["total"]!);
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Values.Sum(), (long)download["total"]!);
            checkedMonths += actual.Count;
        }
        Assert.Equal(7 * 24, checkedMonths);

        // The current London total of a month is the newest download's: the aggregate of all London says so.
        var aggregates = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=period&from=2017-03&to=2024-11&limit=1000"))["data"]!.AsArray();
        Assert.Equal(85, aggregates.Count);
        foreach (var row in aggregates)
        {
            var month = ((string)row!["period"]!).Replace("-", "");
            var newest = reference.Single(r => r[0] == month).Skip(1).Last(v => v.Length > 0);
            Assert.Equal(double.Parse(newest, CultureInfo.InvariantCulture), (double)row["value"]!);
        }
        Assert.Equal("2024-11", (string?)body["data"]!["latest_month"]);
        Assert.Equal(["2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03"],
            body["data"]!["gaps"]!.AsArray().Select(g => (string)g!));
    }

    [Fact]
    public async Task A_count_revised_by_a_newer_download_is_current_there_and_listed_as_a_revision()
    {
        // Every cell of Kensington and Chelsea (codes in every ward set) that 201708_201907 revised from 201703_201902.
        var older = MpsFile.Read("mps_ward_crime_london_201703_201902.csv");
        var newer = MpsFile.Read("mps_ward_crime_london_201708_201907.csv");
        var newerRows = newer.Rows.Where(r => r.Unit == "Kensington and Chelsea").ToDictionary(r => (r.WardCode, r.Major, r.Minor));
        var revised = older.Rows.Where(r => r.Unit == "Kensington and Chelsea")
            .SelectMany(r => older.Months.Select((month, i) => (Row: r, Month: month, Old: r.Counts[i])))
            .Where(c => newer.Months.Contains(c.Month) && newerRows.TryGetValue((c.Row.WardCode, c.Row.Major, c.Row.Minor), out var n)
                && n.Counts[Array.IndexOf(newer.Months, c.Month)] != c.Old)
            .Take(3).ToList();
        Assert.NotEmpty(revised);
        foreach (var cell in revised)
        {
            var category = await CategoryIdAsync("mps-title-case", cell.Row.Major, cell.Row.Minor);
            var now = newerRows[(cell.Row.WardCode, cell.Row.Major, cell.Row.Minor)].Counts[Array.IndexOf(newer.Months, cell.Month)];
            var month = (await GetJsonAsync($"/api/v1/crime-figures/series?area_code={cell.Row.WardCode}&category={category}&from={cell.Month}&to={cell.Month}"))["data"]!["months"]![0]!;
            Assert.Equal(now, (double)month["value"]!);
            Assert.Equal("mps-ward-crime/mps_ward_crime_london_201708_201907.csv", (string?)month["download"]);
            Assert.True((bool)month["revised"]!);
            var revision = month["revisions"]!.AsArray().Single(r => (string?)r!["download"] == "mps-ward-crime/mps_ward_crime_london_201703_201902.csv")!;
            Assert.Equal(cell.Old, (double)revision["value"]!);
            Assert.Equal(now, (double)revision["current_value"]!);
            Assert.Equal("2014", (string?)revision["ward_set"]);
        }
    }

    [Fact]
    public async Task The_months_no_download_covers_are_a_gap_never_zeros()
    {
        var data = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2019-06&to=2020-05"))["data"]!;
        var gaps = new[] { "2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03" };
        Assert.Equal(gaps, data["gaps"]!.AsArray().Select(g => (string)g!));
        foreach (var month in data["months"]!.AsArray())
        {
            var gap = gaps.Contains((string)month!["month"]!);
            Assert.Equal(gap, month["value"] is null);
            Assert.Equal(gap ? "gap" : null, (string?)month["null_reason"]);
        }
        // London as a whole: no aggregate row for a gap month.
        var periods = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=period&from=2019-06&to=2020-05"))["data"]!.AsArray().Select(r => (string)r!["period"]!);
        Assert.Equal(["2019-06", "2019-07", "2020-04", "2020-05"], periods);
    }

    [Fact]
    public async Task A_ward_of_a_borough_whose_codes_changed_in_2022_says_where_its_series_starts_and_which_codes_came_before()
    {
        // A Barnet ward of the 2022 set only: 202104_202303 is the first download keyed to it (from 2021-04).
        var ward = (await GetJsonAsync("/api/v1/areas?type=ward&parent_code=E09000003&boundary_sets=2022&limit=1&fields=code"))["data"]![0]!;
        var code = (string)ward["code"]!;
        var data = (await GetJsonAsync($"/api/v1/crime-figures/series?area_code={code}&from=2021-01&to=2021-06"))["data"]!;
        var months = data["months"]!.AsArray();
        Assert.All(months.Take(3), m => Assert.Equal("not_in_ward_set", (string?)m!["null_reason"]));
        Assert.All(months.Take(3), m => Assert.Equal("2018", (string?)m!["ward_set"]));
        var file = MpsFile.Read("mps_ward_crime_london_202104_202303.csv");
        var april = file.Rows.Where(r => r.WardCode == code).Sum(r => r.Counts[Array.IndexOf(file.Months, "2021-04")]);
        Assert.Equal(april, (double)months[3]!["value"]!);

        var change = data["ward_set_changes"]!.AsArray().Single()!;
        Assert.Equal(("2021-04", "2021-03", "2018", "2022"), ((string)change["month"]!, (string)change["previous_month"]!, (string)change["from_set"]!, (string)change["to_set"]!));
        Assert.Equal([code], change["codes_after"]!.AsArray().Select(c => (string)c!));
        var before = change["codes_before"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.NotEmpty(before);
        var barnet2018 = (await GetJsonAsync("/api/v1/areas?type=ward&parent_code=E09000003&boundary_sets__contains=2018&limit=100&fields=code"))["data"]!.AsArray().Select(a => (string)a!["code"]!).ToHashSet();
        Assert.All(before, c => Assert.Contains(c, barnet2018));

        // The borough's series runs on across the change, from the sum of its wards of each set.
        var borough = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E09000003&from=2021-03&to=2021-04"))["data"]!;
        Assert.All(borough["months"]!.AsArray(), m => Assert.Equal("ward_sum", (string?)m!["basis"]));
        var boroughChange = borough["ward_set_changes"]!.AsArray().Single()!;
        Assert.Contains(code, boroughChange["codes_after"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task A_kensington_and_chelsea_ward_keeps_its_code_through_both_ward_set_changes()
    {
        var data = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2017-03&to=2024-11"))["data"]!;
        Assert.All(data["months"]!.AsArray(), m => Assert.NotEqual("not_in_ward_set", (string?)m!["null_reason"]));
        var changes = data["ward_set_changes"]!.AsArray();
        Assert.Equal([("2017-08", "2014", "2018"), ("2021-04", "2018", "2022")],
            changes.Select(c => ((string)c!["month"]!, (string)c["from_set"]!, (string)c["to_set"]!)));
        Assert.All(changes, c =>
        {
            Assert.Equal(["E05009388"], c!["codes_before"]!.AsArray().Select(x => (string)x!));
            Assert.Equal(["E05009388"], c["codes_after"]!.AsArray().Select(x => (string)x!));
        });
    }

    [Fact]
    public async Task Heathrow_villages_counts_once_in_hillingdon_whichever_unit_the_mps_filed_it_under()
    {
        // 202212_202411 files Heathrow Villages (E05013570) under Hillingdon and under the aviation unit; 2023-04 has both.
        var file = MpsFile.Read("mps_ward_crime_london_202212_202411.csv");
        var column = Array.IndexOf(file.Months, "2023-04");
        var hillingdonWards = (await GetJsonAsync("/api/v1/areas?type=ward&parent_code=E09000017&boundary_sets__contains=2022&limit=100&fields=code"))["data"]!.AsArray()
            .Select(a => (string)a!["code"]!).ToHashSet();
        var aviation = file.Rows.Where(r => r.Unit.StartsWith("Aviation Security", StringComparison.Ordinal)).Sum(r => r.Counts[column]);
        var heathrowUnderHillingdon = file.Rows.Where(r => r.Unit == "Hillingdon" && r.WardCode == "E05013570").Sum(r => r.Counts[column]);
        Assert.True(aviation > 0 && heathrowUnderHillingdon > 0, "2023-04 should have Heathrow rows under both units");
        var byGeography = file.Rows.Where(r => hillingdonWards.Contains(r.WardCode)).Sum(r => r.Counts[column]);
        var underHillingdon = file.Rows.Where(r => r.Unit == "Hillingdon").Sum(r => r.Counts[column]);
        Assert.Equal(underHillingdon + aviation, byGeography);

        var borough = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=borough&area_code=E09000017&from=2023-04&to=2023-04"))["data"]![0]!;
        Assert.Equal(byGeography, (double)borough["value"]!);
        var heathrow = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05013570&from=2023-04&to=2023-04"))["data"]!["months"]![0]!;
        Assert.Equal(heathrowUnderHillingdon + aviation, (double)heathrow["value"]!);
        var unit = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=mps-aviation-security-so18&from=2023-04&to=2023-04"))["data"]!["months"]![0]!;
        Assert.Equal(aviation, (double)unit["value"]!);

        // 201708_201907 files Heathrow Villages (E05000331) under the aviation unit only: Hillingdon still counts it.
        var older = MpsFile.Read("mps_ward_crime_london_201708_201907.csv");
        var july = Array.IndexOf(older.Months, "2019-07");
        Assert.DoesNotContain(older.Rows, r => r.Unit == "Hillingdon" && r.WardCode == "E05000331");
        var olderAviation = older.Rows.Where(r => r.Unit.StartsWith("Aviation Security", StringComparison.Ordinal)).Sum(r => r.Counts[july]);
        var hillingdon2019 = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=borough&area_code=E09000017&from=2019-07&to=2019-07"))["data"]![0]!;
        Assert.Equal(older.Rows.Where(r => r.Unit == "Hillingdon").Sum(r => r.Counts[july]) + olderAviation, (double)hillingdon2019["value"]!);
    }

    [Fact]
    public async Task The_2017_labels_with_a_double_space_count_under_their_single_spaced_category()
    {
        var file = MpsFile.Read("mps_ward_crime_london_201703_201902.csv");
        var doubled = file.Rows.Where(r => r.Minor == "Possession of  Drugs" && r.Unit == "Kensington and Chelsea").ToList();
        Assert.NotEmpty(doubled);
        var row = doubled.OrderByDescending(r => r.Counts.Take(5).Sum()).First();
        var category = await CategoryIdAsync("mps-title-case", row.Major, "Possession of Drugs");
        // 2017-03..2017-07: only this download covers them.
        var months = (await GetJsonAsync($"/api/v1/crime-figures/series?area_code={row.WardCode}&category={category}&from=2017-03&to=2017-07"))["data"]!["months"]!.AsArray();
        Assert.Equal(row.Counts.Take(5).Select(c => (double)c), months.Select(m => (double)m!["value"]!));
    }

    [Fact]
    public async Task Burglary_runs_on_across_the_relabelling_inside_the_download_ending_2024_11()
    {
        var file = MpsFile.Read("mps_ward_crime_london_202212_202411.csv");
        Assert.Contains(file.Rows, r => r.Minor == "BURGLARY IN A DWELLING");
        Assert.Contains(file.Rows, r => r.Minor == "BURGLARY - RESIDENTIAL");
        var rows = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=period&police_uk=burglary&from=2023-12&to=2024-04"))["data"]!.AsArray();
        foreach (var row in rows)
        {
            var column = Array.IndexOf(file.Months, (string)row!["period"]!);
            Assert.Equal(file.Rows.Where(r => r.Major == "BURGLARY").Sum(r => r.Counts[column]), (double)row["value"]!);
        }
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Boroughs_rank_by_crimes_per_thousand_residents_with_their_census_population()
    {
        var body = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=borough,period&period=year&from=2023-01&to=2023-12&sort=-rate_per_1000");
        var rows = body["data"]!.AsArray();
        Assert.Equal(32, rows.Count);
        var populations = (await GetJsonAsync("/api/v1/populations?limit=1000"))["data"]!.AsArray().ToDictionary(p => (string)p!["area_code"]!, p => (double)p!["population"]!);
        var previous = double.MaxValue;
        var rank = 0;
        foreach (var row in rows)
        {
            var rate = (double)row!["rate_per_1000"]!;
            Assert.True(rate <= previous);
            previous = rate;
            Assert.Equal(++rank, (int)row["rate_rank"]!);
            var population = populations[(string)row["area_code"]!];
            Assert.Equal(population, (double)row["population"]!);
            Assert.Equal(Math.Round((double)row["value"]! / population * 1000, 2), rate);
            Assert.False(string.IsNullOrEmpty((string?)row["area_name"]));
        }
        // The rank by value is London-wide even when one borough is asked for.
        var kc = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=borough,period&period=year&from=2023-01&to=2023-12&area_code=E09000020"))["data"]!.AsArray().Single()!;
        var all = rows.Single(r => (string?)r!["area_code"] == "E09000020")!;
        Assert.Equal((int)all["rank"]!, (int)kc["rank"]!);
        Assert.Equal((int)all["rate_rank"]!, (int)kc["rate_rank"]!);
    }

    [Fact]
    public async Task Every_borough_s_ranking_value_is_the_sum_of_its_series()
    {
        // The ranking reads the boroughs' precomputed totals; the series sums the counts: they must agree everywhere,
        // the year before included (the year-on-year change), with Heathrow's aviation-unit rows in Hillingdon.
        var rows = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=borough,period&period=year&from=2023-01&to=2023-12"))["data"]!.AsArray();
        Assert.Equal(32, rows.Count);
        foreach (var row in rows)
        {
            var code = (string)row!["area_code"]!;
            var months = (await GetJsonAsync($"/api/v1/crime-figures/series?area_code={code}&from=2022-01&to=2023-12"))["data"]!["months"]!.AsArray();
            Assert.Equal(months.Skip(12).Sum(m => (double)m!["value"]!), (double)row["value"]!);
            Assert.Equal(months.Take(12).Sum(m => (double)m!["value"]!), (double)row["previous_value"]!);
            Assert.Equal(months.Skip(12).Sum(m => (int)m!["figures"]!), (int)row["figures"]!);
        }
    }

    [Fact]
    public async Task The_city_of_london_s_wards_are_on_the_map_without_a_value_never_zero()
    {
        // The MPS does not police the City: its 25 wards are in the 2022 set's polygons but in no MPS file.
        var features = (await GetJsonAsync("/api/v1/crime-figures/map?boundary_set=2022&from=2023-01&to=2023-12&police_uk=burglary"))["features"]!.AsArray();
        var city = features.Where(f => (string?)f!["properties"]!["area_code"] is { } code
            && File.ReadLines(Path.Combine(RepositoryFiles.SeedData, "areas.csv")).Any(l => l.StartsWith(code + ",", StringComparison.Ordinal) && l.Contains(",ward,E09000001,", StringComparison.Ordinal))).ToList();
        Assert.Equal(25, city.Count);
        Assert.All(city, f =>
        {
            Assert.Null(f!["properties"]!["value"]);
            Assert.Equal(0, (int)f["properties"]!["months"]!);
            Assert.Equal("not_published", (string?)f["properties"]!["null_reason"]);
        });
        // Every other ward of the set has a value for each of the twelve months, as its series does.
        var others = features.Except(city).ToList();
        Assert.Equal(679, others.Count);
        Assert.All(others, f => Assert.Equal(12, (int)f!["properties"]!["months"]!));
        var heathrow = others.Single(f => (string?)f!["properties"]!["area_code"] == "E05013570")!["properties"]!;
        var series = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E05013570&police_uk=burglary&from=2023-01&to=2023-12"))["data"]!["months"]!.AsArray();
        Assert.Equal(series.Sum(m => (double)m!["value"]!), (double)heathrow["value"]!);
    }

    [Fact]
    public async Task A_borough_s_aggregates_come_from_the_same_basis_as_its_series()
    {
        // The example, once an empty list.
        var aggregates = (await GetJsonAsync("/api/v1/crime-figures/aggregates?period=year&area_code=E09000020&police_uk=burglary&from=2022-01&to=2023-12"))["data"]!.AsArray();
        Assert.Equal(["2022", "2023"], aggregates.Select(r => (string)r!["period"]!));
        var series = (await GetJsonAsync("/api/v1/crime-figures/series?area_code=E09000020&police_uk=burglary&from=2022-01&to=2023-12"))["data"]!["months"]!.AsArray();
        Assert.Equal(series.Take(12).Sum(m => (double)m!["value"]!), (double)aggregates[0]!["value"]!);
        Assert.Equal(series.Skip(12).Sum(m => (double)m!["value"]!), (double)aggregates[1]!["value"]!);
    }

    [Fact]
    public async Task Wards_of_sets_without_a_census_population_have_no_rate_and_say_why()
    {
        var rows = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=area&from=2018-01&to=2018-12&area_code=E09000003"))["data"]!.AsArray();
        Assert.NotEmpty(rows);
        // In 2018 Barnet's wards are those of the 2014 and 2018 sets, which Census 2021 (2022 wards) does not cover.
        Assert.All(rows.Where(r => ((string)r!["area_code"]!).StartsWith("E05", StringComparison.Ordinal)), r =>
        {
            Assert.Null(r!["rate_per_1000"]);
            Assert.Equal("no_population", (string?)r["rate_null_reason"]);
        });
    }

    /// <summary>The files' line ends differ (LF, CRLF, no final newline); the test reader reads CRLF.</summary>
    internal static string CrLf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    private async Task<string> CategoryIdAsync(string scheme, string major, string minor)
    {
        var majors = (await GetJsonAsync($"/api/v1/offence-categories?scheme={scheme}&level=major&limit=1000"))["data"]!.AsArray();
        var parent = (string)majors.Single(m => (string?)m!["name"] == major || ((string?)m!["aliases"])?.Split('|').Contains(major) == true)!["id"]!;
        var minors = (await GetJsonAsync($"/api/v1/offence-categories?scheme={scheme}&level=minor&parent_id={parent}&limit=1000"))["data"]!.AsArray();
        return (string)minors.Single(m => (string?)m!["name"] == minor)!["id"]!;
    }
}

/// <summary>One MPS ward download of seed-data/mps-ward-crime/, read as published (rows by line, months YYYY-MM).</summary>
internal sealed record MpsFile(string[] Months, IReadOnlyList<MpsRow> Rows)
{
    private static readonly Dictionary<string, MpsFile> Cache = [];

    public static MpsFile Read(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var cached)) return cached;
            var rows = Csv.Parse(LondonCrimeTests.CrLf(File.ReadAllText(Path.Combine(RepositoryFiles.SeedData, "mps-ward-crime", name))));
            var header = rows[0];
            var months = header.Skip(5).Select(h => $"{h[..4]}-{h[4..]}").ToArray();
            var file = new MpsFile(months, rows.Skip(1).Where(r => r.Length == header.Length)
                .Select(r => new MpsRow(r[0], r[1], r[2], r[3], r[4], r.Skip(5).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray())).ToList());
            Cache[name] = file;
            return file;
        }
    }
}

internal sealed record MpsRow(string Major, string Minor, string WardName, string WardCode, string Unit, int[] Counts);
