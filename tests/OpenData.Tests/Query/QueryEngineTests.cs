using Microsoft.EntityFrameworkCore;
using OpenData.Query;

namespace OpenData.Tests.Query;

/// <summary>Keyset paging both ways (REST next links, GraphQL first/after and last/before), streaming, by-keys
/// lookups and trimmed projections.</summary>
public sealed class QueryEngineTests : IDisposable
{
    private readonly QueryStore _store = new();
    private readonly QueryEngine _engine = QueryStore.Engine();

    private static readonly SortField[] ByHectaresDescending = [new("hectares", SortDirection.Descending)];

    [Fact]
    public async Task Forward_pages_walk_every_row_once_with_nulls_last_when_descending()
    {
        var codes = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset, new DatasetQuery { Sort = ByHectaresDescending, Page = new PageRequest(First: 2, After: after) });
            codes.AddRange(page.Items.Select(a => a.Code));
            Assert.Equal(after is not null, page.HasPreviousPage);
            after = page.HasNextPage ? page.EndCursor : null;
            pages++;
        }
        while (after is not null);
        Assert.Equal(["b1", "a1", "a3", "a4", "a2", "a5"], codes);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Backward_pages_walk_the_same_order_from_the_end()
    {
        var pages = new List<List<string>>();
        string? before = null;
        do
        {
            var page = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset, new DatasetQuery { Sort = ByHectaresDescending, Page = new PageRequest(Last: 4, Before: before) });
            pages.Insert(0, page.Items.Select(a => a.Code).ToList());
            Assert.Equal(before is not null, page.HasNextPage);
            before = page.HasPreviousPage ? page.StartCursor : null;
        }
        while (before is not null);
        Assert.Equal([["b1", "a1"], ["a3", "a4", "a2", "a5"]], pages);
    }

    [Fact]
    public async Task Forward_pages_walk_every_row_once_with_nulls_first_when_ascending()
    {
        var codes = new List<string>();
        string? after = null;
        do
        {
            var page = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset,
                new DatasetQuery { Sort = [new("hectares", SortDirection.Ascending)], Page = new PageRequest(First: 2, After: after) });
            codes.AddRange(page.Items.Select(a => a.Code));
            after = page.HasNextPage ? page.EndCursor : null;
        }
        while (after is not null);
        Assert.Equal(["a2", "a5", "a4", "a1", "a3", "b1"], codes);
    }

    [Fact]
    public async Task A_page_after_a_cursor_starts_an_index_range_at_the_cursor_s_first_sort_value()
    {
        // Without the plain bound SQLite could not use the (period_start, id) index to seek, and deep pages and
        // export batches read the index from the beginning.
        var capture = new SqlCapture();
        using var db = _store.WithInterceptor(capture);
        var dataset = CrimeFigureDto.Dataset;
        var sort = _engine.EffectiveSort(dataset, []);
        var cursor = Cursor.Encode(dataset, sort, [new DateOnly(2020, 1, 1), "x"]);
        await _engine.ReadPageAsync(db, dataset, new DatasetQuery { Page = new PageRequest(First: 5, After: cursor) });
        Assert.Matches("\"period_start\" >= @\\w+ AND", Assert.Single(capture.Commands));
    }

    [Fact]
    public async Task Nulls_come_first_when_ascending_and_the_key_breaks_ties()
    {
        var page = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset,
            new DatasetQuery { Sort = [new("hectares", SortDirection.Ascending)], Page = new PageRequest(First: 10) });
        Assert.Equal(["a2", "a5", "a4", "a1", "a3", "b1"], page.Items.Select(a => a.Code));
        Assert.Equal([new SortField("hectares", SortDirection.Ascending), new SortField("code", SortDirection.Ascending)], page.Sort);
    }

    [Fact]
    public async Task A_cursor_between_two_cursors_pages_inside_them()
    {
        var all = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset, new DatasetQuery { Sort = ByHectaresDescending, Page = new PageRequest(First: 10) });
        var middle = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset,
            new DatasetQuery { Sort = ByHectaresDescending, Page = new PageRequest(First: 10, After: all.Cursors[0], Before: all.Cursors[4]) });
        Assert.Equal(["a1", "a3", "a4"], middle.Items.Select(a => a.Code));
    }

    [Fact]
    public async Task Totals_count_the_filtered_rows()
    {
        var page = await _engine.ReadPageAsync(_store.Db, AreaDto.Dataset, new DatasetQuery
        {
            Filter = new ConditionFilter("type", FilterOperator.Eq, "ward"),
            IncludeTotal = true,
            Page = new PageRequest(First: 1),
        });
        Assert.Equal(3, page.TotalCount);
        Assert.Single(page.Items);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task Page_sizes_outside_the_limits_are_refused(int size)
    {
        var error = await Assert.ThrowsAsync<QueryException>(() => _engine.ReadPageAsync(_store.Db, AreaDto.Dataset, new DatasetQuery { Page = new PageRequest(First: size) }));
        Assert.Equal(QueryInput.PageSize, error.Errors.Single().Subject.Input);
    }

    [Fact]
    public async Task Sort_on_an_unknown_field_or_twice_on_one_is_refused()
    {
        await Assert.ThrowsAsync<QueryException>(() => _engine.ReadPageAsync(_store.Db, AreaDto.Dataset, new DatasetQuery { Sort = [new("nope", SortDirection.Ascending)] }));
        await Assert.ThrowsAsync<QueryException>(() => _engine.ReadPageAsync(_store.Db, AreaDto.Dataset,
            new DatasetQuery { Sort = [new("name", SortDirection.Ascending), new("name", SortDirection.Descending)] }));
    }

    [Fact]
    public async Task Streaming_reads_every_row_in_batches()
    {
        var rows = new List<string>();
        await foreach (var batch in _engine.StreamBatchesAsync(_store.Db, AreaDto.Dataset, new DatasetQuery { Sort = ByHectaresDescending }))
        {
            rows.AddRange(batch.Select(area => area.Code));
        }
        Assert.Equal(["b1", "a1", "a3", "a4", "a2", "a5"], rows);
        var batches = new List<int>();
        await foreach (var batch in _engine.StreamBatchesAsync(_store.Db, AreaDto.Dataset, new DatasetQuery()))
        {
            batches.Add(batch.Count);
        }
        Assert.Equal([2, 2, 2], batches);
    }

    [Fact]
    public async Task By_keys_returns_the_rows_found_keyed_by_key()
    {
        var rows = await _engine.GetByKeysAsync(_store.Db, AreaDto.Dataset, ["a1", "a4", "missing", "b1", "a1"], ["name"]);
        Assert.Equal(["a1", "a4", "b1"], rows.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal("Gamma", rows["a4"].Name);
        Assert.Null(rows["a4"].ParentCode);
    }

    [Fact]
    public async Task Releases_are_looked_up_by_integer_keys_given_as_text()
    {
        _store.Db.Releases.Add(new OpenData.Store.DataRelease { Id = 7, ContentHash = "h", RowCounts = "{}", Changes = "{}", ImportedAt = DateTimeOffset.UnixEpoch });
        await _store.Db.SaveChangesAsync();
        var release = await _engine.GetByKeyAsync(_store.Db, ReleaseDto.Dataset, "7");
        Assert.Equal(7, release!.Id);
        Assert.Null(await _engine.GetByKeyAsync(_store.Db, ReleaseDto.Dataset, "seven"));
        Assert.Equal([7], (await _engine.GetByKeysAsync(_store.Db, ReleaseDto.Dataset, [7, "7", 7L])).Keys.Cast<int>());
    }

    [Fact]
    public void A_field_selection_selects_only_those_columns_plus_the_key()
    {
        var projection = AreaDto.Dataset.ProjectionFor([AreaDto.Dataset.FindField("name")!, AreaDto.Dataset.Key]);
        var sql = _store.Db.Areas.Select(projection).ToQueryString();
        Assert.Contains("\"name\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("hectares", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("geometry", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distinct_values_are_a_facet_of_the_filtered_rows()
    {
        var types = await AreaDto.Dataset.DistinctValuesAsync(_store.Db, "type");
        Assert.Equal(["borough", "estate", "ward"], types.Cast<string>());
        Assert.Equal(2, await AreaDto.Dataset.CountAsync(_store.Db, new ConditionFilter("type", FilterOperator.Eq, "estate")));
    }

    public void Dispose() => _store.Dispose();
}
