namespace OpenData.Tests.Rest;

/// <summary>A priority has a rank only where its document ranks; every listed one keeps its printed order.</summary>
public sealed class PriorityRankTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task Themes_listed_in_no_particular_order_have_an_order_but_no_rank()
    {
        // The 2008 plan: "The Crime and Antisocial Behaviour Priorities have been grouped under six themes. In no particular order these are".
        var themes = (await GetJsonAsync("/api/v1/priorities?source_id=rbkc-ccsp-2008&kind=theme&sort=printed_order"))["data"]!.AsArray();
        Assert.Equal(6, themes.Count);
        Assert.All(themes, t => Assert.Null(t!["rank"]));
        Assert.Equal([1, 2, 3, 4, 5, 6], themes.Select(t => (int)t!["printed_order"]!));
        var kent = (await GetJsonAsync("/api/v1/priorities?source_id=kent-csa-2012&kind=priority"))["data"]!.AsArray();
        Assert.NotEmpty(kent);
        Assert.All(kent, p => Assert.Null(p!["rank"]));
    }

    [Fact]
    public async Task Only_the_lists_the_document_ranks_by_points_have_ranks_and_joint_ranks_stay_joint()
    {
        var ranked = (await GetJsonAsync("/api/v1/priorities?rank__isnull=false&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(ranked);
        Assert.All(ranked, p =>
        {
            Assert.Equal("rbkc-ccsp-2008", (string)p!["source_id"]!);
            Assert.NotNull(p["score"]);
        });
        // "1. Sex work - soliciting cards in phone boxes (17 points) = Rowdy/inconsiderate behaviour (17 points)"
        var joint = ranked.Where(p => (int?)p!["score"] == 17).ToList();
        Assert.Equal(2, joint.Count);
        Assert.All(joint, p => Assert.Equal(1, (int)p!["rank"]!));
        // Higher points never rank lower within one list.
        foreach (var list in ranked.GroupBy(p => (string)p!["locator"]!))
            foreach (var a in list)
                foreach (var b in list)
                    if ((int)a!["score"]! > (int)b!["score"]!) Assert.True((int)a["rank"]! < (int)b["rank"]!);
    }
}
