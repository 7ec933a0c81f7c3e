using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>Targets against outcomes: the computed verdict next to the published one.</summary>
public sealed class TargetsTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task Meets_target_follows_the_stated_rule_for_every_target()
    {
        var body = await GetJsonAsync("/api/v1/targets?limit=1000");
        var rows = body["data"]!.AsArray();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.Equal(Expected(row!), (bool?)row!["meets_target"]);
            var verdictMet = (bool?)row["verdict_met"];
            var meets = (bool?)row["meets_target"];
            Assert.Equal(meets is null || verdictMet is null ? null : meets == verdictMet, (bool?)row["verdict_agrees"]);
        }
    }

    [Theory]
    [InlineData("relative", true)]
    [InlineData("percentage_points", null)]
    [InlineData("unstated", null)]
    public async Task A_percentage_target_is_compared_with_the_outcomes_relative_change_only_when_it_is_relative_too(string basis, bool? meets)
    {
        // t008: a 3.5% reduction against a 2.5% reduction target, no values published: computable from percentages only.
        using var copy = new TestApp(new Dictionary<string, string?> { ["ResponseCache:Enabled"] = "false" });
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE targets SET target_change_basis = '{basis}' WHERE id = 'mpa-lps-kc-2010-t008'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var body = await copy.CreateClient().GetStringAsync("/api/v1/targets/mpa-lps-kc-2010-t008?fields=meets_target");

        Assert.Equal(meets, (bool?)JsonNode.Parse(body)!["data"]!["meets_target"]);
    }

    [Theory]
    [InlineData("Target achieved", true)]
    [InlineData("exceeding the 2.5% reduction target", true)]
    [InlineData("Target missed", false)]
    [InlineData("not met", false)]
    [InlineData("missed the target", false)]
    public async Task The_published_verdict_is_read_as_met_or_missed(string verdict, bool met)
    {
        var body = await GetJsonAsync($"/api/v1/targets?verdict={Uri.EscapeDataString(verdict)}&fields=verdict_met&limit=1000");
        Assert.NotEmpty(body["data"]!.AsArray());
        Assert.All(body["data"]!.AsArray(), r => Assert.Equal(met, (bool?)r!["verdict_met"]));
    }

    [Fact]
    public async Task Targets_filter_on_the_computed_fields()
    {
        var agreeing = await GetJsonAsync("/api/v1/targets?verdict_agrees=true&fields=id,meets_target,verdict_met&limit=1000");
        Assert.NotEmpty(agreeing["data"]!.AsArray());
        Assert.All(agreeing["data"]!.AsArray(), r => Assert.Equal((bool?)r!["meets_target"], (bool?)r["verdict_met"]));
        var met = await GetJsonAsync("/api/v1/targets?meets_target=true&area_code=E23000001&total=true&limit=1");
        Assert.True((int)met["meta"]!["total"]! >= 2);
        var unknown = await GetJsonAsync("/api/v1/targets?meets_target__isnull=true&total=true&limit=1");
        var all = await GetJsonAsync("/api/v1/targets?total=true&limit=1");
        Assert.True((int)unknown["meta"]!["total"]! < (int)all["meta"]!["total"]!);
    }

    [Fact]
    public async Task A_target_links_its_area_indicator_and_source()
    {
        var body = await GetJsonAsync("/api/v1/targets?indicator_id__isnull=false&limit=1");
        var links = body["data"]![0]!["links"]!;
        Assert.StartsWith("/api/v1/indicators/", (string)links["indicator"]!);
        Assert.StartsWith("/api/v1/areas/", (string)links["area"]!);
        Assert.StartsWith("/api/v1/sources/", (string)links["source"]!);
        await GetJsonAsync((string)links["indicator"]!);
    }

    private static bool? Expected(JsonNode row)
    {
        double? Number(string name) => (double?)row[name];
        var (targetPercent, outcomePercent) = (Number("target_change_percent"), Number("outcome_change_percent"));
        var (target, outcome) = (Number("target_value"), Number("outcome_value"));
        // Percentages compare only when the target's change is relative, like the outcome's.
        if ((string?)row["target_change_basis"] != "relative") (targetPercent, outcomePercent) = (null, null);
        return (string)row["target_direction"]! switch
        {
            "down" when targetPercent is not null && outcomePercent is not null => outcomePercent <= targetPercent,
            "down" when target is not null && outcome is not null => outcome <= target,
            "up" when targetPercent is not null && outcomePercent is not null => outcomePercent >= targetPercent,
            "up" when target is not null && outcome is not null => outcome >= target,
            "value" when target is not null && outcome is not null => outcome >= target,
            "gap" when target is not null && outcome is not null => outcome <= target,
            _ => null,
        };
    }
}
