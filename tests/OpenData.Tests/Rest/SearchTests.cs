using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Tests.Rest;

/// <summary>q= (REST) and search: (GraphQL): full-text search through the store's FTS5 index, with stemming and
/// synonyms, read back as a reader would: the rows each spelling finds.</summary>
public sealed class SearchTests(TestApp app) : RestTest(app)
{
    private async Task<List<string>> IdsAsync(string path)
    {
        var body = await GetJsonAsync(path + (path.Contains('?') ? "&" : "?") + "limit=1000&total=true");
        var rows = body["data"]!.AsArray();
        Assert.Equal((int)body["meta"]!["total"]!, rows.Count);
        return rows.Select(r => (string)r!["links"]!["self"]!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The import builds the index and the query layer says which fields it covers, by two readings of one rule:
    /// every field the API documents as searched must find its own rows. For each searchable field of each dataset,
    /// a word of the first row that has a value there finds that row.
    /// </summary>
    [Fact]
    public async Task Every_field_the_api_searches_finds_its_own_rows()
    {
        var checkedFields = new List<string>();
        foreach (var dataset in DatasetCatalog.All.Where(SearchIndex.IsSearchable))
        {
            var key = dataset.Key.Name;
            foreach (var field in SearchIndex.Fields(dataset))
            {
                var present = field.Nullable ? $"{field.Name}__isnull=false&" : "";
                var page = await GetJsonAsync($"/api/v1/{dataset.Name}?{present}fields={key},{field.Name}&limit=1");
                if (page["data"]!.AsArray().FirstOrDefault() is not { } row) continue;
                var word = System.Text.RegularExpressions.Regex.Matches((string)row[field.Name]!, "[A-Za-z]{4,}").Select(m => m.Value).FirstOrDefault();
                if (word is null) continue;
                var keyValue = row[key]!.ToString();
                var found = await GetJsonAsync($"/api/v1/{dataset.Name}?q={Uri.EscapeDataString(word)}&{key}={Uri.EscapeDataString(keyValue)}&fields={key}");
                Assert.True(found["data"]!.AsArray().Count == 1, $"{dataset.Name}.{field.Name}: q={word} does not find {keyValue}");
                checkedFields.Add($"{dataset.ResourceName}.{field.Name}");
            }
        }
        Assert.Contains("actions.text", checkedFields);
        Assert.Contains("funding_figures.purpose", checkedFields);
        Assert.True(checkedFields.Count >= 40, string.Join(", ", checkedFields));
    }

    [Fact]
    public async Task Anti_social_behaviour_antisocial_behaviour_and_ASB_find_the_same_actions()
    {
        var hyphenated = await IdsAsync("/api/v1/actions?q=anti-social%20behaviour&fields=id");
        var joined = await IdsAsync("/api/v1/actions?q=antisocial%20behaviour&fields=id");
        var abbreviated = await IdsAsync("/api/v1/actions?q=ASB&fields=id");
        Assert.NotEmpty(hyphenated);
        Assert.Equal(hyphenated, joined);
        Assert.Equal(hyphenated, abbreviated);
        // Every action the old literal search found is still found (the substring match is a subset).
        foreach (var field in new[] { "text", "objective", "theme" })
        {
            foreach (var spelling in new[] { "anti-social%20behaviour", "antisocial%20behaviour", "ASB" })
            {
                var literal = await IdsAsync($"/api/v1/actions?{field}__contains={spelling}&fields=id");
                Assert.All(literal, id => Assert.Contains(id, hyphenated));
            }
        }
    }

    [Fact]
    public async Task Search_stems_words_so_a_plural_finds_the_singular()
    {
        var plural = await IdsAsync("/api/v1/actions?q=burglaries&fields=id");
        var singular = await IdsAsync("/api/v1/actions?q=burglary&fields=id");
        Assert.Equal(singular, plural);
        var onlySingular = await IdsAsync("/api/v1/actions?text__contains=burglary&fields=id");
        var withPlural = await IdsAsync("/api/v1/actions?text__contains=burglaries&fields=id");
        Assert.Contains(onlySingular.Except(withPlural), id => plural.Contains(id));
    }

    [Fact]
    public async Task Every_word_must_occur_and_combines_with_filters()
    {
        var either = await IdsAsync("/api/v1/actions?q=youth&fields=id");
        var both = await IdsAsync("/api/v1/actions?q=youth%20burglary&fields=id");
        Assert.NotEmpty(either);
        Assert.All(both, id => Assert.Contains(id, either));
        Assert.True(both.Count < either.Count);
        var narrowed = await IdsAsync("/api/v1/actions?q=youth&kind=action&fields=id");
        Assert.All(narrowed, id => Assert.Contains(id, either));
    }

    /// <summary>Every dataset with free-text fields has q: a word of a row's text finds that row.</summary>
    [Fact]
    public async Task Every_searchable_dataset_finds_a_row_by_a_word_of_its_text()
    {
        var searchable = DatasetCatalog.All.Where(SearchIndex.IsSearchable).ToList();
        Assert.Contains(searchable, d => d.ResourceName == "priorities");
        Assert.Contains(searchable, d => d.ResourceName == "targets");
        Assert.Contains(searchable, d => d.ResourceName == "sources");
        foreach (var dataset in searchable)
        {
            var fields = SearchIndex.Fields(dataset);
            Assert.DoesNotContain(dataset.Key, fields);
            var names = string.Join(',', fields.Select(f => f.Name).Append(dataset.Key.Name));
            var first = (await GetJsonAsync($"/api/v1/{dataset.Name}?fields={names}&limit=50"))["data"]!.AsArray()
                .Select(r => (Row: r!, Word: fields.Select(f => (string?)r![f.Name]).Where(t => t is not null)
                    .SelectMany(t => SearchIndex.Words(t!)).FirstOrDefault(w => w.Length >= 5 && w.All(char.IsLetter))))
                .First(r => r.Word is not null);
            var key = (string)first.Row[dataset.Key.Name]!;
            var found = await GetJsonAsync($"/api/v1/{dataset.Name}?q={first.Word}&{dataset.Key.Name}={Uri.EscapeDataString(key)}&total=true");
            Assert.True((int)found["meta"]!["total"]! == 1, $"{dataset.Name}: q={first.Word} does not find {key}");
        }
        foreach (var dataset in DatasetCatalog.All.Except(searchable))
        {
            await GetJsonAsync($"/api/v1/{dataset.Name}?q=crime", HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Paging_through_a_search_gives_each_row_once()
    {
        var all = await IdsAsync("/api/v1/actions?q=ASB&fields=id");
        var paged = new List<string>();
        string? next = "/api/v1/actions?q=ASB&fields=id&limit=7";
        while (next is not null)
        {
            var body = await GetJsonAsync(next);
            paged.AddRange(body["data"]!.AsArray().Select(r => (string)r!["links"]!["self"]!));
            next = (string?)body["links"]!["next"];
        }
        Assert.Equal(all, paged.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Theory]
    [InlineData("q=")]
    [InlineData("q=%20%20")]
    [InlineData("q=!!!%20--")]
    [InlineData("q=youth&q=burglary")]
    public async Task An_empty_or_repeated_search_is_a_400_problem(string query)
    {
        var problem = await GetJsonAsync("/api/v1/actions?" + query, HttpStatusCode.BadRequest);
        Assert.Contains("q", (string)problem["detail"]!);
    }

    [Fact]
    public async Task A_search_over_the_length_limit_is_a_400_problem()
    {
        var problem = await GetJsonAsync("/api/v1/actions?q=" + string.Concat(Enumerable.Repeat("youth ", 40)), HttpStatusCode.BadRequest);
        Assert.Contains("at most 200", (string)problem["detail"]!);
    }

    /// <summary>FTS5 syntax in q is text: it never reaches the index as syntax (an error there would be a 500).</summary>
    [Theory]
    [InlineData("\" OR x")]
    [InlineData("NEAR(youth burglary)")]
    [InlineData("youth OR NOT burglary")]
    [InlineData("text:youth")]
    [InlineData("youth*")]
    [InlineData("^youth")]
    public async Task Search_syntax_in_q_is_read_as_words(string q)
    {
        var words = await IdsAsync("/api/v1/actions?fields=id&q=" + Uri.EscapeDataString(string.Join(' ', SearchIndex.Words(q))));
        var raw = await IdsAsync("/api/v1/actions?fields=id&q=" + Uri.EscapeDataString(q));
        Assert.Equal(words, raw);
    }

    [Fact]
    public async Task GraphQL_search_finds_the_rows_REST_q_finds()
    {
        var rest = await IdsAsync("/api/v1/actions?q=ASB&fields=id");
        var response = await Client.PostAsJsonAsync("/graphql", new { query = "{ actions(search: \"anti-social behaviour\", first: 1000) { totalCount nodes { key } } }" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Null(body["errors"]);
        var keys = body["data"]!["actions"]!["nodes"]!.AsArray().Select(n => "/api/v1/actions/" + (string)n!["key"]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(rest, keys);
        Assert.Equal(rest.Count, (int)body["data"]!["actions"]!["totalCount"]!);

        var empty = await Client.PostAsJsonAsync("/graphql", new { query = "{ priorities(search: \" \") { totalCount } }" });
        var error = JsonNode.Parse(await empty.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Contains("search", (string)error["message"]!);
        Assert.NotNull(error["extensions"]!["code"]);
    }

    /// <summary>The search is a lookup in the FTS5 table and then by key: SQLite's plan reads no dataset table whole.</summary>
    [Fact]
    public void The_query_plan_uses_the_full_text_index_and_scans_no_dataset_table()
    {
        using var connection = new SqliteConnection($"Data Source={SeedStore.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var db = new OpenDataDbContext(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite(connection).Options);
        using var command = QueryEngine.Filtered(db, CrimeFigureDto.Dataset, new SearchFilter("burglary")).Select(r => r.Id).CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) plan.Add(reader.GetString(3));
        }
        Assert.Contains(plan, p => p.Contains("VIRTUAL TABLE INDEX", StringComparison.Ordinal) && p.Contains("search_index", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN crime_figures", StringComparison.Ordinal) || p.StartsWith("SCAN c", StringComparison.Ordinal));
    }
}
