using Microsoft.EntityFrameworkCore;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Tests.Query;

/// <summary>
/// Reads must stay provider-neutral: every dataset's page query, with every operator its fields offer, a sort on
/// each field and a cursor, renders as PostgreSQL SQL (no server needed: the read goes as far as sending its
/// command, which <see cref="SqlCapture"/> records and stops); so do the crime-figure aggregates and map, as
/// single GROUP BY statements.
/// </summary>
public sealed class PostgresTranslationTests : IDisposable
{
    private readonly OpenDataDbContext _postgres = new(new DbContextOptionsBuilder<OpenDataDbContext>()
        .UseNpgsql("Host=localhost;Database=opendata-never-connected").Options);

    private readonly SqlCapture _capture = new(offline: true);

    private readonly QueryEngine _engine = QueryStore.Engine();

    public static TheoryData<string> Datasets() => new(DatasetCatalog.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_filter_operator_and_sort_of_a_dataset_translates_for_postgres(string name)
    {
        var dataset = DatasetCatalog.Find(name)!;
        var method = typeof(PostgresTranslationTests).GetMethod(nameof(Render), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(dataset.EntityType, dataset.DtoType);
        foreach (var field in dataset.Fields.Where(f => f.Sortable))
        {
            var sort = new[] { new SortField(field.Name, SortDirection.Descending) };
            var conditions = field.Operators.Select(op => (FilterNode)new ConditionFilter(field.Name, op, SampleValue(field, op))).ToList();
            var filter = FilterNode.Or(FilterNode.And([.. conditions]), FilterNode.Not(conditions.Count > 0 ? conditions[0] : FilterNode.And()));
            var effective = _engine.EffectiveSort(dataset, sort);
            var cursor = Cursor.Encode(dataset, effective, effective.Select(s => SampleValue(dataset.FindField(s.Field)!, FilterOperator.Eq)).ToList());
            var sql = (string)method.Invoke(this, [dataset, new DatasetQuery { Filter = filter, Sort = sort, Page = new PageRequest(First: 5, After: cursor), Fields = [field.Name] }])!;
            Assert.Contains("SELECT", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("strftime", sql, StringComparison.Ordinal);
            var backward = (string)method.Invoke(this, [dataset, new DatasetQuery { Sort = sort, Page = new PageRequest(Last: 5, Before: cursor) }])!;
            Assert.Contains("ORDER BY", backward, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> Groupings()
    {
        string[] keys = ["area", "category", "police_uk", "period"];
        var data = new TheoryData<string>();
        for (var mask = 1; mask < 1 << keys.Length; mask++)
        {
            data.Add(string.Join(",", keys.Where((_, i) => (mask & 1 << i) != 0)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Groupings))]
    public void Every_crime_aggregate_grouping_is_one_group_by_statement_for_postgres_and_sqlite(string groupBy)
    {
        var query = new AggregateQuery
        {
            GroupBy = groupBy.Split(',').Select(k => k switch
            {
                "area" => AggregateKey.Area,
                "category" => AggregateKey.Category,
                "police_uk" => AggregateKey.PoliceUk,
                _ => AggregateKey.Period,
            }).ToList(),
            From = new Month(2021, 4),
            To = new Month(2023, 3),
            Categories = new CategorySelection("police-uk-burglary", ["a", "b"]),
        };
        using var sqlite = SqliteContext();
        foreach (var (db, dateFunction) in new[] { (_postgres, "date_part"), (sqlite, "strftime") })
        {
            var sql = CrimeFigureAnalysis.SubtotalQuery(db, query, [3, 4], [10, 11]).ToQueryString();
            Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
            // Months are YYYYMM integers: never a date function per row.
            Assert.DoesNotContain(dateFunction, sql, StringComparison.Ordinal);
            Assert.DoesNotContain("JOIN", sql, StringComparison.Ordinal);
            // Areas are always grouped (a borough is folded from its wards afterwards); police_uk is grouped as the
            // category and mapped to its police.uk category afterwards.
            // (Column names are quoted by one provider and not the other: matched as words.)
            Assert.Matches(@"\barea\b", GroupByClause(sql));
            Assert.Matches(@"\bmonth\b", GroupByClause(sql));
            Assert.Equal(groupBy.Contains("category") || groupBy.Contains("police_uk"), System.Text.RegularExpressions.Regex.IsMatch(GroupByClause(sql), @"\bcategory\b"));
        }
    }

    [Fact]
    public void The_crime_map_is_one_group_by_statement_for_postgres_and_sqlite()
    {
        using var sqlite = SqliteContext();
        foreach (var (db, dateFunction) in new[] { (_postgres, "date_part"), (sqlite, "strftime") })
        {
            var sql = CrimeFigureAnalysis.MapSubtotals(db, [3, 4], 202301, 202312).ToQueryString();
            Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
            Assert.DoesNotContain(dateFunction, sql, StringComparison.Ordinal);
        }
    }

    /// <summary>Every facet of every dataset is one GROUP BY statement, ordered and cut in SQL, on both providers.</summary>
    [Theory]
    [MemberData(nameof(Datasets))]
    public void Every_facet_of_a_dataset_is_one_group_by_statement_for_postgres_and_sqlite(string name)
    {
        var dataset = DatasetCatalog.Find(name)!;
        var method = typeof(PostgresTranslationTests).GetMethod(nameof(RenderFacet), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(dataset.EntityType, dataset.DtoType);
        using var sqlite = SqliteContext();
        foreach (var field in Facets.Facetable(dataset))
        {
            var filter = FilterNode.Where(dataset.Key.Name, FilterOperator.Neq, SampleValue(dataset.Key, FilterOperator.Neq));
            foreach (var db in new[] { _postgres, sqlite })
            {
                var sql = (string)method.Invoke(null, [db, dataset, field.Name, filter])!;
                Assert.Single(System.Text.RegularExpressions.Regex.Matches(sql, "GROUP BY"));
                Assert.Contains("ORDER BY", GroupByClause(sql), StringComparison.Ordinal);
                Assert.Contains("LIMIT", sql, StringComparison.Ordinal);
            }
        }
    }

    private static string RenderFacet<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset, string field, FilterNode filter)
        where TEntity : class where TDto : class =>
        QueryEngine.FacetQuery(db, dataset, field, filter, 51).ToQueryString();

    private static OpenDataDbContext SqliteContext() =>
        new(new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static string GroupByClause(string sql) => sql[sql.IndexOf("GROUP BY", StringComparison.Ordinal)..];

    /// <summary>The SQL of the page a user's read sends to PostgreSQL.</summary>
    private string Render<TEntity, TDto>(Dataset<TEntity, TDto> dataset, DatasetQuery query) where TEntity : class where TDto : class
    {
        using var db = new OpenDataDbContext(new DbContextOptionsBuilder<OpenDataDbContext>()
            .UseNpgsql("Host=localhost;Database=opendata-never-connected").AddInterceptors(_capture).Options);
        _capture.Commands.Clear();
        Assert.ThrowsAsync<SqlCapture.Stopped>(() => _engine.ReadPageAsync(db, dataset, query)).GetAwaiter().GetResult();
        return Assert.Single(_capture.Commands);
    }

    private static object? SampleValue(FieldInfo field, FilterOperator op)
    {
        object one = field.Type switch
        {
            FieldType.Integer => FieldValues.Coerce(field, 1L),
            FieldType.Number => 1.5,
            FieldType.Boolean => true,
            FieldType.Date => new DateOnly(2020, 1, 1),
            _ => field.AllowedValues?[0] ?? "x", // a closed-set field refuses values outside its set
        };
        return op switch
        {
            FilterOperator.IsNull => true,
            FilterOperator.In or FilterOperator.Nin => new[] { one, one },
            _ => one,
        };
    }

    public void Dispose() => _postgres.Dispose();
}
