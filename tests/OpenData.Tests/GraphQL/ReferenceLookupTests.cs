using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// References (GraphQL's by-key reads) go through compiled queries, one per dataset and set of fields: they return
/// exactly the rows the LINQ page query returns, for one key and for many, whole or projected, on every dataset,
/// whatever the context's configuration (a compiled query belongs to one EF model, and apps configured differently
/// have different models).
/// </summary>
public sealed class ReferenceLookupTests
{
    private readonly QueryEngine _engine = new(Options.Create(new QueryOptions { MaxKeysPerBatch = 2 }));

    public static TheoryData<string> Datasets() => new(DatasetCatalog.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Rows_by_key_equal_the_rows_the_linq_path_reads_for_differently_configured_contexts(string name)
    {
        var dataset = DatasetCatalog.Find(name)!;
        var method = typeof(ReferenceLookupTests).GetMethod(nameof(CompareAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(dataset.EntityType, dataset.DtoType);
        foreach (var sensitive in new[] { false, true })
        {
            var builder = new DbContextOptionsBuilder<OpenDataDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = SeedStore.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            if (sensitive) builder.EnableSensitiveDataLogging();
            await using var db = new OpenDataDbContext(builder.Options);
            await (Task)method.Invoke(this, [db, dataset])!;
        }
    }

    private async Task CompareAsync<TEntity, TDto>(OpenDataDbContext db, Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class
    {
        var page = await _engine.ReadPageAsync(db, dataset, new DatasetQuery { Page = new PageRequest(5) });
        var keys = page.Items.Select(row => (object)FieldValues.Format(dataset.Key.Getter(row))).Append("no-such-key").ToList();
        foreach (var fields in new IReadOnlyList<string>?[] { null, dataset.Fields.Take(2).Select(f => f.Name).ToList() })
        {
            foreach (var asked in new[] { keys.Take(1).ToList(), keys })
            {
                var compiled = await _engine.GetByKeysAsync(db, dataset, asked, fields);
                // The same rows through the LINQ page query (filter, sort, projection of the same fields).
                var linq = await _engine.ReadPageAsync(db, dataset, new DatasetQuery
                {
                    Filter = new ConditionFilter(dataset.Key.Name, FilterOperator.In, asked.Where(k => (string)k != "no-such-key").ToList()),
                    Fields = fields,
                    Page = new PageRequest(10),
                });
                Assert.Equal(Math.Min(asked.Count, page.Items.Count), compiled.Count);
                // Compared on the fields asked for (the page query also reads its sort fields).
                var compared = fields?.Select(f => dataset.FindField(f)!).ToList() ?? dataset.Fields;
                Assert.Equal(Json(linq.Items.ToDictionary(row => dataset.Key.Getter(row)!), compared), Json(compiled, compared));
            }
        }
    }

    private static string Json<TDto>(IReadOnlyDictionary<object, TDto> rows, IReadOnlyList<FieldInfo> fields) where TDto : class =>
        JsonSerializer.Serialize(rows.OrderBy(r => FieldValues.Format(r.Key), StringComparer.Ordinal)
            .Select(r => fields.Select(f => FieldValues.Format(f.Getter(r.Value))).ToList()));
}
