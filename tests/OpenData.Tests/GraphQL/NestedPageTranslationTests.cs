using Microsoft.EntityFrameworkCore;
using OpenData.Query;
using OpenData.Store;
using OpenData.Tests.Query;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// The batched nested connections (one page per parent in one statement) stay provider-neutral: for every dataset,
/// grouped by its source, with a sort on each sortable field and a cursor either way, the pages render as one
/// ROW_NUMBER() window statement and the totals as one GROUP BY, for PostgreSQL (no server needed: the SQL is
/// generated, not run) as for SQLite.
/// </summary>
public sealed class NestedPageTranslationTests : IDisposable
{
    private readonly OpenDataDbContext _postgres = new(new DbContextOptionsBuilder<OpenDataDbContext>()
        .UseNpgsql("Host=localhost;Database=opendata-never-connected").Options);

    private readonly OpenDataDbContext _sqlite = new(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite("Data Source=:memory:").Options);

    private readonly QueryEngine _engine = QueryStore.Engine();

    public static TheoryData<string> Datasets() => new(DatasetCatalog.All.Where(d => d.FindField("source_id") is not null).Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Pages_of_many_parents_are_one_window_statement_and_totals_one_group_by_on_both_providers(string name)
    {
        var dataset = DatasetCatalog.Find(name)!;
        var method = typeof(NestedPageTranslationTests).GetMethod(nameof(Render), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(dataset.EntityType, dataset.DtoType);
        foreach (var field in dataset.Fields.Where(f => f.Sortable))
        {
            var sort = new[] { new SortField(field.Name, SortDirection.Descending) };
            var effective = _engine.EffectiveSort(dataset, sort);
            var cursor = Cursor.Encode(dataset, effective, effective.Select(s => Sample(dataset.FindField(s.Field)!)).ToList());
            foreach (var page in new[] { new PageRequest(First: 5, After: cursor), new PageRequest(Last: 5, Before: cursor) })
            {
                foreach (var db in new[] { _postgres, _sqlite })
                {
                    var sql = (string[])method.Invoke(this, [db, dataset, new DatasetQuery { Sort = sort, Page = page, Fields = [field.Name], IncludeTotal = true }])!;
                    Assert.Contains("ROW_NUMBER() OVER(PARTITION BY", sql[0], StringComparison.Ordinal);
                    Assert.Contains("GROUP BY", sql[1], StringComparison.Ordinal);
                    Assert.DoesNotContain("ROW_NUMBER", sql[1], StringComparison.Ordinal);
                }
            }
        }
    }

    private string[] Render<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, DatasetQuery query) where TEntity : class where TDto : class =>
        GroupedPages.Queries(_engine, db, dataset, query, "source_id", ["source-a", "source-b"]).Select(q => q.ToQueryString()).ToArray();

    private static object? Sample(FieldInfo field) => field.Type switch
    {
        FieldType.Integer => FieldValues.Coerce(field, 1L),
        FieldType.Number => 1.5,
        FieldType.Boolean => true,
        FieldType.Date => new DateOnly(2020, 1, 1),
        _ => "x",
    };

    public void Dispose()
    {
        _postgres.Dispose();
        _sqlite.Dispose();
    }
}
