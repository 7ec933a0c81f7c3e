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
