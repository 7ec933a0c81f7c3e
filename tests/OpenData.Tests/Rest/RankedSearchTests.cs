using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>A search without a sort lists the most relevant rows first (FTS5 bm25), pages through that order
/// without repeats or gaps, and gives way to an explicit sort.</summary>
public sealed class RankedSearchTests(TestApp app) : RestTest(app)
{
    private async Task<List<string>> KeysAsync(string path)
    {
        var body = await GetJsonAsync(path);
        return body["data"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
    }

    /// <summary>The index's own relevance order (FTS5 <c>ORDER BY rank</c>, which is bm25), ties by id: read from
    /// the store the app serves, as a second opinion on the order the API gives.</summary>
    private static List<string> IndexOrder(string dataset, string match)
    {
        using var connection = new SqliteConnection($"Data Source={SeedStore.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT row_id FROM search_index WHERE search_index MATCH $match AND dataset = $dataset ORDER BY rank, row_id";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$dataset", dataset);
        var keys = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) keys.Add(reader.GetString(0));
        return keys;
    }

    [Fact]
    public async Task A_search_without_a_sort_lists_the_most_relevant_rows_first()
    {
        var body = await GetJsonAsync("/api/v1/actions?q=burglary&fields=id&limit=1000");
        var keys = body["data"]!.AsArray().Select(r => (string)r!["id"]!).ToList();

        Assert.True(keys.Count > 5, $"{keys.Count} rows");
        Assert.Equal(IndexOrder("actions", "\"burglary\""), keys);
        // Not the collection's usual order (by id), and the answer says how it is ordered.
        Assert.NotEqual(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(["search_rank", "id"], body["meta"]!["sort"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Walking_every_page_of_a_ranked_search_gives_the_single_big_page_in_order()
    {
        var whole = await KeysAsync("/api/v1/actions?q=ASB&fields=id&limit=1000");
        var paged = new List<string>();
        string? next = "/api/v1/actions?q=ASB&fields=id&limit=4";
        var pages = 0;
        while (next is not null)
        {
            var body = await GetJsonAsync(next);
            paged.AddRange(body["data"]!.AsArray().Select(r => (string)r!["id"]!));
            next = (string?)body["links"]!["next"];
            pages++;
        }

        Assert.True(pages > 3, $"{pages} pages");
        Assert.Equal(whole, paged);
    }

    [Fact]
    public async Task GraphQL_search_ranks_the_same_way_forwards_and_backwards()
    {
        var rest = await KeysAsync("/api/v1/priorities?q=violence&fields=id&limit=1000");
        var forward = new List<string>();
        string? after = null;
        do
        {
            var page = (await DataAsync(Client, "query($after: String) { priorities(search: \"violence\", first: 3, after: $after) { pageInfo { hasNextPage endCursor } nodes { key } } }", new { after }))["priorities"]!;
            forward.AddRange(page["nodes"]!.AsArray().Select(n => (string)n!["key"]!));
            after = (bool)page["pageInfo"]!["hasNextPage"]! ? (string?)page["pageInfo"]!["endCursor"] : null;
        }
        while (after is not null);
        var backward = new List<string>();
        string? before = null;
        do
        {
            var page = (await DataAsync(Client, "query($before: String) { priorities(search: \"violence\", last: 3, before: $before) { pageInfo { hasPreviousPage startCursor } nodes { key } } }", new { before }))["priorities"]!;
            backward.InsertRange(0, page["nodes"]!.AsArray().Select(n => (string)n!["key"]!));
            before = (bool)page["pageInfo"]!["hasPreviousPage"]! ? (string?)page["pageInfo"]!["startCursor"] : null;
        }
        while (before is not null);

        Assert.True(rest.Count > 3, $"{rest.Count} rows");
        Assert.Equal(rest, forward);
        Assert.Equal(rest, backward);
    }

    [Fact]
    public async Task An_explicit_sort_wins_over_relevance()
    {
        var body = await GetJsonAsync("/api/v1/actions?q=burglary&sort=-id&fields=id&limit=1000");
        var keys = body["data"]!.AsArray().Select(r => (string)r!["id"]!).ToList();

        Assert.Equal(keys.OrderDescending(StringComparer.Ordinal), keys);
        Assert.Equal(["-id"], body["meta"]!["sort"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(IndexOrder("actions", "\"burglary\"").Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_ranked_cursor_only_continues_its_ranked_search()
    {
        var first = await GetJsonAsync("/api/v1/actions?q=ASB&fields=id&limit=2");
        var next = (string)first["links"]!["next"]!;
        var cursor = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + next).Query)["cursor"]!;

        await GetProblemAsync($"/api/v1/actions?q=ASB&sort=id&fields=id&limit=2&cursor={cursor}", HttpStatusCode.BadRequest, "invalid-cursor");
        await GetProblemAsync($"/api/v1/actions?fields=id&limit=2&cursor={cursor}", HttpStatusCode.BadRequest, "invalid-cursor");
    }

    [Fact]
    public async Task The_csv_export_of_a_search_is_in_the_same_order()
    {
        var json = await KeysAsync("/api/v1/actions?q=youth&fields=id&limit=1000");
        var csv = Csv.Parse(await (await GetAsync("/api/v1/actions?q=youth&fields=id&format=csv")).Content.ReadAsStringAsync());

        Assert.Equal(["id"], csv[0]);
        Assert.Equal(json, csv.Skip(1).Select(r => r[0]));
    }

    /// <summary>Ranking reads the full-text index for the scores, the matching keys as a sorted search does, and the
    /// page's rows by key: SQLite's plans read no dataset table whole.</summary>
    [Fact]
    public void The_query_plans_of_a_ranked_page_scan_no_dataset_table()
    {
        using var connection = new SqliteConnection($"Data Source={SeedStore.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var db = new OpenDataDbContext(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite(connection).Options);
        var dataset = ActionDto.Dataset;
        var filter = FilterNode.And(new SearchFilter("burglary"), new ConditionFilter("kind", FilterOperator.Eq, "action"));
        List<string> Plan(IQueryable query)
        {
            using var command = query.CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var plan = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) plan.Add(reader.GetString(3));
            return plan;
        }

        var scores = Plan(RankedSearch.Scores(db, dataset, SearchIndex.MatchExpression("burglary")));
        var keys = Plan(QueryEngine.Filtered(db, dataset, filter).Select(a => a.Id));
        var rows = Plan(RankedSearch.RowsQuery(db, dataset, ["rbkc-ccsp-2008-a001", "rbkc-ccsp-2008-a002"], dataset.Fields));

        Assert.Contains(scores, p => p.Contains("VIRTUAL TABLE INDEX", StringComparison.Ordinal));
        Assert.Contains(keys, p => p.Contains("VIRTUAL TABLE INDEX", StringComparison.Ordinal));
        foreach (var plan in new[] { scores, keys, rows })
        {
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN ", StringComparison.Ordinal) && !p.Contains("VIRTUAL TABLE", StringComparison.Ordinal));
        }
    }
}
