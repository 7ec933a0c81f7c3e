using System.Globalization;
using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>The MPS categories as both front doors serve them: every label maps to police.uk, and the other
/// published spellings of a label are its aliases.</summary>
public sealed class OffenceCategoryLabelTests(TestApp app) : RestTest(app)
{
    private async Task<List<JsonNode>> AllCategoriesAsync()
    {
        var body = await GetJsonAsync("/api/v1/offence-categories?limit=1000");
        Assert.Null(body["links"]?["next"]?.GetValue<string?>());
        return [.. body["data"]!.AsArray().Select(c => c!)];
    }

    [Fact]
    public async Task Every_mps_minor_category_maps_to_a_police_uk_category()
    {
        var all = await AllCategoriesAsync();
        var schemes = all.ToDictionary(c => (string)c["id"]!, c => (string)c["scheme"]!);
        var minors = all.Where(c => ((string)c["scheme"]!).StartsWith("mps-", StringComparison.Ordinal) && (string)c["level"]! == "minor").ToList();

        Assert.NotEmpty(minors);
        Assert.All(minors, c =>
        {
            var policeUk = (string?)c["police_uk_id"];
            Assert.True(policeUk is not null, $"{c["id"]} has no police.uk category");
            Assert.Equal("police-uk", schemes[policeUk]);
        });
    }

    [Fact]
    public async Task A_major_category_maps_where_its_minors_agree_and_only_there()
    {
        var all = await AllCategoriesAsync();
        var majors = all.Where(c => ((string)c["scheme"]!).StartsWith("mps-", StringComparison.Ordinal) && (string)c["level"]! == "major").ToList();

        Assert.NotEmpty(majors);
        Assert.All(majors, major =>
        {
            var mapped = all.Where(c => (string?)c["parent_id"] == (string)major["id"]!).Select(c => (string)c["police_uk_id"]!).Distinct().ToList();
            // A major whose minors map to several police.uk categories (e.g. Theft) has none of its own.
            Assert.Equal(mapped.Count == 1 ? mapped[0] : null, (string?)major["police_uk_id"]);
        });
    }

    [Fact]
    public async Task A_police_uk_series_runs_on_across_the_residential_burglary_relabelling_inside_one_download()
    {
        // The download ending 2024-11 calls residential burglary BURGLARY IN A DWELLING up to 2024-02 and
        // BURGLARY - RESIDENTIAL from 2024-02: both map to police-uk-burglary, so the series has every month.
        var downloads = Directory.EnumerateFiles(Path.Combine(RepositoryFiles.SeedData, "mps-ward-crime"), "*.csv")
            .Select(path => (Path: path, Lines: File.ReadAllLines(path).Where(l => l.Length > 0).ToArray()))
            .Select(d => (d.Lines, Months: d.Lines[0].Split(',')[5..]))
            .ToList();
        var (lines, months) = Assert.Single(downloads, d => d.Lines.Any(l => l.StartsWith("BURGLARY,BURGLARY IN A DWELLING,", StringComparison.Ordinal))
            && d.Lines.Any(l => l.StartsWith("BURGLARY,BURGLARY - RESIDENTIAL,", StringComparison.Ordinal)));
        // Only the months no newer download covers are current in this one.
        var newerFirst = downloads.Where(d => string.CompareOrdinal(d.Months[^1], months[^1]) > 0).Select(d => d.Months[0]).DefaultIfEmpty("999999").Min(StringComparer.Ordinal)!;
        var current = months.TakeWhile(m => string.CompareOrdinal(m, newerFirst) < 0).ToArray();
        var ward = lines.First(l => l.StartsWith("BURGLARY,BURGLARY - RESIDENTIAL,", StringComparison.Ordinal)).Split(',')[3];
        var burglary = lines.Select(l => l.Split(',')).Where(f => f[0] == "BURGLARY" && f[3] == ward).ToList();
        var expected = current.Select((m, i) => (Month: $"{m[..4]}-{m[4..]}", Value: (double?)burglary.Sum(f => int.Parse(f[5 + i], CultureInfo.InvariantCulture)))).ToList();
        Assert.Contains(burglary, f => f[1] == "BURGLARY IN A DWELLING" && f[5..].Any(c => c != "0"));
        Assert.Contains(burglary, f => f[1] == "BURGLARY - RESIDENTIAL" && f[5..].Any(c => c != "0"));

        var body = await GetJsonAsync($"/api/v1/crime-figures/series?area_code={ward}&police_uk=burglary&from={expected[0].Month}&to={expected[^1].Month}");

        var served = body["data"]!["months"]!.AsArray().Select(m => ((string)m!["month"]!, (double?)m["value"])).ToList();
        Assert.Equal(expected, served);
    }

    [Fact]
    public async Task The_double_spaced_2017_labels_are_aliases_of_the_single_spaced_categories_in_rest_and_graphql()
    {
        var rest = (await AllCategoriesAsync()).Where(c => c["aliases"] is not null)
            .ToDictionary(c => (string)c["id"]!, c => ((string)c["name"]!, (string)c["aliases"]!));

        Assert.Equal(new Dictionary<string, (string, string)>
        {
            ["mps-title-case-drug-offences-possession-of-drugs"] = ("Possession of Drugs", "Possession of  Drugs"),
            ["mps-title-case-possession-of-weapons-possession-of-firearm-with-intent"] = ("Possession of Firearm with Intent", "Possession of  Firearm with Intent"),
            ["mps-title-case-possession-of-weapons-possession-of-firearms-offences"] = ("Possession of Firearms Offences", "Possession of  Firearms Offences"),
            ["mps-title-case-possession-of-weapons-possession-of-other-weapon"] = ("Possession of Other Weapon", "Possession of  Other Weapon"),
        }, rest);

        var data = await DataAsync(Client, """
            { offenceCategory(key: "mps-title-case-drug-offences-possession-of-drugs") { name aliases policeUk { key } } }
            """);
        var category = data["offenceCategory"]!;
        Assert.Equal(("Possession of Drugs", "Possession of  Drugs", "police-uk-drugs"),
            ((string)category["name"]!, (string)category["aliases"]!, (string)category["policeUk"]!["key"]!));
    }
}
